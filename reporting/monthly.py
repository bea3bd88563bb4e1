"""The monthly report (Månadsrapport) of one organisation and month: forms, data and the write.

Reading: ``MonthlyData.load`` fetches everything the page needs with a fixed number of queries
(measures in scope, this month's and earlier reports, due indicators and their readings).

Writing: ``save_monthly_report`` is the one keyword-only function that writes the page, under
``transaction.atomic``: all rows or none. Each row carries the ``version`` (measure reports) or
``updated_at`` token (readings) the user loaded; a row changed by someone else since then is a
conflict, and the whole save is refused with both values (no lost updates). A row whose
submitted values equal what is stored is skipped, so a double-click saves once. Rows are
written with ``bulk_create_with_history``/``bulk_update_with_history`` so the number of queries
does not grow with the number of rows and every change still has its history row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.choices import PeriodKind, Unit
from indicators.models import VALUE, Indicator, IndicatorReading, IndicatorTarget
from indicators.periods import period_label
from measures.choices import MeasureStatus, ReportState
from measures.fields import AmountField, SwedishDecimalField
from measures.forms import AccessibleErrorsMixin
from measures.locks import PeriodClosedError, closed_period_override, override_active
from measures.models import (
    Measure,
    MeasureReport,
    Organisation,
    OrganisationReport,
    ReportingPeriod,
)
from reporting.widgets import use_quick_widgets

CHANGE_REASON = "Månadsrapport"
REPORT_FIELDS = ("status", "realised", "forecast", "comment")


class MeasureRowForm(AccessibleErrorsMixin, forms.Form):
    """One measure's row: status, realised so far this year, full-year forecast, comment."""

    measure = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", "–"), *MeasureStatus.choices],
        required=False,
        show_hidden_initial=True,
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
        show_hidden_initial=True,
    )

    def __init__(self, *args, unit: str, measure: Measure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.measure_obj = measure
        for name, label in (
            ("realised", _("Utfall hittills i år")),
            ("forecast", _("Helårsprognos")),
        ):
            self.fields[name] = AmountField(
                unit=unit, label=label, required=False, show_hidden_initial=True
            )
        use_quick_widgets(self)
        self.order_fields(["measure", "version", "status", "realised", "forecast", "comment"])

    def clean_measure(self) -> int:
        value = self.cleaned_data["measure"]
        if value != self.measure_obj.pk:
            raise forms.ValidationError(_("Listan har ändrats sedan sidan laddades. Ladda om."))
        return value

    def clean(self) -> dict:
        data = super().clean()
        has_figures = any(
            data.get(k) not in (None, "") for k in ("realised", "forecast", "comment")
        )
        if has_figures and not data.get("status"):
            self.add_error("status", _("Välj en status för raden."))
        if data.get("version") and not data.get("status") and "status" not in self.errors:
            self.add_error("status", _("En rapporterad rad behöver en status."))
        return data


class ReadingRowForm(AccessibleErrorsMixin, forms.Form):
    """One indicator's outcome for the month."""

    indicator = forms.IntegerField(widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    value = SwedishDecimalField(
        label=_("Utfall"),
        required=False,
        max_digits=VALUE["max_digits"],
        decimal_places=VALUE["decimal_places"],
        show_hidden_initial=True,
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 1, "cols": 30}),
        show_hidden_initial=True,
    )

    def __init__(self, *args, indicator: Indicator, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indicator_obj = indicator
        use_quick_widgets(self)

    def clean_indicator(self) -> int:
        value = self.cleaned_data["indicator"]
        if value != self.indicator_obj.pk:
            raise forms.ValidationError(_("Listan har ändrats sedan sidan laddades. Ladda om."))
        return value

    def clean(self) -> dict:
        data = super().clean()
        if data.get("comment") and data.get("value") is None and "value" not in self.errors:
            self.add_error("value", _("Ange ett utfall till kommentaren."))
        return data


class RowFormSet(forms.BaseFormSet):
    """A formset whose forms are bound to a fixed list of objects (no extra, no deletion)."""

    def __init__(self, *args, objects: list, object_kwarg: str, form_kwargs: dict, **kwargs):
        self.objects = objects
        self.object_kwarg = object_kwarg
        self.common_kwargs = form_kwargs
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int) -> dict:
        kwargs = dict(self.common_kwargs)
        if index is not None and index < len(self.objects):
            kwargs[self.object_kwarg] = self.objects[index]
        return kwargs

    def total_form_count(self) -> int:
        return len(self.objects)

    def initial_form_count(self) -> int:
        return len(self.objects)


