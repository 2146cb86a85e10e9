"""Shared OpenAPI pieces: the one error body every endpoint returns, and the error responses every endpoint can
give whatever its view says.

Views describe their own specific errors (``error_responses(400, 404, 409)`` or ``OpenApiResponse(description=...)``).
The postprocessing hook :func:`document_standard_errors` then makes the schema tell the truth about the errors
that come from the framework rather than from the view, so clients (and the schema fuzzer in CI) can rely on it:

- 401 on every operation that accepts a token (a missing, forged, expired or revoked one is refused);
- 413 on every operation with a request body (``RequestBodyLimitMiddleware``), and 415 (unknown media type);
- 429 on every throttled operation (everything under ``/api/`` but the health probes);
- 503 on every operation that touches the database (``DatabaseUnavailableMiddleware``);
- 404 on every operation with an id in its path, and on every paginated list (a page past the end);
- 400 on every paginated list (a page that is not a number);
- every 4xx/5xx response without a body schema gets the shared ``Error`` schema.
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiRequest, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """``{"detail", "code", "errors"?}``; some errors add context (``allowed``, ``conflicts``, ``retry_after``)."""

    detail = serializers.CharField(help_text="A message a person can act on.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `invalid`, `conflict`, `not_found`.")
    # The body's key. DRF's metaclass takes declared fields off the class, so Serializer.errors is not shadowed.
    errors = serializers.DictField(  # type: ignore[assignment]
        required=False,
        child=serializers.JSONField(),
        help_text="For a 400: each bad field (or query parameter) with its messages.",
    )


ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Invalid input; `errors` names each bad field.",
    401: "Not authenticated, or the token is invalid, expired or revoked.",
    403: "Your role does not allow this.",
    404: "Not found, or not yours to see (for a list: a page past the end).",
    409: "Conflicts with the current state; `detail` says what to do instead.",
    413: "The request body is too large.",
    415: "The request body's Content-Type is not one this operation accepts; `accepted` lists them.",
    429: "Rate limit reached; retry after `Retry-After` seconds.",
    503: "The database is unavailable; retry after `Retry-After` seconds.",
}


def error_response(status: int, description: str | None = None) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description or ERROR_DESCRIPTIONS.get(status, "Error."))


def error_responses(*statuses: int, **descriptions: str) -> dict[int, OpenApiResponse]:
    """``error_responses(400, 404, 409, e409="...")``: the standard error responses, each with the Error body."""
    return {code: error_response(code, descriptions.get(f"e{code}")) for code in statuses}


def list_schema(summary: str, rows: Any, errors: dict[int, OpenApiResponse], **extra: Any):
    """The GET of a generic list view: ``@list_schema("Jobs", JobSerializer, error_responses(400, 401))``, with
    ``extra`` for the rest of ``extend_schema`` (tags, operation_id). The decorator goes on the class, since the
    view inherits its ``get`` (see the README's code layout)."""
    return extend_schema_view(get=extend_schema(summary=summary, responses={200: rows, **errors}, **extra))


def put_and_patch(*, put: str, patch: str, **schema: Any) -> dict[str, Any]:
    """For ``@extend_schema_view(**put_and_patch(...))``: a PUT and a PATCH with the same body and answers, each
    with its summary."""
    return {"put": extend_schema(summary=put, **schema), "patch": extend_schema(summary=patch, **schema)}


_ERROR_REF = {"$ref": "#/components/schemas/Error"}
_NO_THROTTLE = ("/api/health", "/api/schema", "/api/docs")


def _add(responses: dict[str, Any], status: int) -> None:
    responses.setdefault(str(status), {"description": ERROR_DESCRIPTIONS[status]})


def document_standard_errors(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular postprocessing hook (see SPECTACULAR_SETTINGS): the errors every endpoint can give."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    if "Error" not in components:
        # No view references ErrorSerializer directly: add the same shape by hand.
        components["Error"] = _error_component()
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            if method not in ("get", "put", "patch", "post", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            infrastructure = path.startswith(_NO_THROTTLE)
            if operation.get("security") and any(entry for entry in operation["security"]):
                _add(responses, 401)
            if "requestBody" in operation:
                _add(responses, 413)
                _add(responses, 415)
            if not infrastructure:
                _add(responses, 429)
                _add(responses, 503)
            parameters = operation.get("parameters", [])
            # An id in the path may name nothing; a paginated list answers 404 for a page past the end.
            if any(p.get("in") == "path" or p.get("name") == "page" for p in parameters):
                _add(responses, 404)
            if any(p.get("name") == "page" for p in parameters):  # ?page= that is not a number or `last`
                _add(responses, 400)
            for code, response in responses.items():
                # The health probe's 503 has its own body (the checks); every other error is the Error shape.
                if code[0] in "45" and "content" not in response:
                    response["content"] = {"application/json": {"schema": _ERROR_REF}}
    return result


def _error_component() -> dict[str, Any]:
    return {
        "type": "object",
        "description": ErrorSerializer.__doc__,
        "properties": {
            "detail": {"type": "string", "description": "A message a person can act on."},
            "code": {"type": "string", "description": "A stable machine-readable code."},
            "errors": {
                "type": "object",
                "additionalProperties": {},
                "description": "For a 400: each bad field (or query parameter) with its messages.",
            },
        },
        "required": ["detail", "code"],
    }


def whole_body(component: str) -> dict[str, OpenApiRequest]:
    """A PATCH request body that is the PUT body, required fields and all.

    drf-spectacular documents every PATCH body as the serializer made partial (``Patched...``, nothing
    required). Where a PATCH really needs the same fields as PUT (a pipeline move needs its ``status``), this
    points the (JSON) request body at the PUT body's component instead.
    """
    return {"application/json": OpenApiRequest({"$ref": f"#/components/schemas/{component}"})}


def binary_response(*media_types: str, description: str, status: int = 200) -> dict[tuple[int, str], OpenApiResponse]:
    """A file download: the same bytes under each media type the server may send, and under
    ``application/octet-stream`` (what it sends when it does not know better, and the type client generators
    turn into a download method; without it openapi-python-client skips the operation)."""
    types = [*media_types, "application/octet-stream"] if "application/octet-stream" not in media_types else media_types
    return {(status, media_type): OpenApiResponse(OpenApiTypes.BINARY, description=description) for media_type in types}


def optional_body_with_several_media_types(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: a request body offered in several media types (apply: JSON, or
    multipart with a resume) is documented as not required.

    openapi-python-client (0.29) types such a body ``A | B | Unset`` whatever ``required`` says but imports
    ``Unset`` only for an optional body, so with ``required: true`` the generated module does not import. No
    body at all is answered like an empty one, a 400 naming the missing field, which the schema documents.
    """
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if body and len(body.get("content", {})) > 1:
                body.pop("required", None)
    return result
