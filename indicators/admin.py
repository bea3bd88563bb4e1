"""Admin for perspectives, indicators, targets, readings, assessments and the income statement."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    IncomeStatementLine,
    Indicator,
    IndicatorReading,
    IndicatorTarget,
    Perspective,
    StatedAssessment,
)


@admin.register(Perspective)
class PerspectiveAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "position"]
    search_fields = ["name"]


class TargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0
    fields = ["year", "organisation", "kind", "text", "value", "high", "margin", "direction"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "perspective", "unit", "polarity", "parent"]
    list_filter = ["region", "perspective", "unit", "polarity"]
    search_fields = ["name", "code", "kolada_id", "description"]
    autocomplete_fields = ["parent", "measures"]
    list_select_related = ["region", "perspective", "parent"]
    inlines = [TargetInline]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "organisation", "kind", "text"]
    list_filter = ["year", "kind"]
    search_fields = ["indicator__name", "text"]
    autocomplete_fields = ["indicator", "organisation"]


@admin.register(IndicatorReading)
class IndicatorReadingAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "organisation", "period_kind", "month", "value", "updated_at"]
    list_filter = ["period_kind", "indicator__region", "month"]
    search_fields = ["indicator__name", "organisation__name", "comment"]
    autocomplete_fields = ["indicator", "organisation"]
    list_select_related = ["indicator", "organisation"]
    date_hierarchy = "month"


@admin.register(StatedAssessment)
class StatedAssessmentAdmin(admin.ModelAdmin):
    list_display = ["indicator", "organisation", "month", "direction", "level", "source"]
    list_filter = ["direction", "level", "month"]
    search_fields = ["indicator__name", "comment"]
    autocomplete_fields = ["indicator", "organisation"]


@admin.register(IncomeStatementLine)
class IncomeStatementLineAdmin(SimpleHistoryAdmin):
    list_display = [
        "label",
        "organisation",
        "month",
        "section",
        "accumulated_outcome",
        "accumulated_budget",
        "full_year_forecast",
    ]
    list_filter = ["section", "month", "organisation"]
    search_fields = ["label"]
    autocomplete_fields = ["organisation"]
