"""Mentoring pages: forms with their errors, the suggestions page and its confirmation, a pair's
meetings and its end, per role."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from lakou.partnerships.models import MenteeRequest, MentoringPair, MentorProfile
from tests.partnerships.factories_mentoring import (
    commune,
    competence,
    level,
    make_mentor,
    make_request,
)
from tests.partnerships.url_access_mentoring import worlds_pair
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World.build()


def test_a_company_member_becomes_a_mentor_through_the_form(world: World) -> None:
    skill, lv = competence(), level(5)
    place = commune()
    response = world.client("company").post(
        reverse("partnerships:mentoring_mentor_profile"),
        {
            "competence_1": skill.pk,
            "level_1": lv.pk,
            "capacity": 2,
            "communes": [place.pk],
            "availability": ["mon_am", "sat_pm"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    profile = MentorProfile.objects.get(user=world.users["company"])
    assert profile.capacity == 2
    assert profile.slot_labels == ["lundi matin", "samedi après-midi"]
    page = world.client("company").get(reverse("partnerships:mentoring_mine"))
    assert "samedi après-midi" in page.content.decode()


def test_the_mentor_form_says_what_is_missing_next_to_the_field(world: World) -> None:
    skill = competence()
    response = world.client("company").post(
        reverse("partnerships:mentoring_mentor_profile"),
        {"competence_1": skill.pk, "capacity": 2, "availability": ["mon_am"]},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choisissez votre niveau pour cette compétence." in text
    assert "Choisissez au moins une commune de rencontre" in text


def test_a_person_asks_for_a_mentor_through_the_form(world: World) -> None:
    skill = competence()
    response = world.client("person").post(
        reverse("partnerships:mentoring_request"),
        {
            "goals": "Faire mes démarches en ligne.",
            "competence_1": skill.pk,
            "level_1": "",
            "commune": commune().pk,
            "availability": ["tue_am"],
        },
    )
    assert response.status_code == 302
    request = MenteeRequest.objects.get(learner=world.users["person"])
    assert request.wishes.get().level is None
    page = world.client("person").get(reverse("partnerships:mentoring_mine"))
    assert "En attente d&#x27;un mentor" in page.content.decode()


def test_the_suggestions_page_shows_reasons_and_accepting_asks_first(world: World) -> None:
    mentor = make_mentor(accepts_remote=True)
    request = make_request(accepts_remote=True)
    client = world.client("federation")
    page = client.get(reverse("partnerships:mentoring_suggestions")).content.decode()
    assert "1 compétence en commun" in page
    assert "disponibles tous deux le mardi matin" in page
    url = reverse("partnerships:mentoring_suggestions_accept")
    key = f"{request.pk}-{mentor.pk}"
    confirm = client.post(url, {"pair": key})
    assert confirm.status_code == 200
    assert "Former 1 binôme de mentorat ?" in confirm.content.decode()
    assert not MentoringPair.objects.exists()
    assert client.post(url, {"pair": key, "confirme": "oui"}).status_code == 302
    assert MentoringPair.objects.get().mentor == mentor


def test_the_federation_chooses_another_mentor_by_hand(world: World) -> None:
    skill = competence()
    make_mentor(competences=[(skill, 2)])
    other = make_mentor(competences=[(skill, 8)])
    request = make_request(wishes=[(skill, 1)])
    client = world.client("federation")
    url = reverse("partnerships:mentoring_pair_create", kwargs={"pk": request.pk})
    assert "Choisir un mentor pour" in client.get(url).content.decode()
    assert client.post(url, {"mentor": other.pk}).status_code == 302
    assert MentoringPair.objects.get().mentor == other


def test_a_side_logs_a_meeting_and_a_wrong_date_is_shown(world: World) -> None:
    pair = worlds_pair(world)
    url = reverse("partnerships:mentoring_meeting_log", kwargs={"pk": pair.pk})
    today = timezone.localdate().isoformat()
    ok = world.client("person").post(
        url, {"held_on": today, "duration_minutes": 60, "note": "Bien"}
    )
    assert ok.status_code == 302
    bad = world.client("person").post(url, {"held_on": "2999-01-01", "duration_minutes": 60})
    assert bad.status_code == 400
    assert "ne peut pas être dans le futur" in bad.content.decode()
    page = world.client("company").get(pair.get_absolute_url()).content.decode()
    assert "Bien" in page


def test_the_federation_sees_a_pair_but_cannot_log_a_meeting(world: World) -> None:
    pair = worlds_pair(world)
    assert world.client("federation").get(pair.get_absolute_url()).status_code == 200
    url = reverse("partnerships:mentoring_meeting_log", kwargs={"pk": pair.pk})
    today = timezone.localdate().isoformat()
    response = world.client("federation").post(url, {"held_on": today, "duration_minutes": 60})
    assert response.status_code == 403
    assert world.client("other_company").get(pair.get_absolute_url()).status_code == 404


def test_ending_a_pair_goes_through_a_confirmation_with_the_reason(world: World) -> None:
    pair = worlds_pair(world)
    url = reverse("partnerships:mentoring_pair_end", kwargs={"pk": pair.pk})
    client = world.client("company")
    page = client.get(url)
    assert page.status_code == 200
    assert "Terminer le binôme avec Line Jean-Baptiste ?" in page.content.decode()
    missing = client.post(url, {"confirme": "oui", "reason": "other", "note": ""})
    assert missing.status_code == 400
    assert "Précisez la raison" in missing.content.decode()
    assert MentoringPair.objects.get().is_active
    done = client.post(url, {"confirme": "oui", "reason": "goals_reached"})
    assert done.status_code == 302
    assert MentoringPair.objects.get().end_reason == "goals_reached"


def test_the_menu_and_homes_show_mentoring(world: World) -> None:
    worlds_pair(world)
    for actor, target in [
        ("federation", "partnerships:mentoring_suggestions"),
        ("company", "partnerships:mentoring_mine"),
        ("person", "partnerships:mentoring_mine"),
    ]:
        home = world.client(actor).get(reverse("home")).content.decode()
        assert f'href="{reverse(target)}"' in home
        assert "Mentorat" in home
    assert (
        "binôme de mentorat en cours"
        in world.client("person").get(reverse("home")).content.decode()
    )
    provider = world.client("provider").get(reverse("home")).content.decode()
    assert reverse("partnerships:mentoring_mine") not in provider


@pytest.mark.parametrize("model", ["mentorprofile", "menteerequest", "mentoringpair"])
def test_the_admin_lists_and_opens_mentoring_rows(world: World, model: str) -> None:
    pair = worlds_pair(world)
    row = {"mentorprofile": pair.mentor, "menteerequest": pair.mentee, "mentoringpair": pair}[model]
    client = world.client("superuser")
    assert client.get(reverse(f"admin:partnerships_{model}_changelist")).status_code == 200
    assert (
        client.get(reverse(f"admin:partnerships_{model}_change", args=[row.pk])).status_code == 200
    )


def test_a_long_list_of_suggestions_shows_the_best_first_and_says_how_many_wait(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lakou.partnerships.views import mentoring as views

    monkeypatch.setattr(views, "SUGGESTIONS_SHOWN", 1)
    make_mentor(capacity=2, accepts_remote=True)
    make_request(accepts_remote=True)
    make_request(accepts_remote=True)
    page = world.client("federation").get(reverse("partnerships:mentoring_suggestions"))
    text = page.content.decode()
    assert text.count('name="pair"') == 1
    assert "1 autre suggestion apparaîtra une fois ces binômes formés." in text
