"""The orientation pages under /orientation/, one module of patterns per area."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from lakou.matching.urls import advice, matches, profiles, suggestions

app_name = "matching"

urlpatterns: list[URLPattern | URLResolver] = [
    *profiles.urlpatterns,
    *suggestions.urlpatterns,
    *matches.urlpatterns,
    *advice.urlpatterns,
]
