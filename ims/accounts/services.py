"""Every write on users and their tokens: registration, profile updates, deactivation, password change,
token issue, rotation and logout.

Revocation works in two layers: a refresh token is blacklisted by its ``jti`` (SimpleJWT's blacklist app),
and every token carries ``ver`` = the user's ``token_version``; bumping that version (password change,
deactivation) invalidates every access and refresh token issued before, at once.
"""

import logging
from functools import partial
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from ims.accounts.authentication import TOKEN_VERSION_CLAIM, check_token_user
from ims.accounts.models import Role, User, UserManager
from ims.core.db import violates
from ims.core.exceptions import Conflict, Forbidden, Invalid
from ims.core.throttling import login_attempt_check, login_succeeded
from ims.privacy.audit import audit_record
from ims.privacy.models import AuditAction, Erasure
from ims.reports.cache import reports_all_changed

logger = logging.getLogger(__name__)

# Fields a person may change on their own profile, and the extra ones an admin may change on anyone's.
PROFILE_FIELDS = ("first_name", "last_name", "phone", "timezone")
ADMIN_FIELDS = (*PROFILE_FIELDS, "email", "role")
# How the reports name a person (an interviewer): changing one invalidates the cached reports.
REPORTED_NAME_FIELDS = {"first_name", "last_name", "email"}

INVALID_CREDENTIALS = "No active account found with the given credentials."


def tokens_for_user(user: User) -> dict[str, str]:
    """A fresh refresh/access pair carrying the user's role and token version."""
    refresh = RefreshToken.for_user(user)
    refresh["role"] = user.role
    refresh[TOKEN_VERSION_CLAIM] = user.token_version
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


# --- Tokens -------------------------------------------------------------------------------------


def token_obtain(*, email: str, password: str, request: HttpRequest) -> dict[str, str]:
    """Log in, within the login limits (ims.core.throttling: per IP, per account and IP, per account). Unknown
    email, wrong password and a deactivated account all fail the same way, so the answer does not tell an
    attacker which emails exist (ModelBackend also hashes for unknown emails, and the limits never look)."""
    attempt = login_attempt_check(request, email)
    if attempt.refused is not None:
        raise Throttled(wait=attempt.refused.reset)
    user = authenticate(request, email=UserManager.normalize_email(email), password=password)
    if user is None or not user.is_active:
        raise AuthenticationFailed(INVALID_CREDENTIALS, code="no_active_account")
    login_succeeded(attempt)
    return tokens_for_user(user)


def _parse_refresh(raw: str) -> RefreshToken:
    try:
        # simplejwt annotates the argument Token | None; it takes the encoded token (its documented use).
        return RefreshToken(raw)  # type: ignore[arg-type]
    except TokenError as exc:
        raise InvalidToken(str(exc.args[0]) if exc.args else "Token is invalid or expired.") from exc


def _outstanding_for(refresh: RefreshToken, user: User | None) -> OutstandingToken:
    """The token's outstanding row, locked until the transaction ends.

    Every path that blacklists (refresh, logout) takes this lock first, so they queue up on one row. Without
    it a logout's blacklist insert (whose foreign-key check wants a share lock on this row) and a refresh
    holding the row lock while inserting the same blacklist entry waited on each other: a deadlock, a 503.
    order_by("pk") replaces the model's ordering by user, whose outer join PostgreSQL cannot lock.
    """
    outstanding, _ = OutstandingToken.objects.get_or_create(
        jti=refresh[jwt_settings.JTI_CLAIM],
        defaults={
            "user": user,
            "token": str(refresh),
            "created_at": timezone.now(),
            "expires_at": datetime_from_epoch(refresh["exp"]),
        },
    )
    list(OutstandingToken.objects.select_for_update().filter(pk=outstanding.pk).order_by("pk"))
    return outstanding


