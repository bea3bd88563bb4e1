"""Write pages of the measures domain (included from config/urls.py)."""

from django.urls import path

from . import edit_views

urlpatterns = [
    path("plan/<slug:code>/ny-atgard/", edit_views.measure_create, name="measure_create"),
    path("atgard/<int:pk>/andra/", edit_views.measure_edit, name="measure_edit"),
    path("beslut/<int:pk>/aterrapport/", edit_views.follow_up_create, name="follow_up_create"),
    path("perioder/<slug:code>/", edit_views.periods, name="periods"),
    path("perioder/<slug:code>/oppna/", edit_views.period_open, name="period_open"),
    path("period/<int:pk>/stang/", edit_views.period_close, name="period_close"),
    path("period/<int:pk>/oppna-igen/", edit_views.period_reopen, name="period_reopen"),
]
