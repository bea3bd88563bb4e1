"""The import pipeline shared by every kind of file.

``run_import`` reads the file row by row, lets the kind's importer turn each row into upserts,
and collects every problem with its row (as Excel counts rows: the header is row 1) and column.
A dry run and a real import run the very same code inside one ``transaction.atomic`` block: the
dry run, and any run with a problem, roll back, so the preview is exactly what confirming does
and a file is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import IO, Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _

from measures.choices import AmountUnit
from measures.templatetags.sv import format_number

from .columns import CellError, Column, is_empty, normalise, split_unit
from .reader import BrokenRow, NotASpreadsheet, open_table

MAX_LISTED_PROBLEMS = 1000
MAX_LISTED_CHANGES = 500


@dataclass
class Problem:
    row: int | None
    column: str
    message: str


@dataclass
class Change:
    row: int
    action: str  # "created" or "updated"
    what: str  # the model's Swedish name
    label: str  # the object
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new)


@dataclass
class ImportResult:
    kind: str
    file_name: str
    rows: int = 0
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    changes: list[Change] = field(default_factory=list)
    change_count: int = 0
    notes: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def n_created(self) -> int:
        return sum(self.created.values())

    @property
    def n_updated(self) -> int:
        return sum(self.updated.values())

    @property
    def n_unchanged(self) -> int:
        return sum(self.unchanged.values())

    def problem(self, row: int | None, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(Problem(row, column, str(message)))

    @property
    def more_changes(self) -> int:
        """Changes counted but not listed (the preview keeps the first MAX_LISTED_CHANGES)."""
        return self.change_count - len(self.changes)

    @property
    def listing_changes(self) -> bool:
        """True while the preview's sample of changes has room (building one costs time)."""
        return len(self.changes) < MAX_LISTED_CHANGES

    def change(self, change: Change) -> None:
        self.change_count += 1
        if len(self.changes) < MAX_LISTED_CHANGES:
            self.changes.append(change)

    def summary(self) -> str:
        return _(
            "%(rows)s rader: %(created)s nya, %(updated)s ändrade, %(unchanged)s oförändrade, "
            "%(problems)s problem"
        ) % {
            "rows": self.rows,
            "created": self.n_created,
            "updated": self.n_updated,
            "unchanged": self.n_unchanged,
            "problems": self.problem_count,
        }

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "rows": self.rows,
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "skipped": dict(self.skipped),
            "problems": [vars(p) for p in self.problems],
            "problem_count": self.problem_count,
            "changes": [{**vars(c), "fields": [list(f) for f in c.fields]} for c in self.changes],
            "change_count": self.change_count,
            "notes": self.notes,
            "written": self.written,
        }

    @classmethod
    def from_dict(cls, data: dict) -> ImportResult:
        result = cls(kind=data["kind"], file_name=data["file_name"])
        result.rows = data["rows"]
        for name in ("created", "updated", "unchanged", "skipped"):
            setattr(result, name, Counter(data[name]))
        result.problems = [Problem(**p) for p in data["problems"]]
        result.problem_count = data["problem_count"]
        result.changes = [
            Change(**{**c, "fields": [tuple(f) for f in c["fields"]]}) for c in data["changes"]
        ]
        result.change_count = data["change_count"]
        result.notes = data["notes"]
        result.written = data["written"]
        return result


