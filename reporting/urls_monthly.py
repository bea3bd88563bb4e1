"""The monthly report pages (included from config/urls.py)."""

from django.urls import path, re_path

from . import views_monthly

urlpatterns = [
    path("manadsrapport/", views_monthly.monthly_index, name="monthly_index"),
    re_path(
        r"^manadsrapport/(?P<code>[-\w]+)/(?P<month>\d{4}-\d{2})/$",
        views_monthly.monthly_report,
        name="monthly_report",
    ),
    path("period/<int:pk>/lage/", views_monthly.period_overview, name="period_overview"),
]
