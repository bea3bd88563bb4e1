"""Enumerations of the measures domain, with Swedish labels.

Every status is mapped in exactly one place (``STATUS_DISPLAY``) to its traffic-light colour,
its icon and the words shown next to it, so colour never carries meaning alone.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    REGION = "region", _("Region")
    ADMINISTRATION = "forvaltning", _("Förvaltning")
    AREA = "omrade", _("Område")
    UNIT = "verksamhet", _("Verksamhet")


class BodyKind(models.TextChoices):
    ASSEMBLY = "fullmaktige", _("Fullmäktige")
    BOARD = "styrelse", _("Styrelse")
    COMMITTEE = "namnd", _("Nämnd")
    SUBCOMMITTEE = "utskott", _("Utskott")
    OFFICIAL = "tjansteperson", _("Tjänsteperson")


class DecisionKind(models.TextChoices):
    DECISION = "beslut", _("Beslutspunkt")
    OTHER_AREA = "ovrigt", _("Område utan beslutspunkt")


class FollowUpStatus(models.TextChoices):
    NOT_STARTED = "ej_paborjad", _("Ej påbörjad")
    IN_PROGRESS = "pagar", _("Pågår")
    ON_TRACK = "enligt_plan", _("Enligt plan")
    DELAYED = "forsenad", _("Försenad")
    DONE = "klar", _("Klar")


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "ej_paborjad", _("Ej påbörjad")
    IN_PROGRESS = "pagar", _("Pågår")
    ON_TRACK = "enligt_plan", _("Enligt plan")
    DELAYED = "forsenad", _("Försenad")
    DONE = "klar", _("Klar")
    NOT_PRIORITISED = "ej_prioriterad", _("Ej prioriterad")
    CANCELLED = "avbruten", _("Avbruten")


class SavingsCategory(models.TextChoices):
    COST_REDUCTION = "kostnadsreducering", _("Kostnadsreducering")
    OPERATING_COST = "driftkostnad", _("Driftkostnad")
    STAFF_COST = "personalkostnad", _("Personalkostnad")
    BUDGET_REDUCTION = "budgetreducering", _("Budgetreducering")
    MATERIAL_COST = "materialkostnad", _("Materialkostnad")
    REVENUE_INCREASE = "intaktsokning", _("Intäktsökning")
    OTHER = "ovrigt", _("Övrigt")


class PlanKind(models.TextChoices):
    ACTION_PLAN = "atgardsplan", _("Åtgärdsplan")
    HANDLING_PLAN = "handlingsplan", _("Handlingsplan")
    ADMINISTRATION_PLAN = "forvaltningsplan", _("Förvaltningsplan")
    SAVINGS_BOX = "sparplan", _("Sparplan")


class AmountUnit(models.TextChoices):
    KR = "kr", _("kr")
    TKR = "tkr", _("tkr")
    MKR = "mkr", _("mkr")


UNIT_FACTOR = {AmountUnit.KR: 1, AmountUnit.TKR: 1_000, AmountUnit.MKR: 1_000_000}


class PeriodState(models.TextChoices):
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")


@dataclass(frozen=True)
class StatusLook:
    """How a status is shown: CSS colour class, a text icon and the words."""

    colour: str
    icon: str
    light: str


STATUS_DISPLAY: dict[str, StatusLook] = {
    MeasureStatus.DONE: StatusLook("green", "✔", _("Grön")),
    MeasureStatus.ON_TRACK: StatusLook("green", "●", _("Grön")),
    MeasureStatus.IN_PROGRESS: StatusLook("green", "▶", _("Grön")),
    MeasureStatus.NOT_STARTED: StatusLook("yellow", "○", _("Gul")),
    MeasureStatus.NOT_PRIORITISED: StatusLook("grey", "–", _("Grå")),
    MeasureStatus.DELAYED: StatusLook("red", "▲", _("Röd")),
    MeasureStatus.CANCELLED: StatusLook("grey", "✖", _("Grå")),
}
"""One mapping from a measure or follow-up status to colour, icon and light."""

LATE_STATUSES = (MeasureStatus.DELAYED,)


class Role(models.TextChoices):
    """What a membership lets a user do (measures.access applies it)."""

    ADMIN = "admin", _("Administratör")
    CONTROLLER = "controller", _("Controller")
    READER = "reader", _("Läsare")


class ReportState(models.TextChoices):
    """An organisation's monthly report: not started (no row), draft or ready."""

    DRAFT = "draft", _("Utkast")
    READY = "ready", _("Klar")
