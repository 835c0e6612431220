"""One more of every list item of the offers pages, for tests/test_query_counts.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lakou.partnerships.models import Application, Offer
from lakou.partnerships.services.applications import applications_flag_unanswered
from tests.partnerships.factories_offers import application_in, make_offer


def grow(world: Any) -> None:
    company = world.actor("company")
    offer = make_offer(company, title="Apprenti technicien réseaux", kind="apprenticeship")
    make_offer(company, publish=False, title="Brouillon")
    for each in Offer.objects.filter(company=world.organisations["company"]).published():
        application_in(each, Application.Status.NEW)
    application_in(offer, Application.Status.EXAMINING, world.users["person"])
    old = timezone.now() - dt.timedelta(days=40)
    application_in(offer, Application.Status.NEW, sent=old)
    applications_flag_unanswered()
