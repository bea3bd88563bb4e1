"""Every URL pattern of config.urls (included ones too), with plausible values for its
parameters, for the tests that walk the whole site (test_url_walk, test_csrf)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from measures.models import ActionPlan, Decision, Measure, ReportingPeriod
from reporting.imports.kinds import IMPORTERS
from reporting.models import ImportBatch


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" for namespaced patterns
    url: str
    callback: object

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")


def patterns(resolvers=None, namespace: str = ""):
    """(qualified name or None, parameter names, callback, pattern, namespace) of every
    pattern, recursively."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                yield (None, [], entry.callback, entry, namespace)
                continue
            pattern = entry.pattern
            if hasattr(pattern, "converters") and pattern.converters:
                params = list(pattern.converters)
            else:
                regex = re.compile(str(pattern.regex.pattern))
                # Named groups by name; unnamed ones (simple_history's admin) by position.
                params = list(regex.groupindex) or [f"_{i}" for i in range(regex.groups)]
            yield (namespace + entry.name, params, entry.callback, entry, namespace)


def values(name: str, batch_token: str | None = None) -> dict:
    """Plausible values by URL name and parameter (objects of the loaded source reports)."""
    measure = Measure.objects.filter(organisation__code__startswith="rvm").first()
    decision = Decision.objects.order_by("pk").first()
    period = ReportingPeriod.objects.filter(region__code="rvm").order_by("month").first()
    plan = ActionPlan.objects.filter(owner__code__startswith="rvm").first()
    from indicators.models import Indicator

    indicator = Indicator.objects.first()
    code_by_name = {
        "decisions": "rvm",
        "periods": "rvm",
        "period_open": "rvm",
        "plan": plan.code,
        "measure_create": plan.code,
        "indicator": indicator.code,
        "indicator_trend": indicator.code,
    }
    pk_by_name = {
        "measure": measure.pk,
        "measure_edit": measure.pk,
        "measure_savings": measure.pk,
        "follow_up_create": decision.pk,
        "period_close": period.pk,
        "period_reopen": period.pk,
        "period_overview": period.pk,
    }
    return {
        "code": code_by_name.get(name, "rvm-hsf"),
        "pk": pk_by_name.get(name, 1),
        "month": "2023-02",
        "token": batch_token or "okand-token",
        "kind": next(iter(IMPORTERS)),
        "fmt": "csv",
        # admin
        "app_label": "measures",
        "object_id": str(measure.pk),
        "content_type_id": "1",
        "url": "okand/",
        "user_id": "1",
        "id": "1",
    }


def routes(batch_token: str | None = None) -> list[Route]:
    """One URL for every named pattern."""
    out = []
    for name, params, callback, _entry, _ns in patterns():
        if name is None:
            continue
        given = values(name.split(":")[-1], batch_token)
        if params and params[0] == "_0":
            url = reverse(name, args=[given["object_id"]] + ["1"] * (len(params) - 1))
        else:
            url = reverse(name, kwargs={p: given[p] for p in params})
        out.append(Route(name, url, callback))
    return out


def latest_batch_token() -> str | None:
    batch = ImportBatch.objects.order_by("-pk").first()
    return batch.token if batch else None
