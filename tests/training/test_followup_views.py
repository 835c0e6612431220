"""The learner's answer page and the provider's follow-up pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from lakou.core.models import AuditEntry
from lakou.training.models import FollowUp
from tests.skills.factories import OccupationFactory
from tests.territory.factories import CommuneFactory
from tests.training.factories_followup import answer_token, make_follow_up
from tests.world import World

pytestmark = pytest.mark.django_db


def answer_url(follow_up: FollowUp) -> str:
    """The page of the follow-up's answer link (a new link each call, as each e-mail makes)."""
    return reverse("training:followup_answer", kwargs={"token": answer_token(follow_up)})


# ---------------------------------------------------------------- the learner's page


def test_the_answer_page_opens_without_an_account_and_lists_the_nine_situations() -> None:
    follow_up = make_follow_up(title="Développeur web")
    response = Client().get(answer_url(follow_up))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Six mois après votre formation" in html
    assert "Développeur web" in html
    assert html.count('name="situation"') == 9
    for label in ("CDI", "CDD de 6 mois ou plus", "Intérim", "En recherche d&#x27;emploi"):
        assert label in html
    assert "Hors Martinique" in html


def test_an_unknown_token_is_a_404() -> None:
    response = Client().get(reverse("training:followup_answer", kwargs={"token": "inconnu"}))
    assert response.status_code == 404


def test_the_learner_answers_with_a_digital_job_and_sees_the_thanks_page() -> None:
    follow_up = make_follow_up()
    occupation = OccupationFactory(developer=True)
    commune = CommuneFactory(lamentin=True)

    response = Client().post(
        answer_url(follow_up),
        {
            "situation": "permanent",
            "is_digital_job": "yes",
            "occupation": occupation.code_rome,
            "employer_commune": commune.pk,
        },
        follow=True,
    )

    assert "Merci pour votre réponse" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.ANSWERED
    assert follow_up.channel == FollowUp.Channel.EMAIL
    assert (follow_up.situation, follow_up.is_digital_job) == ("permanent", True)
    assert follow_up.occupation == occupation
    assert follow_up.employer_commune == commune
    assert AuditEntry.objects.filter(action="follow_up.answer").count() == 1


def test_the_digital_occupations_are_offered_grouped_by_domain() -> None:
    OccupationFactory(developer=True)
    OccupationFactory(code_rome="A1234", label="Agriculteur", digital_transition=False)
    html = Client().get(answer_url(make_follow_up())).content.decode()
    assert "<optgroup" in html
    assert "Développeur / Développeuse informatique" in html
    assert "Agriculteur" not in html


def test_a_job_seeker_answer_drops_the_job_details() -> None:
    follow_up = make_follow_up()
    Client().post(
        answer_url(follow_up),
        {
            "situation": "job_seeking",
            "is_digital_job": "yes",
            "employer_commune": CommuneFactory().pk,
        },
    )
    follow_up.refresh_from_db()
    assert follow_up.situation == "job_seeking"
    assert follow_up.is_digital_job is None
    assert follow_up.employer_commune is None


def test_outside_martinique_is_an_empty_commune() -> None:
    follow_up = make_follow_up()
    Client().post(
        answer_url(follow_up),
        {"situation": "self_employed", "is_digital_job": "no", "employer_commune": ""},
    )
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.ANSWERED
    assert follow_up.is_digital_job is False
    assert follow_up.employer_commune is None


