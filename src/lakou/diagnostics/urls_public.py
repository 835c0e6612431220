from __future__ import annotations

from django.urls import URLPattern, path

from lakou.diagnostics import views_public

urlpatterns: list[URLPattern] = [
    path(
        "questionnaires-ouverts/",
        views_public.open_questionnaires,
        name="open_questionnaires",
    ),
]
