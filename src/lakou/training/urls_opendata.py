"""Public open data of the catalogue (included in training/urls.py, under /formations/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.training import views_opendata

urlpatterns: list[URLPattern] = [
    path("donnees-ouvertes/", views_opendata.opendata, name="opendata"),
    path("catalogue.lheo.xml", views_opendata.catalogue_lheo, name="opendata_lheo"),
    path(
        "catalogue.data-inclusion.json",
        views_opendata.catalogue_data_inclusion,
        name="opendata_data_inclusion",
    ),
    path("catalogue.csv", views_opendata.catalogue_csv, name="opendata_csv"),
]
