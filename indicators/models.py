"""Indicators with targets and readings, stated assessments, and the monthly income statement."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from measures.locks import PeriodGuardedQuerySet, check_months_open
from measures.models import MONEY, Measure, Organisation

from . import status
from .choices import PeriodKind, Polarity, Section, TargetKind, Unit
from .periods import period_label
from .trend import Direction

VALUE = {"max_digits": 20, "decimal_places": 4}


class Perspective(models.Model):
    """A perspective of a scorecard: Servicekvalitet, Medicinsk kvalitet, Medarbetare, Ekonomi."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("perspektiv")
        verbose_name_plural = _("perspektiv")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class IndicatorQuerySet(models.QuerySet):
    def for_region(self, region: Organisation) -> IndicatorQuerySet:
        """Indicators defined by one region."""
        return self.filter(region=region)

    def scorecard(self) -> IndicatorQuerySet:
        """Top-level indicators (components of a composite indicator excluded)."""
        return self.filter(parent__isnull=True)


class Indicator(models.Model):
    """An indicator (indikator, mått, nyckeltal) of a region."""

    region = models.ForeignKey(
        Organisation, verbose_name=_("region"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.SlugField(_("kod"), max_length=60, unique=True)
    kolada_id = models.CharField(_("Kolada-id"), max_length=20, blank=True)
    name = models.CharField(_("namn"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    perspective = models.ForeignKey(
        Perspective,
        verbose_name=_("perspektiv"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("del av"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="components",
    )
    unit = models.CharField(_("enhet"), max_length=20, choices=Unit.choices)
    polarity = models.CharField(_("riktning"), max_length=10, choices=Polarity.choices)
    trend_tolerance_pct = models.DecimalField(
        _("tolerans för oförändrad (%)"), max_digits=5, decimal_places=2, default=Decimal(5)
    )
    decimals = models.PositiveSmallIntegerField(_("decimaler"), default=1)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    measures = models.ManyToManyField(
        Measure, verbose_name=_("åtgärder"), blank=True, related_name="indicators"
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["region", "perspective__position", "position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(trend_tolerance_pct__gte=0), name="indicator_tolerance_not_negative"
            ),
            models.CheckConstraint(condition=~Q(code=""), name="indicator_code_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def outcome_is_change(self) -> bool:
        return self.unit in (Unit.PERCENT_CHANGE, Unit.COUNT_CHANGE)


class IndicatorTarget(models.Model):
    """A target of an indicator for a year, for the whole region or one organisation."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.CASCADE, related_name="targets"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("enhet"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Tomt: gäller hela regionen."),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    kind = models.CharField(_("måltyp"), max_length=20, choices=TargetKind.choices)
    value = models.DecimalField(_("målvärde"), null=True, blank=True, **VALUE)
    high = models.DecimalField(_("övre gräns"), null=True, blank=True, **VALUE)
    margin = models.DecimalField(
        _("marginal för gult"),
        null=True,
        blank=True,
        **VALUE,
        help_text=_("Tomt: 5 % av målvärdet."),
    )
    direction = models.CharField(
        _("önskad riktning"),
        max_length=10,
        choices=Polarity.choices,
        blank=True,
        help_text=_("För ”Öka”, ”Färre”, ”Lägre än fg år”; tomt: indikatorns riktning."),
    )
    text = models.CharField(_("mål som i rapporten"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "year"],
                condition=Q(organisation__isnull=False),
                name="target_unique_indicator_org_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(organisation__isnull=True),
                name="target_unique_indicator_region_year",
            ),
            models.CheckConstraint(
                condition=~Q(kind=TargetKind.THRESHOLD) | Q(value__isnull=False),
                name="target_threshold_has_value",
                violation_error_message=_("Ett gränsvärde måste ha ett målvärde."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=TargetKind.RANGE)
                | (Q(value__isnull=False) & Q(high__isnull=False) & Q(high__gte=models.F("value"))),
                name="target_range_ordered",
                violation_error_message=_(
                    "Ett intervall behöver en undre och en högre övre gräns."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.text}"

    @property
    def effective_polarity(self) -> str:
        return self.direction or self.indicator.polarity

    def as_rule(self, components: list[IndicatorTarget] | None = None) -> status.Target:
        """This target as the plain value the status rules take."""
        return status.Target(
            kind=self.kind,
            value=self.value,
            high=self.high,
            margin=self.margin,
            components=tuple(c.as_rule() for c in (components or [])),
        )


class ReadingQuerySet(PeriodGuardedQuerySet, models.QuerySet):
    """Readings; bulk writes obey the closed-month rule (``measures.locks``): a reading belongs
    to the reporting month of its region that its period ends in."""

    def _check_rows(self) -> None:
        check_months_open(
            (path.strip("/").split("/")[0], month)
            for path, month in self.values_list("organisation__path", "month")
        )

    def _check_objs(self, objs) -> None:
        paths = dict(
            Organisation.objects.filter(pk__in={o.organisation_id for o in objs}).values_list(
                "pk", "path"
            )
        )
        check_months_open(
            (paths.get(o.organisation_id, "/").strip("/").split("/")[0], o.month) for o in objs
        )

    def for_org_subtree(self, org: Organisation) -> ReadingQuerySet:
        """Readings of ``org`` and every unit below it."""
        return self.filter(organisation__path__startswith=org.path)


class IndicatorReading(models.Model):
    """An outcome (utfall) of an indicator for an organisation and period."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.CASCADE, related_name="readings"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="readings"
    )
    period_kind = models.CharField(_("periodtyp"), max_length=10, choices=PeriodKind.choices)
    month = models.DateField(_("period t.o.m. månad"), help_text=_("Periodens sista månad."))
    value = models.DecimalField(_("värde"), **VALUE)
    comment = models.TextField(_("kommentar"), blank=True)
    source = models.CharField(_("källa"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReadingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        ordering = ["indicator", "organisation", "period_kind", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "period_kind", "month"],
                name="reading_unique_indicator_org_period",
            )
        ]
        indexes = [models.Index(fields=["organisation", "month"], name="reading_org_month")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.organisation} {self.period_label}: {self.value}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_kind, self.month)


class StatedAssessment(models.Model):
    """A judgement printed in a source report (the trend or Riktning/Nivå columns).

    Kept beside what the rules compute: where the rules cannot judge (one reading, no target),
    the page shows the report's own words and says so.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.CASCADE, related_name="assessments"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("rapportmånad"))
    direction = models.CharField(
        _("riktning"),
        max_length=10,
        choices=[(d.value, d.label) for d in Direction],
        blank=True,
    )
    level = models.CharField(
        _("nivå"),
        max_length=10,
        choices=[(v.value, v.label) for v in status.Verdict],
        blank=True,
    )
    comment = models.TextField(_("kommentar"), blank=True)
    source = models.CharField(_("källa"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bedömning enligt rapport")
        verbose_name_plural = _("bedömningar enligt rapport")
        ordering = ["indicator", "organisation", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "month"],
                name="assessment_unique_indicator_org_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.month:%Y-%m}"


class IncomeStatementLine(models.Model):
    """One line of a monthly simplified income statement (förenklad resultaträkning), in kronor.

    Deviations are derived (outcome − budget …) unless the report states them: the source rounds
    each column on its own, so its stated deviation can differ by 0,1 mnkr from the difference.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="economy"
    )
    month = models.DateField(_("månad"))
    position = models.PositiveIntegerField(_("ordning"))
    label = models.CharField(_("post"), max_length=200)
    section = models.CharField(_("avsnitt"), max_length=10, choices=Section.choices)
    is_sum = models.BooleanField(_("summarad"), default=False)
    is_part = models.BooleanField(_("varav-rad"), default=False)
    accumulated_outcome = models.DecimalField(_("ack. utfall"), **MONEY)
    accumulated_budget = models.DecimalField(_("ack. budget"), null=True, blank=True, **MONEY)
    prior_year_accumulated = models.DecimalField(
        _("ack. utfall fg år"), null=True, blank=True, **MONEY
    )
    full_year_forecast = models.DecimalField(_("helårsprognos"), null=True, blank=True, **MONEY)
    full_year_budget = models.DecimalField(_("helårsbudget"), null=True, blank=True, **MONEY)
    prior_year_final = models.DecimalField(_("bokslut fg år"), null=True, blank=True, **MONEY)
    stated_budget_deviation = models.DecimalField(
        _("ack. avvikelse mot budget enligt rapport"), null=True, blank=True, **MONEY
    )
    stated_forecast_deviation = models.DecimalField(
        _("prognosavvikelse enligt rapport"), null=True, blank=True, **MONEY
    )
    stated_prior_year_deviation = models.DecimalField(
        _("avvikelse mot fg år enligt rapport"), null=True, blank=True, **MONEY
    )
    forecast_upside = models.DecimalField(
        _("prognos, möjlig förbättring"), null=True, blank=True, **MONEY
    )
    forecast_downside = models.DecimalField(
        _("prognos, möjlig försämring"), null=True, blank=True, **MONEY
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultaträkningsrad")
        verbose_name_plural = _("resultaträkningsrader")
        ordering = ["organisation", "month", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month", "label"], name="economy_unique_line_per_month"
            ),
            models.UniqueConstraint(
                fields=["organisation", "month", "position"], name="economy_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.month:%Y-%m} {self.label}"

    @property
    def budget_deviation(self) -> Decimal | None:
        if self.stated_budget_deviation is not None:
            return self.stated_budget_deviation
        if self.accumulated_budget is None:
            return None
        return self.accumulated_outcome - self.accumulated_budget

    @property
    def forecast_deviation(self) -> Decimal | None:
        if self.stated_forecast_deviation is not None:
            return self.stated_forecast_deviation
        if self.full_year_forecast is None or self.full_year_budget is None:
            return None
        return self.full_year_forecast - self.full_year_budget

    @property
    def prior_year_deviation(self) -> Decimal | None:
        if self.stated_prior_year_deviation is not None:
            return self.stated_prior_year_deviation
        if self.prior_year_accumulated is None:
            return None
        return self.accumulated_outcome - self.prior_year_accumulated
