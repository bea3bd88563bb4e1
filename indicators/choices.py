"""Enumerations of the indicator domain, with Swedish labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Polarity(models.TextChoices):
    """Which way is better for an indicator."""

    HIGHER = "higher", _("Högre är bättre")
    LOWER = "lower", _("Lägre är bättre")
    NEUTRAL = "neutral", _("Ingen önskad riktning")


class Unit(models.TextChoices):
    PERCENT = "procent", _("%")
    PERCENT_CHANGE = "forandring", _("% mot fg år")
    DURATION = "tid", _("min:s")
    MINUTES = "minuter", _("min")
    DAYS = "dagar", _("dagar")
    MNKR = "mnkr", _("mnkr")
    COUNT = "antal", _("antal")
    COUNT_CHANGE = "antal_forandring", _("antal mot fg år")
    SCORE = "poang", _("poäng")


class TargetKind(models.TextChoices):
    THRESHOLD = "threshold", _("Gränsvärde")
    RANGE = "range", _("Intervall")
    COMPONENTS = "components", _("Delmål (t.ex. 90/80/80)")
    RELATIVE_PRIOR_YEAR = "relative", _("Jämfört med föregående år")
    CHANGE = "change", _("Förändring (t.ex. ”Öka”)")
    PLAN = "plan", _("Enligt plan")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Månad")
    YTD = "ytd", _("Ackumulerat i år")
    QUARTER = "quarter", _("Kvartal")
    TERTIAL = "tertial", _("Tertial")
    HALF_YEAR = "half", _("Halvår")
    YEAR = "year", _("År")
    R12 = "r12", _("Rullande 12 månader")


class Section(models.TextChoices):
    INCOME = "intakter", _("Intäkter")
    COSTS = "kostnader", _("Kostnader")
    RESULT = "resultat", _("Resultat")
