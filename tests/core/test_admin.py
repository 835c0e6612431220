from __future__ import annotations

import pytest
from django.urls import reverse

from tests.world import World


@pytest.fixture
def world(db: None) -> World:
    return World.build()


def test_a_federation_superuser_reaches_the_admin(world: World) -> None:
    assert world.client("superuser").get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("actor", ["federation", "company", "person"])
def test_others_are_sent_to_the_admin_login(world: World, actor: str) -> None:
    response = world.client(actor).get(reverse("admin:index"))
    assert response.status_code == 302


def test_a_superuser_outside_the_federation_is_refused(world: World) -> None:
    user = world.users["company"]
    user.is_staff = user.is_superuser = True
    user.save()
    assert world.client("company").get(reverse("admin:index")).status_code == 302


def test_the_audit_log_is_read_only_in_the_admin(world: World) -> None:
    client = world.client("superuser")
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
