from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lakou.diagnostics.models import Answer, Audience, Campaign, Response
from lakou.diagnostics.views.campaigns import SESSION_RESPONSES_KEY
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.diagnostics.factories import (
    ChoiceFactory,
    DimensionFactory,
    QuestionFactory,
    SectionFactory,
)
from tests.diagnostics.factories_campaigns import open_campaign
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign() -> Campaign:
    CommuneFactory()
    return open_campaign()


def start(client: Client, campaign: Campaign, **data: str) -> object:
    return client.post(
        reverse("diagnostics:respond_start", kwargs={"short_code": campaign.short_code}), data
    )


def step_url(response: Response, step: int) -> str:
    return reverse("diagnostics:respond_step", kwargs={"pk": response.pk, "step": step})


def token_of(client: Client) -> str:
    (token,) = client.session[SESSION_RESPONSES_KEY].values()
    return str(token)


# ---------------------------------------------------------------- the public questionnaire


def test_a_person_answers_the_public_questionnaire_without_an_account(campaign: Campaign) -> None:
    client = Client()
    started = start(client, campaign)
    response = Response.objects.get()
    assert started.status_code == 302
    assert started["Location"] == step_url(response, 1)
    assert response.user is None
    assert response.company is None

    first = client.get(step_url(response, 1)).content.decode()
    assert "Étape 1 sur 2" in first
    assert '<progress id="progression" value="1" max="2">' in first
    assert "Quel âge a votre ordinateur" not in first  # conditional, not shown yet

    # Answering "yes" opens the follow-up question on the same page.
    opened = client.post(
        step_url(response, 1), {"q_has_computer": "yes", "q_commune": "97209", "action": "next"}
    )
    assert opened.status_code == 200
    assert "Quel âge a votre ordinateur" in opened.content.decode()
    assert "ouvre de nouvelles questions" in opened.content.decode()

    moved = client.post(
        step_url(response, 1),
        {"q_has_computer": "yes", "q_computer_age": "3", "q_commune": "97209", "action": "next"},
    )
    assert moved["Location"] == step_url(response, 2)
    reviewed = client.post(
        step_url(response, 2), {"q_confidence": "3", "q_formats": ["atelier", "video"]}
    )
    assert reviewed["Location"] == reverse("diagnostics:respond_review", kwargs={"pk": response.pk})
    review = client.get(reviewed["Location"]).content.decode()
    assert "Atelier en groupe, Vidéo" in review
    assert "Fort-de-France" in review

    sent = client.post(reverse("diagnostics:respond_submit", kwargs={"pk": response.pk}))
    assert sent["Location"] == reverse("diagnostics:respond_thanks", kwargs={"pk": response.pk})
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    assert response.commune is not None
    assert response.commune.insee_code == "97209"
    assert "Merci, vos réponses sont envoyées" in client.get(sent["Location"]).content.decode()


def test_answers_are_kept_when_the_person_finishes_later(campaign: Campaign) -> None:
    client = Client()
    start(client, campaign)
    response = Response.objects.get()
    later = client.post(step_url(response, 1), {"q_has_computer": "no", "action": "later"})
    assert later["Location"] == reverse("diagnostics:respond_later", kwargs={"pk": response.pk})
    page = client.get(later["Location"]).content.decode()
    assert f"/diagnostic/reprendre/{token_of(client)}" in page
    assert Answer.objects.get().value is False


def test_the_resume_link_opens_the_draft_in_another_browser(campaign: Campaign) -> None:
    phone = Client()
    start(phone, campaign)
    response = Response.objects.get()
    phone.post(step_url(response, 1), {"q_has_computer": "no", "q_commune": "97209"})

    stranger = Client()
    assert stranger.get(step_url(response, 2)).status_code == 404

    computer = Client()
    resumed = computer.get(reverse("diagnostics:respond_resume", kwargs={"token": token_of(phone)}))
    assert resumed["Location"] == step_url(response, 2)
    assert computer.get(step_url(response, 2)).status_code == 200


def test_a_wrong_resume_link_says_so_in_french() -> None:
    page = Client().get(reverse("diagnostics:respond_resume", kwargs={"token": "pas-un-jeton"}))
    assert page.status_code == 404
    assert "Ce lien de reprise ne fonctionne pas" in page.content.decode()


def test_the_resume_link_can_be_sent_by_email(campaign: Campaign, mailoutbox: list) -> None:
    client = Client()
    start(client, campaign)
    response = Response.objects.get()
    with pytest.MonkeyPatch.context() as patch:
        sent: list[dict] = []
        patch.setattr(
            "lakou.diagnostics.services.responses.notify_by_email",
            lambda **kwargs: sent.append(kwargs),
        )
        page = client.post(
            reverse("diagnostics:respond_later", kwargs={"pk": response.pk}),
            {"email": "line@exemple.mq"},
        )
    assert page.status_code == 302
    assert sent[0]["to"] == ["line@exemple.mq"]
    assert token_of(client) in sent[0]["context"]["link"]


