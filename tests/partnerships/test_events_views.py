"""Contest and hackathon pages and API, as people use them: registration by e-mailed code, team,
project, jury, publication of the results and the badges on training's verification page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from lakou.accounts.models import User
from lakou.partnerships.models import Event, Participant, Score, Submission, Team
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.partnerships.factories_events import (
    make_criteria,
    make_event,
    make_juror,
    make_submission,
    make_team,
    register,
)
from tests.tasks import run_worker
from tests.world import World


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------- registration by e-mailed code


@pytest.mark.django_db(transaction=True)
def test_a_newcomer_registers_then_signs_in_with_the_emailed_code() -> None:
    event = make_event(title="Hackathon des seniors")
    client = Client()

    response = client.post(
        reverse("partnerships:event_register", kwargs={"pk": event.pk}),
        {"first_name": "Rose", "last_name": "Marie", "email": "rose@exemple.mq"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_confirm_login_code"))
    run_worker()
    subjects = sorted(message.subject for message in mail.outbox)
    assert any("Inscription : Hackathon des seniors" in s for s in subjects)
    code_mail = next(m for m in mail.outbox if "Inscription" not in m.subject)
    code = re.search(r"\b(\d{6})\b", code_mail.body).group(1)

    signed = client.post(response["Location"], {"code": code}, follow=True)

    assert signed.redirect_chain[-1][0] == reverse(
        "partnerships:event_my_team", kwargs={"pk": event.pk}
    )
    assert "Vous êtes inscrit(e) mais sans équipe" in signed.content.decode()
    user = User.objects.get(email="rose@exemple.mq")
    assert user.emailaddress_set.get().verified


@pytest.mark.django_db
def test_the_public_form_does_not_tell_who_is_registered() -> None:
    event = make_event()
    register(event, UserFactory(email="deja@exemple.mq"))
    url = reverse("partnerships:event_register", kwargs={"pk": event.pk})
    data = {"first_name": "X", "last_name": "Y"}

    known = Client().post(url, data | {"email": "deja@exemple.mq"})
    unknown = Client().post(url, data | {"email": "nouveau@exemple.mq"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.django_db
def test_registrations_from_one_address_are_throttled() -> None:
    event = make_event()
    url = reverse("partnerships:event_register", kwargs={"pk": event.pk})
    data = {"first_name": "Rose", "last_name": "Marie", "email": "rose@exemple.mq"}
    statuses = [Client().post(url, data).status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 429]
    assert Participant.objects.filter(event=event).count() == 1


@pytest.mark.django_db
def test_the_form_says_when_the_event_is_full() -> None:
    event = make_event(capacity=1)
    register(event)
    person = UserFactory()

    response = _client(person).post(
        reverse("partnerships:event_register", kwargs={"pk": event.pk}),
        {"first_name": "Rose", "last_name": "Marie"},
    )

    assert response.status_code == 400
    assert "L&#x27;événement est complet" in response.content.decode()


# ---------------------------------------------------------------- team and project


@pytest.mark.django_db
def test_a_participant_creates_a_team_and_sees_its_code() -> None:
    event = make_event()
    participant = register(event)
    client = _client(participant.user)

    response = client.post(
        reverse("partnerships:event_team_create", kwargs={"pk": event.pk}),
        {"create-name": "Les Colibris", "create-looking_for": "Une graphiste"},
        follow=True,
    )

    team = Team.objects.get(event=event)
    assert team.code in response.content.decode()
    detail = Client().get(event.get_absolute_url()).content.decode()
    assert "Les Colibris" in detail
    assert "Une graphiste" in detail


@pytest.mark.django_db
def test_a_full_team_is_refused_next_to_the_code_field() -> None:
    event = make_event(team_max=1)
    team = make_team(event, members=1, name="Les Manicous")
    participant = register(event)

    response = _client(participant.user).post(
        reverse("partnerships:event_team_join", kwargs={"pk": event.pk}),
        {"join-code": team.code},
    )

    assert response.status_code == 400
    assert "L&#x27;équipe « Les Manicous » est complète" in response.content.decode()


@pytest.mark.django_db
def test_leaving_asks_for_confirmation_first() -> None:
    event = make_event()
    team = make_team(event, members=1)
    member = Participant.objects.get(team=team)
    client = _client(member.user)
    url = reverse("partnerships:event_team_leave", kwargs={"pk": event.pk})

    page = client.get(url)
    unconfirmed = client.post(url, {})
    assert "son dernier membre" in page.content.decode()
    assert unconfirmed.status_code == 200
    assert Team.objects.filter(pk=team.pk).exists()

    client.post(url, {"confirme": "oui"})
    assert not Team.objects.filter(pk=team.pk).exists()


@pytest.mark.django_db
def test_the_project_form_closes_at_the_deadline() -> None:
    event = make_event(phase="judging")
    team = make_team(event)
    member = Participant.objects.get(team=team)
    url = reverse("partnerships:event_submission", kwargs={"pk": event.pk})

    page = _client(member.user).get(url)
    posted = _client(member.user).post(url, {"title": "Tard", "description": "Trop tard"})

    assert "La date limite est passée" in page.content.decode()
    assert posted.status_code == 400
    assert not Submission.objects.filter(team=team).exists()


@pytest.mark.django_db
def test_a_project_is_handed_in_with_its_pdf(settings: Any, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    event = make_event(phase="submission")
    team = make_team(event)
    member = Participant.objects.get(team=team)
    pdf = SimpleUploadedFile("projet.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    not_pdf = SimpleUploadedFile("projet.pdf", b"MZ....", content_type="application/pdf")
    url = reverse("partnerships:event_submission", kwargs={"pk": event.pk})
    data = {"title": "Allo Mairie", "description": "Un assistant vocal.", "link": ""}

    refused = _client(member.user).post(url, data | {"file": not_pdf})
    saved = _client(member.user).post(url, data | {"file": pdf})

    assert refused.status_code == 400
    assert "Le fichier doit être un PDF." in refused.content.decode()
    assert saved.status_code == 302
    submission = Team.objects.get(pk=team.pk).submission
    assert submission.file.name.endswith(".pdf")
    download = reverse(
        "partnerships:event_submission_file",
        kwargs={"pk": event.pk, "submission_pk": submission.pk},
    )
    assert _client(member.user).get(download).content == b"%PDF-1.4 test"
    assert _client(register(event).user).get(download).status_code == 404


def test_a_conflicted_juror_cannot_download_the_project(
    jury_setup: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    event, juror = jury_setup["event"], jury_setup["juror"]
    for key in ("clean", "mixed"):
        jury_setup[key].file.save("projet.pdf", ContentFile(b"%PDF-1.4"), save=True)

    def status(key: str) -> int:
        url = reverse(
            "partnerships:event_submission_file",
            kwargs={"pk": event.pk, "submission_pk": jury_setup[key].pk},
        )
        return _client(juror.user).get(url).status_code

    assert status("clean") == 200
    assert status("mixed") == 404


# ---------------------------------------------------------------- jury


@pytest.fixture
def jury_setup(db: None) -> dict[str, Any]:
    company = OrganisationFactory(company=True, name="Madin'Soft")
    event = make_event(phase="judging")
    criteria = make_criteria(event, 2, 1)
    juror = make_juror(event, organisation=company)
    clean = make_submission(make_team(event, name="Les Colibris"))
    mixed_team = make_team(event, name="Les Manicous")
    mixed = make_submission(mixed_team)
    member = Participant.objects.get(team=mixed_team).user
    member.first_name, member.last_name = "Paul", "Ursulet"
    member.save()
    MembershipFactory(user=member, organisation=company)
    return {"event": event, "criteria": criteria, "juror": juror, "clean": clean, "mixed": mixed}


def test_the_jury_page_lists_only_the_projects_the_juror_may_score(
    jury_setup: dict[str, Any],
) -> None:
    event, juror = jury_setup["event"], jury_setup["juror"]

    page = _client(juror.user).get(reverse("partnerships:event_jury", kwargs={"pk": event.pk}))

    content = page.content.decode()
    assert jury_setup["clean"].title in content
    assert jury_setup["mixed"].title not in content


def test_a_conflicted_project_says_why_it_cannot_be_scored(jury_setup: dict[str, Any]) -> None:
    event, juror, mixed = jury_setup["event"], jury_setup["juror"], jury_setup["mixed"]
    url = reverse(
        "partnerships:event_jury_score", kwargs={"pk": event.pk, "submission_pk": mixed.pk}
    )
    data = {f"criterion_{c.pk}": 9 for c in jury_setup["criteria"]}

    page = _client(juror.user).post(url, data)

    assert page.status_code == 403
    assert (
        "Vous ne pouvez pas noter l&#x27;équipe Les Manicous : Paul Ursulet est salarié(e) de "
        "votre organisation." in page.content.decode()
    )
    assert not Score.objects.exists()


def test_a_score_out_of_the_scale_is_refused_next_to_its_field(
    jury_setup: dict[str, Any],
) -> None:
    event, juror, clean = jury_setup["event"], jury_setup["juror"], jury_setup["clean"]
    first, second = jury_setup["criteria"]
    url = reverse(
        "partnerships:event_jury_score", kwargs={"pk": event.pk, "submission_pk": clean.pk}
    )

    refused = _client(juror.user).post(
        url, {f"criterion_{first.pk}": 11, f"criterion_{second.pk}": 4}
    )
    saved = _client(juror.user).post(
        url, {f"criterion_{first.pk}": 10, f"criterion_{second.pk}": 4}
    )

    assert refused.status_code == 400
    assert "La note va de 0 à 10." in refused.content.decode()
    assert saved.status_code == 302
    assert sorted(Score.objects.values_list("value", flat=True)) == [4, 10]


def test_the_api_refuses_a_conflicted_score_with_the_reason(jury_setup: dict[str, Any]) -> None:
    from lakou.accounts.services import api_token_create
    from tests.partnerships.factories_events import juror_actor

    event, juror, mixed = jury_setup["event"], jury_setup["juror"], jury_setup["mixed"]
    _token, raw = api_token_create(actor=juror_actor(juror), name="jury")
    url = f"/api/v1/partenariats/evenements/{event.pk}/jury/projets/{mixed.pk}/notes"

    response = Client().post(
        url,
        {"scores": {str(c.pk): 5 for c in jury_setup["criteria"]}},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    listed = Client().get(
        f"/api/v1/partenariats/evenements/{event.pk}/jury/projets",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 403
    assert "Paul Ursulet est salarié(e) de votre organisation" in response.json()["detail"]
    assert [row["id"] for row in listed.json()["results"]] == [jury_setup["clean"].pk]


def test_the_api_reads_the_scores_as_its_schema_says(jury_setup: dict[str, Any]) -> None:
    """Keys are criterion numbers, marks integers from 0 to 10 (7.0 is 7 in JSON; true is not)."""
    from lakou.accounts.services import api_token_create
    from tests.partnerships.factories_events import juror_actor

    event, juror, clean = jury_setup["event"], jury_setup["juror"], jury_setup["clean"]
    _token, raw = api_token_create(actor=juror_actor(juror), name="jury")
    url = f"/api/v1/partenariats/evenements/{event.pk}/jury/projets/{clean.pk}/notes"
    first, second = jury_setup["criteria"]

    def send(scores: dict[str, Any]) -> Any:
        return Client().post(
            url,
            {"scores": scores},
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )

    assert send({"abc": 5, str(first.pk): 5}).status_code == 422
    assert send({str(first.pk): 11, str(second.pk): 5}).status_code == 422
    assert send({str(first.pk): True, str(second.pk): 5}).status_code == 422
    assert send({str(first.pk): "7", str(second.pk): 5}).status_code == 422
    scored = send({str(first.pk): 7.0, str(second.pk): 4})
    assert scored.status_code == 200, scored.content
    assert scored.json()["my_scores"] == {str(first.pk): 7, str(second.pk): 4}


# ---------------------------------------------------------------- results and badges


@pytest.mark.django_db
def test_the_federation_publishes_and_every_badge_verifies_on_the_certificate_page() -> None:
    world = World.build()
    event = make_event(organiser=world.organisations["federation"], phase="judging")
    criteria = make_criteria(event, 1)
    teams = [make_team(event, members=2, name=name) for name in ("Les Colibris", "Zandoli")]
    for team in teams:
        make_submission(team)
    for participant in Participant.objects.select_related("user"):
        participant.user.first_name, participant.user.last_name = "Léa", "Joseph"
        participant.user.save()
    juror = make_juror(event)
    for team, mark in zip(teams, (9, 4), strict=True):
        Score.objects.create(
            submission=team.submission, juror=juror, criterion=criteria[0], value=mark
        )
    client = world.client("federation")
    url = reverse("partnerships:event_results_publish", kwargs={"pk": event.pk})

    confirmation = client.get(url).content.decode()
    published = client.post(url, {"confirme": "oui"}, follow=True)

    assert "Badges de participation" in confirmation
    page = published.content.decode()
    assert "Résultats" in page
    assert "Lauréate" in page
    assert page.index("Les Colibris") < page.index("Zandoli")
    winner = Participant.objects.filter(team=teams[0]).first()
    assert winner is not None
    assert winner.winner_badge is not None
    verify = (
        Client()
        .get(reverse("training:certificate_verify", kwargs={"uid": winner.winner_badge}))
        .content.decode()
    )
    assert "Certificat valide" in verify
    assert "Badge" in verify
    assert "Lauréat — " in verify
    mine = _client(winner.user).get(reverse("partnerships:event_mine")).content.decode()
    assert str(winner.winner_badge) in mine


@pytest.mark.django_db
def test_the_public_api_shows_the_events_phases_and_challenges() -> None:
    event = make_event(title="Concours Cyber-Jeunes")
    make_team(event, looking_for="Une graphiste", name="Les Balaous")

    listing = Client().get("/api/v1/partenariats/evenements").json()
    detail = Client().get(f"/api/v1/partenariats/evenements/{event.pk}").json()

    assert [row["title"] for row in listing["results"]] == ["Concours Cyber-Jeunes"]
    assert detail["phase"] == "registration"
    assert detail["teams_looking_for_members"][0]["name"] == "Les Balaous"
    assert "code" not in detail["teams_looking_for_members"][0]  # a team's code stays with it


# ---------------------------------------------------------------- menus and homes


@pytest.mark.django_db
def test_the_menus_lead_each_role_to_its_hackathons() -> None:
    from lakou.core.actor import ANONYMOUS
    from lakou.core.navigation import home_for, menu_entries

    world = World.build()
    event = make_event(organiser=world.organisations["association"])
    register(event, world.users["person"])

    def labels(name: str) -> list[str]:
        actor = ANONYMOUS if name == "anonymous" else world.actor(name)
        return [entry.label for entry in menu_entries(actor)]

    assert "Mes hackathons" in labels("person")
    assert "Mes hackathons" in labels("company")  # a juror acting for their company
    assert "Mes hackathons" not in labels("anonymous")
    assert "Hackathons organisés" in labels("federation")
    assert "Hackathons organisés" not in labels("association")
    home = home_for(world.actor("person"))
    assert any("hackathon ou concours en cours" in item.label for item in home.items)


@pytest.mark.django_db
def test_the_api_saves_the_project_until_the_deadline() -> None:
    from lakou.accounts.services import api_token_create
    from lakou.core.actor import Actor
    from tests.partnerships.factories_events import move_to

    event = make_event(phase="submission")
    team = make_team(event)
    member = Participant.objects.get(team=team).user
    _token, raw = api_token_create(actor=Actor(user=member), name="projet")
    url = f"/api/v1/partenariats/evenements/{event.pk}/projet"
    body = {"title": "Allo Mairie", "description": "Un assistant vocal.", "link": ""}
    headers = {"Authorization": f"Bearer {raw}"}

    saved = Client().post(url, body, content_type="application/json", headers=headers)
    move_to(event, "judging")
    late = Client().post(
        url, body | {"title": "Trop tard"}, content_type="application/json", headers=headers
    )

    assert saved.status_code == 200
    assert saved.json()["title"] == "Allo Mairie"
    assert late.status_code == 409
    assert "La date limite de dépôt" in late.json()["detail"]
    assert Submission.objects.get(team=team).title == "Allo Mairie"


# ---------------------------------------------------------------- organiser pages


def _hackathon_action(world: World) -> Any:
    from tests.partnerships.factories_actions import make_action

    return make_action(
        kind="hackathon",
        title="Hackathon des communes",
        organisers=(world.organisations["association"],),
    )


@pytest.mark.django_db
def test_an_organiser_opens_the_registration_from_the_action_page() -> None:
    world = World.build()
    action = _hackathon_action(world)
    client = world.client("association")
    detail = client.get(action.get_absolute_url()).content.decode()
    url = reverse("partnerships:event_create", kwargs={"pk": action.pk})
    form = client.get(url).content.decode()

    response = client.post(
        url,
        {
            "registration_opens_at": "2027-02-01T08:00",
            "registration_closes_at": "2027-03-05T18:00",
            "submission_deadline": "2027-03-07T12:00",
            "judging_ends_at": "2027-03-14T18:00",
            "capacity": 40,
            "team_min": 2,
            "team_max": 4,
            "prize_places": 3,
            "rules": "Équipes de 2 à 4 personnes.",
        },
    )

    assert url in detail
    assert "Heure de la Martinique" in form
    event = action.event
    assert response.status_code == 302
    assert response["Location"] == reverse("partnerships:event_manage", kwargs={"pk": event.pk})
    assert (event.capacity, event.team_min, event.team_max) == (40, 2, 4)
    # 18:00 in Martinique is 22:00 UTC.
    assert event.registration_closes_at.isoformat() == "2027-03-05T22:00:00+00:00"
    # The action page now leads to the event's management; the form, to it too.
    assert reverse("partnerships:event_manage", kwargs={"pk": event.pk}) in (
        client.get(action.get_absolute_url()).content.decode()
    )
    assert client.get(url)["Location"].endswith(f"/evenements/{event.pk}/gestion/")


@pytest.mark.django_db
def test_dates_out_of_order_are_refused_next_to_their_field() -> None:
    world = World.build()
    action = _hackathon_action(world)
    url = reverse("partnerships:event_create", kwargs={"pk": action.pk})

    response = world.client("association").post(
        url,
        {
            "registration_opens_at": "2027-02-01T08:00",
            "registration_closes_at": "2027-01-05T18:00",
            "submission_deadline": "2027-03-07T12:00",
            "judging_ends_at": "2027-03-14T18:00",
            "capacity": 0,
            "team_min": 3,
            "team_max": 2,
            "prize_places": 1,
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "Clôture des inscriptions : Cette date doit venir après « Ouverture des inscriptions »"
        in page
    )
    assert "Un nombre entier de 1 à 10\u202f000." in page
    assert "au moins égale à sa taille minimale" in page
    assert not Event.objects.filter(action=action).exists()


@pytest.mark.django_db
def test_only_contests_and_hackathons_take_an_event_and_only_their_organisers_open_it() -> None:
    from tests.partnerships.factories_actions import make_action

    world = World.build()
    chair = make_action(kind="chair", organisers=(world.organisations["association"],))
    hackathon = _hackathon_action(world)

    def status(name: str, action: Any) -> int:
        url = reverse("partnerships:event_create", kwargs={"pk": action.pk})
        return world.client(name).get(url).status_code

    assert status("association", chair) == 404
    assert status("federation", hackathon) == 200
    assert status("company", hackathon) == 403


@pytest.mark.django_db
def test_removing_a_juror_asks_first_and_says_their_notes_go() -> None:
    world = World.build()
    event = make_event(organiser=world.organisations["federation"], phase="judging")
    criteria = make_criteria(event, 1)
    submission = make_submission(make_team(event, members=1))
    juror = make_juror(event)
    Score.objects.create(submission=submission, juror=juror, criterion=criteria[0], value=6)
    client = world.client("federation")
    manage = client.get(reverse("partnerships:event_manage", kwargs={"pk": event.pk}))
    url = reverse("partnerships:event_juror_remove", kwargs={"pk": event.pk, "juror_pk": juror.pk})

    confirmation = client.get(url).content.decode()
    removed = client.post(url, {"confirme": "oui"}, follow=True).content.decode()

    assert url in manage.content.decode()
    assert "Notes déjà données" in confirmation
    assert "Ses notes seront effacées" in confirmation
    assert "ne fait plus partie du jury" in removed
    assert not event.jurors.exists()
    assert not Score.objects.filter(submission=submission).exists()


@pytest.mark.django_db
def test_a_juror_stays_once_the_results_are_published() -> None:
    from django.utils import timezone

    world = World.build()
    event = make_event(organiser=world.organisations["federation"], phase="judging")
    juror = make_juror(event)
    event.results_published_at = timezone.now()
    event.save(update_fields=["results_published_at"])
    client = world.client("federation")
    url = reverse("partnerships:event_juror_remove", kwargs={"pk": event.pk, "juror_pk": juror.pk})

    page = client.get(url).content.decode()
    client.post(url, {"confirme": "oui"})

    assert "le jury ne change plus" in page
    assert event.jurors.filter(pk=juror.pk).exists()
