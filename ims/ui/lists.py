"""The filtered, paginated list pages (careers, the staff's jobs, people, notifications): one way to page them."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest

PAGE_SIZE = 25  # rows per page of a staff list; the careers page and the jobs board choose their own


def list_context(request: HttpRequest, *, form: Form, rows: QuerySet, page_size: int = PAGE_SIZE) -> dict[str, Any]:
    """The filter form, the page of ``rows`` that ``?page=`` names, and the query string without ``?page=`` for the
    pager's links (``filtered``: whether any filter is set)."""
    page = Paginator(rows, page_size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(query)}


def list_template(request: HttpRequest, template: str) -> str:
    """The whole page, or with htmx only its ``results`` partial (what a filter or the pager swaps in)."""
    return f"{template}#results" if getattr(request, "htmx", False) else template
