"""Mentoring API: the federation reads suggestions and forms pairs; each side of a pair logs
meetings and ends it, with JSON bodies."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lakou.partnerships.models import MentoringPair
from tests.partnerships.factories_mentoring import (
    commune,
    competence,
    level,
    make_mentor,
    make_pair,
    make_request,
)
from tests.partnerships.url_access_mentoring import worlds_pair
from tests.world import World

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partenariats/mentorat"


@pytest.fixture
def world() -> World:
    return World.build()


def get(world: World, actor: str, url: str) -> Any:
    return Client().get(url, headers=world.api_headers(actor))


def post_json(world: World, actor: str, url: str, body: dict[str, Any]) -> Any:
    return Client().post(
        url, body, content_type="application/json", headers=world.api_headers(actor)
    )


def test_the_federation_reads_suggestions_with_their_reasons(world: World) -> None:
    mentor = make_mentor(accepts_remote=True)
    request = make_request(accepts_remote=True)
    response = get(world, "federation", f"{BASE}/suggestions")
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert (item["mentee_request"], item["mentor"]) == (request.pk, mentor.pk)
    assert item["reasons"]["remote"] is True
    assert item["reasons"]["common_slots"] == ["tue_am"]
    assert item["reasons"]["sentences"][1] == "rencontres à distance, acceptées des deux côtés"


def test_a_company_cannot_read_the_suggestions(world: World) -> None:
    assert get(world, "company", f"{BASE}/suggestions").status_code == 403


def test_the_federation_forms_a_pair_and_a_second_one_is_refused(world: World) -> None:
    mentor = make_mentor(capacity=1)
    first, second = make_request(), make_request()
    response = post_json(
        world, "federation", f"{BASE}/binomes", {"mentee_request": first.pk, "mentor": mentor.pk}
    )
    assert response.status_code == 201
    assert response.json()["status"] == "active"
    response = post_json(
        world, "federation", f"{BASE}/binomes", {"mentee_request": second.pk, "mentor": mentor.pk}
    )
    assert response.status_code == 409
    assert "son maximum" in response.json()["detail"]
    missing = post_json(
        world, "federation", f"{BASE}/binomes", {"mentee_request": 999999, "mentor": mentor.pk}
    )
    assert missing.status_code == 404


def test_each_side_reads_only_its_pairs(world: World) -> None:
    pair = worlds_pair(world)
    make_pair()
    for actor in ("company", "person"):
        ids = [row["id"] for row in get(world, actor, f"{BASE}/binomes").json()["results"]]
        assert ids == [pair.pk]
    assert get(world, "other_company", f"{BASE}/binomes").json()["results"] == []
    assert len(get(world, "federation", f"{BASE}/binomes").json()["results"]) == 2


def test_the_mentor_logs_a_meeting(world: World) -> None:
    pair = worlds_pair(world)
    today = timezone.localdate().isoformat()
    url = f"{BASE}/binomes/{pair.pk}/rencontres"
    response = post_json(world, "company", url, {"held_on": today, "duration_minutes": 45})
    assert response.status_code == 201
    assert response.json()["duration_minutes"] == 45
    future = post_json(world, "company", url, {"held_on": "2999-01-01", "duration_minutes": 45})
    assert future.status_code == 409
    assert (
        post_json(
            world, "other_company", url, {"held_on": today, "duration_minutes": 45}
        ).status_code
        == 404
    )
    assert (
        post_json(world, "federation", url, {"held_on": today, "duration_minutes": 45}).status_code
        == 403
    )


def test_the_mentee_ends_the_pair_with_a_reason(world: World) -> None:
    pair = worlds_pair(world)
    url = f"{BASE}/binomes/{pair.pk}/fin"
    assert post_json(world, "person", url, {"reason": "other"}).status_code == 409
    response = post_json(world, "person", url, {"reason": "no_time", "note": "Nouveau travail"})
    assert response.status_code == 200
    assert response.json()["end_reason"] == "no_time"
    assert MentoringPair.objects.get().status == MentoringPair.Status.ENDED
    assert post_json(world, "person", url, {"reason": "no_time"}).status_code == 409


def put_json(world: World, actor: str, url: str, body: dict[str, Any]) -> Any:
    return Client().put(
        url, body, content_type="application/json", headers=world.api_headers(actor)
    )


def test_a_company_member_declares_a_profile_by_the_api(world: World) -> None:
    skill, lv = competence(), level(6)
    place = commune()
    body = {
        "capacity": 2,
        "availability": ["mon_am", "sat_pm"],
        "competences": [{"competence": skill.pk, "level": lv.pk}],
        "communes": [place.insee_code],
    }
    response = put_json(world, "company", f"{BASE}/profil-mentor", body)
    assert response.status_code == 200
    assert response.json()["availability"] == ["mon_am", "sat_pm"]
    assert response.json()["communes"] == [place.insee_code]
    unknown = put_json(
        world,
        "company",
        f"{BASE}/profil-mentor",
        body | {"competences": [{"competence": 999999, "level": lv.pk}]},
    )
    assert unknown.status_code == 409
    nowhere = put_json(world, "company", f"{BASE}/profil-mentor", body | {"communes": []})
    assert nowhere.status_code == 409
    assert "commune de rencontre" in nowhere.json()["detail"]
    assert put_json(world, "person", f"{BASE}/profil-mentor", body).status_code == 403


def test_a_person_asks_for_a_mentor_by_the_api(world: World) -> None:
    skill = competence()
    place = commune("lamentin")
    body = {
        "goals": "Créer mon site.",
        "commune": place.insee_code,
        "availability": ["tue_am"],
        "wishes": [{"competence": skill.pk}],
    }
    response = put_json(world, "person", f"{BASE}/demande", body)
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    again = put_json(world, "person", f"{BASE}/demande", body | {"goals": "Autre chose"})
    assert again.json()["id"] == response.json()["id"]
    assert put_json(world, "company", f"{BASE}/demande", body).status_code == 403
