import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from ims.accounts.models import User


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_of_one_email_create_exactly_one_user():
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def worker(n: int):
        try:
            barrier.wait()
            email = "Same@Example.com" if n % 2 else "same@example.com"
            response = APIClient().post("/api/users/create", {"email": email, "password": "a fine passphrase 11"})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201] + [409] * 5
    assert User.objects.filter(email__iexact="same@example.com").count() == 1
