"""django-csp's middleware with the site-wide policy written once instead of per response.

No view of the product changes its policy (no ``csp_update``/``csp_replace``/``csp_exempt``
decorator, no nonce), so every response carries the same header; django-csp builds it anew
for each one (copying the directives, sorting, joining: a tenth of a millisecond, a tenth of
an empty page). This subclass answers such a response with the header built once from the
settings, and hands every other response (one with a view's own policy, a nonce, or an
exemption) to django-csp unchanged. ``tests/test_csp_middleware.py`` holds the header to the
one django-csp builds.
"""

from __future__ import annotations

import http.client
from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

OWN_POLICY_ATTRS = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
"""What django-csp's decorators set on a response to give it a policy of its own."""

DEBUG_EXEMPT = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)


@cache
def site_policies() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(header, policy, excluded URL prefixes) of the enforced and the report-only policy, as
    django-csp builds them from the settings (an empty policy is left out)."""
    out = []
    for header, setting, report_only in (
        (HEADER, "CONTENT_SECURITY_POLICY", False),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
    ):
        policy = build_policy(report_only=report_only)
        if policy:
            config = getattr(settings, setting, None) or {}
            out.append((header, policy, tuple(config.get("EXCLUDE_URL_PREFIXES", None) or ())))
    return tuple(out)


@receiver(setting_changed)
def _forget_policies(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        site_policies.cache_clear()


class CSPMiddleware(BaseCSPMiddleware):
    """``csp.middleware.CSPMiddleware``, the site-wide header built once."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, attr, None) is not None for attr in OWN_POLICY_ATTRS
        ):
            return super().process_response(request, response)
        if response.status_code in DEBUG_EXEMPT and settings.DEBUG:
            return response
        for header, policy, excluded in site_policies():
            if header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        # as django-csp does: a nonce asked for after the header is written is an error
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
