"""Putting a service's refusal where the person is looking: next to the field it names."""

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError

from ims.core.exceptions import ServiceError


def add_service_error(form: forms.Form, exc: ServiceError | DjangoValidationError) -> None:
    """Show ``exc`` (a service's error, or a model validation error) on ``form``: on the field it names when the
    form has that field, else at the top of the form."""
    if isinstance(exc, ServiceError):
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.detail)
        return
    if hasattr(exc, "message_dict"):
        for name, messages in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)