def display(value: Any) -> str:
    """A value as the preview shows it (Swedish numbers, ISO dates)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class SeenKeys:
    """The keys met so far in a file, to find duplicate rows, at about 12 bytes a key.

    Keys are kept as 64-bit hashes with the row they came on: the newest in a dict, the rest in
    sorted numpy arrays ("runs") of at most ``RUN`` keys. Runs are never merged into one big
    array, so remembering a key never copies all the others (a million keys take 12 MB, with
    no transient copy of them). This is the one structure of an import that grows with the
    file; everything else is bounded by a chunk.
    """

    MERGE_AT = 50_000
    RUN = 1 << 17

    def __init__(self) -> None:
        self.recent: dict[int, int] = {}
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, key: Any, row: int) -> int | None:
        """Remember ``key``; return the row it came on before, or None if it is new."""
        digest = hash(key)
        earlier = self.recent.get(digest)
        if earlier is not None:
            return earlier
        for hashes, rows in self.runs:
            i = int(np.searchsorted(hashes, digest))
            if i < hashes.size and hashes[i] == digest:
                return int(rows[i])
        self.recent[digest] = row
        if len(self.recent) >= self.MERGE_AT:
            self._flush()
        return None

    def add_many(self, keys: list, rows: list[int]) -> list[int | None]:
        """``add`` for a chunk of keys at once (one vectorised search per run)."""
        digests = [hash(key) for key in keys]
        earlier: list[int | None] = [None] * len(digests)
        if self.runs and digests:
            wanted = np.fromiter(digests, dtype=np.int64, count=len(digests))
            for hashes, run_rows in self.runs:
                at = np.searchsorted(hashes, wanted)
                at[at == hashes.size] = 0
                for j in np.flatnonzero(hashes[at] == wanted).tolist():
                    if earlier[j] is None:
                        earlier[j] = int(run_rows[at[j]])
        recent = self.recent
        for j, digest in enumerate(digests):
            if earlier[j] is not None:
                continue
            first = recent.get(digest)
            if first is not None:
                earlier[j] = first
            else:
                recent[digest] = rows[j]
        if len(recent) >= self.MERGE_AT:
            self._flush()
        return earlier

    def _flush(self) -> None:
        hashes = np.fromiter(self.recent, dtype=np.int64, count=len(self.recent))
        rows = np.fromiter(self.recent.values(), dtype=np.int32, count=len(self.recent))
        order = np.argsort(hashes)
        self.runs.append((hashes[order], rows[order]))
        self.recent = {}
        while len(self.runs) > 1:  # merge equal small runs, up to RUN keys
            (h2, r2), (h1, r1) = self.runs[-1], self.runs[-2]
            if h2.size < h1.size or h1.size + h2.size > self.RUN:
                break
            self.runs[-2:] = []
            merged, merged_rows = np.concatenate([h1, h2]), np.concatenate([r1, r2])
            order = np.argsort(merged, kind="stable")
            self.runs.append((merged[order], merged_rows[order]))


class RowProblem(Exception):
    """Raised by an importer for a row it cannot take; carries the column and the reason."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = str(message)


