"""A person who opens a missing or forbidden page gets a page of the site, the API keeps its JSON errors."""

from django.test import Client


def test_a_missing_page_is_an_html_page_with_a_way_back(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"<h1" in response.content and b"Page not found" in response.content
    assert b'href="/"' in response.content


def test_a_missing_api_url_is_still_json(db):
    response = Client().get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_another_candidates_application_page_is_the_html_404(candidate, other_candidate):
    from tests import factories

    application = factories.ApplicationFactory(candidate=other_candidate)
    client = Client()
    client.force_login(candidate)
    response = client.get(f"/app/applications/{application.pk}/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
