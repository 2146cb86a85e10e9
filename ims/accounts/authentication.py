"""JWT authentication that re-reads the user on every request.

Tokens carry ``role`` (for clients) and ``ver`` (the user's ``token_version``). The user row is loaded on
each request, so a deactivation, role change or password change takes effect on the very next request: a
token whose ``ver`` is older than the user's is refused.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.authentication import JWTAuthentication as BaseJWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken

from ims.accounts.models import User
from ims.accounts.selectors import user_by_id

TOKEN_VERSION_CLAIM = "ver"  # noqa: S105 - a claim name, not a secret


def check_token_user(user: User | None, token_version) -> User:
    if user is None or not user.is_active:
        raise AuthenticationFailed(_("User is inactive or does not exist."), code="user_inactive")
    if token_version != user.token_version:
        raise AuthenticationFailed(_("Token has been revoked."), code="token_revoked")
    return user


class JWTAuthentication(BaseJWTAuthentication):
    def get_user(self, validated_token) -> User:
        try:
            user_id = validated_token["user_id"]
        except KeyError as exc:
            raise InvalidToken(_("Token contained no recognizable user identification")) from exc
        try:
            user_id = User._meta.pk.to_python(user_id)  # simplejwt writes the id as a string
        except ValidationError as exc:
            raise InvalidToken(_("Token contained no recognizable user identification")) from exc
        user = user_by_id(user_id)
        return check_token_user(user, validated_token.get(TOKEN_VERSION_CLAIM))

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
