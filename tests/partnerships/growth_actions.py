"""One more of every list item of the partnership actions' pages, for tests/test_query_counts.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from lakou.partnerships.models import Action
from tests.accounts.factories import OrganisationFactory
from tests.partnerships.factories_actions import make_action, make_contribution, make_partner


def grow(world: Any) -> None:
    federation = world.actor("federation")
    start = timezone.now() + timedelta(days=5)
    make_action(actor=world.actor("company"), starts_at=start, ends_at=start + timedelta(hours=2))
    # Every action gets one more partner with a contribution, and the company one more
    # contribution as a partner (its statement).
    for action in Action.objects.exclude(status=Action.Status.CANCELLED):
        partner = make_partner(action, OrganisationFactory(company=True), actor=federation)
        make_contribution(partner, actor=federation)
    action = make_action(actor=federation)
    make_contribution(
        make_partner(action, world.organisations["company"], actor=federation), actor=federation
    )
