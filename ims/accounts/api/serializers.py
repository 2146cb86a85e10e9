"""Input shapes and the user representation. Rules live in ims.accounts.services; these only validate
types and formats and hand clean data to a service."""

from typing import Any

from rest_framework import serializers

from ims.accounts import services
from ims.accounts.models import Role, User, validate_phone, validate_timezone
from ims.core.datetimes import local_iso
from ims.core.validators import validate_single_line


class PasswordField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("style", {"input_type": "password"})
        kwargs.setdefault("trim_whitespace", False)
        kwargs["write_only"] = True
        super().__init__(**kwargs)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class TokenObtainSerializer(serializers.Serializer):
    """``{email, password}`` -> ``{access, refresh}``; the tokens carry ``role`` and ``ver`` claims."""

    email = serializers.CharField(write_only=True, max_length=254)
    password = PasswordField(max_length=4096)
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        request = self.context.get("request")
        return services.token_obtain(
            email=attrs["email"], password=attrs["password"], request=getattr(request, "_request", request)
        )


class TokenRefreshSerializer(serializers.Serializer):
    """``{refresh}`` -> a new ``{access, refresh}``; the refresh token used is blacklisted."""

    refresh = serializers.CharField()
    access = serializers.CharField(read_only=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        return services.token_refresh(refresh=attrs["refresh"])


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class PasswordChangeSerializer(serializers.Serializer):
    old_password = PasswordField(max_length=4096)
    new_password = PasswordField(max_length=4096)


class UserSerializer(serializers.ModelSerializer):
    """How a user is shown: never a password, hash or token version."""

    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields: tuple[str, ...] = (
            "id",
            "email",
            "first_name",
            "last_name",
            "full_name",
            "phone",
            "role",
            "timezone",
            "is_active",
            "date_joined",
        )
        read_only_fields: tuple[str, ...] = fields

    def to_representation(self, instance: User) -> dict:
        # Built directly, the same output as the fields above (building the fields was ~10-15% of a
        # ``/api/users/me/`` request). A subclass (with other fields) takes the generic path.
        if type(self) is not UserSerializer or not isinstance(instance, User):
            return super().to_representation(instance)
        return {
            "id": instance.pk,
            "email": str(instance.email),
            "first_name": str(instance.first_name),
            "last_name": str(instance.last_name),
            "full_name": str(instance.full_name),
            "phone": str(instance.phone),
            "role": str(instance.role),
            "timezone": str(instance.timezone),
            "is_active": bool(instance.is_active),
            "date_joined": local_iso(instance.date_joined),
        }


class _ProfileFields(serializers.Serializer):
    first_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, validators=[validate_single_line]
    )
    last_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, validators=[validate_single_line]
    )
    phone = serializers.CharField(
        max_length=32, required=False, allow_blank=True, validators=[validate_single_line, validate_phone]
    )
    timezone = serializers.CharField(max_length=64, required=False, validators=[validate_timezone])


class UserRegisterSerializer(_ProfileFields):
    """Registration input. Unknown keys (is_staff, is_superuser, is_active, ...) are dropped."""

    email = serializers.EmailField(max_length=254)
    password = PasswordField(max_length=4096)
    role = serializers.ChoiceField(choices=Role.choices, required=False, default=Role.CANDIDATE)


class ProfileUpdateSerializer(_ProfileFields):
    """What a user may change on their own profile (``/api/users/me/``); role, email, is_active are not
    fields here, so they are ignored if sent."""


class AdminUserUpdateSerializer(_ProfileFields):
    """What an admin may change on any user (``/api/users/<id>/``). is_active is changed by DELETE
    (deactivate), never here; is_staff follows the role; is_superuser is only set from the command line."""

    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Role.choices)
