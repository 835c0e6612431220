from __future__ import annotations

from django.urls import URLPattern, path

from lakou.training import views_indicators

urlpatterns: list[URLPattern] = [
    path("indicateurs/", views_indicators.indicators, name="indicators"),
]
