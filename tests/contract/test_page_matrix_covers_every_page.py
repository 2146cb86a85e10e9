"""Every page under /app/ has a row in a page-authorization table (issue 14): the URL conf is walked, each table
module's URLs are resolved through it, and a page that no table requests fails here. So a new /app/ page cannot
ship without saying who may open it.

The tables are the `TABLE`s of the `test_page_access_*.py` modules of every app (found by file name, so a new
table module joins by itself). A table row names the URL it requests: keyed by the URL itself ("/app/x/{pk}/" or
(method, URL)), or by a name that the module's `PATHS` turns into the URL its test requests."""

import importlib
import re
from pathlib import Path
from types import ModuleType

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

ROOT = Path(__file__).resolve().parents[2]
# The careers pages sit outside /app/ but are pages with the same personas.
PUBLIC_PAGES = ("careers", "job", "job-apply")


def _routes(patterns, prefix: str = "") -> dict[str, str]:
    """url name -> full route, for every named pattern of the URL conf."""
    found: dict[str, str] = {}
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found |= _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[pattern.name] = route
    return found


def app_pages() -> set[str]:
    routes = _routes(get_resolver().url_patterns)
    return {name for name, route in routes.items() if route.startswith("app/")} | set(PUBLIC_PAGES)


def table_modules() -> list[ModuleType]:
    files = sorted(ROOT.glob("ims/*/tests/test_page_access_*.py")) + sorted(ROOT.glob("tests/**/test_page_access_*.py"))
    return [importlib.import_module(".".join(f.relative_to(ROOT).with_suffix("").parts)) for f in files]


def requested_urls(module: ModuleType) -> list[str]:
    """The URL templates a table module's test requests, one per row."""
    paths = getattr(module, "PATHS", None)
    urls = []
    for key in module.TABLE:
        url = key[1] if isinstance(key, tuple) else key
        urls.append(paths[url] if paths is not None else url)
    return urls


def url_name(template: str) -> str:
    """The URL conf's name for a row's URL: placeholders become a pk, the query string goes."""
    path = re.sub(r"\{\w+\}", "1", template).split("?", 1)[0]
    try:
        return resolve(path).url_name
    except Resolver404:
        raise AssertionError(f"a page-access table requests {template!r}, which no URL pattern answers") from None


def covered() -> dict[str, list[str]]:
    """url name -> the table modules with a row for it."""
    found: dict[str, list[str]] = {}
    for module in table_modules():
        for template in requested_urls(module):
            found.setdefault(url_name(template), []).append(module.__name__)
    return found


def test_the_walk_finds_the_pages_and_the_tables():
    pages = app_pages()
    assert {"app-home", "staff-job-board", "my-application", "people", "reports"} <= pages
    assert len(table_modules()) >= 8


def test_every_app_page_has_a_row_in_a_page_access_table():
    missing = sorted(app_pages() - set(covered()))
    assert not missing, f"/app/ page(s) with no row in any test_page_access_*.py table: {missing}"


def test_an_unknown_url_in_a_table_fails_the_check():
    try:
        url_name("/app/no-such-page/{pk}/")
    except AssertionError:
        return
    raise AssertionError("a row for a page that does not exist passed the check")
