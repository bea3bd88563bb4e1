"""URLs of the accessibility statement, dashboards, status tables, charts, quarterly matrix
and board report."""

from django.urls import path

from . import (
    views,
    views_accessibility,
    views_board,
    views_charts,
    views_matrix,
    views_report,
    views_tables,
)

urlpatterns = [
    path("tillganglighet/", views_accessibility.accessibility, name="accessibility"),
    path("om/", views.about, name="about"),
    path("oversikt/<slug:code>/", views_board.dashboard, name="dashboard"),
    path("rapport/<slug:code>/", views_report.board_report, name="board_report"),
    path("rapport/<slug:code>/pdf/", views_report.board_report_pdf, name="board_report_pdf"),
    path("kvartal/<slug:code>/", views_matrix.quarter_matrix, name="quarter_matrix"),
    path("trend/indikator/<slug:code>/", views_charts.indicator_trend, name="indicator_trend"),
    path("trend/atgard/<int:pk>/", views_charts.measure_savings, name="measure_savings"),
    path("tabeller/atgarder/", views_tables.measure_table, name="table_measures"),
    path("tabeller/aktiviteter/", views_tables.activity_table, name="table_activities"),
    path("tabeller/beslut/", views_tables.decision_table, name="table_decisions"),
    path("tabeller/indikatorer/", views_tables.indicator_table, name="table_indicators"),
]
