"""Swedish, generic error pages with DEBUG=False: no stack trace, no internal names, a link to
the start page; 500.html renders without a request context and without the database."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

INTERNALS = ("internal-detail", "Traceback", "measures.", "DoesNotExist", "SELECT", "File \"")


@pytest.fixture
def client_(settings, controller):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(enforce_csrf_checks=True)
    client.force_login(controller)
    client.raise_request_exception = False
    return client


def assert_generic(response, status: int, heading: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert heading in html
    assert '<html lang="sv"' in html
    assert 'href="/"' in html  # back to the start page
    for word in INTERNALS:
        assert word not in html, word
    return html


def test_403(client_):
    html = assert_generic(client_.get("/test-fel/403/"), 403, "Åtkomst nekad")
    assert 'class="site-header"' in html  # the base layout


def test_404(client_):
    assert_generic(client_.get("/test-fel/404/"), 404, "Sidan finns inte")
    assert_generic(client_.get("/finns-inte/alls/"), 404, "Sidan finns inte")


def test_400(client_):
    assert_generic(client_.get("/test-fel/400/"), 400, "Felaktig begäran")


def test_403_csrf(client_):
    assert_generic(client_.post("/test-fel/csrf/", {}), 403, "Formuläret kunde inte skickas")


def test_500(client_):
    assert_generic(client_.get("/test-fel/500/"), 500, "Något gick fel")


def test_500_renders_without_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Något gick fel" in html and 'href="/"' in html


def test_access_helpers_answer_with_these_pages(settings, other_controller_client, reader_client):
    """Another organisation's objects: 404 (not revealed) and 403 for read-only users."""
    settings.DEBUG = False
    other = other_controller_client.get(reverse("dashboard", args=["rvm-hsf"]))
    assert_generic(other, 404, "Sidan finns inte")
    denied = reader_client.get(reverse("periods", args=["rvm"]))
    assert_generic(denied, 403, "Åtkomst nekad")


def test_the_check_can_fail_with_debug_on(settings, controller):
    """With DEBUG=True Django shows its technical page: the internal detail is visible."""
    settings.DEBUG = True
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client()
    client.force_login(controller)
    client.raise_request_exception = False
    assert "internal-detail" in client.get("/test-fel/404/").content.decode()
