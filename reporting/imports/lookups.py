"""Find organisations, indicators, plans and measures by code or name, as a file gives them.

Each lookup loads its (small) table once per import, so a row costs no query.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from indicators.models import Indicator
from measures.models import ActionPlan, Measure, Organisation

from .columns import normalise
from .engine import RowProblem


def _index(objects, *attrs) -> dict[str, list]:
    found: dict[str, list] = {}
    for obj in objects:
        for attr in attrs:
            value = getattr(obj, attr)
            if value:
                bucket = found.setdefault(normalise(value), [])
                if obj not in bucket:
                    bucket.append(obj)
    return found


class Organisations:
    def __init__(self) -> None:
        orgs = list(Organisation.objects.all())
        self.by_code = {o.code.casefold(): o for o in orgs}
        self.by_name = _index(orgs, "name", "short_name")
        self.by_pk = {o.pk: o for o in orgs}

    def get(self, text: str, column: str) -> Organisation:
        found = self.by_code.get(text.strip().casefold())
        if found:
            return found
        matches = self.by_name.get(normalise(text), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise RowProblem(
                column,
                _("Flera enheter heter ”%(name)s”; ange enhetens kod (%(codes)s).")
                % {"name": text, "codes": ", ".join(o.code for o in matches)},
            )
        raise RowProblem(column, _("Okänd organisation ”%(name)s”.") % {"name": text})

    def region_of(self, org: Organisation) -> Organisation:
        return self.by_code[org.region_code]

    def region(self, text: str, column: str) -> Organisation:
        org = self.get(text, column)
        if org.parent_id is not None:
            raise RowProblem(column, _("”%(name)s” är ingen region.") % {"name": text})
        return org


class Indicators:
    def __init__(self) -> None:
        indicators = list(Indicator.objects.all())
        self.by_code = {i.code.casefold(): i for i in indicators}
        self.by_other = _index(indicators, "kolada_id", "name")

    def get(self, text: str, column: str, region_id: int | None) -> Indicator:
        found = self.by_code.get(text.strip().casefold())
        if found:
            return found
        matches = self.by_other.get(normalise(text), [])
        if len(matches) > 1 and region_id is not None:
            matches = [i for i in matches if i.region_id == region_id]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise RowProblem(
                column,
                _("Flera indikatorer heter ”%(name)s”; ange indikatorns kod.") % {"name": text},
            )
        raise RowProblem(column, _("Okänd indikator ”%(name)s”.") % {"name": text})


class Plans:
    def __init__(self) -> None:
        plans = list(ActionPlan.objects.select_related("owner"))
        self.by_code = {p.code.casefold(): p for p in plans}
        self.by_title = _index(plans, "title")

    def get(self, text: str, column: str) -> ActionPlan:
        found = self.by_code.get(text.strip().casefold())
        if found:
            return found
        matches = self.by_title.get(normalise(text), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise RowProblem(
                column, _("Flera planer heter ”%(name)s”; ange planens kod.") % {"name": text}
            )
        raise RowProblem(column, _("Okänd plan ”%(name)s”.") % {"name": text})


def find_measure(plan: ActionPlan, code: str, title: str) -> Measure | None:
    """A plan's measure by its code, or by its title if it has no code; None if there is none."""
    if code:
        return Measure.objects.filter(plan=plan, code=code).first()
    matches = list(Measure.objects.filter(plan=plan, code="", title=title)[:2])
    if len(matches) > 1:
        raise RowProblem(
            "",
            _("Flera åtgärder i planen heter ”%(title)s”; ge dem en beteckning.")
            % {"title": title},
        )
    return matches[0] if matches else None
