"""The reports' API: admins only, validated query parameters (400 naming the field), filters, CSV."""

import csv
import io

import pytest

from ims.reports.tests.history import NOW, at

pytestmark = pytest.mark.django_db

REPORTS = (
    "funnel",
    "time-to-hire",
    "time-in-stage",
    "interviewer-load",
    "feedback-turnaround",
    "rejection-reasons",
    "applications-over-time",
)


@pytest.mark.parametrize("name", REPORTS)
def test_only_admins_read_reports(name, anon_client, interviewer_client, candidate_client, admin_client):
    url = f"/api/reports/{name}/"
    assert anon_client.get(url).status_code == 401
    assert interviewer_client.get(url).status_code == 403
    assert candidate_client.get(url).status_code == 403
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("name", REPORTS)
def test_a_report_over_no_data_is_empty_not_an_error(name, admin_client):
    body = admin_client.get(f"/api/reports/{name}/").json()
    assert body["report"] == name
    for row in body["rows"]:
        # Only the fixed rows (all jobs, each stage) remain, with nothing counted.
        assert row.get("reached", row.get("count", 0)) == 0
        for key in ("median_days", "p90_days", "median_hours", "p90_hours", "conversion_to_next"):
            assert row.get(key) is None


def test_the_range_defaults_to_the_last_90_days_up_to_today_utc(admin, client_for):
    with at(NOW):
        body = client_for(admin).get("/api/reports/funnel/").json()
    assert (body["from"], body["to"]) == ("2025-12-23", "2026-03-22")
    with at(NOW):
        body = client_for(admin).get("/api/reports/funnel/", {"to": "2026-03-10"}).json()
    assert (body["from"], body["to"]) == ("2025-12-11", "2026-03-10")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "03/01/2026"}, "from"),
        ({"from": "2026-02-30"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"to": "9999-12-31"}, "to"),
        ({"to": "0001-01-01"}, "to"),
        ({"from": "0001-01-01"}, "from"),
        ({"from": "2026-03-02", "to": "2026-03-01"}, "from"),
        ({"job": "0"}, "job"),
        ({"job": "-3"}, "job"),
        ({"job": "1.5"}, "job"),
        ({"job": str(2**63)}, "job"),
        ({"employment_type": "freelance"}, "employment_type"),
        ({"department": "x" * 101}, "department"),
        ({"by": "week"}, "by"),
        ({"format": "xml"}, "format"),
    ],
)
def test_bad_query_parameters_are_a_400_naming_the_parameter(admin_client, params, field):
    response = admin_client.get("/api/reports/funnel/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"]


