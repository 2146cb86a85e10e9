"""Reading a request's body in an API view."""

from typing import Any

from rest_framework import serializers
from rest_framework.request import Request


def validated(serializer_class: type[serializers.Serializer], request: Request, **kwargs: Any) -> Any:
    """The request body as ``serializer_class`` validates it (``partial=``, ``context=`` pass through), or the
    400 that names each bad field."""
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
