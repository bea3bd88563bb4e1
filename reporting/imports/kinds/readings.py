"""Indicator readings, including the long format of Kolada exports.

Columns: Indikator (code, Kolada id or name), Enhet (organisation code or name), Periodtyp
(optional), Period (``2023-02``, ``Q1 2022``, ``T1 2023``, ``H1 2023``, ``2023``, ``jan–feb 2023``,
``R12 2023-02``), Värde, and optionally Kommentar, Källa and Kön. Kolada's own headers (kpi,
municipality, period, gender, value) are accepted too; rows of another gender than the chosen one
(default T, totalt) are left out, and rows without a value are skipped and counted. Under
Kolada's machine header ``value`` numbers have a decimal point (``5.25``); under ``Värde`` they
are Swedish (``5,25``) and a dot is refused as ambiguous.

This importer streams: it reads a chunk of rows (plainly valid rows through a fast reader that
looks each distinct code and period up once; any other row cell by cell, with every problem
reported), looks the chunk's existing readings up in one query and writes the new and changed
ones with their history rows in a few bulk statements (``reporting.imports.bulk``). Memory
does not grow with the file: a chunk, the caches of distinct cells, the duplicate check's
compact hashes (``SeenKeys``) and a bounded sample of the changes for the preview.
"""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.choices import PeriodKind
from indicators.models import VALUE, IndicatorReading
from indicators.periods import MONTHS_SHORT_SV, period_label
from measures.choices import PeriodState
from measures.models import ReportingPeriod

from .. import columns as c
from ..bulk import ReadingWriter
from ..columns import CellError, is_empty
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

FAST_READER_NEEDS = ("indicator", "organisation", "period", "value")

