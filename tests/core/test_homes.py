from __future__ import annotations

import pytest

from lakou.core.homes import ROLE_TEXTS
from tests.world import World

ROLE_OF_ACTOR = {
    "anonymous": "public",
    "person": "person",
    "federation": "federation",
    "epci": "epci",
    "company": "company",
    "provider": "provider",
    "auditor": "auditor",
    "association": "association",
}


@pytest.mark.django_db
@pytest.mark.parametrize("actor", sorted(ROLE_OF_ACTOR))
def test_each_role_sees_its_home_and_every_next_step_opens(actor: str) -> None:
    world = World.build()
    client = world.client(actor)
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    heading = str(ROLE_TEXTS[ROLE_OF_ACTOR[actor]][0])
    assert heading.replace("'", "&#x27;") in page
    steps = response.context["home"].steps
    assert steps, "a home always proposes something to do"
    for step in steps:
        assert client.get(step.url).status_code == 200, f"{actor}: {step.title} ({step.url})"