def _blacklist_once(outstanding: OutstandingToken) -> bool:
    """Blacklist a token; False when it already was (the one-to-one constraint decides under races)."""
    try:
        with transaction.atomic():
            BlacklistedToken.objects.create(token=outstanding)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def token_refresh(*, refresh: str) -> dict[str, str]:
    """Exchange a refresh token for a new pair and blacklist the one used.

    The outstanding-token row is locked and the blacklist insert is guarded by its unique constraint, so
    parallel refreshes of the same token give at most one new pair. The new tokens carry the user's
    current role and token version.
    """
    token = _parse_refresh(refresh)
    user_id = token.get(jwt_settings.USER_ID_CLAIM)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        user = check_token_user(user, token.get(TOKEN_VERSION_CLAIM))
    except AuthenticationFailed as exc:
        raise InvalidToken("Token has been revoked or its user is inactive.") from exc

    outstanding = _outstanding_for(token, user)
    if BlacklistedToken.objects.filter(token=outstanding).exists() or not _blacklist_once(outstanding):
        raise InvalidToken("Token is blacklisted")
    return tokens_for_user(user)


@transaction.atomic
def logout(*, user: User, refresh: str) -> None:
    """Blacklist one refresh token of ``user`` (this session); other sessions keep working."""
    try:
        # simplejwt annotates the argument Token | None; it takes the encoded token (its documented use).
        token = RefreshToken(refresh)  # type: ignore[arg-type]
    except TokenError as exc:
        raise Invalid(str(exc.args[0]) if exc.args else "Token is invalid.", field="refresh") from exc
    if str(token.get(jwt_settings.USER_ID_CLAIM)) != str(user.pk):
        raise Invalid("This refresh token does not belong to you.", field="refresh")
    if not _blacklist_once(_outstanding_for(token, user)):
        raise Invalid("Token is blacklisted", field="refresh")


def _revoke_all_tokens(user: User) -> None:
    User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
    user.refresh_from_db(fields=["token_version"])


# --- Users --------------------------------------------------------------------------------------


def _validate_password(password: str, user: User, *, field: str) -> None:
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise DjangoValidationError({field: list(exc.messages)}) from exc


def user_check_email_free(*, email: str, exclude_pk: int | None = None) -> None:
    """Refuse (409 naming ``email``) an email another user has, in any case. Only the friendly message: the
    case-insensitive unique constraint is what holds under concurrency (see ``_save``)."""
    # lower(email) = the unique constraint's expression, so this is an index lookup (iexact's UPPER() scanned users).
    others = User.objects.alias(email_lower=Lower("email")).filter(email_lower=User.objects.normalize_email(email))
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise Conflict("A user with this email already exists.", field="email", code="email_taken")


def _check_fields(user: User) -> None:
    """The model fields' own validators (lengths, phone, time zone), a 400 naming the field. Not uniqueness:
    user_check_email_free says it kindly and the constraint makes it true (``_save``)."""
    user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)


def _save(user: User, *, update_fields: list[str] | None = None) -> None:
    """Save, turning a lost race on the case-insensitive email constraint into a clear 409."""
    try:
        with transaction.atomic():
            user.save(update_fields=update_fields)
    except IntegrityError as exc:
        if violates(exc, "user_email_ci_unique", unique_field=User._meta.get_field("email")):
            raise Conflict("A user with this email already exists.", field="email", code="email_taken") from exc
        raise


def user_register(
    *,
    email: str,
    password: str,
    actor: User | None = None,
    role: str = Role.CANDIDATE,
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    timezone: str | None = None,
) -> User:
    """Create a user. Only an admin may create anything but a candidate; everyone else asking for another
    role is refused (403) and nothing is written. Privilege flags are never taken from the caller."""
    actor_is_admin = bool(actor and actor.is_authenticated and actor.is_active_admin)
    if role != Role.CANDIDATE and not actor_is_admin:
        raise Forbidden(f"Only an admin can create users with the role '{role}'.", field="role")
    if role not in Role.values:
        raise Invalid(f"'{role}' is not a valid role.", field="role")

    email = UserManager.normalize_email(email)
    user = User(
        email=email,
        role=role,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        is_active=True,
        is_superuser=False,
    )
    if timezone:
        user.timezone = timezone
    _check_fields(user)
    user_check_email_free(email=email)
    _validate_password(password, user, field="password")
    user.set_password(password)
    _save(user)
    logger.info("User %s registered with role %s", user.pk, user.role)
    return user


