"""Organisations, decisions, action plans, measures, savings and monthly measure reports.

Money is stored exactly, in kronor, as ``Decimal`` with two decimals (öre); the unit a user
types or reads (kr, tkr, mkr) is a matter of presentation (``measures.amounts``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import (
    AmountUnit,
    BodyKind,
    DecisionKind,
    FollowUpStatus,
    MeasureStatus,
    OrgKind,
    PeriodState,
    PlanKind,
    ReportState,
    Role,
    SavingsCategory,
)
from .locks import PeriodGuardedQuerySet, check_months_open, check_periods_open
from .savings import SavingRow

MONEY = {"max_digits": 15, "decimal_places": 2}
"""Up to 9 999 999 999 999,99 kr: more than any Swedish region's budget."""


class OrganisationQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str) -> Organisation:
        """The unit with this code: lets ``loaddata`` resolve ``dumpdata --natural-foreign``."""
        return self.get(code=code)

    def subtree_of(self, org: Organisation) -> OrganisationQuerySet:
        """The organisation itself and every unit below it."""
        return self.filter(path__startswith=org.path)

    def regions(self) -> OrganisationQuerySet:
        """Top-level units (no parent)."""
        return self.filter(parent__isnull=True)

    def within_paths(self, paths) -> OrganisationQuerySet:
        """Units at or below any of these tree paths (none if ``paths`` is empty)."""
        query = Q(pk__in=[])
        for p in paths:
            query |= Q(path__startswith=p)
        return self.filter(query)

    def readable_by(self, user) -> OrganisationQuerySet:
        """Units ``user`` may read: all for administrators, else the region(s) of their
        memberships (none for a user without a membership)."""
        from .access import access_for

        access = access_for(user)
        return self.all() if access.is_admin else self.within_paths(access.reader_paths)

    def editable_by(self, user) -> OrganisationQuerySet:
        """Units whose data ``user`` may change: all for administrators, a controller's subtrees."""
        from .access import access_for

        access = access_for(user)
        return self.all() if access.is_admin else self.within_paths(access.controller_paths)


class Organisation(models.Model):
    """A unit of the organisation tree: region → administration → area → unit.

    ``path`` is the chain of codes from the region down (``/vgr/su/``); it makes a subtree one
    indexed prefix lookup. It is derived from the parent and the code on save.
    """

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=40, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnad enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=400, editable=False, db_index=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisationsenhet")
        verbose_name_plural = _("organisationsenheter")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=False) | Q(kind=OrgKind.REGION),
                name="org_root_is_region",
                violation_error_message=_("En enhet utan överordnad enhet måste vara en region."),
            ),
            models.CheckConstraint(condition=~Q(code=""), name="org_code_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.code}/"
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def clean(self) -> None:
        parent = self.parent
        while parent is not None:
            if parent.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("En enhet kan inte ligga under sig själv.")})
            parent = parent.parent

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def region_code(self) -> str:
        return self.path.strip("/").split("/")[0]

    def is_within(self, other: Organisation) -> bool:
        """True if this unit is ``other`` or lies below it."""
        return self.path.startswith(other.path)


