"""The training pages under /formations/, one module of patterns per area."""

from __future__ import annotations

from lakou.training.urls import (
    catalogue,
    certificates,
    enrolment,
    followup,
    indicators,
    keys,
    opendata,
)

app_name = "training"

urlpatterns = (
    catalogue.urlpatterns
    + keys.urlpatterns
    + enrolment.urlpatterns
    + certificates.urlpatterns
    + followup.urlpatterns
    + indicators.urlpatterns
    + opendata.urlpatterns
)
