"""What an ``OPTIONS`` request answers: the view's methods and media types, nothing about its objects.

DRF's default ``SimpleMetadata`` describes the POST/PUT serializers field by field, and for PUT it first calls
``get_object()`` to check the caller may change that object: on a view that fetches through its own selector
(no ``queryset``) that is a 500, and on the others it is a database read per probe. Browsers' CORS preflights
never reach here (django-cors-headers answers them first); what does is API gateways' probes and client
libraries, and they need the ``Allow`` header, which the fields of a serializer do not change. The schema at
``/api/schema/`` is where the fields are described.
"""

from typing import TYPE_CHECKING, Any

from rest_framework.metadata import BaseMetadata
from rest_framework.request import Request

if TYPE_CHECKING:  # rest_framework.views imports this module (DEFAULT_METADATA_CLASS) while it loads
    from rest_framework.views import APIView


class MethodsMetadata(BaseMetadata):
    """``{"name", "description", "methods", "renders", "parses"}``, from the view class alone."""

    def determine_metadata(self, request: Request, view: "APIView") -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "methods": view.allowed_methods,
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
