"""The advice pages and saved plans as people use them: the person, another person, an active
mediator, a paused one, and the demo's shared plan."""

from __future__ import annotations

import random

import pytest
from django.test import Client
from django.urls import reverse

from lakou.accounts.models import User
from lakou.core.confirm import CONFIRM_FIELD, CONFIRM_VALUE
from lakou.matching.demo.advice import seed
from lakou.matching.models import Match, MatchStatus, Origin, SavedPlan
from lakou.mediation.models import Mediator, MediatorStatus
from lakou.training.demo.learners import LEARNER_EMAIL
from tests.accounts.factories import UserFactory
from tests.demo import SMALL
from tests.matching.factories_advice import Scenario, commune
from tests.skills.factories import OccupationFactory

pytestmark = pytest.mark.django_db


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def scenario() -> Scenario:
    return Scenario(UserFactory(email="lea@exemple.mq"))


@pytest.fixture
def person(scenario: Scenario) -> Client:
    return client_of(scenario.profile.user)


def mediator(status: str = MediatorStatus.ACTIVE) -> Client:
    user = UserFactory()
    Mediator.objects.create(
        user=user, kind="freelancer", home_commune=commune(), compensation="per_act", status=status
    )
    return client_of(user)


def test_the_advice_page_lists_the_occupation(scenario: Scenario, person: Client) -> None:
    page = person.get(reverse("matching:advice")).content.decode()
    assert scenario.occupation.label in page


def test_without_a_profile_the_page_asks_for_one() -> None:
    page = client_of(UserFactory()).get(reverse("matching:advice")).content.decode()
    assert "Lakou a besoin de votre profil d'orientation" in page


def test_the_occupation_page_shows_the_pathway_and_the_save_button(
    scenario: Scenario, person: Client
) -> None:
    url = reverse("matching:advice_occupation", args=[scenario.occupation.code_rome])
    page = person.get(url).content.decode()
    assert "elle apporte Développement web (niveau 3)" in page
    assert "Enregistrer ce plan" in page


def test_each_pathway_step_leads_to_cela_m_interesse_and_a_match(
    scenario: Scenario, person: Client
) -> None:
    """From the pathway (advice page or saved plan) the person asks for the session through the
    matching workflow, so that the enrolment counts as a match."""
    interest = reverse("matching:suggestion_interest", args=["formation", scenario.session.pk])
    url = reverse("matching:advice_occupation", args=[scenario.occupation.code_rome])
    assert f'href="{interest}"' in person.get(url).content.decode()
    plan = scenario.save_plan()
    page = person.get(reverse("matching:plan_detail", args=[plan.pk])).content.decode()
    assert f'href="{interest}"' in page
    person.post(interest, {"confirme": "oui"})
    match = Match.objects.get()
    assert match.session_id == scenario.session.pk
    assert match.status == MatchStatus.PERSON_ACCEPTED


def test_an_occupation_without_known_competences_says_so(person: Client) -> None:
    lonely = OccupationFactory(code_rome="M1810", label="Technicien support")
    url = reverse("matching:advice_occupation", args=[lonely.code_rome])
    assert (
        "Lakou ne connaît pas encore les compétences de ce métier"
        in person.get(url).content.decode()
    )


def test_an_unknown_occupation_is_not_found(person: Client) -> None:
    url = reverse("matching:advice_occupation", args=["Z9999"])
    assert person.get(url).status_code == 404


def test_saving_the_plan_opens_it(scenario: Scenario, person: Client) -> None:
    url = reverse("matching:plan_save", args=[scenario.occupation.code_rome])
    response = person.post(url)
    plan = SavedPlan.objects.get()
    assert response["Location"] == reverse("matching:plan_detail", args=[plan.pk])


def test_my_plans_list_the_saved_plan(scenario: Scenario, person: Client) -> None:
    scenario.save_plan()
    page = person.get(reverse("matching:plan_mine")).content.decode()
    assert scenario.occupation.label in page


def test_sharing_the_plan_lets_an_active_mediator_read_it(
    scenario: Scenario, person: Client
) -> None:
    plan = scenario.save_plan()
    person.post(reverse("matching:plan_share", args=[plan.pk]), {"shared": "1"})
    response = mediator().get(reverse("matching:plan_adviser", args=[plan.pk]))
    assert response.status_code == 200


def test_a_mediator_never_reads_a_private_plan(scenario: Scenario) -> None:
    plan = scenario.save_plan()
    response = mediator().get(reverse("matching:plan_adviser", args=[plan.pk]))
    assert response.status_code == 404


def test_withdrawing_the_share_hides_the_plan_from_the_mediator_at_once(
    scenario: Scenario, person: Client
) -> None:
    plan = scenario.save_plan(shared=True)
    adviser = mediator()
    person.post(reverse("matching:plan_share", args=[plan.pk]), {"shared": "0"})
    assert adviser.get(reverse("matching:plan_adviser", args=[plan.pk])).status_code == 404


def test_a_paused_mediator_reads_no_shared_plan(scenario: Scenario) -> None:
    plan = scenario.save_plan(shared=True)
    response = mediator(MediatorStatus.PAUSED).get(reverse("matching:plan_adviser", args=[plan.pk]))
    assert response.status_code == 404


def test_the_shared_plans_list_names_the_person(scenario: Scenario) -> None:
    scenario.save_plan(shared=True)
    page = mediator().get(reverse("matching:plan_shared")).content.decode()
    assert scenario.profile.user.display_name in page


def test_sharing_without_a_choice_says_so_at_the_field(scenario: Scenario, person: Client) -> None:
    plan = scenario.save_plan()
    response = person.post(reverse("matching:plan_share", args=[plan.pk]), {})
    assert "Dites si vous partagez ce plan ou non." in response.content.decode()


def test_another_person_does_not_find_the_plan(scenario: Scenario) -> None:
    plan = scenario.save_plan(shared=True)
    response = client_of(UserFactory()).get(reverse("matching:plan_detail", args=[plan.pk]))
    assert response.status_code == 404


def test_an_adviser_proposes_a_session_of_the_plan(scenario: Scenario) -> None:
    plan = scenario.save_plan(shared=True)
    url = reverse("matching:plan_propose", args=[plan.pk, scenario.session.pk])
    mediator().post(url, {CONFIRM_FIELD: CONFIRM_VALUE})
    match = Match.objects.get()
    assert (match.session, match.origin) == (scenario.session, Origin.ADVISER)


def test_an_adviser_proposes_only_the_sessions_of_the_plan(scenario: Scenario) -> None:
    plan = scenario.save_plan(shared=True)
    url = reverse("matching:plan_propose", args=[plan.pk, scenario.session.pk + 1000])
    assert mediator().get(url).status_code == 403


def test_deleting_asks_first_then_deletes(scenario: Scenario, person: Client) -> None:
    plan = scenario.save_plan()
    url = reverse("matching:plan_delete", args=[plan.pk])
    assert "On ne peut pas revenir en arrière." in person.get(url).content.decode()
    person.post(url, {CONFIRM_FIELD: CONFIRM_VALUE})
    assert not SavedPlan.objects.exists()


def test_the_demo_saves_a_shared_plan_with_a_pathway_for_the_learner() -> None:
    learner = Scenario(UserFactory(email=LEARNER_EMAIL))
    seed(scale=SMALL, rng=random.Random(1))
    plan = SavedPlan.objects.get()
    assert (plan.profile, plan.shared_with_advisers, len(plan.steps)) == (learner.profile, True, 1)