MeasureFormSet = forms.formset_factory(
    MeasureRowForm, formset=RowFormSet, extra=0, max_num=2000, absolute_max=2000
)
ReadingFormSet = forms.formset_factory(
    ReadingRowForm, formset=RowFormSet, extra=0, max_num=500, absolute_max=500
)


@dataclass
class DueIndicator:
    indicator: Indicator
    period_kind: str
    reading: IndicatorReading | None
    month: dt.date | None = None

    @property
    def input_unit(self) -> str:
        """The unit the value is typed in: durations are stored and typed in seconds."""
        if self.indicator.unit == Unit.DURATION:
            return str(_("sekunder"))
        return self.indicator.get_unit_display()

    @property
    def period_label(self) -> str:
        return period_label(self.period_kind, self.month) if self.month else self.period_kind


@dataclass
class MonthlyData:
    """Everything the page shows, fetched with a fixed number of queries."""

    organisation: Organisation
    period: ReportingPeriod
    measures: list[Measure]
    current: dict[int, MeasureReport]
    previous: dict[int, MeasureReport]
    due: list[DueIndicator]
    state: OrganisationReport | None

    @classmethod
    def load(cls, organisation: Organisation, period: ReportingPeriod) -> MonthlyData:
        measures = list(
            Measure.objects.for_org_subtree(organisation)
            .select_related("plan", "organisation", "heading")
            .order_by("plan__title", "plan_id", "position", "pk")
        )
        ids = [m.pk for m in measures]
        current = {
            r.measure_id: r
            for r in MeasureReport.objects.filter(period=period, measure_id__in=ids).select_related(
                "updated_by"
            )
        }
        previous: dict[int, MeasureReport] = {}
        earlier = (
            MeasureReport.objects.filter(
                measure_id__in=ids,
                period__region_id=period.region_id,
                period__month__lt=period.month,
            )
            .select_related("period")
            .order_by("measure_id", "-period__month")
        )
        for r in earlier:
            previous.setdefault(r.measure_id, r)
        return cls(
            organisation=organisation,
            period=period,
            measures=measures,
            current=current,
            previous=previous,
            due=_due_indicators(organisation, period),
            state=OrganisationReport.objects.filter(
                organisation=organisation, period=period
            ).first(),
        )

    def measure_initial(self) -> list[dict]:
        rows = []
        for m in self.measures:
            report = self.current.get(m.pk)
            row = {"measure": m.pk, "version": report.version if report else 0}
            source = report or self.previous.get(m.pk)
            if source is not None:
                row.update({k: getattr(source, k) for k in REPORT_FIELDS})
                if report is None and source.period.month.year != self.period.month.year:
                    row["realised"] = None  # "so far this year" starts again in January
            rows.append(row)
        return rows

    def reading_initial(self) -> list[dict]:
        return [
            {
                "indicator": d.indicator.pk,
                "token": d.reading.updated_at.isoformat() if d.reading else "",
                "value": d.reading.value.normalize() if d.reading else None,
                "comment": d.reading.comment if d.reading else "",
            }
            for d in self.due
        ]

    def formsets(self, *, unit: str, data=None) -> tuple[MeasureFormSet, ReadingFormSet]:
        measures = MeasureFormSet(
            data,
            initial=self.measure_initial(),
            prefix="atgard",
            objects=self.measures,
            object_kwarg="measure",
            form_kwargs={"unit": unit},
        )
        readings = ReadingFormSet(
            data,
            initial=self.reading_initial(),
            prefix="indikator",
            objects=[d.indicator for d in self.due],
            object_kwarg="indicator",
            form_kwargs={},
        )
        return measures, readings