def test_an_invalid_answer_is_shown_next_to_its_question(campaign: Campaign) -> None:
    client = Client()
    start(client, campaign)
    response = Response.objects.get()
    page = client.post(
        step_url(response, 1),
        {"q_has_computer": "yes", "q_computer_age": "beaucoup", "q_commune": "97209"},
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert 'role="alert"' in html
    assert '<a href="#champ-computer_age">' in html
    assert 'id="champ-computer_age-erreur"' in html
    assert 'aria-invalid="true" aria-describedby="champ-computer_age-erreur"' in html
    assert "Indiquez un nombre" in html
    assert 'value="beaucoup"' in html  # what was typed stays in the field
    # The valid answers of the same page are kept.
    assert set(Answer.objects.values_list("question__code", flat=True)) == {
        "has_computer",
        "commune",
    }


def test_continuing_without_a_required_answer_is_refused(campaign: Campaign) -> None:
    client = Client()
    start(client, campaign)
    response = Response.objects.get()
    page = client.post(step_url(response, 1), {"q_has_computer": "no"})
    assert page.status_code == 400
    assert "Merci de répondre à cette question." in page.content.decode()


def test_submitting_with_a_missing_answer_shows_it_on_the_review(campaign: Campaign) -> None:
    client = Client()
    start(client, campaign)
    response = Response.objects.get()
    client.post(step_url(response, 1), {"q_has_computer": "no", "action": "later"})
    page = client.post(reverse("diagnostics:respond_submit", kwargs={"pk": response.pk}))
    assert page.status_code == 400
    assert '<a href="#reponse-commune">' in page.content.decode()
    response.refresh_from_db()
    assert response.status == Response.Status.DRAFT


# ---------------------------------------------------------------- flood protection


def test_a_filled_honeypot_starts_nothing(campaign: Campaign) -> None:
    page = start(Client(), campaign, site_web="https://promo.example")
    assert page.status_code == 400
    assert "Ne pas remplir" in page.content.decode()
    assert not Response.objects.exists()


def test_the_honeypot_is_hidden_from_people(campaign: Campaign) -> None:
    html = Client().get(f"/diagnostic/r/{campaign.short_code}").content.decode()
    assert 'name="site_web" value="" tabindex="-1" autocomplete="off"' in html
    assert '<div class="visually-hidden" aria-hidden="true">' in html


def test_too_many_new_responses_from_one_address_are_refused(
    campaign: Campaign, settings: object
) -> None:
    settings.DIAGNOSTIC_STARTS_PER_HOUR = 2  # type: ignore[attr-defined]
    statuses = [start(Client(), campaign).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    refused = start(Client(), campaign)
    assert "Trop de réponses depuis cette connexion" in refused.content.decode()
    assert Response.objects.count() == 2
    # Another address is not affected.
    other = start(Client(REMOTE_ADDR="192.0.2.7"), campaign)
    assert other.status_code == 302


def test_the_same_browser_resumes_its_draft_instead_of_starting_another(
    campaign: Campaign,
) -> None:
    client = Client()
    start(client, campaign)
    again = start(client, campaign)
    assert again.status_code == 302
    assert Response.objects.count() == 1


# ---------------------------------------------------------------- companies


@pytest.fixture
def world() -> World:
    return World.build()


def company_campaign() -> Campaign:
    CommuneFactory()
    campaign = open_campaign(audience=Audience.COMPANIES)
    section = SectionFactory(version=campaign.version, position=3, title="Stratégie")
    dimension = DimensionFactory(version=campaign.version, code="strategy", label="Stratégie")
    question = QuestionFactory(
        section=section, code="plan", label="Avez-vous un plan numérique ?", single=True
    )
    ChoiceFactory(
        question=question, value="oui", label="Oui", dimension=dimension, points=Decimal(4)
    )
    ChoiceFactory(
        question=question, value="non", label="Non", dimension=dimension, points=Decimal(0)
    )
    return campaign


def test_a_company_campaign_asks_anonymous_people_to_sign_in(world: World) -> None:
    campaign = company_campaign()
    page = start(world.client("anonymous"), campaign)
    assert page.status_code == 302
    assert "/comptes/" in page["Location"] or "login" in page["Location"]
    assert not Response.objects.exists()
    landing = world.client("person").get(f"/diagnostic/r/{campaign.short_code}")
    assert "Connectez-vous avec le compte de votre entreprise" in landing.content.decode()


def test_members_of_a_company_share_one_draft(world: World) -> None:
    campaign = company_campaign()
    colleague = UserFactory(email="collegue@exemple.mq")
    MembershipFactory(user=colleague, organisation=world.organisations["company"])
    first = world.client("company")
    start(first, campaign)
    response = Response.objects.get()
    first.post(step_url(response, 1), {"q_has_computer": "no", "q_commune": "97209"})

    second = Client()
    second.force_login(colleague)
    resumed = start(second, campaign)
    assert Response.objects.count() == 1
    assert resumed["Location"] == step_url(response, 2)
    page = second.get(step_url(response, 1)).content.decode()
    assert 'value="no" checked' in page

    # Another company never sees it.
    assert world.client("other_company").get(step_url(response, 1)).status_code == 404


def test_a_company_answers_once_and_sees_its_scores(world: World) -> None:
    campaign = company_campaign()
    client = world.client("company")
    start(client, campaign)
    response = Response.objects.get()
    client.post(step_url(response, 1), {"q_has_computer": "no", "q_commune": "97209"})
    client.post(step_url(response, 2), {"q_confidence": "2"})
    client.post(step_url(response, 3), {"q_plan": "oui"})
    client.post(reverse("diagnostics:respond_submit", kwargs={"pk": response.pk}))

    thanks = client.get(reverse("diagnostics:respond_thanks", kwargs={"pk": response.pk}))
    html = thanks.content.decode()
    assert "Score global : 100 sur 100" in html
    assert "Stratégie" in html

    # Starting again leads to the results, not to a second response.
    again = start(client, campaign)
    assert again["Location"] == reverse("diagnostics:respond_thanks", kwargs={"pk": response.pk})
    assert Response.objects.count() == 1
    landing = client.get(f"/diagnostic/r/{campaign.short_code}").content.decode()
    assert "a déjà envoyé sa réponse" in landing
