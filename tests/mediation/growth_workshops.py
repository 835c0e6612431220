"""One more workshop in the public list and in the association's, with registrations."""

from __future__ import annotations

from typing import Any

from tests.mediation.factories_workshops import make_workshop, organiser_actor, register


def grow(world: Any) -> None:
    public = make_workshop(capacity=1)
    register(public)
    register(public)  # waiting
    own = make_workshop(organiser_actor(world.organisations["association"]), capacity=5)
    register(own)
    register(own, email="inscrite@exemple.mq", phone="")
