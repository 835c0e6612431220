"""Public open data of the catalogue (assembled in urls/__init__.py, under /formations/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.training.views import opendata as views

urlpatterns: list[URLPattern] = [
    path("donnees-ouvertes/", views.opendata, name="opendata"),
    path("catalogue.lheo.xml", views.catalogue_lheo, name="opendata_lheo"),
    path(
        "catalogue.data-inclusion.json",
        views.catalogue_data_inclusion,
        name="opendata_data_inclusion",
    ),
    path("catalogue.csv", views.catalogue_csv, name="opendata_csv"),
]