def _due_indicators(organisation: Organisation, period: ReportingPeriod) -> list[DueIndicator]:
    """Indicators of the region with a target this year or with readings for this unit.

    The reading for the month uses the period kind the unit last reported the indicator in
    (a month by default), so year-to-date indicators stay year-to-date.
    """
    # EXISTS, not joins + DISTINCT: joining both targets and readings multiplied the rows
    # (180 ms for a unit at national scale; the sub-queries stop at the first match).
    has_target = IndicatorTarget.objects.filter(
        indicator=OuterRef("pk"), year=period.month.year
    )
    has_reading = IndicatorReading.objects.filter(
        indicator=OuterRef("pk"), organisation=organisation
    )
    indicators = list(
        Indicator.objects.for_region(period.region)
        .scorecard()
        .filter(Exists(has_target) | Exists(has_reading))
        .select_related("perspective")
        .order_by("perspective__position", "position", "name")
    )
    kinds: dict[int, str] = {}
    this_month: dict[tuple[int, str], IndicatorReading] = {}
    readings = IndicatorReading.objects.filter(
        organisation=organisation,
        indicator__in=indicators,
        month__lte=period.month,
    ).order_by("indicator_id", "-month")
    for r in readings:
        kinds.setdefault(r.indicator_id, r.period_kind)
        if r.month == period.month:
            this_month[(r.indicator_id, r.period_kind)] = r
    due = []
    for ind in indicators:
        kind = kinds.get(ind.pk, PeriodKind.MONTH)
        due.append(DueIndicator(ind, kind, this_month.get((ind.pk, kind)), period.month))
    return due


# -- the write ---------------------------------------------------------------------------------


@dataclass
class RowConflict:
    """A row someone else saved after the user loaded the page."""

    index: int
    label: str
    theirs: dict
    mine: dict
    by: str
    at: dt.datetime | None
    kind: str = "measure"
    token: str = ""


class ConflictError(Exception):
    def __init__(self, conflicts: list[RowConflict]) -> None:
        self.conflicts = conflicts
        super().__init__(f"{len(conflicts)} konflikter")


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    readings_written: int = 0
    state: str = ReportState.DRAFT
    labels: list[str] = field(default_factory=list)


def _same(report, values: dict, names) -> bool:
    return all(_norm(getattr(report, k)) == _norm(values.get(k)) for k in names)


def _edited(form: forms.Form, names) -> bool:
    """Did the user change any of these fields from what the page showed them?

    Compared with the hidden initial values the page carried, not with the database, so a row
    the user left alone is never a conflict even if someone else saved it meanwhile.
    """
    changed = form.changed_data
    return any(name in changed for name in names)


def _shown(form: forms.Form, names) -> dict | None:
    """The values the page showed the user (its hidden initial fields); None if unreadable."""
    shown = {}
    for name in names:
        field = form.fields[name]
        raw = form._widget_data_value(field.hidden_widget(), form.add_initial_prefix(name))
        try:
            shown[name] = field.to_python(raw)
        except forms.ValidationError:
            return None
    return shown


def _stale(form: forms.Form, current, names) -> bool:
    """Has someone changed the stored row away from what this user was shown?"""
    shown = _shown(form, names)
    return shown is None or not _same(current, shown, names)


def _norm(value):
    if isinstance(value, Decimal):
        return value.normalize()
    return "" if value is None else value


def _who(user) -> str:
    if user is None:
        return str(_("okänd"))
    return user.get_full_name() or user.get_username()


def save_monthly_report(
    *,
    data: MonthlyData,
    measure_forms: list[MeasureRowForm],
    reading_forms: list[ReadingRowForm],
    user,
    mark_ready: bool,
    allow_closed: bool = False,
) -> SaveResult:
    """Write the month's valid forms all at once, or nothing (see the module docstring).

    Raises ``PeriodClosedError`` if the month is closed (unless ``allow_closed``, for
    administrators) and ``ConflictError`` if any row was changed by someone else meanwhile.
    """
    try:
        with transaction.atomic():
            if allow_closed:
                with closed_period_override():
                    return _save(data, measure_forms, reading_forms, user, mark_ready)
            return _save(data, measure_forms, reading_forms, user, mark_ready)
    except IntegrityError as exc:  # a row created by someone else at the same moment
        raise ConflictError([]) from exc


