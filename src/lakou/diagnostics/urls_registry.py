from __future__ import annotations

from django.urls import URLPattern, path

from lakou.diagnostics import views_registry

urlpatterns: list[URLPattern] = [
    path("repertoire/", views_registry.registry_list, name="registry_list"),
    path("repertoire/import/", views_registry.registry_import, name="registry_import"),
    path(
        "repertoire/import/<uuid:pk>/",
        views_registry.registry_import_job,
        name="registry_import_job",
    ),
]
