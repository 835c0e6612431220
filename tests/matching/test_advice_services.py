"""Orientation advice from the database: requirements derived from offers and programmes, local
demand, the pathway within the person's constraints, what stays uncovered and why, the offers
opened, saved plans and the consent to share them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lakou.core.actor import Actor
from lakou.diagnostics.models import NeedMode, SkillNeed
from lakou.matching.models import SavedPlan
from lakou.matching.perms.advice import shared_plans
from lakou.matching.services import advice as services
from lakou.mediation.models import Mediator, MediatorStatus
from lakou.training.models import Enrolment
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.diagnostics.factories import ResponseFactory
from tests.matching.factories_advice import (
    SAINTE_ANNE,
    Scenario,
    commune,
    competence,
    hold,
    open_session,
    teaching_programme,
)
from tests.partnerships.factories_offers import make_offer
from tests.skills.factories import OccupationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario() -> Scenario:
    return Scenario(UserFactory(email="lea@exemple.mq"))


def requirement_levels(scenario: Scenario) -> dict[str, int]:
    requirements = services.occupation_requirements([scenario.occupation.pk])
    return {r.name: r.level for r in requirements[scenario.occupation.pk]}


def test_an_occupation_requires_what_its_programmes_teach_at_their_level(
    scenario: Scenario,
) -> None:
    assert requirement_levels(scenario) == {"Développement web": 3, "Sécurité": 3}


def test_a_competence_only_an_offer_names_is_required_at_the_default_level(
    scenario: Scenario,
) -> None:
    office = competence("9.3", "Bureautique")
    make_offer(occupation=scenario.occupation, competences=(office,))
    assert requirement_levels(scenario)["Bureautique"] == services.DEFAULT_LEVEL


def test_a_draft_programme_teaches_nothing_to_the_occupation(scenario: Scenario) -> None:
    other = competence("9.4", "Réseaux")
    teaching_programme(scenario.occupation, [(other, 5)], is_published=False)
    assert "Réseaux" not in requirement_levels(scenario)


def test_an_occupation_without_offers_or_programmes_has_no_requirements(
    scenario: Scenario,
) -> None:
    lonely = OccupationFactory(code_rome="M1810", label="Technicien support")
    plan = services.occupation_plan(scenario.profile, lonely)
    assert plan.advice.has_requirements is False


def test_demand_counts_recruit_needs_and_open_offers(scenario: Scenario) -> None:
    company = OrganisationFactory(company=True)
    for mode in (NeedMode.RECRUIT, NeedMode.TRAIN):
        SkillNeed.objects.create(
            company=company,
            response=ResponseFactory(),
            occupation=scenario.occupation,
            headcount=2,
            horizon="lt6",
            mode=mode,
            recorded_on=timezone.localdate(),
        )
    make_offer(occupation=scenario.occupation)
    demand = services.local_demand()[scenario.occupation.code_rome]
    assert (demand.needs, demand.offers, demand.placements) == (1, 1, 0)


def test_the_advice_page_ranks_the_occupation_with_its_reasons(scenario: Scenario) -> None:
    make_offer(occupation=scenario.occupation)
    shown = services.advice_for(scenario.profile)
    assert [item.occupation for item in shown] == [scenario.occupation]
    assert shown[0].reasons[0] == "1 offre en cours"


def test_the_pathway_takes_the_open_session_that_closes_the_gap(scenario: Scenario) -> None:
    plan = services.occupation_plan(scenario.profile, scenario.occupation)
    assert [view.session for view in plan.steps] == [scenario.session]


def test_each_step_explains_itself_in_french(scenario: Scenario) -> None:
    plan = services.occupation_plan(scenario.profile, scenario.occupation)
    text = plan.steps[0].text
    assert "à Fort-de-France" in text
    assert "gratuite avec la Collectivité territoriale de Martinique" in text
    assert "elle apporte Développement web (niveau 3) et Sécurité (niveau 3)" in text


def test_a_competence_already_held_is_not_in_the_gap(scenario: Scenario) -> None:
    hold(scenario.profile, scenario.html, 4)
    plan = services.occupation_plan(scenario.profile, scenario.occupation)
    assert [item.name for item in plan.advice.suggestion.gap] == ["Sécurité"]


def test_a_full_session_is_never_in_the_pathway(scenario: Scenario) -> None:
    session = scenario.session
    session.seats = 1
    session.save(update_fields=["seats"])
    Enrolment.objects.create(
        session=session, learner=UserFactory(), status=Enrolment.Status.ACCEPTED
    )
    plan = services.occupation_plan(scenario.profile, scenario.occupation)
    assert plan.steps == ()
    assert plan.uncovered[0].endswith("aucune session proposée ne l'apporte pour l'instant.")


def test_a_session_too_far_stays_out_and_says_so(scenario: Scenario) -> None:
    far = commune("97226", "Sainte-Anne", SAINTE_ANNE)
    scenario.session.commune = far
    scenario.session.save(update_fields=["commune"])
    scenario.profile.max_travel_minutes = 20
    scenario.profile.save(update_fields=["max_travel_minutes"])
    plan = services.occupation_plan(scenario.profile, scenario.occupation)
    assert plan.steps == ()
    assert "est à plus de 20 min de chez vous en voiture" in plan.uncovered[0]


def test_a_person_who_does_not_travel_gets_remote_sessions_only(scenario: Scenario) -> None:
    remote = open_session(scenario.programme, is_remote=True, starts_in_days=60)
    scenario.profile.mobility = "none"
    scenario.profile.save(update_fields=["mobility"])
    plan = services.occupation_plan(scenario.profile, scenario.occupation)
    assert [view.session for view in plan.steps] == [remote]


def test_a_session_after_the_persons_dates_stays_out(scenario: Scenario) -> None:
    scenario.profile.available_until = timezone.localdate() + timedelta(days=10)
    scenario.profile.save(update_fields=["available_until"])
    plan = services.occupation_plan(scenario.profile, scenario.occupation)
    assert plan.steps == ()
    assert "finit après le" in plan.uncovered[0]


def test_a_person_who_needs_a_funding_never_pays_the_full_price(scenario: Scenario) -> None:
    scenario.profile.fundings = []
    scenario.profile.needs_funding = True
    scenario.profile.save(update_fields=["fundings", "needs_funding"])
    plan = services.occupation_plan(scenario.profile, scenario.occupation)
    assert "n'a aucun financement que vous acceptez" in plan.uncovered[0]


def test_without_the_funding_a_person_who_can_pay_pays_the_price(scenario: Scenario) -> None:
    scenario.profile.fundings = []
    scenario.profile.save(update_fields=["fundings"])
    plan = services.occupation_plan(scenario.profile, scenario.occupation)
    assert "900\u00a0€ à votre charge" in plan.steps[0].text


def test_the_pathway_opens_an_offer_of_the_occupation(scenario: Scenario) -> None:
    offer = make_offer(
        occupation=scenario.occupation, competences=(scenario.html,), title="Stage développeur"
    )
    plan = services.occupation_plan(scenario.profile, scenario.occupation)
    assert [view.offer for view in plan.openings] == [offer]
    assert plan.openings[0].text == (
        "Stage « Stage développeur » : ce parcours vous apporte la compétence demandée."
    )


# ---------------------------------------------------------------- saved plans


def test_a_saved_plan_keeps_the_steps_and_their_explanations(scenario: Scenario) -> None:
    plan = scenario.save_plan()
    assert [step["session"] for step in plan.steps] == [scenario.session.pk]
    assert "elle apporte Développement web" in plan.steps[0]["text"]


def test_a_saved_plan_keeps_each_competence_covered_or_why_not(scenario: Scenario) -> None:
    other = competence("9.5", "Cybersécurité")
    make_offer(occupation=scenario.occupation, competences=(other,))
    plan = scenario.save_plan()
    uncovered = [item for item in plan.gap if not item["covered"]]
    assert [item["name"] for item in uncovered] == ["Cybersécurité"]
    assert uncovered[0]["uncovered"].startswith("Cybersécurité (niveau 2) reste à couvrir")


def test_a_saved_plan_is_private_until_the_person_shares_it(scenario: Scenario) -> None:
    assert scenario.save_plan().shared_with_advisers is False


def test_saving_needs_a_profile() -> None:
    occupation = OccupationFactory()
    with pytest.raises(services.PlanError):
        services.plan_save(actor=Actor(user=UserFactory()), occupation=occupation)


def adviser() -> Actor:
    user = UserFactory()
    Mediator.objects.create(
        user=user,
        kind="freelancer",
        home_commune=commune(),
        compensation="per_act",
        status=MediatorStatus.ACTIVE,
    )
    return Actor(user=user)


def test_an_adviser_sees_a_plan_once_shared(scenario: Scenario) -> None:
    plan = scenario.save_plan()
    services.plan_set_sharing(actor=Actor(user=scenario.profile.user), plan=plan, shared=True)
    assert list(shared_plans(adviser())) == [plan]


def test_withdrawing_the_consent_hides_the_plan_at_once(scenario: Scenario) -> None:
    plan = scenario.save_plan(shared=True)
    services.plan_set_sharing(actor=Actor(user=scenario.profile.user), plan=plan, shared=False)
    assert list(shared_plans(adviser())) == []


def test_a_paused_mediator_sees_no_plan(scenario: Scenario) -> None:
    scenario.save_plan(shared=True)
    actor = adviser()
    Mediator.objects.filter(user=actor.user).update(status=MediatorStatus.PAUSED)
    assert list(shared_plans(actor)) == []


def test_only_the_owner_shares_a_plan(scenario: Scenario) -> None:
    plan = scenario.save_plan()
    with pytest.raises(PermissionDenied):
        services.plan_set_sharing(actor=adviser(), plan=plan, shared=True)


def test_deleting_a_plan_removes_it(scenario: Scenario) -> None:
    plan = scenario.save_plan()
    services.plan_delete(actor=Actor(user=scenario.profile.user), plan=plan)
    assert not SavedPlan.objects.exists()


def test_the_summary_of_a_free_plan(scenario: Scenario) -> None:
    summary = services.plan_summary(scenario.save_plan())
    assert (summary["sessions"], summary["free"], summary["covered"], summary["gap"]) == (
        1,
        True,
        2,
        2,
    )
