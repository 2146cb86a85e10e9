from rest_framework_simplejwt.tokens import RefreshToken

from ims.accounts.authentication import TOKEN_VERSION_CLAIM
from ims.accounts.models import User


def tokens_for_user(user: User) -> dict[str, str]:
    """A fresh refresh/access pair carrying the user's role and token version."""
    refresh = RefreshToken.for_user(user)
    refresh["role"] = user.role
    refresh[TOKEN_VERSION_CLAIM] = user.token_version
    return {"access": str(refresh.access_token), "refresh": str(refresh)}
