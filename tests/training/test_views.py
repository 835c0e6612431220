"""Provider pages: programmes and sessions of one's own organisation only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lakou.training.models import Programme, Session
from tests.skills.factories import OccupationFactory
from tests.territory.factories import CommuneFactory
from tests.training.factories import make_programme, make_session
from tests.training.factories_enrolment import enrolment_in
from tests.world import World

pytestmark = pytest.mark.django_db

PROGRAMME_FORM = {
    "title": "Administrateur cloud",
    "objective": "Déployer et exploiter des services cloud.",
    "domain": "cloud",
    "audiences": ["career_changers", "job_seekers"],
    "format": "hybrid",
    "duration_hours": "350",
    "entry_level": "4",
    "certification_kind": "rs",
    "certification_code": "RS5678",
    "certifier": "Ministère du Travail",
    "price": "0",
    "fundings": ["france_travail", "region"],
    "occupations": "m1805",
    "is_published": "on",
    "activity_number": "97970123497",
    "street_address": "12 rue Victor Hugo",
    "competences-TOTAL_FORMS": "3",
    "competences-INITIAL_FORMS": "0",
}


@pytest.fixture
def world() -> World:
    return World.build()


def test_a_provider_creates_a_published_programme(world: World) -> None:
    OccupationFactory(developer=True)
    response = world.client("provider").post(reverse("training:programme_create"), PROGRAMME_FORM)
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert programme.provider == world.organisations["provider"]
    assert programme.audience_codes() == ["career_changers", "job_seekers"]
    assert programme.funding_codes() == ["france_travail", "region"]
    assert [o.code_rome for o in programme.occupations.all()] == ["M1805"]
    assert "developpeur" in programme.search_text
    assert programme.get_absolute_url() in response["Location"]


def test_an_unknown_rome_code_is_explained(world: World) -> None:
    response = world.client("provider").post(
        reverse("training:programme_create"), {**PROGRAMME_FORM, "occupations": "Z9999"}
    )
    assert response.status_code == 400
    assert "Codes ROME inconnus : Z9999" in response.content.decode()


def test_a_certifying_programme_needs_its_code(world: World) -> None:
    response = world.client("provider").post(
        reverse("training:programme_create"),
        {**PROGRAMME_FORM, "occupations": "", "certification_code": ""},
    )
    assert response.status_code == 400
    assert "code RNCP ou RS" in response.content.decode()


def test_a_provider_edits_its_programme(world: World) -> None:
    programme = make_programme(actor=world.actor("provider"))
    url = reverse("training:programme_edit", args=[programme.pk])
    assert world.client("provider").get(url).status_code == 200
    world.client("provider").post(
        url, {**PROGRAMME_FORM, "occupations": "", "title": "Nouveau titre"}
    )
    programme.refresh_from_db()
    assert programme.title == "Nouveau titre"


@pytest.mark.parametrize(
    "name",
    ["training:programme_edit", "training:session_create", "training:programme_submit"],
)
def test_a_provider_cannot_touch_another_providers_programme(world: World, name: str) -> None:
    others = make_programme(title="Celle d'un autre")
    method = "post" if name == "training:programme_submit" else "get"
    response = getattr(world.client("provider"), method)(reverse(name, args=[others.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["training:session_edit", "training:session_cancel"])
def test_a_provider_cannot_touch_another_providers_session(world: World, name: str) -> None:
    session = make_session(make_programme())
    response = world.client("provider").post(reverse(name, args=[session.pk]))
    assert response.status_code == 404
    session.refresh_from_db()
    assert session.status == Session.Status.OPEN


def test_another_providers_draft_is_not_found(world: World) -> None:
    draft = make_programme(is_published=False)
    assert world.client("provider").get(draft.get_absolute_url()).status_code == 404
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_my_programmes_lists_only_mine(world: World) -> None:
    make_programme(actor=world.actor("provider"), title="La mienne", is_published=False)
    make_programme(title="Celle d'un autre")
    page = world.client("provider").get(reverse("training:my_programmes")).content.decode()
    assert "La mienne" in page
    assert "Celle d&#x27;un autre" not in page


def test_a_provider_adds_edits_and_cancels_a_session(world: World) -> None:
    programme = make_programme(actor=world.actor("provider"))
    commune = CommuneFactory()
    starts_on = timezone.localdate() + timedelta(days=20)
    client = world.client("provider")
    form = {
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + timedelta(days=4)).isoformat(),
        "commune": commune.pk,
        "venue": "Campus de Schœlcher",
        "seats": "15",
        "status": "open",
    }
    client.post(reverse("training:session_create", args=[programme.pk]), form)
    session = Session.objects.get()
    assert session.place == "Campus de Schœlcher, Fort-de-France"
    client.post(reverse("training:session_edit", args=[session.pk]), {**form, "seats": "20"})
    session.refresh_from_db()
    assert session.seats == 20
    client.post(
        reverse("training:session_cancel", args=[session.pk]),
        {"reason": "Formateur absent", "confirme": "oui"},
    )
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert session.cancellation_reason == "Formateur absent"
    page = Client().get(session.get_absolute_url()).content.decode()
    assert "Cette session est annulée." in page


def test_a_session_needs_a_commune_or_remote(world: World) -> None:
    programme = make_programme(actor=world.actor("provider"))
    starts_on = timezone.localdate() + timedelta(days=20)
    response = world.client("provider").post(
        reverse("training:session_create", args=[programme.pk]),
        {
            "starts_on": starts_on.isoformat(),
            "ends_on": starts_on.isoformat(),
            "seats": "15",
            "status": "open",
        },
    )
    assert response.status_code == 400
    assert "Indiquez la commune" in response.content.decode()


def test_the_programme_page_lists_its_upcoming_sessions(client: Client) -> None:
    programme = make_programme(title="Bureautique")
    make_session(programme, venue="Médiathèque", starts_in_days=3)
    make_session(programme, starts_in_days=-40, length_days=2, venue="Passée")
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Médiathèque" in page
    assert "Passée" not in page


def test_the_session_page_is_public(client: Client) -> None:
    session = make_session(make_programme(title="Réseaux"), schedule="lundi 9 h – 12 h")
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Réseaux" in page
    assert "lundi 9 h – 12 h" in page


def test_cancelling_a_session_asks_first_and_says_how_many_people_are_told(
    world: World,
) -> None:
    session = make_session(make_programme(actor=world.actor("provider"), title="Bureautique"))
    enrolment_in(session, "accepted")
    enrolment_in(session, "waitlisted")
    enrolment_in(session, "refused")
    url = reverse("training:session_cancel", args=[session.pk])
    client = world.client("provider")
    assert (
        f'href="{url}">Annuler la session…</a>'
        in client.get(session.get_absolute_url()).content.decode()
    )

    for asked in (client.get(url), client.post(url, {"reason": "Formateur absent"})):
        assert asked.status_code == 200
        text = asked.content.decode()
        assert "Annuler la session du" in text
        assert "<dt>Personnes prévenues</dt><dd>2</dd>" in text
        assert 'name="confirme" value="oui"' in text
    session.refresh_from_db()
    assert session.status == Session.Status.OPEN
