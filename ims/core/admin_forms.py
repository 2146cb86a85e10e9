"""Admin forms that write through a service, so the admin site obeys the same rules as the API.

The service runs in the form's validation step, so a rule it refuses becomes a form error on the field it
names instead of a 500 or a silent failure; the form itself checks only shape (the model fields' limits).
"""

from typing import Any

from django import forms
from django.contrib import admin, messages

from ims.core.exceptions import ServiceError


class ServiceForm(forms.ModelForm):
    """A ModelForm whose ``clean()`` performs the write through a service (``run_service``)."""

    actor = None  # set per request by the ModelAdmin
    result = None

    def run_service(self, data: dict[str, Any]):
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        if self._errors:
            return cleaned
        try:
            self.result = self.run_service(cleaned)
        except ServiceError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.detail)
        else:
            self.instance = self.result
        return cleaned

    def _post_clean(self):
        # The service validated and saved; copying the raw form values back onto its result would undo
        # what it derived (the default duration, ends_at).
        if self.result is None:
            super()._post_clean()


class ServiceAdmin(admin.ModelAdmin):
    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        form_class.actor = request.user  # modelform_factory built a fresh class for this request
        return form_class

    def save_form(self, request, form, change):
        return form.result or form.instance

    def save_model(self, request, obj, form, change):
        pass  # the service saved it during validation

    def save_related(self, request, form, formsets, change):
        pass


class ServiceDeleteMixin:
    """Deletes through a service (``delete_service``), one row at a time, so a row the service refuses to
    delete (it is in use) is kept and its reason shown, while the others in a bulk delete still go."""

    def delete_service(self, obj) -> None:
        raise NotImplementedError

    def delete_model(self, request, obj):
        try:
            self.delete_service(obj)
        except ServiceError as exc:
            self.message_user(request, exc.detail, level=messages.ERROR)  # type: ignore[attr-defined]

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