_QUANTUM = Decimal(1).scaleb(-VALUE["decimal_places"])
_WHOLE, _PLACES = VALUE["max_digits"] - VALUE["decimal_places"], VALUE["decimal_places"]
_SWEDISH = re.compile(rf"-?\d{{1,{_WHOLE}}}(?:,\d{{1,{_PLACES}}})?")
_MACHINE = re.compile(rf"-?\d{{1,{_WHOLE}}}(?:\.\d{{1,{_PLACES}}})?")
"""Values that need no more checking than their look: at most 4 decimals and 20 digits."""
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
    chunk_size = 5000
    cache_size = 100_000
    """Most cells repeat (codes, periods): each distinct one is looked up once per import, up
    to this many per kind of cell."""

    write_in_thread = {"postgresql": True, "sqlite": False}
    """Per database: write each chunk in a worker thread while the next one is read. Not on
    SQLite: its ``executemany`` takes the GIL back for every row, so the reading thread and the
    writing one hand it over thousands of times a chunk (50 000 Excel rows: 1.6x read_excel with
    the thread, 1.0x without; PostgreSQL's COPY lets go of it once per chunk)."""

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
        self.writer = ReadingWriter(user_id=getattr(self.user, "pk", None), reason=self.reason)
        self.cached_orgs: dict = {}
        self.cached_indicators: dict = {}
        self.cached_periods: dict = {}
        self.fast = None
        self.worker: ThreadPoolExecutor | None = None
        self.pending: Future | None = None

    def match_header(self, header, header_row, result) -> bool:
        ok = super().match_header(header, header_row, result)
        # The fast reader needs these columns; a file without a value column (allowed: every
        # row is then skipped as empty) is read row by row.
        if ok and all(key in self.positions for key in FAST_READER_NEEDS):
            self.fast = self._fast_reader()
        return ok

    # -- the file ---------------------------------------------------------------------------
    def run(self, rows, result: ImportResult, progress) -> None:
        """Read the file chunk by chunk while a worker thread writes the previous chunk.

        Reading (CSV, and above all openpyxl for Excel) and the database's work on a chunk take
        turns otherwise; psycopg2 and sqlite3 let go of the GIL while the database works. The
        worker writes through this thread's connection, inside the import's transaction, and
        never while this thread uses it: each chunk's lookup waits for the previous write."""
        if not self.write_in_thread.get(self.writer.vendor, False):
            super().run(rows, result, progress)
            return
        connection = self.writer.connection
        connection.inc_thread_sharing()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-write")
        try:
            super().run(rows, result, progress)
            self.wait_for_writes()
        finally:
            try:
                self.wait_for_writes()  # even when reading failed: never leave a write running
            finally:
                self.worker.shutdown()
                self.worker = None
                connection.dec_thread_sharing()

    def wait_for_writes(self) -> None:
        """Wait for the chunk being written; its database error, if any, is raised here."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def write_later(self, creates: list, updates: list) -> None:
        def write() -> None:
            if creates:
                self.writer.create(creates)
            if updates:
                self.writer.update(updates)

        if self.worker is None:
            write()
        else:
            self.pending = self.worker.submit(write)

    # -- reading rows -----------------------------------------------------------------------
    def import_chunk(self, chunk, result: ImportResult) -> None:
        found = []
        fast = self.fast
        listed = len(result.problems)
        for number, cells in chunk:
            row = fast(number, cells) if fast else None
            if row is None:
                row = self.slow_row(number, cells, result)
                if row is None:
                    continue
            found.append(row)
        rows = []
        firsts = self.seen.add_many([row[1] for row in found], [row[0] for row in found])
        for row, first in zip(found, firsts, strict=True):
            if first is not None:
                what = _("samma indikator, enhet och period")
                message = _("Dubblett: %(what)s finns redan på rad %(row)s.")
                result.problem(row[0], "", message % {"what": what, "row": first})
            else:
                rows.append(row)
        if len(result.problems) > listed:  # the chunk's problems in row order
            result.problems[listed:] = sorted(result.problems[listed:], key=lambda p: p.row or 0)
        if rows:
            self.write(rows, result)

    def slow_row(self, number: int, cells, result: ImportResult):
        """The row read cell by cell; every problem of it reported (None then)."""
        v = self.read_row(number, cells, result)
        if v is None:
            return None
        try:
            return self.resolve(number, v, result)
        except RowProblem as exc:
            result.problem(number, exc.column, exc.message)
            return None

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
        key = (indicator.pk, org.pk, str(kind), month)
        return (
            number,
            key,
            v["value"],
            v.get("comment") or "",
            v.get("source") or "",
            indicator,
            org,
            (region.pk, month) in self.closed,
        )

    def _fast_reader(self):
        """A reader of rows whose every cell is plainly valid, returning what ``slow_row`` would
        return for them; None for any other row (``slow_row`` reads it and reports why).

        Codes and periods are looked up through the same functions as ``slow_row``, once per
        distinct cell; values are taken as they are when they look like ``-1234,5``."""
        by_key = {col.key: col for col in self.columns}
        pos = self.positions
        ind_at, org_at, period_at = pos["indicator"], pos["organisation"], pos["period"]
        kind_at, value_at = pos.get("period_kind"), pos["value"]
        gender_at, comment_at, source_at = pos.get("gender"), pos.get("comment"), pos.get("source")
        machine = "value" in self.machine
        plain = _MACHINE if machine else _SWEDISH
        read_value = by_key["value"].read
        value_context = {"unit": None, "machine": machine}
        read_text = {key: by_key[key].read for key in ("gender", "comment", "source")}
        no_context = {"unit": None, "machine": False}
        orgs, indicators, periods = self.cached_orgs, self.cached_indicators, self.cached_periods
        closed, gender, limit = self.closed, self.gender, self.cache_size

        def text(key: str, raw) -> str:
            return "" if is_empty(raw) else read_text[key](raw, no_context)

        def cell_key(raw):
            return raw if type(raw) is str else (type(raw), raw)

        def fast(number: int, cells: list):
            try:
                if gender_at is not None and text("gender", cells[gender_at]).casefold() != gender:
                    return None
                raw = cells[value_at]
                if type(raw) is str and plain.fullmatch(raw):
                    value = Decimal(raw.replace(",", ".")).quantize(_QUANTUM)
                elif type(raw) in (int, float, Decimal):
                    value = read_value(raw, value_context)
                else:
                    return None
                raw = cells[org_at]
                found = orgs.get(cell_key(raw))
                if found is None:
                    if is_empty(raw):
                        return None
                    org = self.orgs.get(by_key["organisation"].read(raw, no_context), "Enhet")
                    found = (org, self.orgs.region_of(org).pk)
                    if len(orgs) < limit:
                        orgs[cell_key(raw)] = found
                org, region_id = found
                raw = cells[ind_at]
                indicator = indicators.get((cell_key(raw), region_id))
                if indicator is None:
                    if is_empty(raw):
                        return None
                    text_ = by_key["indicator"].read(raw, no_context)
                    indicator = self.indicators.get(text_, "Indikator", region_id)
                    if len(indicators) < limit:
                        indicators[(cell_key(raw), region_id)] = indicator
                raw = cells[period_at]
                raw_kind = cells[kind_at] if kind_at is not None else None
                period = periods.get((cell_key(raw), cell_key(raw_kind)))
                if period is None:
                    if is_empty(raw):
                        return None
                    kind_text = None
                    if not is_empty(raw_kind):
                        kind_text = by_key["period_kind"].read(raw_kind, no_context)
                    kind, month = parse_period(by_key["period"].read(raw, no_context), kind_text)
                    period = (str(kind), month)
                    if len(periods) < limit:
                        periods[(cell_key(raw), cell_key(raw_kind))] = period
                comment = text("comment", cells[comment_at]) if comment_at is not None else ""
                source = text("source", cells[source_at]) if source_at is not None else ""
            except (IndexError, CellError, RowProblem):
                return None
            kind, month = period
            return (
                number,
                (indicator.pk, org.pk, kind, month),
                value,
                comment,
                source,
                indicator,
                org,
                (region_id, month) in closed,
            )

        return fast

    # -- writing ----------------------------------------------------------------------------
    @staticmethod
    def closed_message(month: dt.date) -> str:
        return _("Perioden %(p)s är stängd.") % {"p": month.strftime("%Y-%m")}

    def write(self, rows, result: ImportResult) -> None:
        """Compare a chunk's rows with the readings already there (one query) and write the
        new and changed ones in bulk; only counts and a bounded sample of changes are kept."""
        self.wait_for_writes()
        existing = self.writer.existing([row[1] for row in rows])
        what = str(IndicatorReading._meta.verbose_name)
        has_comment, has_source = self.has("comment"), self.has("source")
        names = {
            attr: str(IndicatorReading._meta.get_field(attr).verbose_name)
            for attr in ("value", "comment", "source")
        }
        creates, updates = [], []
        created = updated = unchanged = 0
        for number, key, value, comment, source, indicator, org, closed in rows:
            found = existing.get(key)
            if found is None:
                if closed:
                    result.problem(number, "Period", self.closed_message(key[3]))
                    continue
                creates.append((key, value, comment, source or self.file_name))
                created += 1
                if result.listing_changes:
                    label = f"{indicator.name}, {org.name}, {period_label(key[2], key[3])}"
                    result.change(Change(number, "created", what, label))
                else:
                    result.change_count += 1
                continue
            pk, old_value, old_comment, old_source = found
            new_comment = comment if has_comment else old_comment
            new_source = source if has_source else old_source
            if value == old_value and new_comment == old_comment and new_source == old_source:
                unchanged += 1
                continue
            if closed:
                result.problem(number, "Värde", self.closed_message(key[3]))
                continue
            updates.append((pk, value, new_comment, new_source))
            updated += 1
            if result.listing_changes:
                diffs = [
                    (names[attr], display(old), display(new))
                    for attr, old, new in (
                        ("value", old_value, value),
                        ("comment", old_comment, new_comment),
                        ("source", old_source, new_source),
                    )
                    if old != new
                ]
                label = f"{indicator.name}, {org.name}, {period_label(key[2], key[3])}"
                result.change(Change(number, "updated", what, label, diffs))
            else:
                result.change_count += 1
        if created:
            result.created[what] += created
        if updated:
            result.updated[what] += updated
        if unchanged:
            result.unchanged[what] += unchanged
        if not result.ok:
            return  # the whole import rolls back; no point in writing more
        if creates or updates:
            self.write_later(creates, updates)
