"""Every URL of the site refuses anonymous visitors (a redirect to the log-in page), except the
explicit allow-list below. A view made public (Django's ``login_not_required``) without being
added here fails the test."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from tests.url_walk import patterns, routes

pytestmark = pytest.mark.django_db

# The one list of public pages (URL names). The accessibility statement adds "accessibility".
# Static files are served by WhiteNoise before any view (no URL pattern); the lockout page is
# the answer to a refused log-in POST (no URL of its own).
PUBLIC_URL_NAMES = frozenset({"login", "admin:login", "accessibility"})


def test_the_public_views_are_exactly_the_allow_list():
    public = {
        name
        for name, _params, callback, _entry, _ns in patterns()
        if not getattr(callback, "login_required", True)
    }
    assert public == PUBLIC_URL_NAMES


def test_every_pattern_outside_the_admin_is_named():
    """An unnamed pattern could not be walked (and so not checked)."""
    unnamed = [
        str(entry.pattern)
        for name, _p, _callback, entry, namespace in patterns()
        if name is None and namespace != "admin:"
    ]
    assert unnamed == []


def test_anonymous_get_of_every_url_goes_to_the_log_in_page():
    client = Client()
    checked = 0
    login = reverse("login")
    for route in routes():
        response = client.get(route.url)
        if route.name in PUBLIC_URL_NAMES:
            assert response.status_code == 200, route
            continue
        assert response.status_code == 302, route
        if route.is_admin:
            # The admin: our log-in page or the admin's own, both with ?next=.
            assert response.url.startswith((login + "?next=", "/admin/login/?next=")), route
        else:
            assert response.url == f"{login}?next={quote(route.url)}", route
        checked += 1
    assert checked > 40


def test_static_files_are_public(settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/css/app.css")
    assert response.status_code == 200


def test_the_walk_sees_a_newly_public_view(monkeypatch):
    """The allow-list check can fail: marking a view public changes the derived set."""
    from django.contrib.auth.decorators import login_not_required

    callback = next(c for n, _p, c, _e, _ns in patterns() if n == "home")
    monkeypatch.setattr(callback, "login_required", True, raising=False)
    login_not_required(callback)
    public = {n for n, _p, c, _e, _ns in patterns() if not getattr(c, "login_required", True)}
    assert "home" in public and public != PUBLIC_URL_NAMES
