"""The API's content negotiation picks exactly the renderer and media type DRF's default picks (its shortcut for
``Accept: application/json``, ``*/*`` or nothing included), and answers with the first renderer instead of a 406
where DRF would refuse."""

import pytest
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer, TemplateHTMLRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from ims.core.api.negotiation import ContentNegotiation

ACCEPTS = [
    None,
    "",
    "*/*",
    "application/json",
    " application/json ",
    "application/json; indent=4",
    "application/*",
    "text/html",
    "text/html, application/json;q=0.9",
    "*/*;q=0.8, text/html",
    "image/png",
]
RENDERER_LISTS = [
    [JSONRenderer()],
    [JSONRenderer(), BrowsableAPIRenderer()],
    [BrowsableAPIRenderer(), JSONRenderer()],
    [TemplateHTMLRenderer(), JSONRenderer()],
]


def request_with(accept: str | None, query: str = "") -> Request:
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    return Request(APIRequestFactory().get(f"/api/jobs/{query}", **headers))


@pytest.mark.parametrize("query", ["", "?format=json", "?page=2"])
@pytest.mark.parametrize("renderers", RENDERER_LISTS, ids=lambda r: "+".join(type(x).__name__ for x in r))
@pytest.mark.parametrize("accept", ACCEPTS)
def test_the_choice_is_drfs_where_drf_chooses(accept, renderers, query):
    try:
        expected = DefaultContentNegotiation().select_renderer(request_with(accept, query), renderers)
    except NotAcceptable:
        expected = None

    renderer, media_type = ContentNegotiation().select_renderer(request_with(accept, query), renderers)

    if expected is None:  # DRF's 406: the first renderer (of the format asked for) answers instead
        assert renderer is renderers[0] or query == "?format=json"
    else:
        assert (renderer, media_type) == expected
