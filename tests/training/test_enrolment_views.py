"""Enrolment pages: the session's enrol box, « Mes formations », the roster and its exports."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from lakou.training.models import Enrolment, Session
from tests.accounts.factories import UserFactory
from tests.training.factories import make_programme, make_session
from tests.training.factories_enrolment import asked, enrolment_in, person
from tests.world import World

pytestmark = pytest.mark.django_db

S = Enrolment.Status


@pytest.fixture
def world() -> World:
    return World.build()


def provider_session(world: World, seats: int = 3, **fields: object) -> Session:
    programme = make_programme(actor=world.actor("provider"), title="Développeur web")
    return make_session(programme, seats=seats, **fields)


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# ---------------------------------------------------------------- the session page


def test_an_anonymous_visitor_is_invited_to_sign_in_to_enrol(world: World) -> None:
    session = provider_session(world)
    text = page_text(world.client("anonymous"), session.get_absolute_url())
    assert "Se connecter pour s'inscrire" in text
    assert f"?next=/formations/sessions/{session.pk}/" in text


def test_a_person_enrols_from_the_session_page_and_then_sees_their_status(world: World) -> None:
    session = provider_session(world)
    client = world.client("person")
    assert "S'inscrire</button>" in page_text(client, session.get_absolute_url())

    response = client.post(
        reverse("training:session_enrol", args=[session.pk]),
        {
            "first_name": "Line",
            "last_name": "Jean-Baptiste",
            "message": "Je voudrais apprendre.",
            "phone": "0696 00 00 00",
        },
        follow=True,
    )

    text = response.content.decode()
    assert "Votre demande est envoyée à Organisation provider" in text
    assert "Demande envoyée" in text
    assert "Annuler mon inscription" in text
    assert "S'inscrire</button>" not in text
    enrolment = Enrolment.objects.get()
    assert enrolment.learner == world.users["person"]
    assert enrolment.message == "Je voudrais apprendre."


def test_a_wrong_field_is_shown_next_to_the_field_and_in_the_summary(world: World) -> None:
    session = provider_session(world)
    response = world.client("person").post(
        reverse("training:session_enrol", args=[session.pk]), {"phone": "0" * 40}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'class="error-summary' in text
    assert 'href="#id_phone"' in text
    assert 'aria-invalid="true"' in text
    assert not Enrolment.objects.exists()


def test_the_phone_is_stored_in_e164_and_shown_nationally_on_the_roster(world: World) -> None:
    session = provider_session(world)
    world.client("person").post(
        reverse("training:session_enrol", args=[session.pk]),
        {"first_name": "Line", "last_name": "Jean-Baptiste", "phone": "+596 696.12-34-56"},
    )
    assert Enrolment.objects.get().phone == "+596696123456"
    roster = page_text(
        world.client("provider"), reverse("training:session_roster", args=[session.pk])
    )
    assert "0696 12 34 56" in roster


@pytest.mark.parametrize(
    "phone", ["0696 12 34", "06 12 34 56 78 9", "O696 12 34 56", "appelez-moi"]
)
def test_a_wrong_phone_is_refused_in_french_at_the_field(world: World, phone: str) -> None:
    session = provider_session(world)
    response = world.client("person").post(
        reverse("training:session_enrol", args=[session.pk]),
        {"first_name": "Line", "last_name": "Jean-Baptiste", "phone": phone},
    )
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    field = text[text.index('<label for="id_phone"') : text.index('<input type="tel"')]
    assert "Numéro de téléphone invalide : écrivez par exemple 0696 12 34 56." in field
    assert not Enrolment.objects.exists()


def test_enrolling_in_a_cancelled_session_shows_why_it_is_refused(world: World) -> None:
    session = provider_session(world)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    response = world.client("person").post(
        reverse("training:session_enrol", args=[session.pk]),
        {"first_name": "Line", "last_name": "Jean-Baptiste"},
    )
    assert response.status_code == 400
    assert "Cette session est annulée" in response.content.decode()
    assert "Les inscriptions à cette session sont fermées" in page_text(
        world.client("person"), session.get_absolute_url()
    )


def test_the_learners_cancel_button_leads_to_a_page_that_asks_first(world: World) -> None:
    session = provider_session(world)
    enrolment = enrolment_in(session, S.ACCEPTED, world.users["person"])
    url = reverse("training:enrolment_cancel", args=[enrolment.pk])
    client = world.client("person")
    assert f'href="{url}">Annuler mon inscription…</a>' in page_text(
        client, session.get_absolute_url()
    )

    text = html.unescape(page_text(client, url))

    assert "Annuler votre inscription à « Développeur web », session du" in text
    assert "Votre place sera proposée à la personne suivante de la liste d'attente." in text
    assert 'name="confirme" value="oui"' in text
    assert f'href="{session.get_absolute_url()}">Garder mon inscription</a>' in text
    enrolment.refresh_from_db()
    assert enrolment.status == S.ACCEPTED


def test_a_cancel_post_without_the_confirmation_asks_again(world: World) -> None:
    session = provider_session(world)
    enrolment = enrolment_in(session, S.ACCEPTED, world.users["person"])
    response = world.client("person").post(
        reverse("training:enrolment_cancel", args=[enrolment.pk])
    )
    assert response.status_code == 200
    assert "Oui, annuler mon inscription" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == S.ACCEPTED


def test_the_learner_cancels_once_confirmed(world: World) -> None:
    session = provider_session(world)
    enrolment = enrolment_in(session, S.ACCEPTED, world.users["person"])
    response = world.client("person").post(
        reverse("training:enrolment_cancel", args=[enrolment.pk]),
        {"confirme": "oui"},
        follow=True,
    )
    enrolment.refresh_from_db()
    assert enrolment.status == S.CANCELLED
    assert "L&#x27;inscription est annulée." in response.content.decode()
    assert response.redirect_chain[-1][0] == session.get_absolute_url()


def test_someone_else_cannot_cancel_the_learners_enrolment(world: World) -> None:
    session = provider_session(world)
    enrolment = enrolment_in(session, S.ACCEPTED, world.users["person"])
    response = world.client("company").post(
        reverse("training:enrolment_cancel", args=[enrolment.pk]), {"confirme": "oui"}
    )
    assert response.status_code == 404  # as for an enrolment that does not exist
    assert (
        world.client("company")
        .get(reverse("training:enrolment_cancel", args=[enrolment.pk]))
        .status_code
        == 404
    )
    enrolment.refresh_from_db()
    assert enrolment.status == S.ACCEPTED


def test_the_provider_sees_the_counts_and_a_link_to_the_roster_on_the_session_page(
    world: World,
) -> None:
    session = provider_session(world, seats=4)
    enrolment_in(session, S.ACCEPTED)
    enrolment_in(session, S.WAITLISTED)
    text = page_text(world.client("provider"), session.get_absolute_url())
    assert "1 places prises sur 4, 1 sur liste d'attente" in text
    assert reverse("training:session_roster", args=[session.pk]) in text


# ---------------------------------------------------------------- « Mes formations »


def test_my_trainings_lists_each_enrolment_with_its_status_dates_and_place(world: World) -> None:
    session = provider_session(world, venue="Campus Caraïbes")
    enrolment_in(session, S.WAITLISTED, world.users["person"])
    other = make_session(make_programme(title="Cybersécurité"))
    enrolment_in(other, S.ACCEPTED)  # someone else's
    text = page_text(world.client("person"), reverse("training:my_enrolments"))
    assert "Développeur web" in text
    assert "Sur liste d&#x27;attente" in text
    assert "Campus Caraïbes" in text
    assert f"du {session.starts_on:%d/%m/%Y}" in text
    assert "Cybersécurité" not in text


def test_my_trainings_says_so_when_there_is_none(world: World) -> None:
    text = page_text(world.client("person"), reverse("training:my_enrolments"))
    assert "Vous n'êtes inscrit à aucune formation" in text


@pytest.mark.parametrize("count", [1, 8])
def test_my_trainings_costs_the_same_queries_whatever_its_length(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    for _number in range(count):
        enrolment_in(provider_session(world), S.REQUESTED, world.users["person"])
    client = world.client("person")
    # Session, user, memberships, whether they are a mediator (the menu), page count, the page
    # (session, programme, provider, commune, certificate joined).
    with django_assert_num_queries(6):
        response = client.get(reverse("training:my_enrolments"))
    assert response.content.decode().count("Demande envoyée") == count


# ---------------------------------------------------------------- the roster


def test_the_provider_sees_each_request_with_the_actions_it_allows(world: World) -> None:
    session = provider_session(world, seats=3)
    asked(session, person(email="lea@exemple.mq", first_name="Léa", last_name="Hilaire"))
    enrolment_in(session, S.ATTENDING)
    text = page_text(
        world.client("provider"), reverse("training:session_roster", args=[session.pk])
    )
    assert "Léa Hilaire" in text
    assert "lea@exemple.mq" in text
    assert 'value="accept"' in text
    assert 'value="complete"' in text
    assert "Refuser…" in text
    assert "<dt>Places</dt><dd>3</dd>" in text
    assert "<dt>Places prises</dt><dd>1</dd>" in text


def test_the_provider_accepts_a_request_from_the_roster(world: World) -> None:
    session = provider_session(world)
    enrolment = enrolment_in(session, S.REQUESTED)
    response = world.client("provider").post(
        reverse("training:enrolment_decide", args=[enrolment.pk]), {"action": "accept"}
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == S.ACCEPTED


def test_declaring_a_drop_out_asks_first_since_it_cannot_be_undone(world: World) -> None:
    session = provider_session(world)
    enrolment = enrolment_in(session, S.ATTENDING, UserFactory(first_name="Émile", last_name="Roc"))
    url = reverse("training:enrolment_decide", args=[enrolment.pk])
    client = world.client("provider")

    asked_first = client.post(url, {"action": "drop"})

    assert asked_first.status_code == 200
    text = html.unescape(asked_first.content.decode())
    assert "Déclarer l'abandon d'Émile Roc ?" in text
    assert '<input type="hidden" name="action" value="drop">' in text
    enrolment.refresh_from_db()
    assert enrolment.status == S.ATTENDING

    assert client.post(url, {"action": "drop", "confirme": "oui"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == S.DROPPED


def test_the_provider_cancels_an_enrolment_after_a_page_naming_the_learner(
    world: World,
) -> None:
    session = provider_session(world)
    enrolment = enrolment_in(session, S.ACCEPTED, UserFactory(first_name="Anne", last_name="Marie"))
    url = reverse("training:enrolment_cancel", args=[enrolment.pk])
    client = world.client("provider")
    roster = page_text(client, reverse("training:session_roster", args=[session.pk]))
    assert f'href="{url}">Annuler l\'inscription…' in roster

    text = html.unescape(page_text(client, url))
    assert "Annuler l'inscription d'Anne Marie à « Développeur web »" in text

    done = client.post(url, {"confirme": "oui"})
    assert done["Location"] == reverse("training:session_roster", args=[session.pk])
    enrolment.refresh_from_db()
    assert enrolment.status == S.CANCELLED


def test_accepting_in_a_full_session_shows_the_reason_on_the_roster(world: World) -> None:
    session = provider_session(world, seats=1)
    enrolment_in(session, S.ACCEPTED)
    enrolment = enrolment_in(session, S.REQUESTED)
    response = world.client("provider").post(
        reverse("training:enrolment_decide", args=[enrolment.pk]),
        {"action": "accept"},
        follow=True,
    )
    assert "La session est complète" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == S.REQUESTED


def test_a_refusal_without_reason_is_shown_next_to_the_field(world: World) -> None:
    session = provider_session(world)
    enrolment = enrolment_in(session, S.REQUESTED)
    url = reverse("training:enrolment_refuse", args=[enrolment.pk])
    client = world.client("provider")
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Expliquez pourquoi la demande n&#x27;est pas retenue." in response.content.decode()
    client.post(url, {"reason": "Prérequis non remplis."})
    enrolment.refresh_from_db()
    assert enrolment.status == S.REFUSED
    assert enrolment.refusal_reason == "Prérequis non remplis."


@pytest.mark.parametrize(
    "name",
    ["training:session_roster", "training:session_roster_csv", "training:session_roster_xlsx"],
)
def test_another_providers_roster_is_not_found(world: World, name: str) -> None:
    session = make_session(make_programme())  # of another provider
    response = world.client("provider").get(reverse(name, args=[session.pk]))
    assert response.status_code == 404


def test_another_providers_enrolment_cannot_be_decided(world: World) -> None:
    enrolment = enrolment_in(make_session(make_programme()), S.REQUESTED)
    response = world.client("provider").post(
        reverse("training:enrolment_decide", args=[enrolment.pk]), {"action": "accept"}
    )
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == S.REQUESTED


def test_a_learner_cannot_open_the_roster(world: World) -> None:
    session = provider_session(world)
    response = world.client("person").get(reverse("training:session_roster", args=[session.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 8])
def test_the_roster_costs_the_same_queries_whatever_its_length(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    session = provider_session(world, seats=20)
    for _number in range(count):
        enrolment_in(session, S.ACCEPTED)
        enrolment_in(session, S.COMPLETED)  # rows that show the certificate links
    client = world.client("provider")
    # Session, user, memberships, the session, counts, page count, the page (learners and
    # certificates joined).
    with django_assert_num_queries(7):
        response = client.get(reverse("training:session_roster", args=[session.pk]))
    assert response.content.decode().count('value="attend"') == count


def test_the_provider_list_links_each_session_to_its_roster(world: World) -> None:
    session = provider_session(world, seats=5)
    enrolment_in(session, S.ACCEPTED)
    enrolment_in(session, S.REQUESTED)
    text = page_text(world.client("provider"), reverse("training:my_programmes"))
    assert reverse("training:session_roster", args=[session.pk]) in text
    assert "1/5 places, 1 à traiter" in text


# ---------------------------------------------------------------- exports


def roster_with_two(world: World) -> Session:
    session = provider_session(world)
    asked(
        session,
        person(email="lea@exemple.mq", first_name="Léa", last_name="Hilaire"),
        phone="0696 11 22 33",
        message="Disponible le matin ; merci !",
    )
    enrolment_in(session, S.WAITLISTED, UserFactory(email="marc@exemple.mq", first_name="Marc"))
    return session


def test_the_csv_export_opens_in_a_french_spreadsheet(world: World) -> None:
    session = roster_with_two(world)
    response = world.client("provider").get(
        reverse("training:session_roster_csv", args=[session.pk])
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["Nom", "Prénom", "E-mail", "Téléphone", "Statut"]
    assert rows[1][:5] == ["Hilaire", "Léa", "lea@exemple.mq", "0696 11 22 33", "Demande envoyée"]
    assert rows[1][8] == "Disponible le matin ; merci !"
    assert rows[2][2] == "marc@exemple.mq"
    assert rows[2][4] == "Sur liste d'attente"


def test_the_xlsx_export_reads_back_with_the_same_rows(world: World) -> None:
    session = roster_with_two(world)
    response = world.client("provider").get(
        reverse("training:session_roster_xlsx", args=[session.pk])
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Nom", "Prénom", "E-mail"]
    assert rows[1][:5] == ["Hilaire", "Léa", "lea@exemple.mq", "0696 11 22 33", "Demande envoyée"]
    assert len(rows) == 3


HOSTILE_NAMES = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


def roster_with_hostile_names(world: World) -> Session:
    session = provider_session(world, seats=10)
    for number, last_name in enumerate(HOSTILE_NAMES):
        learner = UserFactory(
            email=f"l{number}@exemple.mq", first_name="Marie-Anne", last_name=last_name
        )
        enrolment_in(session, S.ACCEPTED, learner)
    asked(
        session,
        person(email="z@exemple.mq", first_name="Jean -Paul", last_name="Hilaire"),
        message='=HYPERLINK("http://evil","x")',
    )
    return session


def test_a_hostile_name_in_the_roster_csv_is_quoted_text(world: World) -> None:
    session = roster_with_hostile_names(world)
    response = world.client("provider").get(
        reverse("training:session_roster_csv", args=[session.pk])
    )
    body = response.content.decode("utf-8-sig")
    rows = {row[2]: row for row in csv.reader(io.StringIO(body, newline=""), delimiter=";")}
    for number, last_name in enumerate(HOSTILE_NAMES):
        assert rows[f"l{number}@exemple.mq"][:2] == ["'" + last_name, "Marie-Anne"]
    assert rows["z@exemple.mq"][1] == "Jean -Paul"
    assert rows["z@exemple.mq"][8] == "'" + '=HYPERLINK("http://evil","x")'


def test_a_hostile_name_in_the_roster_xlsx_is_a_text_cell(world: World) -> None:
    session = roster_with_hostile_names(world)
    response = world.client("provider").get(
        reverse("training:session_roster_xlsx", args=[session.pk])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert not [
        cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"
    ]
    rows = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    for number, last_name in enumerate(HOSTILE_NAMES):
        name, first_name = rows[f"l{number}@exemple.mq"][:2]
        assert (name.data_type, name.value) == ("s", "'" + last_name.replace("\r", "\n"))
        assert first_name.value == "Marie-Anne"
    assert rows["z@exemple.mq"][8].value == "'" + '=HYPERLINK("http://evil","x")'


def test_exported_dates_are_martinique_days_like_the_page(world: World) -> None:
    session = roster_with_two(world)
    # 02:30 UTC on 2 December is 22:30 on 1 December in Martinique (UTC-4).
    late_evening = dt.datetime(2026, 12, 2, 2, 30, tzinfo=dt.UTC)
    Enrolment.objects.filter(session=session).update(
        requested_at=late_evening, decided_at=late_evening
    )
    provider = world.client("provider")
    body = provider.get(reverse("training:session_roster_csv", args=[session.pk]))
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][5] == "01/12/2026"
    assert rows[2][6] == "01/12/2026"
    workbook = provider.get(reverse("training:session_roster_xlsx", args=[session.pk]))
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet is not None
    assert sheet["F2"].value.date() == dt.date(2026, 12, 1)
    assert sheet["F2"].is_date
    page = provider.get(reverse("training:session_roster", args=[session.pk])).content.decode()
    assert "01/12/2026" in page or "1 décembre 2026" in page
