from __future__ import annotations

from django.urls import URLPattern, path

from lakou.training.views import indicators as views

urlpatterns: list[URLPattern] = [
    path("indicateurs/", views.indicators, name="indicators"),
]
