"""URL of indicator 4's page."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.mediation.views import indicators as views

urlpatterns: list[URLPattern] = [
    path("indicateurs/", views.indicators, name="indicators"),
]