def test_an_error_asked_for_as_csv_is_still_the_json_error(admin_client):
    response = admin_client.get("/api/reports/funnel/", {"format": "csv", "job": "x"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "job" in response.json()["errors"]


def test_the_largest_64_bit_job_id_is_valid_and_matches_nothing(admin_client):
    response = admin_client.get("/api/reports/time-to-hire/", {"job": str(2**63 - 1)})
    assert response.status_code == 200
    assert [row["count"] for row in response.json()["rows"]] == [0, 0]


def test_filters_narrow_every_report_to_a_job_a_department_or_an_employment_type(history, report):
    designer = history.designer.pk
    for params in ({"job": designer}, {"department": "design"}, {"employment_type": "contract"}):
        rows = report("funnel", **params)["rows"]
        assert {row["job"] for row in rows} == {None, designer}
        assert [row["reached"] for row in rows if row["job"] is None] == [1, 1, 1, 1]
        assert [row["count"] for row in report("applications-over-time", **params)["rows"]] == [1]
        load = report("interviewer-load", **params)["rows"]
        assert [(row["total"], row["completed"]) for row in load] == [(1, 1)]
    engineering = report("time-in-stage", department="ENGINEERING")["rows"]
    assert [row["count"] for row in engineering] == [5, 4, 3, 1]


def test_the_range_includes_both_its_days_in_utc(history, report):
    # Only A6 applied on Friday 6 March (09:00 UTC); A5 applied on the 5th.
    rows = report("applications-over-time", **{"from": "2026-03-06", "to": "2026-03-06"})["rows"]
    assert [(row["job"], row["count"]) for row in rows] == [(history.backend.pk, 1)]
    rows = report("applications-over-time", **{"from": "2026-03-05", "to": "2026-03-06"})["rows"]
    assert sum(row["count"] for row in rows) == 2


def test_every_report_downloads_as_csv_with_a_header_row(history, admin, client_for):
    for name in REPORTS:
        with at(NOW):
            client = client_for(admin)
            body = client.get(f"/api/reports/{name}/", {"from": "2026-03-01", "to": "2026-03-31"}).json()
            response = client.get(f"/api/reports/{name}/", {"from": "2026-03-01", "to": "2026-03-31", "format": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{name}-2026-03-01-2026-03-31.csv"'
        lines = list(csv.reader(io.StringIO(response.content.decode())))
        assert lines[0] == body["columns"]
        assert len(lines) == 1 + len(body["rows"])


def test_csv_cells_are_iso_dates_and_empty_for_null(history, report, admin, client_for):
    with at(NOW):
        response = client_for(admin).get(
            "/api/reports/applications-over-time/",
            {"from": "2026-03-01", "to": "2026-03-31", "format": "csv", "by": "department"},
        )
    assert response.content.decode().splitlines() == [
        "week,job,job_title,department,count",
        "2026-03-02,,,Design,1",
        "2026-03-02,,,Engineering,5",
    ]


def test_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas(admin, client_for):
    from ims.jobs import services
    from tests import factories

    with at(NOW):
        job = factories.JobFactory(title="=HYPERLINK(1)", department="Eng")
        services.application_create(candidate=factories.CandidateFactory(), job=job)
        response = client_for(admin).get("/api/reports/applications-over-time/", {"format": "csv"})
    assert "'=HYPERLINK(1)" in response.content.decode()


def test_the_schema_documents_every_report_with_its_parameters_and_csv(admin_client):
    schema = admin_client.get("/api/schema/", {"format": "json"}).json()
    for name in REPORTS:
        operation = schema["paths"][f"/api/reports/{name}/"]["get"]
        assert {"from", "to", "job", "department", "employment_type", "format", "page", "page_size"} <= {
            p["name"] for p in operation["parameters"]
        }
        assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}
        assert {"400", "401", "403", "404"} <= set(operation["responses"])
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        assert {"count", "next", "previous", "rows"} <= set(schema["components"]["schemas"][ref]["properties"])


def test_each_report_documents_its_own_rows(admin_client):
    schema = admin_client.get("/api/schema/", {"format": "json"}).json()
    refs = {
        schema["paths"][f"/api/reports/{name}/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"][
            "$ref"
        ]
        for name in REPORTS
    }
    assert len(refs) == len(REPORTS)


def test_a_reports_json_is_paged_in_its_order_with_links_to_the_next_and_previous_pages(
    history, report, interviewer, other_interviewer
):
    first = report("interviewer-load", page_size=1)
    assert (first["count"], first["previous"]) == (2, None)
    assert [(row["week"], row["interviewer"], row["total"]) for row in first["rows"]] == [
        ("2026-03-02", interviewer.pk, 5)
    ]
    assert "page=2" in first["next"] and "page_size=1" in first["next"] and "from=2026-03-01" in first["next"]
    second = report("interviewer-load", page_size=1, page=2)
    assert second["rows"] == [
        {
            "week": "2026-03-09",
            "interviewer": other_interviewer.pk,
            "interviewer_name": "Olga Other",
            "total": 1,
            "scheduled": 0,
            "upcoming": 0,
            "completed": 1,
            "no_show": 0,
            "cancelled": 0,
        }
    ]
    assert (second["count"], second["next"]) == (2, None)
    assert "page=" not in second["previous"] and "page_size=1" in second["previous"]
    assert report("interviewer-load", page_size=1, page="last")["rows"] == second["rows"]
    # Funnel: all jobs (4 stages), then Backend Engineer, then Product Designer.
    funnel = report("funnel", page_size=5, page=2)
    assert funnel["count"] == 12
    assert [(row["job"], row["stage"], row["reached"]) for row in funnel["rows"]] == [
        (history.backend.pk, "screening", 4),
        (history.backend.pk, "interviewing", 4),
        (history.backend.pk, "selected", 2),
        (history.designer.pk, "applied", 1),
        (history.designer.pk, "screening", 1),
    ]


def test_a_page_holds_a_hundred_rows_unless_asked_and_the_csv_holds_them_all(admin, client_for):
    from datetime import timedelta

    from django.utils import timezone

    from ims.jobs import services
    from tests import factories

    round_type = factories.RoundTypeFactory()
    start = timezone.now() + timedelta(days=1)
    for n in range(105):  # 105 interviewers with one interview each: 105 rows
        application = services.application_create(candidate=factories.CandidateFactory(), job=factories.JobFactory())
        factories.InterviewFactory(
            application=application,
            round_type=round_type,
            interviewer=factories.InterviewerFactory(),
            scheduled_at=start + timedelta(minutes=n),
        )
    from ims.reports.rebuild import rebuild

    rebuild()
    client = client_for(admin)
    params = {"to": str((start + timedelta(days=1)).date())}
    body = client.get("/api/reports/interviewer-load/", params).json()
    assert (body["count"], len(body["rows"])) == (105, 100)
    assert len(client.get("/api/reports/interviewer-load/", {**params, "page": 2}).json()["rows"]) == 5
    assert len(client.get("/api/reports/interviewer-load/", {**params, "page_size": 1000}).json()["rows"]) == 105
    csv_lines = client.get("/api/reports/interviewer-load/", {**params, "format": "csv"}).content.splitlines()
    assert len(csv_lines) == 1 + 105


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1001"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page_size": "1" * 5000}, "page_size"),
        ({"page": "0"}, "page"),
        ({"page": "first"}, "page"),
        ({"page": "²"}, "page"),
    ],
)
def test_bad_page_parameters_are_a_400_naming_the_parameter(admin_client, params, field):
    response = admin_client.get("/api/reports/interviewer-load/", params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {field}


def test_a_page_past_the_last_is_a_404_saying_how_many_there_are(history, admin, client_for):
    with at(NOW):
        response = client_for(admin).get(
            "/api/reports/interviewer-load/", {"from": "2026-03-01", "to": "2026-03-31", "page": 3, "page_size": 1}
        )
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no page 3: the report has 2 page(s) of 1 rows."


def test_an_empty_report_has_one_empty_page(admin_client):
    body = admin_client.get("/api/reports/interviewer-load/").json()
    assert (body["count"], body["next"], body["previous"], body["rows"]) == (0, None, None, [])
