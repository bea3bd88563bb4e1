"""The status tables (django-tables2): measures, activities, decisions and indicators.

Each table can also give its rows for export (``export_headers`` and ``export_row``): plain
values with Swedish headers, amounts in mkr as exact Decimals, fed to ``reporting.exports``.
Footers come from ``measures.savings`` and ``reporting.board``, the dashboard's functions.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indicators.status import Verdict
from measures.choices import FollowUpStatus, MeasureStatus
from measures.templatetags.status import direction_badge, measure_status, verdict_badge
from measures.templatetags.sv import amount_in

MILLION = Decimal(1_000_000)
NUM = {"th": {"class": "num"}, "td": {"class": "num"}, "tf": {"class": "num"}}


def mkr_or_none(value: Decimal | None) -> Decimal | None:
    return None if value is None else value / MILLION


def short_org(org) -> str:
    """The unit's short name, with its full name for pointer and screen-reader users."""
    if not org.short_name:
        return org.name
    return format_html('<abbr title="{}">{}</abbr>', org.name, org.short_name)


def status_label(value: str) -> str:
    return MeasureStatus(value).label if value in MeasureStatus.values else ""


class BaseTable(tables.Table):
    caption = ""
    export_name = "tabell"
    row_header = ""
    """Name of the column whose cells head their rows (th scope="row")."""

    class Meta:
        attrs = {"class": "status-table"}
        empty_text = _("Inga rader matchar filtret.")

    def __init__(self, *args, caption: str = "", footer_totals: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption or self.caption
        self.footer_totals = footer_totals or {}


def money_column(verbose_name: str, accessor: str, total_key: str) -> tables.Column:
    return tables.Column(
        verbose_name=verbose_name,
        accessor=accessor,
        attrs=NUM,
        empty_values=(),
        footer=lambda table: amount_in(table.footer_totals.get(total_key), "mkr"),
    )


class MeasureTable(BaseTable):
    code = tables.Column(verbose_name=_("Bet."), empty_values=(), footer=_("Summa"))
    title = tables.Column(verbose_name=_("Åtgärd"), linkify=("measure", {"pk": tables.A("pk")}))
    organisation = tables.Column(
        verbose_name=_("Enhet"), accessor="organisation", order_by="organisation__path"
    )
    plan = tables.Column(verbose_name=_("Plan"), accessor="plan__title")
    current_status = tables.Column(verbose_name=_("Status"), empty_values=())
    planned = money_column(_("Planerat (mkr)"), "planned", "planned")
    month_realised = money_column(_("Utfall hittills i år (mkr)"), "month_realised", "realised")
    month_forecast = money_column(_("Prognos helår (mkr)"), "month_forecast", "forecast")

    caption = _("Åtgärder")
    export_name = "atgarder"
    row_header = "title"

    class Meta(BaseTable.Meta):
        sequence = (
            "code",
            "title",
            "organisation",
            "plan",
            "current_status",
            "planned",
            "month_realised",
            "month_forecast",
        )

    def render_code(self, value):
        return value or "–"

    def render_organisation(self, value):
        return short_org(value)

    def render_current_status(self, value):
        return measure_status(value)

    def render_planned(self, value):
        return amount_in(value, "mkr")

    def render_month_realised(self, value):
        return amount_in(value, "mkr")

    def render_month_forecast(self, value):
        return amount_in(value, "mkr")

    export_headers = [
        "Beteckning",
        "Åtgärd",
        "Enhet",
        "Plan",
        "Status",
        "Planerat (mkr)",
        "Utfall hittills i år (mkr)",
        "Prognos helår (mkr)",
    ]

    @staticmethod
    def export_row(m) -> list:
        return [
            m.code,
            m.title,
            m.organisation.name,
            m.plan.title,
            status_label(m.current_status),
            mkr_or_none(m.planned),
            mkr_or_none(m.month_realised),
            mkr_or_none(m.month_forecast),
        ]


class ActivityTable(BaseTable):
    code = tables.Column(verbose_name=_("Bet."), empty_values=())
    title = tables.Column(
        verbose_name=_("Aktivitet"),
        linkify=("measure", {"pk": tables.A("pk")}),
        footer=lambda table: table.footer_totals.get("summary", ""),
    )
    organisation = tables.Column(
        verbose_name=_("Enhet"), accessor="organisation", order_by="organisation__path"
    )
    current_status = tables.Column(verbose_name=_("Status"), empty_values=())
    timetable = tables.Column(verbose_name=_("Tidplan"), empty_values=())
    responsible = tables.Column(verbose_name=_("Ansvarig"), empty_values=())
    month_comment = tables.Column(verbose_name=_("Kommentar"), empty_values=(), orderable=False)

    caption = _("Aktiviteter (åtgärder utan besparingar)")
    export_name = "aktiviteter"
    row_header = "title"

    class Meta(BaseTable.Meta):
        pass

    def render_code(self, value):
        return value or "–"

    def render_organisation(self, value):
        return short_org(value)

    def render_current_status(self, value):
        return measure_status(value)

    def render_timetable(self, value, record):
        return value or (record.end.isoformat() if record.end else "–")

    def render_responsible(self, value):
        return value or "–"

    def render_month_comment(self, value):
        return value or "–"

    export_headers = [
        "Beteckning",
        "Aktivitet",
        "Enhet",
        "Plan",
        "Status",
        "Tidplan",
        "Ansvarig",
        "Kommentar",
    ]

    @staticmethod
    def export_row(m) -> list:
        return [
            m.code,
            m.title,
            m.organisation.name,
            m.plan.title,
            status_label(m.current_status),
            m.timetable or (m.end.isoformat() if m.end else ""),
            m.responsible,
            m.month_comment or "",
        ]


class DecisionTable(BaseTable):
    title = tables.Column(
        verbose_name=_("Beslut"),
        footer=lambda table: table.footer_totals.get("summary", ""),
    )
    decided_on = tables.DateColumn(verbose_name=_("Beslutat"), format="Y-m-d")
    body = tables.Column(verbose_name=_("Organ"), accessor="body__name")
    addressees = tables.Column(verbose_name=_("Till"), empty_values=(), orderable=False)
    deadline = tables.Column(verbose_name=_("Tidsgräns"), empty_values=())
    latest_follow_up_date = tables.DateColumn(verbose_name=_("Senaste återrapport"), format="Y-m-d")
    latest_follow_up_status = tables.Column(verbose_name=_("Status"), empty_values=())

    caption = _("Beslut och återrapporter")
    export_name = "beslut"
    row_header = "title"

    class Meta(BaseTable.Meta):
        pass

    def render_title(self, value, record):
        url = reverse("decisions", args=[record.body.region.code])
        prefix = f"{record.position}. " if record.kind == "beslut" else ""
        return format_html('<a href="{}#decision-{}">{}{}</a>', url, record.pk, prefix, value)

    def render_addressees(self, record):
        names = ", ".join(a.name for a in record.addressees.all())
        return record.addressee_text or names or "–"

    def render_deadline(self, record):
        return record.deadline_text or (record.deadline.isoformat() if record.deadline else "–")

    def render_latest_follow_up_status(self, value):
        return measure_status(value)

    export_headers = [
        "Nr",
        "Beslut",
        "Beslutat",
        "Organ",
        "Diarienummer",
        "Till",
        "Tidsgräns",
        "Återrapportering",
        "Senaste återrapport",
        "Status",
    ]

    @staticmethod
    def export_row(d) -> list:
        status = d.latest_follow_up_status
        return [
            d.position if d.kind == "beslut" else None,
            d.title,
            d.decided_on,
            d.body.name,
            d.reference,
            d.addressee_text or ", ".join(a.name for a in d.addressees.all()),
            d.deadline_text or d.deadline,
            d.reporting_duty,
            d.latest_follow_up_date,
            FollowUpStatus(status).label if status in FollowUpStatus.values else "",
        ]


class IndicatorTable(BaseTable):
    """Rows are ``indicators.scorecard.ScoreRow`` values, not model instances."""

    name = tables.Column(
        verbose_name=_("Indikator"),
        accessor="indicator__name",
        footer=lambda table: table.footer_totals.get("summary", ""),
    )
    perspective = tables.Column(
        verbose_name=_("Perspektiv"), accessor="indicator__perspective__name", empty_values=()
    )
    target = tables.Column(verbose_name=_("Mål"), accessor="target__text", empty_values=())
    outcome = tables.Column(verbose_name=_("Utfall"), accessor="outcome_text", attrs=NUM)
    period = tables.Column(
        verbose_name=_("Period"), accessor="reading__period_label", empty_values=()
    )
    verdict = tables.Column(verbose_name=_("Status"), empty_values=())
    direction = tables.Column(verbose_name=_("Trend"), empty_values=(), orderable=False)

    caption = _("Indikatorer")
    export_name = "indikatorer"
    row_header = "name"

    class Meta(BaseTable.Meta):
        pass

    def render_name(self, value, record):
        url = reverse("indicator_trend", args=[record.indicator.code])
        return format_html('<a href="{}">{}</a>', url, value)

    def render_perspective(self, value):
        return value or "–"

    def render_target(self, value):
        return value or "–"

    def render_period(self, value):
        return value or "–"

    def render_verdict(self, record):
        return verdict_badge(record.verdict, record.verdict_stated)

    def render_direction(self, record):
        return direction_badge(record.direction, record.direction_stated)

    export_headers = ["Indikator", "Perspektiv", "Mål", "Utfall", "Period", "Status", "Trend"]

    @staticmethod
    def export_row(r) -> list:
        stated = " (enligt rapport)"
        return [
            r.indicator.name,
            r.indicator.perspective.name if r.indicator.perspective else "",
            r.target.text if r.target else "",
            r.outcome_text,
            r.reading.period_label if r.reading else "",
            r.verdict.label + (stated if r.verdict_stated else ""),
            (r.direction.label + (stated if r.direction_stated else "")) if r.direction else "",
        ]


def verdict_summary(rows) -> str:
    """'24 indikatorer: 5 uppfyllda, 3 nära målet, 10 ej uppfyllda, 6 kan inte bedömas'."""
    counts = Counter(str(r.verdict) for r in rows)
    parts = [
        f"{counts[v.value]} {label}"
        for v, label in (
            (Verdict.GREEN, "uppfyllda"),
            (Verdict.YELLOW, "nära målet"),
            (Verdict.RED, "ej uppfyllda"),
            (Verdict.UNKNOWN, "kan inte bedömas"),
        )
        if counts.get(v.value)
    ]
    return f"{len(rows)} indikatorer" + (": " + ", ".join(parts) if parts else "")
