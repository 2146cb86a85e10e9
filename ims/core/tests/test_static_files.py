"""Static files (Swagger UI, the Django admin's CSS) are served by IMS itself in every mode, through WhiteNoise:
under DEBUG straight from the apps, in production from `collectstatic` with hashed, compressed, cached names."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings

ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def _assets(response) -> list[str]:
    return ASSET.findall(response.content.decode())


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def development(settings):
    settings.DEBUG = True
    settings.SECURE_SSL_REDIRECT = False
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """`manage.py collectstatic --noinput` as the README's production section says, once for this module."""
    root = tmp_path_factory.mktemp("static")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    with override_settings(STATIC_ROOT=str(root), STORAGES=storages):
        # Without the two biggest folders nothing here uses (ReDoc, the DEBUG-only browsable API): ~5 s less CPU.
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["redoc", "rest_framework"])
    return root, storages


@pytest.fixture
def production(settings, collected):
    root, storages = collected
    settings.DEBUG = False
    settings.STATIC_ROOT = str(root)
    settings.STORAGES = storages
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False


def test_in_development_the_swagger_ui_page_loads_every_asset_it_references(anon_client, db, development):
    page = anon_client.get("/api/docs/")
    assert page.status_code == 200
    assets = _assets(page)
    assert {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"} <= {
        url.rsplit("/", 1)[-1] for url in assets
    }
    for url in assets:
        response = anon_client.get(url)
        assert response.status_code == 200, url
        assert _body(response), url


def test_in_development_the_admin_is_styled(anon_client, db, development):
    page = anon_client.get("/admin/login/")
    stylesheets = [url for url in _assets(page) if url.endswith(".css")]
    assert "/static/admin/css/base.css" in stylesheets
    for url in stylesheets:
        response = anon_client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/css")


def test_in_production_the_swagger_ui_assets_have_hashed_names_cached_for_good_and_compressed(
    anon_client, db, production
):
    page = anon_client.get("/api/docs/", secure=True)
    assert page.status_code == 200
    assets = _assets(page)
    bundle = next(url for url in assets if "swagger-ui-bundle" in url)
    assert re.search(r"swagger-ui-bundle\.[0-9a-f]{12}\.js$", bundle), bundle
    for url in assets:
        response = anon_client.get(url, secure=True, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, url
        assert "immutable" in response["Cache-Control"], url
    assert anon_client.get(bundle, secure=True, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"


def test_in_production_the_admin_is_styled(anon_client, db, production):
    page = anon_client.get("/admin/login/", secure=True)
    stylesheets = [url for url in _assets(page) if url.endswith(".css")]
    base = next(url for url in stylesheets if "/admin/css/base." in url)
    assert base != "/static/admin/css/base.css"
    for url in stylesheets:
        response = anon_client.get(url, secure=True)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/css")


def test_an_unknown_static_file_is_a_404(anon_client, db, development):
    assert anon_client.get("/static/nothing-here.css").status_code == 404
