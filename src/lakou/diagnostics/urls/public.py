from __future__ import annotations

from django.urls import URLPattern, path

from lakou.diagnostics.views import public as views

urlpatterns: list[URLPattern] = [
    path(
        "questionnaires-ouverts/",
        views.open_questionnaires,
        name="open_questionnaires",
    ),
]
