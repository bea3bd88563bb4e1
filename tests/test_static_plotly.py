"""plotly.js is served once per browser: a hashed static file, compressed, cached for a year
(the production storage, collected as ``collectstatic`` does, served by WhiteNoise)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.templatetags.static import static
from django.test import RequestFactory, override_settings
from django.urls import reverse
from whitenoise.middleware import WhiteNoiseMiddleware

PLOTLY = "vendor/plotly-4.1.1.min.js"
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def collected(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))


def test_plotly_is_hashed_compressed_and_cached_for_a_year(collected):
    url = static(PLOTLY)
    assert url != "/static/" + PLOTLY  # the name carries the content hash
    request = RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip")
    response = collected(request)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert "Accept-Encoding" in response["Vary"]
    assert int(response["Content-Length"]) < 1_600_000  # 4,8 MB uncompressed


def test_uncompressed_only_when_the_browser_asks_for_it(collected):
    response = collected(RequestFactory().get(static(PLOTLY)))
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert int(response["Content-Length"]) > 4_000_000


@pytest.mark.django_db
def test_chart_pages_load_the_one_static_file_and_inline_no_plotly(reader_client):
    html = reader_client.get(reverse("dashboard", args=["rvm"]), {"manad": "2023-02"})
    text = html.content.decode()
    assert text.count("plotly-4.1.1.min.js") == 1
    assert "Plotly.newPlot" not in text
