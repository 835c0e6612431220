"""The partnership pages under /partenariats/, one module of patterns per area."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from lakou.partnerships.urls import actions

app_name = "partnerships"

urlpatterns: list[URLPattern | URLResolver] = []
urlpatterns += actions.urlpatterns
