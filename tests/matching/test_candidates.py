"""Candidates for an employer's or a provider's opportunity, contact through Lakou, companies
likely to hire, and the learnt weights."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lakou.diagnostics.models import NeedMode
from lakou.matching.models import ContactRequest, LearnedWeights, Match, MatchStatus, Origin, Side
from lakou.matching.services.candidates import (
    ContactError,
    candidates_for,
    companies_for_occupation,
    contact_answer,
    contact_request_create,
)
from lakou.matching.services.learning import weights_in_force, weights_refit
from lakou.matching.services.opportunities import OpportunityRef, opportunity_table_clear
from lakou.matching.services.profiles import profile_set_visibility
from lakou.matching.tasks import refit_engine_weights
from tests.matching.factories_profiles import person
from tests.matching.factories_suggestions import placement_offer, seeker, training_session
from tests.partnerships.factories_offers import company_actor
from tests.skills.factories import OccupationFactory

pytestmark = pytest.mark.django_db


def _offer_ref(offer):  # type: ignore[no-untyped-def]
    return OpportunityRef("internship", offer.pk)


def test_only_visible_profiles_are_candidates() -> None:
    offer = placement_offer()
    shown = seeker(first_name="Maëva")
    seeker(first_name="Cachée", visible=False)
    found = candidates_for(organisation_id=offer.company_id, ref=_offer_ref(offer))
    assert [c.profile for c in found] == [shown]
    assert found[0].texts


def test_a_withdrawn_consent_removes_the_candidate_at_once() -> None:
    offer = placement_offer()
    profile = seeker()
    profile_set_visibility(actor=person(profile.user), profile=profile, visible=False)
    assert candidates_for(organisation_id=offer.company_id, ref=_offer_ref(offer)) == []


def test_candidates_are_shown_to_the_owner_only(client: Client) -> None:
    actor = company_actor()
    offer = placement_offer(actor.organisation)
    seeker()
    url = reverse("matching:candidates", kwargs={"kind": "offre", "pk": offer.pk})
    client.force_login(actor.user)
    assert client.get(url).status_code == 200
    stranger = company_actor()
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404


def test_the_candidates_page_shows_reasons_and_no_email(client: Client) -> None:
    actor = company_actor()
    offer = placement_offer(actor.organisation)
    profile = seeker()
    client.force_login(actor.user)
    text = client.get(
        reverse("matching:candidates", kwargs={"kind": "offre", "pk": offer.pk})
    ).content.decode()
    assert "Maëva J." in text
    assert "de chez elle en voiture" in text
    assert profile.user.email not in text


def test_contact_hides_the_email_until_the_person_answers() -> None:
    actor = company_actor()
    profile = seeker()
    contact = contact_request_create(actor=actor, profile=profile, message="Un stage ?")
    assert ContactRequest.objects.get().answered_at is None
    # The person answers on Lakou; only then is the e-mail shown to the organisation.
    answered = contact_answer(actor=person(profile.user), contact=contact, answer="Avec plaisir")
    assert answered.answered_at is not None
    from lakou.matching.perms.suggestions import shows_email

    assert not shows_email(contact)
    assert shows_email(answered)


def test_the_contacts_page_shows_the_email_only_after_the_answer(client: Client) -> None:
    actor = company_actor()
    profile = seeker()
    contact = contact_request_create(actor=actor, profile=profile, message="Un stage ?")
    client.force_login(actor.user)
    url = reverse("matching:contacts_sent")
    assert profile.user.email not in client.get(url).content.decode()
    contact_answer(actor=person(profile.user), contact=contact, answer="Oui")
    assert profile.user.email in client.get(url).content.decode()


# The worker closes the connection it ran on: the test commits for real, as the training
# e-mails' tests do.
@pytest.mark.django_db(transaction=True)
def test_the_person_is_emailed_a_link_to_answer() -> None:
    from tests.tasks import run_worker

    profile = seeker()
    contact = contact_request_create(actor=company_actor(), profile=profile, message="Bonjour")
    run_worker()
    [message] = mail.outbox
    assert message.to == [profile.user.email]
    assert reverse("matching:contact_answer", kwargs={"pk": contact.pk}) in message.body


def test_contact_is_refused_for_a_hidden_profile_and_twice_unanswered() -> None:
    actor = company_actor()
    with pytest.raises(ContactError):
        contact_request_create(actor=actor, profile=seeker(visible=False), message="Bonjour")
    profile = seeker()
    contact_request_create(actor=actor, profile=profile, message="Bonjour")
    with pytest.raises(ContactError):
        contact_request_create(actor=actor, profile=profile, message="Encore")


def test_a_message_too_long_is_refused_at_the_field() -> None:
    with pytest.raises(ContactError) as error:
        contact_request_create(actor=company_actor(), profile=seeker(), message="a" * 2001)
    assert error.value.field == "message"


def test_only_the_person_answers() -> None:
    contact = contact_request_create(actor=company_actor(), profile=seeker(), message="Bonjour")
    with pytest.raises(ContactError):
        contact_answer(actor=company_actor(), contact=contact, answer="Moi")


def test_a_session_has_candidates_for_its_provider() -> None:
    session = training_session()
    profile = seeker()
    found = candidates_for(
        organisation_id=session.programme.provider_id, ref=OpportunityRef("training", session.pk)
    )
    assert [c.profile for c in found] == [profile]


def test_companies_likely_to_hire_come_with_reasons() -> None:
    occupation = OccupationFactory()
    actor = company_actor()
    placement_offer(actor.organisation, occupation=occupation)
    from lakou.diagnostics.models import SkillNeed
    from tests.diagnostics.factories_audits import AuditFactory

    audit = AuditFactory(company=actor.organisation)
    SkillNeed.objects.create(
        company=actor.organisation,
        audit=audit,
        occupation=occupation,
        headcount=2,
        horizon="lt6",
        mode=NeedMode.RECRUIT,
        recorded_on=timezone.localdate(),
    )
    [lead] = companies_for_occupation(occupation=occupation)
    assert lead.organisation == actor.organisation
    assert any("recruter 2 personnes" in t for t in lead.texts)
    assert any("1 offre ouverte" in t for t in lead.texts)


def _outcome(profile, accepted: bool, travel: float) -> None:  # type: ignore[no-untyped-def]
    session = training_session()
    Match.objects.create(
        profile=profile,
        kind="training",
        session=session,
        origin=Origin.ENGINE,
        status=MatchStatus.PERSON_ACCEPTED if accepted else MatchStatus.DECLINED,
        declined_by="" if accepted else Side.PERSON,
        declined_at=None if accepted else timezone.now(),
        parts={
            "competences": 0.5,
            "gap": 0.0,
            "occupation": 0.0,
            "travel": travel,
            "dates": 0.8,
            "audience": 0.0,
            "funding": 1.0,
        },
    )


def test_too_few_outcomes_keep_the_default_weights() -> None:
    profile = seeker()
    _outcome(profile, True, 0.9)
    assert weights_refit() is None
    assert not LearnedWeights.objects.exists()
    assert refit_engine_weights.call() == 0


def test_the_refit_is_bounded_stored_and_then_in_force() -> None:
    profile = seeker()
    for i in range(30):
        _outcome(profile, accepted=i % 2 == 0, travel=1.0 if i % 2 == 0 else 0.0)
    row = weights_refit(minimum=10)
    assert row is not None
    assert row.outcomes == 30
    from lakou.matching.engine import DEFAULT_WEIGHTS

    for part, value in row.weights.items():
        assert DEFAULT_WEIGHTS[part] / 3 - 1e-9 <= value <= DEFAULT_WEIGHTS[part] * 3 + 1e-9
    # Near travel was accepted, far declined: travel weighs more.
    assert row.weights["travel"] > DEFAULT_WEIGHTS["travel"]
    assert weights_in_force() == row.weights
    # Bounded: only the newest `limit` outcomes are read.
    assert weights_refit(limit=12, minimum=10).outcomes == 12  # type: ignore[union-attr]
    opportunity_table_clear()


def test_the_periodic_task_is_listed() -> None:
    from lakou.core.periodic import periodic_tasks

    assert "lakou.matching.tasks.refit_engine_weights" in {t.path for t in periodic_tasks()}
    assert timedelta(days=1) in {t.every for t in periodic_tasks()}
