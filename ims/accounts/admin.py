"""Django admin for users: email is the login, role decides admin access (is_staff follows the role)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ims.accounts.models import User, UserManager
from ims.accounts.services import audit_deactivation, audit_role_change, user_check_email_free
from ims.core.exceptions import Conflict


class _EmailIsTheLogin:
    """For a user's admin form: the email, normalised, and nobody else's (the services' check, on the field)."""

    cleaned_data: dict[str, Any]
    instance: User

    def clean_email(self) -> str:
        email = UserManager.normalize_email(self.cleaned_data.get("email"))
        try:
            user_check_email_free(email=email, exclude_pk=self.instance.pk)
        except Conflict as exc:
            raise forms.ValidationError(exc.detail) from None
        return email


class UserCreationAdminForm(_EmailIsTheLogin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "role", "first_name", "last_name")
        field_classes = {"email": forms.EmailField}

    # UserCreationForm checks a "username" field this model does not have.
    def clean_username(self):  # pragma: no cover - never called: there is no username field
        return None


class UserChangeAdminForm(_EmailIsTheLogin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"email": forms.EmailField}


class TokenRevokingPasswordChangeForm(AdminPasswordChangeForm):
    """A password set by an admin ends every session of that user, as a self-service change does."""

    def save(self, commit: bool = True):
        user = super().save(commit=commit)
        if commit:
            User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    change_password_form = TokenRevokingPasswordChangeForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "phone", "timezone")}),
        (_("Access"), {"fields": ("role", "is_active", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "role", "first_name", "last_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("email", "first_name", "last_name", "role", "is_active", "date_joined")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)

    def save_model(self, request, obj: User, form, change):
        super().save_model(request, obj, form, change)
        # The same audit entries as the API's role change and deactivation (ims.accounts.services).
        if change and "role" in form.changed_data:
            audit_role_change(user=obj, actor=request.user, old_role=form.initial.get("role", ""))
        if change and "is_active" in form.changed_data and not obj.is_active:
            audit_deactivation(user=obj, actor=request.user)
