"""The reports page (issue 16), admins only: the seven reports as charts with their tables, filtered in place with
htmx, and each report's CSV. The same selectors the API calls; no figure is computed here."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ims.reports import selectors
from ims.reports.api.renderers import CSVRenderer
from ims.reports.api.views import ReportView
from ims.reports.pages import sections
from ims.reports.pages.forms import ReportFiltersForm

# The CSV's columns are the API's (its row serializers), so both downloads are the same file.
COLUMNS = {view.report_name: list(view.row_serializer().fields) for view in ReportView.__subclasses__()}


def admin_page(view):
    """Signed in (else the login page), and an admin: anyone else is told there is no such page."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_admin:
            raise Http404(_("There is no such page."))
        return view(request, *args, **kwargs)

    return wrapped


def _form(request) -> ReportFiltersForm:
    return ReportFiltersForm(
        request.GET or None,
        jobs=selectors.report_job_choices(),
        departments=selectors.report_department_choices(),
    )


@require_GET
@admin_page
def reports(request):
    """Every report for the filters; with htmx only the results are swapped in (the URL stays shareable)."""
    form = _form(request)
    valid = not form.is_bound or form.is_valid()
    filters = form.filters() if valid else None
    context = {
        "form": form,
        "filters": filters,
        "sections": sections.sections(filters) if filters else [],
        "query": request.GET.urlencode(),
    }
    template = "reports/reports.html#results" if request.htmx else "reports/reports.html"
    response = TemplateResponse(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@admin_page
def report_csv(request, name: str):
    """One report's rows as CSV, the file ``GET /api/reports/<name>/?format=csv`` gives."""
    if name not in COLUMNS:
        raise Http404(_("There is no such report."))
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    filters = form.filters()
    body = selectors.report_document(
        name,
        filters,
        by="department" if name == "applications-over-time" else "job",
        variant=CSVRenderer.media_type,
        render=lambda rows: CSVRenderer().render({"columns": COLUMNS[name], "rows": rows}),
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{filters.start}-{filters.end}.csv"'
    return response