def _apply_changes(user: User, changes: dict[str, Any]) -> User:
    if "email" in changes:
        changes["email"] = UserManager.normalize_email(changes["email"])
        if changes["email"] != user.email:
            user_check_email_free(email=changes["email"], exclude_pk=user.pk)
    if not changes:
        return user
    for key, value in changes.items():
        setattr(user, key, value)
    _check_fields(user)
    _save(user, update_fields=list(changes))
    if user.role != Role.CANDIDATE and REPORTED_NAME_FIELDS & set(changes):
        reports_all_changed()  # the reports name interviewers (by their email when they have no name)
    return user


@transaction.atomic
def user_update_profile(*, user: User, data: dict[str, Any]) -> User:
    """A person changes their own profile: only ``PROFILE_FIELDS``. Role, email, is_active, is_staff,
    is_superuser and anything else in ``data`` are ignored.

    The row is locked as an erasure locks it (ims.privacy.services) and must still be active: a change that
    authenticated just before the account was erased must not write the person's name back."""
    changes = {key: value for key, value in data.items() if key in PROFILE_FIELDS}
    if changes and not User.objects.select_for_update(no_key=True).filter(pk=user.pk, is_active=True).exists():
        raise Forbidden("This account is closed.", code="account_closed")
    return _apply_changes(user, changes)


def _lock_actor_and_user(*, actor: User, user: User) -> None:
    """Lock both rows (in id order, so two admins acting on each other wait instead of deadlocking) and check,
    under the lock, that the actor is still an active admin. Two admins demoting or deactivating each other
    at once: the second finds they are no longer an admin and is refused, so one admin always remains (the
    first, who cannot act on themselves)."""
    rows = User.objects.select_for_update(no_key=True).filter(pk__in={actor.pk, user.pk}).order_by("pk")
    locked = {row.pk: row for row in rows.only("pk", "role", "is_active")}
    current = locked.get(actor.pk)
    if current is None or not current.is_active_admin:
        raise Forbidden("Only admins can change other users.", code="not_admin")


@transaction.atomic
def user_update(*, user: User, actor: User, data: dict[str, Any]) -> User:
    """An admin changes any user's profile, email or role. A role change takes effect on the user's next
    request (authentication re-reads the user). Admins cannot change their own role, so the last admin
    cannot lock everyone out by accident. is_active/is_staff/is_superuser in ``data`` are ignored."""
    if not actor.is_active_admin:
        raise Forbidden("Only admins can change other users.")
    changes = {key: value for key, value in data.items() if key in ADMIN_FIELDS}
    if "role" in changes and changes["role"] != user.role and user.pk == actor.pk:
        raise Conflict("You cannot change your own role; ask another admin.", field="role", code="own_role")
    if "role" in changes and changes["role"] != user.role:
        _lock_actor_and_user(actor=actor, user=user)
        user.refresh_from_db(fields=["role"])
    old_role = user.role
    user = _apply_changes(user, changes)
    if user.role != old_role:
        audit_role_change(user=user, actor=actor, old_role=old_role)
    return user


def audit_role_change(*, user: User, actor: User | None, old_role: str) -> None:
    audit_record(
        action=AuditAction.ROLE_CHANGE,
        actor=actor,
        obj=user,
        candidate=user if Role.CANDIDATE in (old_role, user.role) else None,
        extra={"from": old_role, "to": user.role},
    )


def audit_deactivation(*, user: User, actor: User | None) -> None:
    audit_record(action=AuditAction.DEACTIVATION, actor=actor, obj=user, candidate=user if user.is_candidate else None)


@transaction.atomic
def user_deactivate(*, user: User, actor: User) -> User:
    """Deactivate (never delete: interviews and feedback keep their history). Every token of the user
    stops working on the next request."""
    if user.pk == actor.pk:
        raise Conflict("You cannot deactivate your own account.", code="cannot_deactivate_self")
    _lock_actor_and_user(actor=actor, user=user)
    user.refresh_from_db(fields=["is_active"])
    if user.is_active:
        User.objects.filter(pk=user.pk).update(is_active=False, token_version=F("token_version") + 1)
        user.refresh_from_db(fields=["is_active", "token_version"])
        logger.info("User %s deactivated by %s", user.pk, actor.pk)
        audit_deactivation(user=user, actor=actor)
    return user


