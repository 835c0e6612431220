"""URLs of the venues: the public list and page, the national export."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.mediation.views import venues as views

urlpatterns: list[URLPattern] = [
    path("lieux/", views.venue_list, name="venue_list"),
    path("lieux/<int:pk>/", views.venue_detail, name="venue_detail"),
    path("lieux/mes-lieux/", views.venue_mine, name="venue_mine"),
    path("lieux/nouveau/", views.venue_create, name="venue_create"),
    path("lieux/<int:pk>/modifier/", views.venue_edit, name="venue_edit"),
    path("lieux.csv", views.venues_export, {"export_format": "csv"}, name="venues_csv"),
    path("lieux.json", views.venues_export, {"export_format": "json"}, name="venues_json"),
]
