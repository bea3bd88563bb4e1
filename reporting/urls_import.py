"""URLs of the import pages and the round-trip exports (included from config/urls.py)."""

from django.urls import path

from . import views_import as views

urlpatterns = [
    path("inlasning/", views.import_start, name="import_start"),
    path("inlasning/mall/<slug:kind>.<slug:fmt>", views.import_template, name="import_template"),
    path("inlasning/export/<slug:kind>.<slug:fmt>", views.export_kind, name="import_export"),
    path("inlasning/<str:token>/", views.import_preview, name="import_preview"),
    path("inlasning/<str:token>/bekrafta/", views.import_confirm, name="import_confirm"),
]
