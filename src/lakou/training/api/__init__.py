"""The training API, one router per area, all under /formations (mounted by lakou.api)."""

from __future__ import annotations

from lakou.training.api import catalogue, certificates, enrolment, followup, indicators, opendata

ROUTES = [
    ("/formations", catalogue.router),
    ("/formations", enrolment.router),
    ("/formations", certificates.router),
    ("/formations", followup.router),
    ("/formations", indicators.router),
    ("/formations", opendata.router),
]
