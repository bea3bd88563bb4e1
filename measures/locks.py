"""The closed-month rule, enforced below the views.

A reporting month (``ReportingPeriod``) that an administrator has closed is read-only: no
measure report, indicator reading or decision follow-up that belongs to it may be created,
changed or deleted, whether through a form, the admin, an import, ``loaddata`` or a direct
``save()``. The model layer raises ``PeriodClosedError`` (signals on save and delete, and the
guarded querysets for ``update``/``bulk_create``/``bulk_update``).

The one way past the rule is explicit: ``with closed_period_override():`` around the write.
Only administrator-level code uses it: the fixture loader (history of past, closed months) and
the monthly report page when the user is an administrator. Every such write is still recorded
by django-simple-history. Anyone else reopens the month first (with a reason, recorded).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

_override: contextvars.ContextVar[bool] = contextvars.ContextVar("closed_override", default=False)


class PeriodClosedError(PermissionDenied):
    """A write that targets a closed reporting month (a 403 if it reaches a view)."""

    def __init__(self, label: str = "") -> None:
        self.label = label
        super().__init__(
            _("Månaden %(month)s är stängd och kan inte ändras.") % {"month": label or "–"}
        )


@contextlib.contextmanager
def closed_period_override() -> Iterator[None]:
    """Allow writes to closed months inside the block (administrator-level code only)."""
    token = _override.set(True)
    try:
        yield
    finally:
        _override.reset(token)


def override_active() -> bool:
    return _override.get()


def check_months_open(region_codes_months: Iterable[tuple[str, dt.date]]) -> None:
    """Raise PeriodClosedError if any (region code, first of month) is a closed period."""
    if override_active():
        return
    from .choices import PeriodState
    from .models import ReportingPeriod

    wanted = {(code, month.replace(day=1)) for code, month in region_codes_months if month}
    if not wanted:
        return
    closed = ReportingPeriod.objects.filter(
        state=PeriodState.CLOSED,
        region__code__in={c for c, _m in wanted},
        month__in={m for _c, m in wanted},
    ).values_list("region__code", "month")
    for code, month in closed:
        if (code, month) in wanted:
            raise PeriodClosedError(month.strftime("%Y-%m"))


def check_periods_open(period_ids: Iterable[int]) -> None:
    """Raise PeriodClosedError if any of these ReportingPeriod ids is closed."""
    if override_active():
        return
    from .choices import PeriodState
    from .models import ReportingPeriod

    ids = {pk for pk in period_ids if pk is not None}
    if not ids:
        return
    closed = ReportingPeriod.objects.filter(pk__in=ids, state=PeriodState.CLOSED).first()
    if closed is not None:
        raise PeriodClosedError(closed.label)


class PeriodGuardedQuerySet:
    """Mixin for querysets of period-bound models: bulk writes obey the closed-month rule.

    Subclasses implement ``_check_rows(self)`` (the rows this queryset touches) and
    ``_check_objs(objs)`` (unsaved or changed instances).
    """

    def update(self, **kwargs):
        self._check_rows()
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self._check_objs(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        self._check_objs(objs)
        self.filter(pk__in=[o.pk for o in objs])._check_rows()
        return super().bulk_update(objs, fields, *args, **kwargs)