def _save(data, measure_forms, reading_forms, user, mark_ready) -> SaveResult:
    period = ReportingPeriod.objects.select_for_update().get(pk=data.period.pk)
    if period.is_closed and not override_active():
        raise PeriodClosedError(period.label)
    now = timezone.now()
    result = SaveResult()
    conflicts: list[RowConflict] = []
    stored = {
        r.measure_id: r
        for r in MeasureReport.objects.select_for_update(of=("self",))
        .order_by()
        .filter(period=period, measure_id__in=[m.pk for m in data.measures])
        .select_related("updated_by")
    }
    to_create, to_update = [], []
    for index, form in enumerate(measure_forms):
        values = {k: form.cleaned_data.get(k) for k in REPORT_FIELDS}
        values["comment"] = values["comment"] or ""
        measure = form.measure_obj
        current = stored.get(measure.pk)
        if not values["status"]:
            continue
        if current is None:
            if form.cleaned_data["version"] != 0:
                raise ConflictError([])  # the row was deleted meanwhile: reload
            to_create.append(
                MeasureReport(
                    measure=measure,
                    period=period,
                    **values,
                    version=1,
                    updated_by=user,
                    updated_at=now,
                )
            )
            continue
        if _same(current, values, REPORT_FIELDS) or not _edited(form, REPORT_FIELDS):
            result.unchanged += 1
            continue
        if current.version != form.cleaned_data["version"] and _stale(form, current, REPORT_FIELDS):
            conflicts.append(
                RowConflict(
                    index=index,
                    label=str(measure),
                    theirs={k: getattr(current, k) for k in REPORT_FIELDS},
                    mine=values,
                    by=_who(current.updated_by),
                    at=current.updated_at,
                    token=str(current.version),
                )
            )
            continue
        for k, v in values.items():
            setattr(current, k, v)
        current.version += 1
        current.updated_by = user
        current.updated_at = now
        to_update.append(current)
    if conflicts:
        raise ConflictError(conflicts)
    # The guarded querysets check the closed-month rule again for these rows.
    common = {"default_user": user, "default_change_reason": CHANGE_REASON, "default_date": now}
    if to_create:
        bulk_create_with_history(to_create, MeasureReport, **common)
    if to_update:
        bulk_update_with_history(
            to_update,
            MeasureReport,
            ["status", "realised", "forecast", "comment", "version", "updated_by", "updated_at"],
            **common,
        )
    result.created, result.updated = len(to_create), len(to_update)
    _update_measure_status(period, [*to_create, *to_update], common)
    result.readings_written = _save_readings(data, period, reading_forms, user, now, common)
    result.state = _set_state(data.organisation, period, user, mark_ready)
    return result


def _update_measure_status(period, reports: list[MeasureReport], common: dict) -> None:
    """Keep Measure.status ("status enligt senaste rapport") in step with the newest report."""
    if not reports:
        return
    ids = [r.measure_id for r in reports]
    newer = set(
        MeasureReport.objects.filter(
            measure_id__in=ids, period__month__gt=period.month
        ).values_list("measure_id", flat=True)
    )
    status_of = {r.measure_id: r.status for r in reports if r.measure_id not in newer}
    measures = [m for m in Measure.objects.filter(pk__in=status_of) if m.status != status_of[m.pk]]
    for m in measures:
        m.status = status_of[m.pk]
    if measures:
        bulk_update_with_history(measures, Measure, ["status"], **common)


