"""OPTIONS and HEAD on every URL under /api/, for every role: OPTIONS is a 200 with the methods in `Allow` and
reads nothing but the caller's own user row (it was a 500 on views without a `queryset`, and a database read
of the object on the others); HEAD answers as GET does, without a body, wherever GET exists.

Object URLs are tried with a real id and with ids that name nothing (0, the largest 64-bit id, one past it).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.contract.test_authorization_matrix import OWNERS
from tests.contract.urlconf import api_routes
from tests.contract.world import World, build_world

ROLES = ("admin", "interviewer", "candidate", "other_candidate", "anonymous")
MISSING_IDS = {"no-such-id": 0, "largest-id": 2**63 - 1, "past-64-bits": 2**64}


@pytest.fixture
def world(db):
    return build_world()


def _cases():
    for name, route in sorted(api_routes().items()):
        if not route.has_pk:
            yield name, "no-id"
            continue
        yield name, "real-id"
        yield from ((name, kind) for kind in MISSING_IDS)


CASES = list(_cases())


def _url(world: World, name: str, id_kind: str) -> str:
    route = api_routes()[name]
    if id_kind == "no-id":
        return route.url()
    if id_kind == "real-id":
        return route.url(OWNERS[name].obj(world.a, "candidate"))
    return route.url(MISSING_IDS[id_kind])


def _clients(world, client_for, anon_client):
    users = world.users()
    for role in ROLES:
        yield role, (client_for(users[role]) if role != "anonymous" else anon_client)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _allow(response) -> set[str]:
    return {method.strip() for method in response["Allow"].split(",")}


@pytest.mark.parametrize(("name", "id_kind"), CASES, ids=[f"{n} {k}" for n, k in CASES])
def test_options_answers_the_allowed_methods_without_reading_any_object(world, client_for, anon_client, name, id_kind):
    route = api_routes()[name]
    url = _url(world, name, id_kind)
    for role, client in _clients(world, client_for, anon_client):
        with CaptureQueriesContext(connection) as queries:
            response = client.options(url)
        assert response.status_code == 200, (role, url, response.status_code, response.content[:300])
        assert _allow(response) == route.answered, (role, url, response["Allow"])
        body = response.json()
        assert set(body["methods"]) == route.answered
        assert "actions" not in body  # no serializer introspection
        # Authentication reads the caller's user row; nothing else is touched.
        touched = [q["sql"] for q in queries.captured_queries if '"accounts_user"' not in q["sql"]]
        assert not touched, (role, url, touched)


GET_CASES = [(n, k) for n, k in CASES if "GET" in api_routes()[n].answered]


@pytest.mark.parametrize(("name", "id_kind"), GET_CASES, ids=[f"{n} {k}" for n, k in GET_CASES])
def test_head_answers_like_get_without_a_body(world, client_for, anon_client, name, id_kind):
    url = _url(world, name, id_kind)
    for role, client in _clients(world, client_for, anon_client):
        got = client.get(url)
        head = client.head(url)
        assert head.status_code == got.status_code, (role, url, head.status_code, got.status_code)
        assert head.status_code < 500
        assert head["Content-Type"] == got["Content-Type"], (role, url)
        assert _body(head) == b""
        _body(got)  # read to the end, which closes a file download (close() itself would end the test's connection)


def test_options_on_an_interview_and_a_round_type_that_do_not_exist_is_not_a_500(world, client_for):
    """The schemathesis findings of issue 19, as they were reported."""
    admin = client_for(world.admin)
    for url in ("/api/interview-rounds/0/", "/api/application-rounds/1/"):
        response = admin.options(url)
        assert response.status_code == 200, response.content
        assert "PUT" in response["Allow"]


def test_a_forged_token_is_refused_on_options_too(world, anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Bearer not.a.token")
    response = anon_client.options("/api/jobs/")
    assert response.status_code == 401
    assert response.json()["code"]