@transaction.atomic
def user_reactivate(*, user: User, actor: User) -> User:
    """Let a deactivated user sign in again (audited). An erased candidate stays closed for good."""
    if not actor.is_active_admin:
        raise Forbidden("Only admins can change other users.")
    _lock_actor_and_user(actor=actor, user=user)
    user.refresh_from_db(fields=["is_active"])
    if Erasure.objects.filter(user=user).exists():
        raise Conflict("This account was erased; it can never be used again.", code="erased")
    if not user.is_active:
        User.objects.filter(pk=user.pk).update(is_active=True)
        user.refresh_from_db(fields=["is_active"])
        logger.info("User %s reactivated by %s", user.pk, actor.pk)
        audit_record(
            action=AuditAction.REACTIVATION, actor=actor, obj=user, candidate=user if user.is_candidate else None
        )
    return user


STAFF_ROLES = (Role.INTERVIEWER, Role.ADMIN)


@transaction.atomic
def user_invite(*, email: str, role: str, actor: User, first_name: str = "", last_name: str = "") -> User:
    """An admin invites an interviewer or an admin: the account is made without a password and, once this
    commits, its owner is emailed a link to set one (allauth's password-reset link, valid for
    PASSWORD_RESET_TIMEOUT). Candidates sign up themselves."""
    if not actor.is_active_admin:
        raise Forbidden("Only admins can invite people.")
    if role not in STAFF_ROLES:
        raise Invalid("Invite an interviewer or an admin; candidates create their own account.", field="role")
    email = UserManager.normalize_email(email)
    user = User(email=email, role=role, first_name=first_name, last_name=last_name, is_active=True, is_superuser=False)
    user.set_unusable_password()
    _check_fields(user)
    user_check_email_free(email=email)
    _save(user)
    logger.info("User %s invited with role %s by %s", user.pk, role, actor.pk)
    transaction.on_commit(partial(invitation_send, user_id=user.pk, inviter_id=actor.pk))
    return user


def invitation_link(user: User) -> str:
    """The set-password link: allauth's reset-from-key URL, so allauth's own page and token check serve it.
    The token is bound to the password hash, so it stops working once a password is set."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.conf import settings
    from django.urls import reverse

    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return f"{settings.SITE_URL}{path}"


def invitation_send(*, user_id: int, inviter_id: int | None) -> bool:
    """Email the invitation. Sent straight, not through the notification outbox: the link is a credential and
    must not be stored where admins read emails. A failure is logged and the admin may resend; never a 500."""
    from allauth.account.adapter import get_adapter
    from django.conf import settings

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    inviter = User.objects.filter(pk=inviter_id).first() if inviter_id else None
    context = {
        "user": user,
        "inviter": inviter,
        "org_name": settings.ORG_NAME,
        "role_label": Role(user.role).label,
        "set_password_url": invitation_link(user),
        "login_url": f"{settings.SITE_URL}/accounts/login/",
    }
    try:
        get_adapter().render_mail("account/email/invitation", user.email, context).send()
    except Exception:
        logger.exception("The invitation to user %s could not be sent", user.pk)
        return False
    return True


@transaction.atomic
def user_change_password(*, user: User, old_password: str, new_password: str) -> User:
    """Change the password after checking the old one; every token issued before stops working."""
    if not user.check_password(old_password):
        raise Invalid("Your old password was entered incorrectly.", field="old_password")
    _validate_password(new_password, user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    _revoke_all_tokens(user)
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str) -> User:
    """Set a password already checked by the caller's form (the pages' password change and reset by email).
    Every token issued before stops working, as after the API's password change; Django's own session hash
    ends the person's other browser sessions."""
    _validate_password(password, user, field="password")
    user.set_password(password)
    user.save(update_fields=["password"])
    _revoke_all_tokens(user)
    return user