def _save_readings(data, period, reading_forms, user, now, common) -> int:
    due = {d.indicator.pk: d for d in data.due}
    stored = {
        (r.indicator_id, r.period_kind): r
        for r in IndicatorReading.objects.select_for_update(of=("self",))
        .order_by()
        .filter(organisation=data.organisation, month=period.month, indicator_id__in=list(due))
    }
    conflicts, to_create, to_update = [], [], []
    for index, form in enumerate(reading_forms):
        value = form.cleaned_data.get("value")
        comment = form.cleaned_data.get("comment") or ""
        d = due[form.indicator_obj.pk]
        current = stored.get((d.indicator.pk, d.period_kind))
        if current is None:
            if value is None:
                continue
            if form.cleaned_data.get("token"):
                raise ConflictError([])
            to_create.append(
                IndicatorReading(
                    indicator=d.indicator,
                    organisation=data.organisation,
                    period_kind=d.period_kind,
                    month=period.month,
                    value=value,
                    comment=comment,
                    source=CHANGE_REASON,
                    updated_by=user,
                    updated_at=now,
                )
            )
            continue
        same = _norm(current.value) == _norm(value) and current.comment == comment
        if same or not _edited(form, ("value", "comment")) or value is None:
            continue
        token_moved = form.cleaned_data.get("token") != current.updated_at.isoformat()
        if token_moved and _stale(form, current, ("value", "comment")):
            conflicts.append(
                RowConflict(
                    index=index,
                    label=str(d.indicator),
                    theirs={"value": current.value, "comment": current.comment},
                    mine={"value": value, "comment": comment},
                    by=_who(current.updated_by),
                    at=current.updated_at,
                    kind="reading",
                    token=current.updated_at.isoformat(),
                )
            )
            continue
        current.value, current.comment = value, comment
        current.updated_by, current.updated_at = user, now
        to_update.append(current)
    if conflicts:
        raise ConflictError(conflicts)
    if to_create:
        bulk_create_with_history(to_create, IndicatorReading, **common)
    if to_update:
        bulk_update_with_history(
            to_update, IndicatorReading, ["value", "comment", "updated_by", "updated_at"], **common
        )
    return len(to_create) + len(to_update)


def _set_state(organisation, period, user, mark_ready: bool) -> str:
    state = ReportState.READY if mark_ready else ReportState.DRAFT
    report = (
        OrganisationReport.objects.select_for_update(of=("self",))
        .order_by()
        .filter(organisation=organisation, period=period)
        .first()
    )
    if report is None:
        report = OrganisationReport(organisation=organisation, period=period)
    elif report.state == state:
        return state
    report.state, report.changed_by = state, user
    report._change_reason = CHANGE_REASON
    report.save()
    return state


def _display(form: forms.Form, name: str, value) -> str:
    if value in (None, ""):
        return "–"
    if name == "status":
        return str(MeasureStatus(value).label)
    if name == "comment":
        return f"”{value}”"
    return str(form.fields[name].prepare_value(value))


def conflict_message(form: forms.Form, conflict: RowConflict) -> str:
    """A Swedish message with both values and who saved when."""
    names = list(conflict.theirs)
    labels = {name: str(form.fields[name].label).lower() for name in names}
    theirs = ", ".join(f"{labels[n]} {_display(form, n, conflict.theirs[n])}" for n in names)
    mine = ", ".join(f"{labels[n]} {_display(form, n, conflict.mine[n])}" for n in names)
    when = timezone.localtime(conflict.at).strftime("%Y-%m-%d %H:%M") if conflict.at else "–"
    return str(
        _(
            "%(who)s sparade den här raden %(when)s, efter att du öppnade sidan. "
            "Sparat: %(theirs)s. Du skrev: %(mine)s. Ingenting sparades. Dina värden finns kvar: "
            "spara igen för att ersätta det sparade, eller ändra raden."
        )
        % {"who": conflict.by, "when": when, "theirs": theirs, "mine": mine}
    )


def rebase_on_conflicts(post, measure_fs, reading_fs, conflicts: list[RowConflict]):
    """The POST data with the conflicting rows' version and initial values set to what is
    stored now, so the user's typed values stay and a second save is a deliberate overwrite."""
    data = post.copy()
    for c in conflicts:
        fs = measure_fs if c.kind == "measure" else reading_fs
        form = fs.forms[c.index]
        data[form.add_prefix("version" if c.kind == "measure" else "token")] = c.token
        for name, value in c.theirs.items():
            prepared = form.fields[name].prepare_value(value)
            data[form.add_initial_prefix(name)] = "" if prepared is None else prepared
    return data
