"""Who may do what in mentoring, per role of the World."""

from __future__ import annotations

import pytest

from lakou.core.actor import Actor
from lakou.partnerships.perms import mentoring as perms
from tests.partnerships.url_access_mentoring import worlds_pair
from tests.world import World

pytestmark = pytest.mark.django_db

ROLES = ("person", "federation", "epci", "company", "other_company", "provider", "auditor")


@pytest.fixture
def world() -> World:
    return World.build()


@pytest.mark.parametrize("role", ROLES)
def test_only_companies_mentor_only_persons_ask_only_the_federation_forms_pairs(
    world: World, role: str
) -> None:
    actor = world.actor(role)
    assert perms.can_mentor(actor) == (role in ("company", "other_company"))
    assert perms.can_ask_for_mentor(actor) == (role == "person")
    assert perms.can_manage_mentoring(actor) == (role == "federation")


def test_nobody_signed_out_does_anything() -> None:
    anonymous = Actor(user=None)
    assert not perms.can_mentor(anonymous)
    assert not perms.can_ask_for_mentor(anonymous)
    assert not perms.can_manage_mentoring(anonymous)


@pytest.mark.parametrize("role", ROLES)
def test_the_two_sides_log_meetings_and_the_federation_may_end_a_pair(
    world: World, role: str
) -> None:
    pair = worlds_pair(world)
    actor = world.actor(role)
    assert perms.is_pair_party(actor, pair) == (role in ("company", "person"))
    assert perms.can_end_pair(actor, pair) == (role in ("company", "person", "federation"))


def test_the_mentor_acting_for_another_organisation_is_not_the_pairs_mentor(world: World) -> None:
    pair = worlds_pair(world)
    mentor = pair.mentor.user
    as_person = Actor(user=mentor)
    assert not perms.is_pair_mentor(as_person, pair)
