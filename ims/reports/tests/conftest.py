import pytest

from ims.reports.tests.history import NOW, at, build_history


@pytest.fixture
def history(admin, interviewer, other_interviewer):
    return build_history(admin=admin, interviewer=interviewer, other_interviewer=other_interviewer)


@pytest.fixture
def report(admin, client_for):
    """``report("funnel", **params)``: the report's JSON body as an admin reads it at T0+20D (a 200 asserted)."""

    def read(name: str, **params):
        params.setdefault("from", "2026-03-01")
        params.setdefault("to", "2026-03-31")
        with at(NOW):
            # The token is minted at the same (travelled) time it is checked.
            response = client_for(admin).get(f"/api/reports/{name}/", params)
        assert response.status_code == 200, response.content
        return response.json()

    return read
