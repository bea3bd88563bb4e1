"""Indicator readings, including the long format of Kolada exports.

Columns: Indikator (code, Kolada id or name), Enhet (organisation code or name), Periodtyp
(optional), Period (``2023-02``, ``Q1 2022``, ``T1 2023``, ``H1 2023``, ``2023``, ``jan–feb 2023``,
``R12 2023-02``), Värde, and optionally Kommentar, Källa and Kön. Kolada's own headers (kpi,
municipality, period, gender, value) are accepted too; rows of another gender than the chosen one
(default T, totalt) are left out, and rows without a value are skipped and counted. Under
Kolada's machine header ``value`` numbers have a decimal point (``5.25``); under ``Värde`` they
are Swedish (``5,25``) and a dot is refused as ambiguous.

This importer streams: it reads a chunk of rows, looks the chunk's existing readings up in one
query and writes it with bulk inserts and updates that still record history
(``bulk_create_with_history`` / ``bulk_update_with_history``).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.choices import PeriodKind
from indicators.models import VALUE, IndicatorReading
from indicators.periods import MONTHS_SHORT_SV, period_label
from measures.choices import PeriodState
from measures.models import ReportingPeriod

from .. import columns as c
from ..engine import Change, Importer, ImportResult, RowProblem, display

COLUMNS = [
    c.Column(
        "indicator",
        "Indikator",
        c.text(300),
        required=True,
        aliases=("kpi", "kpi-id", "nyckeltal", "nyckeltals-id", "nyckeltalsid", "indikatorkod"),
    ),
    c.Column(
        "organisation",
        "Enhet",
        c.text(200),
        required=True,
        aliases=(
            "organisation",
            "municipality",
            "municipality_id",
            "kommun",
            "kommun-id",
            "region",
            "organisationsenhet",
        ),
    ),
    c.Column("period_kind", "Periodtyp", c.choice(PeriodKind)),
    c.Column("period", "Period", c.text(40), required=True, aliases=("år", "year", "månad")),
    c.Column(
        "value",
        "Värde",
        c.places(VALUE["decimal_places"], VALUE["max_digits"]),
        aliases=("utfall",),
        machine_aliases=("value",),
    ),
    c.Column("gender", "Kön", c.text(10), aliases=("gender",)),
    c.Column("comment", "Kommentar", c.text(20000)),
    c.Column("source", "Källa", c.text(200)),
]

_SHORT = {m: i for i, m in enumerate(MONTHS_SHORT_SV, start=1)}
_PATTERNS = [
    (re.compile(r"(\d{4})-(\d{1,2})(?:-01)?"), PeriodKind.MONTH, lambda m: (int(m[1]), int(m[2]))),
    (re.compile(r"(\d{4})"), PeriodKind.YEAR, lambda m: (int(m[1]), 12)),
    (re.compile(r"q([1-4]) (\d{4})"), PeriodKind.QUARTER, lambda m: (int(m[2]), int(m[1]) * 3)),
    (re.compile(r"t([1-3]) (\d{4})"), PeriodKind.TERTIAL, lambda m: (int(m[2]), int(m[1]) * 4)),
    (re.compile(r"h([1-2]) (\d{4})"), PeriodKind.HALF_YEAR, lambda m: (int(m[2]), int(m[1]) * 6)),
    (re.compile(r"r12 (\d{4})-(\d{1,2})"), PeriodKind.R12, lambda m: (int(m[1]), int(m[2]))),
    (
        re.compile(r"jan(?:\s*[–-]\s*([a-zä]{3}))? (\d{4})"),
        PeriodKind.YTD,
        lambda m: (int(m[2]), _SHORT.get(m[1] or "jan", 0)),
    ),
]


def _match_period(raw) -> tuple[str, int, int]:
    if isinstance(raw, dt.date):
        return PeriodKind.MONTH, raw.year, raw.month
    text = " ".join(str(raw).replace("\u2013", "–").split()).casefold()
    if text.endswith(".0"):
        text = text[:-2]
    for pattern, kind, parts in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return (kind, *parts(match))
    raise RowProblem(
        "Period", _("”%(p)s” är ingen period (t.ex. 2023-02, Q1 2022, 2023).") % {"p": raw}
    )


def parse_period(raw, kind: str | None) -> tuple[str, dt.date]:
    """(period kind, first day of the period's last month) from a cell and an optional kind."""
    found_kind, year, month = _match_period(raw)
    if not 1 <= month <= 12 or not 1990 <= year <= 2100:
        raise RowProblem("Period", _("”%(p)s” är ingen period.") % {"p": raw})
    if kind and kind != found_kind:
        if found_kind == PeriodKind.MONTH and kind in (PeriodKind.YTD, PeriodKind.R12):
            found_kind = kind  # "2023-02" with Periodtyp "Ackumulerat i år": the last month
        else:
            raise RowProblem("Period", _("Perioden ”%(p)s” passar inte periodtypen.") % {"p": raw})
    return found_kind, dt.date(year, month, 1)


class ReadingsImporter(Importer):
    kind = "readings"
    title = gettext_lazy("Utfall för indikatorer (även Kolada)")
    columns = COLUMNS
    chunk_size = 2000
    batch_size = 500

    references = {"organisation": "find_org"}

    def find_org(self, text: str, column: str):
        return self.orgs.get(text, column)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        from ..lookups import Indicators, Organisations

        self.orgs = Organisations()
        self.indicators = Indicators()
        self.closed = set(
            ReportingPeriod.objects.filter(state=PeriodState.CLOSED).values_list(
                "region_id", "month"
            )
        )
        self.gender = (self.options.get("gender") or "T").casefold()

    def import_chunk(self, chunk, result: ImportResult) -> None:
        rows = []
        for number, cells in chunk:
            v = self.read_row(number, cells, result)
            if v is None:
                continue
            try:
                row = self.resolve(number, v, result)
            except RowProblem as exc:
                result.problem(number, exc.column, exc.message)
                continue
            if row is not None:
                rows.append(row)
        if rows:
            self.write(rows, result)

    def resolve(self, number: int, v: dict, result: ImportResult):
        if self.has("gender") and (v.get("gender") or "").casefold() != self.gender:
            result.skipped[_("annat kön")] += 1
            return None
        if v.get("value") is None:
            result.skipped[_("tomt värde")] += 1
            return None
        org = self.orgs.get(v["organisation"], "Enhet")
        region = self.orgs.region_of(org)
        indicator = self.indicators.get(v["indicator"], "Indikator", region.pk)
        kind, month = parse_period(v["period"], v.get("period_kind"))
        key = (indicator.pk, org.pk, kind, month)
        if not self.once(key, number, result, _("samma indikator, enhet och period")):
            return None
        return number, key, v, indicator, org, (region.pk, month) in self.closed

    @staticmethod
    def closed_message(month: dt.date) -> str:
        return _("Perioden %(p)s är stängd.") % {"p": month.strftime("%Y-%m")}

    def write(self, rows, result: ImportResult) -> None:
        existing = {
            (r.indicator_id, r.organisation_id, r.period_kind, r.month): r
            for r in IndicatorReading.objects.filter(
                indicator_id__in={k[0] for _n, k, *_ in rows},
                organisation_id__in={k[1] for _n, k, *_ in rows},
                month__in={k[3] for _n, k, *_ in rows},
            )
        }
        what = str(IndicatorReading._meta.verbose_name)
        creates, updates, fields = [], [], set()
        now = timezone.now()
        for number, key, v, indicator, org, closed in rows:
            label = f"{indicator.name}, {org.name}, {period_label(key[2], key[3])}"
            values = {"value": v["value"]}
            if self.has("comment"):
                values["comment"] = v.get("comment") or ""
            if self.has("source"):
                values["source"] = v.get("source") or ""
            reading = existing.get(key)
            if reading is None:
                if closed:
                    result.problem(number, "Period", self.closed_message(key[3]))
                    continue
                values["source"] = values.get("source") or self.file_name
                creates.append(
                    IndicatorReading(
                        indicator=indicator,
                        organisation=org,
                        period_kind=key[2],
                        month=key[3],
                        updated_by=self.user,
                        **values,
                    )
                )
                result.created[what] += 1
                result.change(Change(number, "created", what, label))
                continue
            diffs = []
            for attr, new in values.items():
                if getattr(reading, attr) != new:
                    name = str(IndicatorReading._meta.get_field(attr).verbose_name)
                    diffs.append((name, display(getattr(reading, attr)), display(new)))
                    setattr(reading, attr, new)
                    fields.add(attr)
            if not diffs:
                result.unchanged[what] += 1
            elif closed:
                result.problem(number, "Värde", self.closed_message(key[3]))
            else:
                reading.updated_by, reading.updated_at = self.user, now
                updates.append(reading)
                result.updated[what] += 1
                result.change(Change(number, "updated", what, label, diffs))
        if not result.ok:
            return  # the whole import rolls back; no point in writing more
        if creates:
            bulk_create_with_history(
                creates,
                IndicatorReading,
                batch_size=self.batch_size,
                default_user=self.user,
                default_change_reason=self.reason,
            )
        if updates:
            bulk_update_with_history(
                updates,
                IndicatorReading,
                [*sorted(fields), "updated_by", "updated_at"],
                batch_size=self.batch_size,
                default_user=self.user,
                default_change_reason=self.reason,
            )