class Importer:
    """Base of the per-kind importers: header matching, cell reading, upserts with history."""

    kind = ""
    title = ""
    columns: list[Column] = []
    chunk_size = 500

    def __init__(self, *, file_name: str, user, unit: str | None, options: dict) -> None:
        self.file_name = file_name
        self.user = user
        self.default_unit = unit
        self.options = options
        # django-simple-history keeps the reason in a CharField(max_length=100).
        self.reason = f"Import: {file_name}"[:100]
        self.seen = SeenKeys()

    # -- header ---------------------------------------------------------------------------
    def match_header(self, header: list[str], header_row: int, result: ImportResult) -> bool:
        """Map file columns to ``self.columns``; report missing, doubled and unknown ones."""
        self.positions: dict[str, int] = {}
        self.units: dict[str, str] = {}
        self.machine: set[str] = set()
        by_name = {name: col for col in self.columns for name in col.names}
        for index, raw in enumerate(header):
            if not raw:
                continue
            name, unit = split_unit(raw)
            col = by_name.get(name)
            if col is None:
                result.notes.append(
                    _("Kolumnen ”%(name)s” känns inte igen och läses inte.") % {"name": raw}
                )
                continue
            if col.key in self.positions:
                result.problem(header_row, raw, _("Kolumnen finns två gånger."))
                continue
            self.positions[col.key] = index
            if name in {normalise(a) for a in col.machine_aliases}:
                self.machine.add(col.key)
            if col.money:
                chosen = unit or self.default_unit
                if chosen not in AmountUnit.values:
                    result.problem(
                        header_row,
                        raw,
                        _("Ange beloppens enhet i rubriken, t.ex. ”%(title)s”, eller välj den.")
                        % {"title": col.title("mkr")},
                    )
                    continue
                self.units[col.key] = chosen
        for col in self.columns:
            if col.required and col.key not in self.positions:
                result.problem(
                    header_row, col.header, _("Kolumnen ”%(name)s” saknas.") % {"name": col.header}
                )
        return result.ok

    def has(self, key: str) -> bool:
        return key in self.positions

    # -- rows -----------------------------------------------------------------------------
    def read_row(self, number: int, cells: list[Any], result: ImportResult) -> dict | None:
        """The row's cells converted by their columns, or None after reporting its problems."""
        values: dict[str, Any] = {}
        ok = True
        for col in self.columns:
            index = self.positions.get(col.key)
            if index is None:
                continue
            raw = cells[index] if index < len(cells) else None
            if is_empty(raw):
                if col.required:
                    result.problem(number, col.header, _("Värde saknas."))
                    ok = False
                values[col.key] = None
                continue
            try:
                context = {"unit": self.units.get(col.key), "machine": col.key in self.machine}
                values[col.key] = col.read(raw, context)
            except CellError as exc:
                result.problem(number, col.title(self.units.get(col.key)), str(exc))
                ok = False
        return values if ok else None

    def once(self, key: Any, number: int, result: ImportResult, what: str) -> bool:
        """False (and a problem) if ``key`` came on an earlier row of the file."""
        first = self.seen.add(key, number)
        if first is not None:
            result.problem(
                number,
                "",
                _("Dubblett: %(what)s finns redan på rad %(row)s.") % {"what": what, "row": first},
            )
            return False
        return True

    def run(self, rows: Iterator[tuple[int, list[Any]]], result: ImportResult, progress) -> None:
        while chunk := list(islice(rows, self.chunk_size)):
            result.rows += len(chunk)
            self.import_chunk(chunk, result)
            if progress:
                progress(result.rows)

    def import_chunk(self, chunk: list[tuple[int, list[Any]]], result: ImportResult) -> None:
        for number, cells in chunk:
            values = self.read_row(number, cells, result)
            if values is None:
                self.check_references(number, cells, result)
                continue
            try:
                self.import_row(number, values, result)
            except RowProblem as exc:
                result.problem(number, exc.column, exc.message)

    def import_row(self, number: int, values: dict, result: ImportResult) -> None:
        raise NotImplementedError

    references: dict[str, str] = {}
    """Column key → name of a lookup method (``text, column → object``), checked on their own
    on a row that has other problems, so one upload reports every problem of the row."""

    def check_references(self, number: int, cells: list[Any], result: ImportResult) -> None:
        for key, method in self.references.items():
            index = self.positions.get(key)
            raw = cells[index] if index is not None and index < len(cells) else None
            if is_empty(raw):
                continue
            column = next(col for col in self.columns if col.key == key)
            try:
                getattr(self, method)(str(raw).strip(), column.header)
            except RowProblem as exc:
                result.problem(number, exc.column, exc.message)

    # -- writing --------------------------------------------------------------------------
    def upsert(
        self,
        model: type[models.Model],
        key: dict,
        values: dict,
        *,
        number: int,
        result: ImportResult,
        locked: str = "",
        label: Callable[[models.Model], str] = str,
    ) -> models.Model | None:
        """Create or update one object through ``save()`` so its history records the change.

        ``locked`` names a closed period: a row that would change anything there is refused.
        """
        what = str(model._meta.verbose_name)
        obj = model.objects.filter(**key).first()
        if obj is None:
            if locked:
                raise RowProblem("", _("Perioden %(p)s är stängd.") % {"p": locked})
            obj = model(**key, **values)
            self.save(obj)
            result.created[what] += 1
            result.change(Change(number, "created", what, label(obj)))
            return obj
        diffs = []
        for attr, new in values.items():
            old = getattr(obj, attr)
            if old != new:
                verbose = str(model._meta.get_field(attr).verbose_name)
                diffs.append((verbose, display(old), display(new)))
                setattr(obj, attr, new)
        if not diffs:
            result.unchanged[what] += 1
            return obj
        if locked:
            raise RowProblem("", _("Perioden %(p)s är stängd.") % {"p": locked})
        self.before_update(obj)
        self.save(obj)
        result.updated[what] += 1
        result.change(Change(number, "updated", what, label(obj), diffs))
        return obj

    def before_update(self, obj: models.Model) -> None:
        """Hook for models that count their versions."""

    def save(self, obj: models.Model) -> None:
        obj._change_reason = self.reason
        obj._history_user = self.user
        if hasattr(obj, "updated_by_id"):
            obj.updated_by = self.user
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            raise RowProblem("", " ".join(exc.messages)) from exc
        obj.save()


def run_import(
    *,
    stream: IO[bytes],
    file_name: str,
    kind: str,
    user,
    dry_run: bool,
    unit: str | None = None,
    options: dict | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one file of ``kind``: all rows or none. A dry run writes nothing."""
    from .kinds import IMPORTERS

    importer = IMPORTERS[kind](file_name=file_name, user=user, unit=unit, options=options or {})
    result = ImportResult(kind=kind, file_name=file_name)
    try:
        table = open_table(stream)
    except NotASpreadsheet as exc:
        result.problem(None, "", str(exc))
        return result
    except BrokenRow as exc:
        result.problem(exc.row, "", str(exc))
        return result
    if not importer.match_header(table.header, table.header_row, result):
        return result
    try:
        with transaction.atomic():
            try:
                importer.run(table.rows, result, progress)
            except BrokenRow as exc:
                result.problem(exc.row, "", str(exc))
            if result.rows == 0 and result.ok:
                result.problem(None, "", _("Filen har rubriker men inga rader."))
            if dry_run or not result.ok:
                transaction.set_rollback(True)
    except DatabaseError as exc:
        result.problem(None, "", _("Databasen avvisade filen: %(error)s") % {"error": exc})
    result.written = not dry_run and result.ok
    return result
