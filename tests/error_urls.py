"""A test-only URL conf: the site's URLs plus views that fail in each way (tests/test_error_pages)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied("internal-detail-PermissionDenied measures.access.require_admin")


def not_found(request):
    raise Http404("internal-detail-Http404 Organisation.DoesNotExist")


def bad_request(request):
    raise SuspiciousOperation("internal-detail-SuspiciousOperation")


def server_error(request):
    raise RuntimeError("internal-detail-RuntimeError SELECT * FROM measures_measure")


def csrf_protected(request):
    raise AssertionError("never reached without a CSRF token")


urlpatterns = [
    path("test-fel/403/", forbidden),
    path("test-fel/404/", not_found),
    path("test-fel/400/", bad_request),
    path("test-fel/500/", server_error),
    path("test-fel/csrf/", csrf_protected),
    *site_urlpatterns,
]
