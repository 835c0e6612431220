"""One more of every list item of the account pages, for tests/test_query_counts.py."""

from __future__ import annotations

from typing import Any

from tests.accounts.factories import MembershipFactory, UserFactory


def grow(world: Any) -> None:
    for name, organisation in world.organisations.items():
        MembershipFactory(user=UserFactory(), organisation=organisation)
        world.api_token(name)
