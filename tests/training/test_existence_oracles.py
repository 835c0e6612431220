"""An object the actor may not see answers exactly as a missing id: 404, same body, any action.

Each case opens an existing object of someone else (another learner, another provider, a draft)
and the same address with an id that does not exist; a difference would tell a stranger that
the object exists. 403 stays only where the actor sees the object (tests of each area).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from lakou.training.models import Enrolment
from tests.training.factories import make_programme, make_session
from tests.training.factories_certificates import (
    certifying_programme,
    completed_enrolment,
    issued_certificate,
)
from tests.training.factories_enrolment import enrolment_in
from tests.training.factories_followup import make_follow_up
from tests.world import World

pytestmark = pytest.mark.django_db

MISSING_PK = 987_654


@dataclass(frozen=True)
class Case:
    """`url(world)` gives the address of a foreign object and of a missing one."""

    url: Callable[[World], tuple[str, str]]
    method: str = "get"
    api: bool = False


def page(name: str, make: Callable[[World], int]) -> Callable[[World], tuple[str, str]]:
    def url(world: World) -> tuple[str, str]:
        return reverse(name, args=[make(world)]), reverse(name, args=[MISSING_PK])

    return url


def others_enrolment(world: World) -> int:
    """Someone else's request, in a session of another provider."""
    return enrolment_in(make_session(make_programme()), Enrolment.Status.REQUESTED).pk


def others_completed_enrolment(world: World) -> int:
    return completed_enrolment(certifying_programme()).pk


def others_draft_programme(world: World) -> int:
    return make_programme(is_published=False).pk


def session_of_others_draft(world: World) -> int:
    return make_session(make_programme(is_published=False)).pk


def others_follow_up(world: World) -> int:
    return make_follow_up().pk


def certificate_revocation(world: World) -> tuple[str, str]:
    path = "/api/v1/formations/certificats/{}/revocation"
    return path.format(issued_certificate().uid), path.format(uuid.uuid4())


def certificate_issue_api(world: World) -> tuple[str, str]:
    path = "/api/v1/formations/inscriptions/{}/certificat"
    return path.format(others_completed_enrolment(world)), path.format(MISSING_PK)


CASES: dict[str, tuple[Case, tuple[str, ...]]] = {
    "cancel another learner's enrolment": (
        Case(page("training:enrolment_cancel", others_enrolment), "post"),
        ("person", "company", "provider"),
    ),
    "decide on it": (
        Case(page("training:enrolment_decide", others_enrolment), "post"),
        ("person", "provider"),
    ),
    "refuse it": (
        Case(page("training:enrolment_refuse", others_enrolment)),
        ("person", "provider"),
    ),
    "certify it": (
        Case(page("training:certificate_issue", others_completed_enrolment)),
        ("person", "provider"),
    ),
    "the roster of another provider's draft session": (
        Case(page("training:session_roster", session_of_others_draft)),
        ("person", "company", "provider"),
    ),
    "edit another provider's draft": (
        Case(page("training:programme_edit", others_draft_programme)),
        ("person", "provider"),
    ),
    "ask the label for it": (
        Case(page("training:programme_submit", others_draft_programme), "post"),
        ("person", "provider"),
    ),
    "label it": (
        Case(page("training:programme_label", others_draft_programme), "post"),
        ("person", "provider"),
    ),
    "edit a session of it": (
        Case(page("training:session_edit", session_of_others_draft)),
        ("person", "provider"),
    ),
    "record another provider's follow-up": (
        Case(page("training:followup_record", others_follow_up)),
        ("person", "company", "provider"),
    ),
    "close it as unreachable": (
        Case(page("training:followup_unreachable", others_follow_up), "post"),
        ("person", "provider"),
    ),
    "revoke another provider's certificate (API)": (
        Case(certificate_revocation, "post", api=True),
        ("person", "provider"),
    ),
    "certify another provider's learner (API)": (
        Case(certificate_issue_api, "post", api=True),
        ("person", "provider"),
    ),
}


def answer(response: HttpResponse) -> tuple[int, Any]:
    """The status and what the body says: the JSON of the API, the headings of a page."""
    if response["Content-Type"].startswith("application/json"):
        return response.status_code, json.loads(response.content)
    return response.status_code, re.findall(r"<h1[^>]*>(.*?)</h1>", response.content.decode())


def send(world: World, actor: str, case: Case, url: str) -> HttpResponse:
    if case.api:
        response: HttpResponse = Client().post(
            url, "{}", content_type="application/json", headers=world.api_headers(actor)
        )
        return response
    client = world.client(actor)
    return client.post(url) if case.method == "post" else client.get(url)


@pytest.mark.parametrize(
    ("what", "actor"),
    [(what, actor) for what, (_case, actors) in CASES.items() for actor in actors],
)
def test_a_foreign_object_answers_as_a_missing_one(what: str, actor: str) -> None:
    world = World.build()
    case = CASES[what][0]
    foreign_url, missing_url = case.url(world)

    foreign = answer(send(world, actor, case, foreign_url))
    missing = answer(send(world, actor, case, missing_url))

    assert foreign[0] == 404
    assert foreign == missing


def test_403_stays_where_the_actor_sees_the_object() -> None:
    """The learner sees their enrolment but does not decide on it; anyone sees a published
    programme but only its provider edits it."""
    world = World.build()
    session = make_session(make_programme())
    own = enrolment_in(session, Enrolment.Status.REQUESTED, world.users["person"])
    person = world.client("person")
    decide = reverse("training:enrolment_decide", args=[own.pk])
    assert person.post(decide, {"action": "accept"}).status_code == 403
    edit = reverse("training:programme_edit", args=[session.programme_id])
    assert person.get(edit).status_code == 403
