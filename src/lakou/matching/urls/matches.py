"""URLs of the orientation matches pages and of indicator 5's page."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.matching.views import matches as views

urlpatterns: list[URLPattern] = [
    path("mises-en-relation/", views.match_mine, name="match_mine"),
    path("mises-en-relation/recues/", views.match_incoming, name="match_incoming"),
    path("mises-en-relation/<int:pk>/accepter/", views.match_accept, name="match_accept"),
    path("mises-en-relation/<int:pk>/decliner/", views.match_decline, name="match_decline"),
    path("indicateurs/", views.indicators, name="indicators"),
]
