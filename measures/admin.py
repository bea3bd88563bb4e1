"""Admin for organisations, decisions, plans, measures, savings, periods and measure reports."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionPlan,
    Decision,
    DecisionBody,
    FollowUp,
    Heading,
    Measure,
    MeasureReport,
    Meeting,
    Organisation,
    PlannedSaving,
    PlanTarget,
    ReportingPeriod,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "kind", "parent", "path"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]


@admin.register(DecisionBody)
class DecisionBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "short_name"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "body", "title"]
    list_filter = ["body"]
    date_hierarchy = "date"
    search_fields = ["title", "body__name"]


class FollowUpInline(admin.StackedInline):
    model = FollowUp
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["date", "status", "organisation", "meeting", "text"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "position", "decided_on", "body", "reference", "kind", "deadline"]
    list_filter = ["kind", "body__region", "body", "decided_on"]
    search_fields = ["title", "text", "reference", "addressee_text"]
    autocomplete_fields = ["addressees"]
    inlines = [FollowUpInline]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["decision", "date", "status", "organisation"]
    list_filter = ["status", "date"]
    search_fields = ["text", "decision__title"]
    autocomplete_fields = ["decision", "organisation"]


class HeadingInline(admin.TabularInline):
    model = Heading
    extra = 0
    fields = ["position", "title", "organisation", "display_unit"]
    autocomplete_fields = ["organisation"]


class PlanTargetInline(admin.TabularInline):
    model = PlanTarget
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "owner", "kind", "first_year", "last_year", "display_unit"]
    list_filter = ["kind", "owner"]
    search_fields = ["title", "code", "description"]
    autocomplete_fields = ["owner", "decision"]
    inlines = [HeadingInline, PlanTargetInline]


@admin.register(PlanTarget)
class PlanTargetAdmin(admin.ModelAdmin):
    list_display = ["label", "plan", "year", "amount", "approximate"]
    list_filter = ["plan", "year"]
    search_fields = ["label"]


@admin.register(Heading)
class HeadingAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "organisation", "position"]
    list_filter = ["plan"]
    search_fields = ["title"]


class PlannedSavingInline(admin.TabularInline):
    model = PlannedSaving
    extra = 0


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "plan",
        "organisation",
        "heading",
        "status",
        "timetable",
        "responsible",
    ]
    list_filter = ["status", "plan", "organisation"]
    search_fields = ["title", "code", "description", "responsible"]
    autocomplete_fields = ["plan", "organisation", "heading", "parent"]
    list_select_related = ["plan", "organisation", "heading"]
    inlines = [PlannedSavingInline]


@admin.register(PlannedSaving)
class PlannedSavingAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "year", "category", "amount"]
    list_filter = ["category", "year", "measure__plan"]
    search_fields = ["measure__title"]
    autocomplete_fields = ["measure"]
    list_select_related = ["measure"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["month", "region", "state", "closed_at", "closed_by"]
    list_filter = ["state", "region"]
    date_hierarchy = "month"


@admin.register(MeasureReport)
class MeasureReportAdmin(SimpleHistoryAdmin):
    list_display = [
        "measure",
        "period",
        "status",
        "realised",
        "forecast",
        "updated_by",
        "updated_at",
    ]
    list_filter = ["status", "period__month", "period__region"]
    search_fields = ["measure__title", "comment"]
    autocomplete_fields = ["measure"]
    list_select_related = ["measure", "period", "updated_by"]
    readonly_fields = ["version", "updated_by", "updated_at"]
