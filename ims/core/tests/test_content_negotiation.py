"""An Accept header naming nothing the API renders is answered in JSON (or the ?format= asked for), never a 406:
schema fuzzing found `Accept: True` answered with an undocumented 406."""

import pytest

from tests import factories


@pytest.mark.parametrize("accept", ["True", "image/png", "text/csv", "application/xml;q=0.9"])
def test_an_accept_header_the_api_cannot_honour_gets_json(candidate_client, accept):
    factories.JobFactory(title="Backend Engineer")
    response = candidate_client.get("/api/jobs/open/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"][0]["title"] == "Backend Engineer"


def test_a_report_asked_for_as_csv_stays_csv_whatever_the_accept_header_says(admin_client):
    response = admin_client.get("/api/reports/funnel/?format=csv", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_an_unknown_format_is_still_a_404(candidate_client):
    assert candidate_client.get("/api/users/me/?format=xml").status_code == 404
