"""measures.csp: the site-wide policy built once is the header django-csp builds per response,
and a response with a policy of its own (a decorator, a nonce) still gets django-csp's."""

from __future__ import annotations

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from measures.csp import CSPMiddleware, site_policies

pytestmark = pytest.mark.django_db


def respond(view, path="/om/", middleware=CSPMiddleware):
    request = RequestFactory().get(path)
    mw = middleware(view)
    mw.process_request(request)
    return request, mw.process_response(request, view(request))


def plain(request):
    return HttpResponse("ok")


def test_the_header_of_a_page_is_the_one_django_csp_builds(admin_client):
    response = admin_client.get(reverse("about"))
    _request, expected = respond(plain, middleware=DjangoCSPMiddleware)
    assert response[HEADER] == expected[HEADER]
    assert "frame-ancestors 'none'" in response[HEADER]
    assert HEADER_REPORT_ONLY not in response


def test_a_nonce_asked_for_after_the_header_is_an_error():
    request, _response = respond(plain)
    with pytest.raises(Exception, match="csp_nonce"):
        str(request.csp_nonce)


def test_a_view_with_its_own_policy_gets_django_csps_header():
    updated = csp_update({"img-src": "https://kartor.example"})(plain)
    _request, response = respond(updated)
    assert "https://kartor.example" in response[HEADER]
    _request, exempt = respond(csp_exempt()(plain))
    assert HEADER not in exempt


def test_a_view_that_uses_a_nonce_gets_it_in_the_header():
    def with_nonce(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    policy = {"DIRECTIVES": {"script-src": ["'self'", NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        request, response = respond(with_nonce)
        assert f"script-src 'self' 'nonce-{request._csp_nonce}'" in response[HEADER]
        _request, without = respond(plain)
        _request, expected = respond(plain, middleware=DjangoCSPMiddleware)
        assert without[HEADER] == expected[HEADER]
        assert "nonce" not in without[HEADER]


def test_changed_settings_give_a_new_header():
    before = site_policies()
    policy = {"DIRECTIVES": {"default-src": ["'none'"]}}
    with override_settings(
        CONTENT_SECURITY_POLICY=policy, CONTENT_SECURITY_POLICY_REPORT_ONLY=policy
    ):
        _request, response = respond(plain)
        assert response[HEADER] == "default-src 'none'"
        assert response[HEADER_REPORT_ONLY] == "default-src 'none'"
    assert site_policies() == before


def test_excluded_prefixes_and_debug_errors_get_no_header():
    policy = {"EXCLUDE_URL_PREFIXES": ["/utan/"], "DIRECTIVES": {"default-src": ["'self'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        _request, response = respond(plain, path="/utan/sida/")
        assert HEADER not in response
    with override_settings(DEBUG=True):
        _request, response = respond(lambda r: HttpResponse(status=404))
        assert HEADER not in response