def test_a_missing_situation_is_shown_next_to_the_field_and_in_the_summary() -> None:
    response = Client().post(answer_url(make_follow_up()), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Une réponse est à corriger" in html
    assert 'href="#id_situation_0"' in html
    assert html.count("Choisissez votre situation.") == 2
    assert 'aria-invalid="true"' in html


def test_an_employed_learner_must_say_whether_the_job_is_digital() -> None:
    follow_up = make_follow_up()
    response = Client().post(answer_url(follow_up), {"situation": "temporary"})
    assert response.status_code == 400
    assert "Indiquez si cet emploi est dans le numérique." in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.DUE


def test_answering_twice_shows_you_already_answered() -> None:
    follow_up = make_follow_up()
    Client().post(answer_url(follow_up), {"situation": "in_training"})
    response = Client().post(answer_url(follow_up), {"situation": "inactive"})
    assert "Vous avez déjà répondu, merci" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.situation == "in_training"


def test_the_thanks_page_sends_back_to_the_form_until_there_is_an_answer() -> None:
    token = answer_token(make_follow_up())
    response = Client().get(reverse("training:followup_thanks", kwargs={"token": token}))
    assert response.status_code == 302
    assert response["Location"] == reverse("training:followup_answer", kwargs={"token": token})


# ---------------------------------------------------------------- the provider's pages


@pytest.fixture
def world() -> World:
    return World.build()


def test_the_provider_lists_its_follow_ups_and_not_another_providers(world: World) -> None:
    make_follow_up(provider=world.organisations["provider"], title="Développeur web")
    make_follow_up(title="Cybersécurité chez un autre")
    html = world.client("provider").get(reverse("training:followup_list")).content.decode()
    assert "Développeur web" in html
    assert "Cybersécurité chez un autre" not in html


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("not_yet_due", "Plus tard"),
        ("due", "Maintenant"),
        ("answered", "Répondu"),
        ("unreachable", "Injoignable"),
    ],
)
def test_the_provider_filters_by_state(world: World, state: str, expected: str) -> None:
    provider = world.organisations["provider"]
    today = date.today()
    make_follow_up(provider=provider, title="Plus tard", due_on=date(today.year + 1, 1, 1))
    make_follow_up(provider=provider, title="Maintenant", due_on=date(today.year - 1, 1, 1))
    make_follow_up(provider=provider, title="Répondu", state="answered")
    make_follow_up(provider=provider, title="Injoignable", state="unreachable")
    response = world.client("provider").get(reverse("training:followup_list"), {"state": state})
    html = response.content.decode()
    shown = [
        title for title in ("Plus tard", "Maintenant", "Répondu", "Injoignable") if title in html
    ]
    assert shown == [expected]


def test_the_list_query_count_does_not_grow_with_its_length(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    provider = world.organisations["provider"]
    client = world.client("provider")
    make_follow_up(provider=provider)
    url = reverse("training:followup_list")
    client.get(url)  # warm the session and the user caches
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for _ in range(5):
        make_follow_up(provider=provider, state="answered", situation="permanent")
    with django_assert_num_queries(len(short.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<tr>") == 7


def test_a_person_without_a_provider_cannot_see_the_list(world: World) -> None:
    assert world.client("company").get(reverse("training:followup_list")).status_code == 403


def test_the_provider_records_a_phone_answer(world: World) -> None:
    follow_up = make_follow_up(provider=world.organisations["provider"])
    url = reverse("training:followup_record", kwargs={"pk": follow_up.pk})
    assert world.client("provider").get(url).status_code == 200

    response = world.client("provider").post(
        url, {"situation": "apprenticeship", "is_digital_job": "yes"}, follow=True
    )

    assert "La réponse prise par téléphone est enregistrée." in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.ANSWERED
    assert follow_up.channel == FollowUp.Channel.PHONE
    assert follow_up.recorded_by == world.users["provider"]


def test_another_providers_follow_up_is_a_404(world: World) -> None:
    follow_up = make_follow_up()
    client = world.client("provider")
    assert (
        client.get(reverse("training:followup_record", kwargs={"pk": follow_up.pk})).status_code
        == 404
    )
    unreachable = reverse("training:followup_unreachable", kwargs={"pk": follow_up.pk})
    assert client.post(unreachable).status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.DUE


def test_the_provider_declares_a_follow_up_without_answer(world: World) -> None:
    follow_up = make_follow_up(provider=world.organisations["provider"])
    response = world.client("provider").post(
        reverse("training:followup_unreachable", kwargs={"pk": follow_up.pk}), follow=True
    )
    assert "est déclaré sans réponse" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.UNREACHABLE
    assert follow_up.unreachable_at is not None


def test_an_answered_follow_up_cannot_be_declared_without_answer(world: World) -> None:
    follow_up = make_follow_up(provider=world.organisations["provider"], state="answered")
    response = world.client("provider").post(
        reverse("training:followup_unreachable", kwargs={"pk": follow_up.pk}), follow=True
    )
    assert "Ce suivi n&#x27;attend plus de réponse." in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.ANSWERED


def test_an_answered_follow_up_sends_the_provider_back_to_the_list(world: World) -> None:
    follow_up = make_follow_up(provider=world.organisations["provider"], state="answered")
    response = world.client("provider").get(
        reverse("training:followup_record", kwargs={"pk": follow_up.pk}), follow=True
    )
    assert "La réponse de cette personne est déjà enregistrée." in response.content.decode()
