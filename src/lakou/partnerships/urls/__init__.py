"""The partnership pages under /partenariats/, one module of patterns per area."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from lakou.partnerships.urls import applications, offers

app_name = "partnerships"

urlpatterns: list[URLPattern | URLResolver] = []
# offers area
urlpatterns += offers.urlpatterns + applications.urlpatterns
