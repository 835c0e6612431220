"""The mediation pages under /mediation/, one module of patterns per area."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from lakou.mediation.urls import acts, indicators, mediators, payments, planning, venues, workshops

app_name = "mediation"

urlpatterns: list[URLPattern | URLResolver] = [
    *venues.urlpatterns,
    *workshops.urlpatterns,
    *mediators.urlpatterns,
    *acts.urlpatterns,
    *payments.urlpatterns,
    *planning.urlpatterns,
    *indicators.urlpatterns,
]
