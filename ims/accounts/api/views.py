"""Thin views: authenticate, validate the input shape, call a service or selector, serialize."""

import contextlib

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, generics, status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ims.accounts import selectors, services
from ims.accounts.api import serializers as s
from ims.accounts.api.filters import UserFilter
from ims.core.api.body import validated
from ims.core.api.schema import error_responses, put_and_patch
from ims.core.filters import FilterBackend
from ims.core.permissions import IsAdmin, IsAuthenticated
from ims.privacy.audit import audit_record
from ims.privacy.models import AuditAction

NO_SUCH_USER = "No such user."
EMAIL_TAKEN = "Conflicts with existing data (e.g. the email is taken)."


class _OpenView(APIView):
    """No authentication at all: a stale or broken Authorization header must not block login/refresh."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get_authenticate_header(self, request: Request) -> str:
        # With no authenticator DRF would turn a refused token into 403; a bad token is a 401.
        return 'Bearer realm="api"'


@extend_schema_view(post=extend_schema(operation_id="auth_token_obtain"))
@extend_schema(
    tags=["auth"],
    summary="Log in: email and password for an access and a refresh token",
    request=s.TokenObtainSerializer,
    responses={
        200: s.TokenPairSerializer,
        **error_responses(400, 401, 429, e401="Invalid credentials."),
    },
)
class TokenObtainView(_OpenView):
    """Log in with email and password."""

    def post(self, request: Request) -> Response:
        return Response(validated(s.TokenObtainSerializer, request, context={"request": request}))


@extend_schema_view(post=extend_schema(operation_id="auth_token_refresh"))
@extend_schema(
    tags=["auth"],
    summary="Rotate a refresh token for a new pair (the one sent is blacklisted)",
    request=s.TokenRefreshSerializer,
    responses={200: s.TokenPairSerializer, **error_responses(400, 401, 429)},
)
class TokenRefreshView(_OpenView):
    """Rotate a refresh token: a new pair comes back, the one sent is blacklisted."""

    def post(self, request: Request) -> Response:
        return Response(validated(s.TokenRefreshSerializer, request))


@extend_schema_view(post=extend_schema(operation_id="auth_logout"))
@extend_schema(
    tags=["auth"],
    summary="Log out: blacklist a refresh token",
    request=s.LogoutSerializer,
    responses={
        205: OpenApiResponse(description="Logged out; the refresh token is blacklisted."),
        **error_responses(400, 401),
    },
)
class LogoutView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request: Request) -> Response:
        data = validated(s.LogoutSerializer, request)
        services.logout(user=request.user, refresh=data["refresh"])
        return Response(status=status.HTTP_205_RESET_CONTENT)


@extend_schema_view(post=extend_schema(operation_id="auth_password_change"))
@extend_schema(
    tags=["auth"],
    summary="Change your password (every earlier token stops working)",
    request=s.PasswordChangeSerializer,
    responses={
        204: OpenApiResponse(description="Changed; every token issued before stops working."),
        **error_responses(400, 401),
    },
)
class PasswordChangeView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request: Request) -> Response:
        data = validated(s.PasswordChangeSerializer, request)
        services.user_change_password(user=request.user, **data)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["users"],
    summary="Users (admins): `?role=`, `?is_active=`, `?search=`",
    responses={200: s.UserSerializer(many=True), **error_responses(400, 401, 403)},
)
class UserListView(generics.ListAPIView):
    """Every user, for admins: filter by ``role``, ``is_active``; ``search`` in email and names."""

    permission_classes = [IsAdmin]
    serializer_class = s.UserSerializer
    filterset_class = UserFilter
    filter_backends = [FilterBackend, filters.SearchFilter]
    search_fields = ["email", "first_name", "last_name"]

    def get_queryset(self):
        return selectors.users_visible_to(self.request.user).order_by("id")


@extend_schema_view(post=extend_schema(operation_id="users_register"))
@extend_schema(
    tags=["users"],
    summary="Register (anonymous: a candidate; an admin may create any role)",
    request=s.UserRegisterSerializer,
    responses={201: s.UserSerializer, **error_responses(400, 403, 409, 429, e409=EMAIL_TAKEN)},
)
class UserCreateView(APIView):
    """Register. Anonymous callers always get a candidate account; an admin (with a valid token) may create
    any role. An invalid token is treated as anonymous, never as an error, since this endpoint is open."""

    permission_classes = [AllowAny]

    def perform_authentication(self, request: Request) -> None:
        # A valid token identifies an admin; an invalid or stale one must not block signing up, so it
        # leaves the caller anonymous (DRF has already set AnonymousUser when it raised).
        with contextlib.suppress(AuthenticationFailed):
            request.user  # noqa: B018

    def post(self, request: Request) -> Response:
        data = validated(s.UserRegisterSerializer, request)
        actor = request.user if request.user.is_authenticated else None
        user = services.user_register(actor=actor, **data)
        return Response(s.UserSerializer(user).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="A user (admins)",
        responses={200: s.UserSerializer, **error_responses(401, 403, 404, e404=NO_SUCH_USER)},
    ),
    **put_and_patch(
        put="Replace a user's profile, role or active flag (admins)",
        patch="Change a user's profile, role or active flag (admins)",
        request=s.AdminUserUpdateSerializer,
        responses={
            200: s.UserSerializer,
            **error_responses(400, 401, 403, 404, 409, e404=NO_SUCH_USER, e409=EMAIL_TAKEN),
        },
    ),
    delete=extend_schema(
        summary="Deactivate a user (admins); their tokens stop working at once",
        operation_id="users_deactivate",
        responses={
            204: OpenApiResponse(description="Deactivated; the user's tokens stop working at once."),
            **error_responses(401, 403, 404, 409, e404=NO_SUCH_USER, e409="You cannot deactivate yourself."),
        },
    ),
)
@extend_schema(tags=["users"])
class UserDetailView(APIView):
    permission_classes = [IsAdmin]

    def get(self, request: Request, pk: int) -> Response:
        user = selectors.access_user(user=request.user, pk=pk)
        if user.is_candidate:
            audit_record(
                action=AuditAction.CANDIDATE_VIEW, actor=request.user, obj=user, candidate=user, request=request
            )
        return Response(s.UserSerializer(user).data)

    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        user = selectors.access_user(user=request.user, pk=pk)
        data = validated(s.AdminUserUpdateSerializer, request, partial=partial)
        user = services.user_update(user=user, actor=request.user, data=data)
        return Response(s.UserSerializer(user).data)

    def delete(self, request: Request, pk: int) -> Response:
        services.user_deactivate(user=selectors.access_user(user=request.user, pk=pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(summary="Your profile", responses={200: s.UserSerializer, **error_responses(401)}),
    **put_and_patch(
        put="Replace your profile (role, email and is_active are read-only)",
        patch="Change your profile (role, email and is_active are read-only)",
        request=s.ProfileUpdateSerializer,
        responses={200: s.UserSerializer, **error_responses(400, 401)},
    ),
)
@extend_schema(tags=["users"])
class MeView(APIView):
    """Your own profile. role, email and is_active are not writable here and are ignored if sent."""

    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        return Response(s.UserSerializer(request.user).data)

    def put(self, request: Request) -> Response:
        return self._update(request, partial=False)

    def patch(self, request: Request) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        data = validated(s.ProfileUpdateSerializer, request, partial=partial)
        user = services.user_update_profile(user=request.user, data=data)
        return Response(s.UserSerializer(user).data)
