import zoneinfo
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext

from ims.core.validators import validate_single_line


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"'{value}' is not an IANA time zone name, e.g. 'Europe/Berlin'.")


def validate_phone(value: str) -> None:
    # Imported here, by the first phone number checked: not every web worker needs the library (~1.4 MB).
    import phonenumbers

    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError("Enter a valid phone number in international format, e.g. +14155550123.")


def default_timezone() -> str:
    zone: str = settings.TIME_ZONE
    return zone


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    INTERVIEWER = "interviewer", "Interviewer"
    CANDIDATE = "candidate", "Candidate"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str | None) -> "User":
        # Compare against lower(email), not with iexact: PostgreSQL's UPPER() folds look-alikes such as the
        # long s U+017F (to 'S') and the dotless i U+0131 (to 'I'), so iexact let several different spellings
        # log in to one account, each counted under its own login-throttle key. One spelling per account
        # keeps that limit honest (and this uses the lower(email) unique index).
        return self.alias(email_lower=Lower("email")).get(email_lower=self.normalize_email(username))

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("role", Role.CANDIDATE)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra["role"] = Role.ADMIN
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person using IMS. The email is the login; the role decides what they may do."""

    email = models.EmailField(max_length=254, unique=True)
    first_name = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    last_name = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    phone = models.CharField(max_length=32, blank=True, validators=[validate_single_line, validate_phone])
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CANDIDATE, db_index=True)
    timezone = models.CharField(max_length=64, default=default_timezone, validators=[validate_timezone])
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=dj_timezone.now)
    # Bumped on password change and deactivation: tokens carrying an older value stop working.
    token_version = models.PositiveIntegerField(default=0)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_valid"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    @property
    def is_active_admin(self) -> bool:
        """What every admin-only rule asks: the admin role on an account that is open (deactivated is no admin)."""
        return self.role == Role.ADMIN and self.is_active

    @property
    def is_staff(self) -> bool:
        # "Role admin means Django-admin access": derived, so the two can never disagree.
        return self.is_active_admin

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    @property
    def name_for_candidates(self) -> str:
        """How a staff member (an interviewer) is named to candidates: their name, never their email address
        (issue 14: candidates never see interviewer contact details), so a neutral label while no name is set."""
        return f"{self.first_name} {self.last_name}".strip() or gettext("IMS hiring team")

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name or self.email

    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        return self.is_active and (self.role == Role.ADMIN or super().has_perm(perm, obj))

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_active and (self.role == Role.ADMIN or super().has_module_perms(app_label))

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_interviewer(self) -> bool:
        return self.role == Role.INTERVIEWER

    @property
    def is_candidate(self) -> bool:
        return self.role == Role.CANDIDATE
