from allauth.account.models import EmailAddress
from django.test import Client


def verified(user):
    """Mark the user's address confirmed, as the link in the sign-up email does."""
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def page_client(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client
