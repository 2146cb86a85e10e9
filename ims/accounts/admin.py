"""Django admin for users: email is the login, role decides admin access (is_staff follows the role)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ims.accounts.models import User, UserManager
from ims.accounts.services import audit_deactivation, audit_role_change


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "role", "first_name", "last_name")
        field_classes = {"email": forms.EmailField}

    def clean_email(self) -> str:
        email = UserManager.normalize_email(self.cleaned_data.get("email"))
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this email already exists."))
        return email

    # UserCreationForm checks a "username" field this model does not have.
    def clean_username(self):  # pragma: no cover - never called: there is no username field
        return None


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"email": forms.EmailField}

    def clean_email(self) -> str:
        email = UserManager.normalize_email(self.cleaned_data.get("email"))
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A user with this email already exists."))
        return email


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
