"""The hiring reports (issue 16), admins only: JSON paged like the API's other lists (``?page=``, ``?page_size=``),
or the whole report as CSV with ``?format=csv`` (or ``Accept: text/csv``)."""

import hashlib
import math

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from ims.core.api.schema import error_responses
from ims.core.permissions import IsAdmin
from ims.jobs.models import EmploymentType
from ims.reports import selectors
from ims.reports.api import serializers as s
from ims.reports.api.filters import LAST, MAX_PAGE_SIZE, PAGE_SIZE, page_params, report_params
from ims.reports.api.renderers import CSVRenderer
from ims.reports.selectors import GROUP_BY

COMMON_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (UTC, ISO date); default: 89 days before `to`."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day, included (UTC, ISO date); default: today."),
    OpenApiParameter("job", OpenApiTypes.INT, description="Only this job."),
    OpenApiParameter("department", OpenApiTypes.STR, description="Only jobs of this department (any case)."),
    OpenApiParameter("employment_type", OpenApiTypes.STR, enum=EmploymentType.values),
    OpenApiParameter(
        "format", OpenApiTypes.STR, enum=["json", "csv"], description="`csv`: the whole report (every row) as text/csv."
    ),
    OpenApiParameter("page", OpenApiTypes.STR, description="JSON: the page of rows, 1, 2, ... or `last`; default 1."),
    OpenApiParameter(
        "page_size", OpenApiTypes.INT, description=f"JSON: rows per page, 1 to {MAX_PAGE_SIZE}; default {PAGE_SIZE}."
    ),
]

# Each report's summary in the schema (its description is its rows' docstring).
SUMMARIES = {
    "funnel": "Funnel: applications reaching each stage, conversions, exits (admins)",
    "time-to-hire": "Time to hire and to first interview: median and 90th percentile (admins)",
    "time-in-stage": "Time in stage: median and 90th percentile days per status (admins)",
    "interviewer-load": "Interviewer load: interviews per interviewer per week (admins)",
    "feedback-turnaround": "Feedback turnaround per interviewer, and feedback overdue now (admins)",
    "rejection-reasons": "Rejection reasons per stage rejected from (admins)",
    "applications-over-time": "Applications per week, per job or department (admins)",
}

EXTRA_PARAMETERS = {
    "applications-over-time": [
        OpenApiParameter(
            "by", OpenApiTypes.STR, enum=list(GROUP_BY), description="Group by job (default) or department."
        )
    ],
}


class ReportView(APIView):
    """One report: validate the query, call its selector, answer a page of the rows as JSON, or all of them as CSV."""

    permission_classes = [IsAdmin]
    renderer_classes = [JSONRenderer, CSVRenderer]
    report_name = ""
    row_serializer: type = s.FunnelRowSerializer

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force=force)
        except Http404 as exc:
            # DRF answers an unknown ?format= with a bare 404; name the parameter instead.
            raise ValidationError({"format": ["Give json or csv."]}) from exc

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400 and isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
            # Errors keep the API's one JSON error shape, whatever format the rows were asked in.
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        filters = getattr(self, "filters", None)
        if response.status_code == 200 and filters and isinstance(request.accepted_renderer, CSVRenderer):
            response["Content-Disposition"] = (
                f'attachment; filename="{self.report_name}-{filters.start}-{filters.end}.csv"'
            )
        return response

    def get(self, request):
        filters, by = report_params(request.query_params)
        self.filters = filters
        renderer, media_type = request.accepted_renderer, request.accepted_media_type
        context = self.get_renderer_context()
        columns = list(self.row_serializer().fields)
        if isinstance(renderer, CSVRenderer):
            # The whole report: the download a spreadsheet opens.
            variant = media_type

            def render(rows: list[dict]) -> bytes:
                return renderer.render({"columns": columns, "rows": rows}, media_type, context)

        else:
            page, size = page_params(request.query_params)
            base = remove_query_param(request.build_absolute_uri(), "page")
            # The links name the host and the other parameters as asked, so they are part of the key.
            variant = f"{media_type}:{page}:{size}:{hashlib.sha256(base.encode()).hexdigest()}"

            def render(rows: list[dict]) -> bytes:
                pages = max(1, math.ceil(len(rows) / size))
                number = pages if page == LAST else int(page)
                if number > pages:
                    raise NotFound(f"There is no page {number}: the report has {pages} page(s) of {size} rows.")
                document = {
                    "report": self.report_name,
                    "from": filters.start,
                    "to": filters.end,
                    "filters": {
                        "job": filters.job_id,
                        "department": filters.department,
                        "employment_type": filters.employment_type,
                    },
                    "columns": columns,
                    "count": len(rows),
                    "next": replace_query_param(base, "page", number + 1) if number < pages else None,
                    "previous": (
                        None if number == 1 else base if number == 2 else replace_query_param(base, "page", number - 1)
                    ),
                    "rows": rows[(number - 1) * size : number * size],
                }
                return renderer.render(document, media_type, context)

        # The rendered body is cached, not the rows: a hit is one cache read, however many rows the report has.
        body = selectors.report_document(self.report_name, filters, by=by, variant=variant, render=render)
        content_type = (
            renderer.media_type if renderer.charset is None else f"{renderer.media_type}; charset={renderer.charset}"
        )
        return HttpResponse(body, content_type=content_type)


def _report_view(rows: type[s.ReportRowSerializer]) -> type[ReportView]:
    """The view of one report, named for its rows (``FunnelRowSerializer``: ``FunnelView``), with its schema."""
    view = type(
        rows.__name__.removesuffix("RowSerializer") + "View",
        (ReportView,),
        {"__module__": __name__, "report_name": rows.report_name, "row_serializer": rows},
    )
    response = s.report_serializer(view.__name__.removesuffix("View"), rows)
    # extend_schema_view gives each view a get of its own to mark, so the shared ReportView.get stays unmarked.
    return extend_schema_view(
        get=extend_schema(
            operation_id=f"reports_{rows.report_name.replace('-', '_')}",
            summary=SUMMARIES[rows.report_name],
            description=rows.__doc__,
            parameters=COMMON_PARAMETERS + EXTRA_PARAMETERS.get(rows.report_name, []),
            responses={
                (200, "application/json"): response,
                (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="Header row, then one line per row."),
                **error_responses(400, 403, 404, e404="A page past the last one."),
            },
        )
    )(view)


REPORT_VIEWS = [_report_view(rows) for rows in s.REPORT_ROWS]
