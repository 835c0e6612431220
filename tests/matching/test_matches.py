"""The match state machine, and its transitions from the training, partnerships and mediation
services (the real services, not mocks)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from lakou.core.actor import Actor
from lakou.matching.models import (
    TRANSITIONS,
    Match,
    MatchStatus,
    OpportunityKind,
    Origin,
    Side,
)
from lakou.matching.services.matches import (
    REASON_MAX_LENGTH,
    MatchError,
    can_move,
    match_accept,
    match_decline,
    match_other_accepted,
    match_propose,
    match_succeed,
)
from lakou.mediation.models import Registration
from lakou.partnerships.models import Application
from lakou.partnerships.services.applications import application_accept, application_refuse
from lakou.training.models import Enrolment, Session
from lakou.training.services.enrolment import (
    enrolment_accept,
    enrolment_cancel,
    enrolment_refuse,
    enrolment_waitlist,
)
from tests.accounts.factories import UserFactory
from tests.matching.factories_matches import (
    make_profile,
    mentoring_match,
    offer_match,
    person_of,
    propose,
    training_match,
    workshop_match,
)
from tests.mediation.factories_workshops import register
from tests.partnerships.factories_mentoring import federation_actor, make_pair, make_request
from tests.partnerships.factories_offers import apply, company_actor, pdf_file, private_media
from tests.training.factories_enrolment import person, session_with_seats

pytestmark = pytest.mark.django_db
__all__ = ["private_media"]

S = MatchStatus
ALL = list(S.values)


def at(status: str, **fields: Any) -> Match:
    """A match written directly in `status` (for the pure transition checks)."""
    match, _provider = training_match()
    Match.objects.filter(pk=match.pk).update(status=status, **fields)
    match.refresh_from_db()
    return match


# ---------------------------------------------------------------- the state machine


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_each_transition_is_allowed_only_when_listed(source: str, target: str) -> None:
    match = Match(status=source)
    assert can_move(match, target) is (target in TRANSITIONS[source])


def test_successful_and_declined_are_final() -> None:
    assert TRANSITIONS[S.SUCCESSFUL] == ()
    assert TRANSITIONS[S.DECLINED] == ()


@pytest.mark.parametrize("status", [S.PERSON_ACCEPTED, S.BOTH_ACCEPTED, S.SUCCESSFUL, S.DECLINED])
def test_accepting_again_is_refused(status: str) -> None:
    match = at(status, successful_at="2026-01-01T00:00:00Z")
    with pytest.raises(MatchError, match="ne peut pas passer"):
        match_accept(actor=person_of(match.profile), match=match)


@pytest.mark.parametrize("status", [S.SUCCESSFUL, S.DECLINED])
def test_a_final_match_cannot_be_declined(status: str) -> None:
    match = at(status, successful_at="2026-01-01T00:00:00Z")
    with pytest.raises(MatchError, match="ne peut pas passer"):
        match_decline(actor=person_of(match.profile), match=match, reason="Plus intéressée")


@pytest.mark.parametrize("status", [S.PROPOSED, S.PERSON_ACCEPTED, S.BOTH_ACCEPTED])
def test_a_live_match_is_declined_by_the_person_with_the_reason(status: str) -> None:
    match = at(status)
    declined = match_decline(actor=person_of(match.profile), match=match, reason="  Trop loin ")
    assert declined.status == S.DECLINED
    assert declined.declined_by == Side.PERSON
    assert declined.declined_reason == "Trop loin"
    assert declined.declined_at is not None


def test_other_side_cannot_decline_before_the_person_accepted() -> None:
    match, provider = training_match()
    with pytest.raises(PermissionDenied):
        match_decline(actor=provider, match=match, reason="Non")


def test_a_stranger_cannot_accept_nor_decline() -> None:
    match, _provider = training_match()
    with pytest.raises(PermissionDenied):
        match_accept(actor=person(), match=match)
    with pytest.raises(PermissionDenied):
        match_decline(actor=person(), match=match, reason="Non")


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_needs_a_reason(reason: str) -> None:
    match, _provider = training_match()
    with pytest.raises(MatchError) as error:
        match_decline(actor=person_of(match.profile), match=match, reason=reason)
    assert error.value.field == "reason"


def test_the_reason_is_bounded() -> None:
    match, _provider = training_match()
    with pytest.raises(MatchError, match="caractères au plus"):
        match_decline(
            actor=person_of(match.profile), match=match, reason="x" * (REASON_MAX_LENGTH + 1)
        )


# ---------------------------------------------------------------- proposing


def test_a_second_live_match_on_the_same_session_is_refused() -> None:
    match, _provider = training_match()
    with pytest.raises(MatchError, match="existe déjà"):
        propose(match.profile, OpportunityKind.TRAINING, session=match.session)


def test_a_declined_match_can_be_proposed_again() -> None:
    match, _provider = training_match()
    match_decline(actor=person_of(match.profile), match=match, reason="Pas maintenant")
    again = propose(match.profile, OpportunityKind.TRAINING, session=match.session)
    assert again.status == S.PROPOSED


def test_a_full_session_is_refused() -> None:
    profile = make_profile()
    session, _provider = session_with_seats(1)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.FULL)
    with pytest.raises(MatchError, match="complète ou close"):
        propose(profile, OpportunityKind.TRAINING, session=session)


def test_a_closed_offer_is_refused() -> None:
    from lakou.partnerships.models import Offer
    from tests.partnerships.factories_offers import make_offer

    offer = make_offer()
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.CLOSED)
    with pytest.raises(MatchError, match="complète ou close"):
        propose(make_profile(), OpportunityKind.INTERNSHIP, offer=offer)


def test_a_full_workshop_is_refused() -> None:
    from tests.mediation.factories_workshops import make_workshop

    workshop = make_workshop(capacity=1)
    register(workshop)
    with pytest.raises(MatchError, match="complète ou close"):
        propose(make_profile(), OpportunityKind.WORKSHOP, workshop=workshop)


def test_the_kind_must_fit_the_opportunity() -> None:
    session, _provider = session_with_seats(2)
    with pytest.raises(MatchError, match="ne correspond pas"):
        propose(make_profile(), OpportunityKind.JOB, session=session)


def test_the_commune_is_the_sessions_and_the_persons_for_a_remote_one() -> None:
    match, _provider = training_match()
    assert match.commune_id == match.session.commune_id
    assert match.is_remote is False
    remote, _provider = training_match(is_remote=True)
    assert remote.commune_id == remote.profile.commune_id
    assert remote.is_remote is True


def test_a_workshop_match_is_in_the_venues_commune() -> None:
    match = workshop_match()
    assert match.commune_id == match.workshop.venue.commune_id


def test_another_person_cannot_propose_for_someone() -> None:
    session, _provider = session_with_seats(2)
    with pytest.raises(PermissionDenied):
        match_propose(
            actor=person(),
            profile=make_profile(),
            kind=OpportunityKind.TRAINING,
            session=session,
            origin=Origin.PERSON,
        )


def test_an_adviser_needs_the_persons_consent() -> None:
    session, _provider = session_with_seats(2)
    hidden = make_profile()
    with pytest.raises(PermissionDenied):
        match_propose(
            actor=federation_actor(),
            profile=hidden,
            kind=OpportunityKind.TRAINING,
            session=session,
            origin=Origin.ADVISER,
        )
    from django.utils import timezone

    visible = make_profile(is_visible=True, visible_since=timezone.now())
    match = match_propose(
        actor=federation_actor(),
        profile=visible,
        kind=OpportunityKind.TRAINING,
        session=session,
        origin=Origin.ADVISER,
        score=0.8,
        reasons=[{"kind": "travel", "minutes": 20}],
    )
    assert match.origin == Origin.ADVISER
    assert match.reasons == [{"kind": "travel", "minutes": 20}]


# ---------------------------------------------------------------- training


def test_accepting_a_session_asks_for_a_seat_through_training() -> None:
    match, _provider = training_match()
    accepted = match_accept(actor=person_of(match.profile), match=match).match
    assert accepted.status == S.PERSON_ACCEPTED
    assert accepted.enrolment is not None
    assert accepted.enrolment.status == Enrolment.Status.REQUESTED
    assert accepted.enrolment.learner_id == match.profile.user_id


def test_the_provider_accepting_the_enrolment_makes_the_match_successful(
    django_capture_on_commit_callbacks: Any,
) -> None:
    match, provider = training_match()
    match = match_accept(actor=person_of(match.profile), match=match).match
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_accept(actor=provider, enrolment=match.enrolment)
    match.refresh_from_db()
    assert match.status == S.SUCCESSFUL
    assert match.other_accepted_at is not None
    assert match.successful_at is not None


def test_the_provider_refusing_declines_the_match_with_its_reason(
    django_capture_on_commit_callbacks: Any,
) -> None:
    match, provider = training_match()
    match = match_accept(actor=person_of(match.profile), match=match).match
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_refuse(actor=provider, enrolment=match.enrolment, reason="Prérequis manquants")
    match.refresh_from_db()
    assert match.status == S.DECLINED
    assert match.declined_by == Side.OTHER
    assert match.declined_reason == "Prérequis manquants"


def test_a_seat_given_from_the_waiting_list_makes_it_successful(
    django_capture_on_commit_callbacks: Any,
) -> None:
    match, provider = training_match()
    match = match_accept(actor=person_of(match.profile), match=match).match
    enrolment_waitlist(actor=provider, enrolment=match.enrolment)
    session = match.session
    Session.objects.filter(pk=session.pk).update(seats=1)
    holder = Enrolment.objects.create(
        session=session, learner=UserFactory(), status=Enrolment.Status.ACCEPTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_cancel(actor=Actor(user=holder.learner), enrolment=holder)
    match.refresh_from_db()
    assert match.status == S.SUCCESSFUL


def test_the_provider_declining_the_match_refuses_the_enrolment(
    django_capture_on_commit_callbacks: Any,
) -> None:
    match, provider = training_match()
    match = match_accept(actor=person_of(match.profile), match=match).match
    with django_capture_on_commit_callbacks(execute=True):
        match_decline(actor=provider, match=match, reason="Session réservée aux salariés")
    match.refresh_from_db()
    match.enrolment.refresh_from_db()
    assert match.enrolment.status == Enrolment.Status.REFUSED
    assert match.enrolment.refusal_reason == "Session réservée aux salariés"
    assert match.status == S.DECLINED
    assert match.declined_by == Side.OTHER


def test_the_person_declining_cancels_the_enrolment() -> None:
    match, _provider = training_match()
    match = match_accept(actor=person_of(match.profile), match=match).match
    match_decline(actor=person_of(match.profile), match=match, reason="J'ai trouvé un emploi")
    match.enrolment.refresh_from_db()
    assert match.enrolment.status == Enrolment.Status.CANCELLED


# ---------------------------------------------------------------- partnerships


def test_accepting_an_offer_without_a_cv_sends_the_person_to_apply(private_media: Any) -> None:
    match = offer_match()
    accepted = match_accept(actor=person_of(match.profile), match=match)
    assert accepted.next_step == "apply"
    assert accepted.match.status == S.PERSON_ACCEPTED
    assert accepted.match.application is None
    application = apply(match.offer, person_of(match.profile))
    match.refresh_from_db()
    assert match.application == application


def test_accepting_an_offer_with_a_cv_applies_through_partnerships(private_media: Any) -> None:
    match = offer_match()
    accepted = match_accept(
        actor=person_of(match.profile), match=match, message="Bonjour", cv=pdf_file()
    )
    assert accepted.next_step == ""
    assert accepted.match.status == S.PERSON_ACCEPTED
    assert accepted.match.application.status == Application.Status.NEW


def test_applying_on_the_offer_page_accepts_a_proposed_match(private_media: Any) -> None:
    match = offer_match()
    apply(match.offer, person_of(match.profile))
    match.refresh_from_db()
    assert match.status == S.PERSON_ACCEPTED
    assert match.application is not None


def test_the_company_accepting_then_the_hire_confirmed(
    private_media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from lakou.partnerships.services.applications import application_confirm_hire

    match = offer_match(kind="job_permanent", title="Développeur web (CDI)", duration_weeks=None)
    match = match_accept(
        actor=person_of(match.profile), match=match, message="Bonjour", cv=pdf_file()
    ).match
    membership = match.offer.company.memberships.first()
    company = Actor(user=membership.user, membership=membership, memberships=(membership,))
    with django_capture_on_commit_callbacks(execute=True):
        application_accept(actor=company, application=match.application)
    match.refresh_from_db()
    assert match.status == S.BOTH_ACCEPTED
    with django_capture_on_commit_callbacks(execute=True):
        application_confirm_hire(actor=company, application=match.application)
    match.refresh_from_db()
    assert match.status == S.SUCCESSFUL


def test_the_outcome_service_goes_through_both_accepted(private_media: Any) -> None:
    match = offer_match()
    match = match_accept(
        actor=person_of(match.profile), match=match, message="Bonjour", cv=pdf_file()
    ).match
    match = match_succeed(actor=None, match=match)
    assert match.status == S.SUCCESSFUL
    assert match.other_accepted_at is not None
    assert match_other_accepted(actor=None, match=match).status == S.SUCCESSFUL


def test_a_company_answers_an_application_on_its_page_not_here(private_media: Any) -> None:
    match = offer_match()
    match = match_accept(
        actor=person_of(match.profile), match=match, message="Bonjour", cv=pdf_file()
    ).match
    membership = match.offer.company.memberships.first()
    company = Actor(user=membership.user, membership=membership)
    with pytest.raises(MatchError, match="candidatures de l'offre"):
        match_decline(actor=company, match=match, reason="Non")
    application_refuse(actor=company, application=match.application, reason="profile")


def test_the_company_refusing_the_application_declines_the_match_with_its_reason(
    private_media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    match = offer_match()
    match = match_accept(
        actor=person_of(match.profile), match=match, message="Bonjour", cv=pdf_file()
    ).match
    membership = match.offer.company.memberships.first()
    company = Actor(user=membership.user, membership=membership, memberships=(membership,))
    with django_capture_on_commit_callbacks(execute=True):
        application_refuse(actor=company, application=match.application, reason="dates")
    match.refresh_from_db()
    assert match.status == S.DECLINED
    assert match.declined_by == Side.OTHER
    assert match.declined_reason == "Les dates ne conviennent pas"


def test_withdrawing_the_application_declines_the_match_by_the_person(
    private_media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from lakou.partnerships.services.applications import application_withdraw

    match = offer_match()
    person = person_of(match.profile)
    match = match_accept(actor=person, match=match, message="Bonjour", cv=pdf_file()).match
    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(actor=person, application=match.application)
    match.refresh_from_db()
    assert match.status == S.DECLINED
    assert match.declined_by == Side.PERSON
    assert match.declined_reason == "Candidature retirée par la personne."


def test_another_company_cannot_decline(private_media: Any) -> None:
    match = offer_match()
    match = match_accept(actor=person_of(match.profile), match=match).match
    with pytest.raises(PermissionDenied):
        match_decline(actor=company_actor(), match=match, reason="Non")


# ---------------------------------------------------------------- mediation and mentoring


def test_a_workshop_seat_makes_the_match_successful() -> None:
    match = workshop_match()
    accepted = match_accept(actor=person_of(match.profile), match=match).match
    assert accepted.status == S.SUCCESSFUL
    registration = Registration.objects.get(workshop=match.workshop)
    assert registration.registered_by_id == match.profile.user_id
    assert registration.status == Registration.Status.CONFIRMED


def test_a_waitlisted_workshop_match_succeeds_when_the_seat_comes() -> None:
    from lakou.mediation.services.workshops import registration_cancel

    match = workshop_match(capacity=1)
    first = register(match.workshop)
    # Full now: the match was proposed before.
    accepted = match_accept(actor=person_of(match.profile), match=match).match
    assert accepted.status == S.PERSON_ACCEPTED
    registration_cancel(registration=first)
    match.refresh_from_db()
    assert match.status == S.SUCCESSFUL


def test_a_mentoring_match_succeeds_when_the_pair_is_formed() -> None:
    match = mentoring_match()
    accepted = match_accept(actor=person_of(match.profile), match=match)
    assert accepted.next_step == "mentoring_request"
    request = make_request(match.profile.user)
    make_pair(mentor=match.mentor, request=request)
    match.refresh_from_db()
    assert match.status == S.SUCCESSFUL
    assert match.other_accepted_at is not None