class DecisionBody(models.Model):
    """A body that takes decisions and holds meetings: Regionstyrelsen, a nämnd, an utskott."""

    region = models.ForeignKey(
        Organisation, verbose_name=_("region"), on_delete=models.PROTECT, related_name="bodies"
    )
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("förkortning"), max_length=20, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=BodyKind.choices)

    class Meta:
        verbose_name = _("beslutande organ")
        verbose_name_plural = _("beslutande organ")
        ordering = ["region__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="body_unique_name_per_region")
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Meeting(models.Model):
    """A meeting (sammanträde) of a body; decisions are taken and follow-ups read at meetings."""

    body = models.ForeignKey(
        DecisionBody, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("datum"))
    title = models.CharField(_("rubrik"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["body", "date"], name="meeting_unique_per_body_date")
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.date.isoformat()}"


class DecisionQuerySet(models.QuerySet):
    def for_region(self, region: Organisation) -> DecisionQuerySet:
        """Decisions taken by the bodies of one region."""
        return self.filter(body__region=region)

    def readable_by(self, user) -> DecisionQuerySet:
        """Decisions ``user`` may read: all for administrators, else those taken by the bodies
        of the region(s) of their memberships."""
        from .access import access_for

        return self.filter(access_for(user).read_q("body__region__path"))

    def with_latest_follow_up(self) -> DecisionQuerySet:
        """Annotate the date and status of each decision's newest follow-up (one query)."""
        latest = FollowUp.objects.filter(decision=models.OuterRef("pk")).order_by("-date", "-pk")
        return self.annotate(
            latest_follow_up_date=models.Subquery(latest.values("date")[:1]),
            latest_follow_up_status=models.Subquery(latest.values("status")[:1]),
        )


class Decision(models.Model):
    """A decision (beslut) or assignment (uppdrag) of a body, with its reporting duty."""

    body = models.ForeignKey(
        DecisionBody, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("sammanträde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decided_on = models.DateField(_("beslutsdatum"))
    reference = models.CharField(_("diarienummer"), max_length=60, blank=True)
    kind = models.CharField(
        _("typ"), max_length=20, choices=DecisionKind.choices, default=DecisionKind.DECISION
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("beslutstext"), blank=True)
    addressees = models.ManyToManyField(
        Organisation, verbose_name=_("mottagare"), blank=True, related_name="addressed_decisions"
    )
    addressee_text = models.CharField(
        _("mottagare som i beslutet"),
        max_length=300,
        blank=True,
        help_text=_("Som det står i beslutet, t.ex. ”Sjukhusstyrelserna”."),
    )
    deadline = models.DateField(_("senast"), null=True, blank=True)
    deadline_text = models.CharField(_("tidsgräns som i beslutet"), max_length=200, blank=True)
    reporting_duty = models.CharField(
        _("återrapportering"),
        max_length=300,
        blank=True,
        help_text=_("T.ex. ”vid varje sammanträde” eller ”i delårsrapport per augusti”."),
    )

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["-decided_on", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "decided_on", "title"], name="decision_unique_title_per_day"
            )
        ]

    def __str__(self) -> str:
        return self.title


class FollowUpQuerySet(PeriodGuardedQuerySet, models.QuerySet):
    """Follow-ups; bulk writes obey the closed-month rule (``measures.locks``)."""

    def _check_rows(self) -> None:
        check_months_open(
            (path.strip("/").split("/")[0], date)
            for path, date in self.values_list("decision__body__region__path", "date")
        )

    def _check_objs(self, objs) -> None:
        decision_ids = {o.decision_id for o in objs}
        regions = dict(
            Decision.objects.filter(pk__in=decision_ids).values_list("pk", "body__region__code")
        )
        check_months_open((regions.get(o.decision_id, ""), o.date) for o in objs)


class FollowUp(models.Model):
    """A dated follow-up report (återrapport) on a decision: status and narrative.

    Follow-ups are appended, never edited through the product; a follow-up dated in a closed
    month is read-only (``measures.locks``).
    """

    decision = models.ForeignKey(
        Decision, verbose_name=_("beslut"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    date = models.DateField(_("datum"))
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("till sammanträde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("rapporterande enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices)
    text = models.TextField(_("återrapport"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("återrapport")
        verbose_name_plural = _("återrapporter")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "date", "organisation"],
                name="follow_up_unique_per_decision_date_org",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision} – {self.date.isoformat()}"


class ActionPlan(models.Model):
    """An action plan (åtgärdsplan, handlingsplan, förvaltningsplan) owned by an organisation."""

    owner = models.ForeignKey(
        Organisation, verbose_name=_("ägare"), on_delete=models.PROTECT, related_name="plans"
    )
    code = models.SlugField(_("kod"), max_length=60, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    kind = models.CharField(
        _("typ"), max_length=20, choices=PlanKind.choices, default=PlanKind.ACTION_PLAN
    )
    description = models.TextField(_("beskrivning"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("från år"))
    last_year = models.PositiveSmallIntegerField(_("till år"))
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    display_unit = models.CharField(
        _("visningsenhet"), max_length=3, choices=AmountUnit.choices, default=AmountUnit.MKR
    )
    source = models.CharField(_("källa"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("åtgärdsplan")
        verbose_name_plural = _("åtgärdsplaner")
        ordering = ["owner__path", "-first_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="plan_years_ordered",
                violation_error_message=_("Slutåret kan inte ligga före startåret."),
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=1990) & Q(last_year__lte=2100),
                name="plan_years_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class Heading(models.Model):
    """A heading that groups measures in a plan (Omstrukturering av vården …)."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="headings"
    )
    title = models.CharField(_("rubrik"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)
    description = models.TextField(_("beskrivning"), blank=True)
    display_unit = models.CharField(
        _("visningsenhet"),
        max_length=3,
        choices=AmountUnit.choices,
        blank=True,
        help_text=_("Lämna tomt för planens enhet."),
    )

    class Meta:
        verbose_name = _("rubrik")
        verbose_name_plural = _("rubriker")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="heading_unique_title_per_plan")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def unit(self) -> str:
        return self.display_unit or self.plan.display_unit


class MeasureQuerySet(models.QuerySet):
    def for_org_subtree(self, org: Organisation) -> MeasureQuerySet:
        """Measures of ``org`` and of every unit below it."""
        return self.filter(organisation__path__startswith=org.path)

    def readable_by(self, user) -> MeasureQuerySet:
        """Measures ``user`` may read: all for administrators, else those of the region(s) of
        their memberships."""
        from .access import access_for

        return self.filter(access_for(user).read_q("organisation__path"))

    def editable_by(self, user) -> MeasureQuerySet:
        """Measures ``user`` may report on and edit (administrators: all; controllers: scope)."""
        return self.filter(organisation__in=Organisation.objects.editable_by(user))

    def top_level(self) -> MeasureQuerySet:
        """Measures that are not sub-activities of another measure."""
        return self.filter(parent__isnull=True)


class Measure(models.Model):
    """A measure, activity or initiative (åtgärd, aktivitet, insats) of a plan.

    A measure may have no savings at all (Västmanland's activities A–Å), or have sub-measures
    (``parent``), like the bemanning measures of Västerbotten or activity I's parts.
    """

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="measures"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="measures"
    )
    heading = models.ForeignKey(
        Heading,
        verbose_name=_("rubrik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ingår i"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("beteckning"), max_length=10, blank=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    title = models.CharField(_("titel"), max_length=400)
    description = models.TextField(_("beskrivning"), blank=True)
    milestone = models.CharField(_("milstolpe"), max_length=300, blank=True)
    timetable = models.CharField(
        _("tidplan"), max_length=100, blank=True, help_text=_("Som i planen, t.ex. ”Q1 2023”.")
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("slut"), null=True, blank=True)
    responsible = models.CharField(_("ansvarig"), max_length=200, blank=True)
    follow_up_metric = models.CharField(_("uppföljningsmått"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MeasureStatus.choices,
        blank=True,
        help_text=_("Status enligt senaste rapport."),
    )

    objects = MeasureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                condition=~Q(code=""),
                name="measure_unique_code_per_plan",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="measure_end_after_start",
                violation_error_message=_("Slutdatum kan inte ligga före startdatum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}" if self.code else self.title


class PlannedSavingQuerySet(models.QuerySet):
    def for_org_subtree(self, org: Organisation) -> PlannedSavingQuerySet:
        """Savings of measures of ``org`` and every unit below it."""
        return self.filter(measure__organisation__path__startswith=org.path)

    def rows(self) -> list[SavingRow]:
        """The savings as plain ``SavingRow`` values for ``measures.savings`` (one query)."""
        return [
            SavingRow(
                amount=amount,
                year=year,
                category=category,
                measure_id=measure_id,
                heading_id=heading_id,
                organisation_path=path,
            )
            for amount, year, category, measure_id, heading_id, path in self.values_list(
                "amount",
                "year",
                "category",
                "measure_id",
                "measure__heading_id",
                "measure__organisation__path",
            )
        ]


class PlannedSaving(models.Model):
    """A planned saving of a measure for one year and category, in kronor.

    ``year`` is empty when the source gives the amount for the whole plan period without a
    split per year (Västerbotten's digital measures, "2020–2022").
    """

    measure = models.ForeignKey(
        Measure, verbose_name=_("åtgärd"), on_delete=models.CASCADE, related_name="savings"
    )
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    category = models.CharField(_("kategori"), max_length=20, choices=SavingsCategory.choices)
    amount = models.DecimalField(_("belopp (kr)"), **MONEY)

    objects = PlannedSavingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planerad besparing")
        verbose_name_plural = _("planerade besparingar")
        ordering = ["measure", "year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "category"],
                condition=Q(year__isnull=False),
                name="saving_unique_measure_year_category",
            ),
            models.UniqueConstraint(
                fields=["measure", "category"],
                condition=Q(year__isnull=True),
                name="saving_unique_measure_category_unsplit",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | (Q(year__gte=1990) & Q(year__lte=2100)),
                name="saving_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.year or '–'} {self.get_category_display()}"


class PlanTarget(models.Model):
    """A plan-level frame per year that is not a measure (e.g. Budgetreducering)."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets"
    )
    label = models.CharField(_("post"), max_length=200)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.DecimalField(_("belopp (kr)"), **MONEY)
    approximate = models.BooleanField(_("cirkabelopp"), default=False)

    class Meta:
        verbose_name = _("planram")
        verbose_name_plural = _("planramar")
        ordering = ["plan", "position", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "label", "year"], name="plan_target_unique_label_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.year}"


class ReportingPeriodQuerySet(models.QuerySet):
    def open(self) -> ReportingPeriodQuerySet:
        """Periods still open for reporting."""
        return self.filter(state=PeriodState.OPEN)


class ReportingPeriod(models.Model):
    """A reporting month of a region; closed after the board has met."""

    region = models.ForeignKey(
        Organisation, verbose_name=_("region"), on_delete=models.PROTECT, related_name="periods"
    )
    month = models.DateField(_("månad"), help_text=_("Första dagen i månaden."))
    state = models.CharField(
        _("läge"), max_length=10, choices=PeriodState.choices, default=PeriodState.OPEN
    )
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_reason = models.TextField(
        _("skäl till senaste återöppning"),
        blank=True,
        help_text=_("Krävs när en stängd månad öppnas igen; varje ändring sparas i historiken."),
    )

    objects = ReportingPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapportperiod")
        verbose_name_plural = _("rapportperioder")
        ordering = ["region", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["region", "month"], name="period_unique_region_month")
        ]

    def __str__(self) -> str:
        return f"{self.region.short_name or self.region.name} {self.label}"

    @property
    def label(self) -> str:
        return self.month.strftime("%Y-%m")

    @property
    def is_closed(self) -> bool:
        return self.state == PeriodState.CLOSED

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("Ange månadens första dag (ÅÅÅÅ-MM-01).")})


class MeasureReportQuerySet(PeriodGuardedQuerySet, models.QuerySet):
    """Measure reports; bulk writes obey the closed-month rule (``measures.locks``)."""

    def _check_rows(self) -> None:
        check_periods_open(self.values_list("period_id", flat=True).distinct())

    def _check_objs(self, objs) -> None:
        check_periods_open(o.period_id for o in objs)

    def for_org_subtree(self, org: Organisation) -> MeasureReportQuerySet:
        """Reports of measures of ``org`` and every unit below it."""
        return self.filter(measure__organisation__path__startswith=org.path)


class MeasureReport(models.Model):
    """A measure's report for a month: status, realised savings so far this year, forecast.

    ``version`` grows by one on every change; the monthly report page saves a row only if the
    version the user loaded is still current (no lost updates). Rows of a closed month are
    read-only (``measures.locks``).
    """

    measure = models.ForeignKey(
        Measure, verbose_name=_("åtgärd"), on_delete=models.CASCADE, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="measure_reports",
    )
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    realised = models.DecimalField(_("utfall hittills i år (kr)"), null=True, blank=True, **MONEY)
    forecast = models.DecimalField(_("helårsprognos (kr)"), null=True, blank=True, **MONEY)
    comment = models.TextField(_("kommentar"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("månadsrapport för åtgärd")
        verbose_name_plural = _("månadsrapporter för åtgärder")
        ordering = ["period", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period"], name="measure_report_unique_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.period.label}"

    def save(self, *args, **kwargs) -> None:
        """Every save of an existing row is a new version (imports and the admin included), so
        a form loaded before it sees the row as changed. The monthly report page writes in bulk
        and sets the version itself, after comparing it under a row lock."""
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)


class OrganisationReport(models.Model):
    """Where an organisation's monthly report stands: draft or ready (no row: not started)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="organisation_reports",
    )
    state = models.CharField(
        _("läge"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enhetens månadsrapport")
        verbose_name_plural = _("enheternas månadsrapporter")
        ordering = ["period", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period"], name="org_report_unique_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.period.label}: {self.get_state_display()}"


class Membership(models.Model):
    """A user's role for an organisation unit (and everything below it).

    Administrators manage everything; a controller reports for the unit's subtree; a reader
    reads the unit's region and changes nothing. ``measures.access`` applies these rules.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("enhet"), on_delete=models.CASCADE, related_name="members"
    )
    role = models.CharField(_("roll"), max_length=12, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("behörighet")
        verbose_name_plural = _("behörigheter")
        ordering = ["user", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


class UserSession(AbstractBaseSession):
    """A database session that also names its user (``django.contrib.sessions``' documented
    way of extending the session model), so one query reads a request's session and its user
    (``measures.sessions``). Not a record of the domain: no history, no admin page (the key is
    the secret of a log-in), not in backups.

    No foreign-key constraint in the database: a session whose user is gone finds no user
    (and is refused) instead of failing to save; deleting a user through the ORM deletes the
    user's sessions (log-out everywhere)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="sessions",
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessioner")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
