"""The partnership pages under /partenariats/, one module of patterns per area."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from lakou.partnerships.urls import (
    actions,
    agreements,
    applications,
    events,
    mentoring,
    offers,
    resources,
)

app_name = "partnerships"


urlpatterns: list[URLPattern | URLResolver] = []


urlpatterns += resources.urlpatterns


urlpatterns += agreements.urlpatterns


urlpatterns += mentoring.urlpatterns


urlpatterns += events.urlpatterns


# offers area
urlpatterns += offers.urlpatterns + applications.urlpatterns


urlpatterns += actions.urlpatterns
