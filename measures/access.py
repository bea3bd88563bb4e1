"""Who may see and change what: the one access helper every view starts with.

Rules (memberships in ``measures.models.Membership``):

- administrator (a superuser, or a membership with role ADMIN): reads and writes everything,
  and may write in a closed month;
- controller: writes the data of the membership's unit and every unit below it
  (``Organisation.path`` prefix), in open months only;
- reader: reads the membership's region, writes nothing;
- every member (reader or controller) reads everything of the region(s) of their memberships;
  a logged-in user without a membership reads nothing.

Read views start with ``require_read`` / ``organisation_for(..., write=False)`` (or limit their
querysets with ``Access.read_q`` / ``Organisation.objects.readable_by``); write views with
``require_write`` / ``require_admin``. Both raise ``Http404`` for an object outside the user's
scope (its existence is not revealed), ``PermissionDenied`` (403) for read-only users on writes
and for closed months. Anonymous users never get here: ``LoginRequiredMiddleware`` sends them
to the log-in page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .audit import audit
from .choices import Role
from .locks import PeriodClosedError
from .models import Membership, Organisation, ReportingPeriod

_CACHE_ATTR = "_uppfoljning_access"
READ_ONLY = _("Du har läsbehörighet och kan inte ändra något.")


@dataclass(frozen=True)
class Access:
    """A user's rights, read once per request."""

    user_id: int | None
    is_admin: bool
    controller_paths: tuple[str, ...]
    reader_paths: tuple[str, ...]

    @property
    def is_controller(self) -> bool:
        return bool(self.controller_paths)

    def can_edit(self, org: Organisation) -> bool:
        return self.is_admin or any(org.path.startswith(p) for p in self.controller_paths)

    def can_read(self, org: Organisation) -> bool:
        """Administrators read everything; members read the region(s) of their memberships."""
        return self.is_admin or any(org.path.startswith(p) for p in self.reader_paths)

    def read_q(self, path_field: str) -> Q:
        """A filter for rows whose organisation path (``path_field``) the user may read."""
        if self.is_admin:
            return Q()
        query = Q(pk__in=[])
        for p in self.reader_paths:
            query |= Q(**{f"{path_field}__startswith": p})
        return query

    def can_write_period(self, period: ReportingPeriod) -> bool:
        return self.is_admin or not period.is_closed


def _not_found(request: HttpRequest, reason: str) -> Http404:
    """A 404 for an object outside the user's scope, recorded in the audit log."""
    audit("access_denied", request=request, status=404, reason=reason)
    return Http404(_("Finns inte inom din behörighet."))


def _forbidden(request: HttpRequest, reason: str, exc: PermissionDenied) -> PermissionDenied:
    """A 403, recorded in the audit log."""
    audit("access_denied", request=request, status=403, reason=reason)
    return exc


def access_for(user) -> Access:
    """The user's rights (cached on the user object for the request)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user is None or not user.is_authenticated or not user.is_active:
        access = Access(None, False, (), ())
    else:
        rows = list(Membership.objects.filter(user=user).values_list("role", "organisation__path"))
        region_paths = tuple(sorted({"/" + p.strip("/").split("/")[0] + "/" for _r, p in rows}))
        access = Access(
            user_id=user.pk,
            is_admin=user.is_superuser or any(r == Role.ADMIN for r, _p in rows),
            controller_paths=tuple(sorted(p for r, p in rows if r == Role.CONTROLLER)),
            reader_paths=region_paths,
        )
    setattr(user, _CACHE_ATTR, access)
    return access


def require_write(request: HttpRequest, org: Organisation, period=None) -> Access:
    """Allow a write to ``org`` (in ``period``, if given) or raise 404/403.

    Anyone who may not read ``org`` and a controller outside their scope get 404; a reader
    403; anyone but an administrator 403 for a closed month.
    """
    access = access_for(request.user)
    if not access.is_admin:
        if not access.can_read(org):
            raise _not_found(request, "outside_read_scope")
        if not access.is_controller:
            raise _forbidden(request, "read_only", PermissionDenied(READ_ONLY))
        if not access.can_edit(org):
            raise _not_found(request, "outside_write_scope")
    if period is not None and not access.can_write_period(period):
        raise _forbidden(request, "closed_month", PeriodClosedError(period.label))
    return access


def require_admin(request: HttpRequest) -> Access:
    """Allow administrators only (403 for everyone else)."""
    access = access_for(request.user)
    if not access.is_admin:
        raise _forbidden(request, "not_admin", PermissionDenied(_("Endast administratörer.")))
    return access


def organisation_for(request: HttpRequest, code: str, *, write: bool) -> Organisation:
    """The organisation ``code``: 404 if unknown or outside the user's read (or write) scope."""
    org = get_object_or_404(Organisation, code=code)
    if write:
        require_write(request, org)
    else:
        require_read(request, org)
    return org


def require_read(request: HttpRequest, org: Organisation) -> Access:
    """Allow reading ``org``'s data or raise 404 (another region's existence is not revealed)."""
    access = access_for(request.user)
    if not access.can_read(org):
        raise _not_found(request, "outside_read_scope")
    return access


def period_for(org: Organisation, month_text: str) -> ReportingPeriod:
    """The reporting month ``ÅÅÅÅ-MM`` of ``org``'s region, or 404."""
    try:
        year, month = (int(x) for x in month_text.split("-"))
    except ValueError as exc:
        raise Http404 from exc
    return get_object_or_404(
        ReportingPeriod.objects.select_related("region", "closed_by"),
        region__code=org.region_code,
        month__year=year,
        month__month=month,
    )


def require_scope(request: HttpRequest, org: Organisation) -> Access:
    """For pages that edit ``org``'s data: anyone who may not read ``org`` and a controller
    outside their scope get 404.

    Readers of ``org``'s region and administrators pass (readers see the page read-only); use
    ``require_write`` before any write.
    """
    access = require_read(request, org)
    if access.is_controller and not access.can_edit(org):
        raise _not_found(request, "outside_write_scope")
    return access


def require_write_any(request: HttpRequest, candidates):
    """The units of ``candidates`` (a queryset) the user may write; 404 for a user who may read
    none of them or a controller with none of them in scope, 403 for other read-only users."""
    access = access_for(request.user)
    if access.is_admin:
        return candidates
    if not access.is_controller:
        readable = Organisation.objects.within_paths(access.reader_paths)
        if not candidates.filter(pk__in=readable).exists():
            raise _not_found(request, "outside_read_scope")
        raise _forbidden(request, "read_only", PermissionDenied(READ_ONLY))
    allowed = candidates.filter(pk__in=Organisation.objects.within_paths(access.controller_paths))
    if not allowed.exists():
        raise _not_found(request, "outside_write_scope")
    return allowed
