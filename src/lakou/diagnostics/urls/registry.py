from __future__ import annotations

from django.urls import URLPattern, path

from lakou.diagnostics.views import registry as views

urlpatterns: list[URLPattern] = [
    path("repertoire/", views.registry_list, name="registry_list"),
    path("repertoire/import/", views.registry_import, name="registry_import"),
    path(
        "repertoire/import/<uuid:pk>/",
        views.registry_import_job,
        name="registry_import_job",
    ),
]
