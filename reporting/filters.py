"""Filters of the status tables (django-filter): organisation subtree, plan, status, year,
category, perspective. Choices are querysets evaluated per request, never module constants."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from indicators.models import Perspective
from measures.access import access_for
from measures.choices import FollowUpStatus, MeasureStatus, SavingsCategory
from measures.models import ActionPlan, Organisation, PlannedSaving

from .queries import measures_with_month
from .widgets import QuickSelect

NO_STATUS_CHOICE = ("ingen", _("Ingen status rapporterad"))


def organisations(request) -> QuerySet[Organisation]:
    """The units the user may read (no other region's names in the dropdown)."""
    return Organisation.objects.readable_by(request.user).order_by("path")


def plans(request) -> QuerySet[ActionPlan]:
    """The plans of the regions the user may read."""
    return (
        ActionPlan.objects.filter(access_for(request.user).read_q("owner__path"))
        .select_related("owner")
        .order_by("owner__path", "title")
    )


def perspectives(user) -> QuerySet[Perspective]:
    """The perspectives of the indicators of the regions ``user`` may read."""
    readable = access_for(user).read_q("indicators__region__path")
    return Perspective.objects.filter(
        pk__in=Perspective.objects.filter(readable).values("pk")
    ).order_by("position", "name")


class OrganisationSubtreeFilter(filters.ModelChoiceFilter):
    """Rows of the chosen unit and every unit below it."""

    def __init__(self, *args, path_field: str, **kwargs):
        self.path_field = path_field
        kwargs.setdefault("queryset", organisations)
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("label", _("Enhet (med underliggande)"))
        kwargs.setdefault("empty_label", _("Alla"))
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.path_field}__startswith": value.path})


class MeasureFilter(filters.FilterSet):
    """Filters of the measure and activity tables (status is the chosen month's status)."""

    enhet = OrganisationSubtreeFilter(path_field="organisation__path")
    plan = filters.ModelChoiceFilter(
        queryset=plans,
        to_field_name="code",
        field_name="plan",
        label=_("Plan"),
        empty_label=_("Alla"),
        widget=QuickSelect,
    )
    status = filters.ChoiceFilter(
        choices=[*MeasureStatus.choices, NO_STATUS_CHOICE],
        method="filter_status",
        label=_("Status"),
        empty_label=_("Alla"),
    )
    ar = filters.NumberFilter(method="filter_year", label=_("År"))
    kategori = filters.ChoiceFilter(
        choices=SavingsCategory.choices,
        method="filter_category",
        label=_("Kategori"),
        empty_label=_("Alla"),
    )

    month = None
    """The month whose status the status filter reads (the view sets it); without it, the
    queryset must already carry ``current_status`` (``queries.measures_with_month``)."""

    def filter_status(self, qs, name, value):
        if self.month is not None:
            qs = measures_with_month(qs, self.month)
        return qs.filter(current_status="" if value == "ingen" else value)

    def filter_year(self, qs, name, value):
        savings = PlannedSaving.objects.filter(measure=OuterRef("pk"), year=value)
        return qs.filter(Exists(savings))

    def filter_category(self, qs, name, value):
        savings = PlannedSaving.objects.filter(measure=OuterRef("pk"), category=value)
        return qs.filter(Exists(savings))


class ActivityFilter(MeasureFilter):
    """Activities have no savings: no year or category filter."""

    ar = None
    kategori = None


class DecisionFilter(filters.FilterSet):
    enhet = OrganisationSubtreeFilter(
        path_field="addressees__path", label=_("Mottagare (med underliggande)")
    )
    status = filters.ChoiceFilter(
        choices=FollowUpStatus.choices,
        field_name="latest_follow_up_status",
        label=_("Senaste status"),
        empty_label=_("Alla"),
    )
    ar = filters.NumberFilter(field_name="decided_on__year", label=_("Beslutsår"))

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()


class IndicatorTableForm(forms.Form):
    """The indicator table shows one unit's scorecard for a month, filtered by perspective.

    Its choices are limited to what ``user`` may read, so a unit of another region is not a
    valid choice (and not listed)."""

    enhet = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("path"),
        to_field_name="code",
        label=_("Enhet"),
    )
    manad = forms.DateField(label=_("Månad (ÅÅÅÅ-MM)"), input_formats=["%Y-%m"], required=False)
    perspektiv = forms.ModelChoiceField(
        queryset=Perspective.objects.all(),
        label=_("Perspektiv"),
        required=False,
        empty_label=_("Alla"),
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["enhet"].queryset = Organisation.objects.readable_by(user).order_by("path")
        self.fields["perspektiv"].queryset = perspectives(user)
