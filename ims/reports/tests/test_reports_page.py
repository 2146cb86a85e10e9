"""The reports page (/app/reports/): admins only, the charts and their tables over the same rows as the API, the
filters as a form that htmx swaps in place, and each report's CSV."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ims.reports.pages import charts
from ims.reports.tests.history import NOW, at
from ims.ui.tests.helpers import page_client

pytestmark = pytest.mark.django_db

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
REPORTS = (
    "funnel",
    "time-to-hire",
    "time-in-stage",
    "interviewer-load",
    "feedback-turnaround",
    "rejection-reasons",
    "applications-over-time",
)


def get(user, path="/app/reports/", params=None, **headers):
    with at(NOW):
        return page_client(user).get(path, params or {}, **headers)


def rows_of(html: str, section: str) -> list[list[str]]:
    """The text of each body row of one report's table."""
    block = html.split(f'id="report-{section}"', 1)[1].split("</section>", 1)[0]
    body = block.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_anonymous_visitor_is_sent_to_sign_in():
    response = page_client().get("/app/reports/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["candidate", "interviewer"])
def test_candidates_and_interviewers_find_no_reports_page(request, persona):
    user = request.getfixturevalue(persona)
    response = page_client(user).get("/app/reports/")
    assert response.status_code == 404
    assert b"<html" in response.content  # the pages' own 404 page, not the API's JSON
    assert page_client(user).get("/app/reports/funnel.csv").status_code == 404


def test_only_admins_see_the_reports_link(admin, interviewer):
    assert b'href="/app/reports/"' in page_client(admin).get("/app/").content
    assert b'href="/app/reports/"' not in page_client(interviewer).get("/app/").content


def test_admin_sees_every_report_as_a_chart_with_its_table_and_csv_link(history, admin):
    response = get(admin, params=MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    for name in REPORTS:
        assert f'id="report-{name}"' in html
        assert f'href="/app/reports/{name}.csv?from=2026-03-01&amp;to=2026-03-31"' in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == len(REPORTS)
    assert html.count('role="img"') == len(REPORTS)


def test_the_tables_show_the_figures_the_api_gives(history, admin):
    html = get(admin, params=MARCH).content.decode()
    # The same numbers test_reports_figures.py works out by hand.
    assert rows_of(html, "funnel") == [
        ["Applied", "6", "0", "1", "83.3 %"],
        ["Screening", "5", "0", "0", "100.0 %"],
        ["Interviewing", "5", "1", "0", "60.0 %"],
        ["Selected", "3", "0", "0", "\N{EN DASH}"],
    ]
    assert rows_of(html, "time-to-hire") == [
        ["Applied to selected", "3", "10.00", "11.00"],
        ["Applied to first interview", "5", "3.00", "7.00"],
    ]
    assert rows_of(html, "time-in-stage")[0] == ["Applied", "6", "1.00", "3.00"]
    assert ["All interviewers", "3", "5.00", "25.00", "1"] in rows_of(html, "feedback-turnaround")


def test_the_charts_carry_nothing_the_content_security_policy_refuses(history, admin):
    response = get(admin, params=MARCH)
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_the_chart_stylesheet_is_what_this_pygal_would_inline():
    assert charts.CSS_FILE.read_text() == charts.chart_css(), "run: python -m ims.reports.pages.charts"


def test_htmx_swaps_in_only_the_results_for_new_dates(history, admin):
    response = get(admin, params={"from": "2026-03-01", "to": "2026-03-04"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert "From 1 Mar 2026 to 4 Mar 2026 (UTC)" in html
    # A1..A3 came in by 4 March (A4 too, at T0+2D); A5 and A6 later.
    assert rows_of(html, "funnel")[0][:2] == ["Applied", "4"]
    assert "HX-Request" in response["Vary"]


def test_a_period_with_no_data_shows_empty_reports_not_an_error(admin):
    html = get(admin, params={"from": "2020-01-01", "to": "2020-01-31"}).content.decode()
    assert "No applications came in during this period." in html
    assert "<svg" not in html


def test_wrong_dates_are_named_next_to_the_field(admin):
    response = get(admin, params={"from": "2026-03-31", "to": "2026-03-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_from"' in html
    assert "Enter a date on or before the “To” date." in html
    assert 'aria-invalid="true"' in html
    response = get(admin, params={"from": "March"})
    assert "Enter a valid date." in response.content.decode()


def test_filters_narrow_the_reports_like_the_api(history, admin):
    html = get(admin, params={**MARCH, "job": history.designer.pk}).content.decode()
    assert rows_of(html, "funnel")[0][:2] == ["Applied", "1"]
    html = get(admin, params={**MARCH, "department": "Design"}).content.decode()
    assert rows_of(html, "funnel")[0][:2] == ["Applied", "1"]
    html = get(admin, params={**MARCH, "employment_type": "contract"}).content.decode()
    assert rows_of(html, "funnel")[0][:2] == ["Applied", "1"]


def test_each_csv_download_is_the_apis_csv(history, admin, client_for):
    for name in REPORTS:
        page = get(admin, f"/app/reports/{name}.csv", MARCH)
        assert page.status_code == 200
        assert page["Content-Type"].startswith("text/csv")
        assert page["Content-Disposition"] == f'attachment; filename="{name}-2026-03-01-2026-03-31.csv"'
        params = {**MARCH, "format": "csv"}
        if name == "applications-over-time":
            params["by"] = "department"
        with at(NOW):
            api = client_for(admin).get(f"/api/reports/{name}/", params)
        assert page.content == api.content, name


def test_an_unknown_report_has_no_csv(admin):
    assert get(admin, "/app/reports/nothing.csv").status_code == 404


def test_the_page_reads_a_fixed_number_of_queries_however_much_history(history, admin):
    # Warm the report cache out of the way: a cold page reads each report once, then only the filter choices.
    client = page_client(admin)
    with at(NOW):
        client.get("/app/reports/", MARCH)
        with CaptureQueriesContext(connection) as warm:
            assert client.get("/app/reports/", MARCH).status_code == 200
    assert len(warm) == 4, [q["sql"] for q in warm]
