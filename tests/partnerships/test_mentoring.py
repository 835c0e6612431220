"""Mentoring services: who may do what, what is refused, what is written and who is told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lakou.core.actor import Actor
from lakou.core.models import AuditEntry
from lakou.partnerships.assignment import slots_mask
from lakou.partnerships.models import MenteeRequest, MentoringPair
from lakou.partnerships.services.mentoring import (
    MenteeRequestData,
    MentoringError,
    MentorProfileData,
    meeting_log,
    mentee_request_save,
    mentee_request_withdraw,
    mentor_profile_save,
    mentoring_suggestions,
    pair_create,
    pair_end,
    pairs_create,
)
from tests.accounts.factories import UserFactory
from tests.partnerships.factories_mentoring import (
    commune,
    company_actor,
    competence,
    federation_actor,
    level,
    make_mentor,
    make_pair,
    make_request,
)
from tests.tasks import run_worker

pytestmark = pytest.mark.django_db


def mentee_actor(request: MenteeRequest) -> Actor:
    return Actor(user=request.learner)


# ---------------------------------------------------------------- profiles and requests


def test_a_company_member_declares_a_mentor_profile() -> None:
    actor = company_actor()
    profile = make_mentor(actor, competences=[(competence(), 5)], capacity=3)
    assert profile.organisation_id == actor.organisation_id
    assert [(c.competence.code, c.level.rank) for c in profile.competences.all()] == [("1.1", 5)]
    assert AuditEntry.objects.filter(action="mentoring.mentor_profile.create").count() == 1
    # Saving again updates the same profile.
    again = make_mentor(actor, capacity=1)
    assert again.pk == profile.pk
    assert again.capacity == 1


@pytest.mark.parametrize("role", ["person", "provider", "federation"])
def test_only_a_company_member_may_mentor(role: str) -> None:
    from tests.accounts.factories import MembershipFactory, OrganisationFactory

    if role == "person":
        actor = Actor(user=UserFactory())
    else:
        membership = MembershipFactory(organisation=OrganisationFactory(**{role: True}))
        actor = Actor(user=membership.user, membership=membership, memberships=(membership,))
    with pytest.raises(PermissionDenied):
        make_mentor(actor)


def _profile_data(**fields: object) -> MentorProfileData:
    values: dict[str, object] = {
        "capacity": 1,
        "availability": slots_mask(["mon_am"]),
        "competences": [(competence(), level(3))],
        "communes": [commune()],
    }
    values.update(fields)
    return MentorProfileData(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": 11}, "capacity"),
        ({"availability": 0}, "availability"),
        ({"competences": []}, "competences"),
        ({"communes": [], "accepts_remote": False}, "communes"),
    ],
)
def test_an_incomplete_mentor_profile_is_refused(fields: dict[str, object], field: str) -> None:
    with pytest.raises(MentoringError) as error:
        mentor_profile_save(actor=company_actor(), data=_profile_data(**fields))
    assert error.value.field == field


def test_a_level_of_another_framework_is_refused() -> None:
    from tests.skills.factories import FrameworkFactory, ProficiencyLevelFactory

    ecf_level = ProficiencyLevelFactory(framework=FrameworkFactory(ecf=True), rank=2, code="e-2")
    with pytest.raises(MentoringError, match="n'appartient pas"):
        mentor_profile_save(
            actor=company_actor(), data=_profile_data(competences=[(competence(), ecf_level)])
        )


def test_capacity_cannot_drop_below_the_active_pairs() -> None:
    actor = company_actor()
    mentor = make_mentor(actor, capacity=2)
    make_pair(mentor)
    make_pair(mentor)
    with pytest.raises(MentoringError, match="déjà 2 personnes"):
        mentor_profile_save(actor=actor, data=_profile_data(capacity=1))


def test_a_person_asks_once_and_then_updates_the_same_request() -> None:
    learner = UserFactory()
    first = make_request(learner)
    second = make_request(learner, goals="Créer mon site.")
    assert first.pk == second.pk
    assert MenteeRequest.objects.get().goals == "Créer mon site."


def test_a_company_member_cannot_ask_for_a_mentor_for_the_company() -> None:
    with pytest.raises(PermissionDenied):
        mentee_request_save(
            actor=company_actor(),
            data=MenteeRequestData(
                goals="Apprendre",
                commune=commune(),
                availability=1,
                wishes=[(competence(), None)],
            ),
        )


@pytest.mark.parametrize("goals", ["", "   ", "x" * 1001])
def test_goals_are_required_and_bounded(goals: str) -> None:
    with pytest.raises(MentoringError) as error:
        mentee_request_save(
            actor=Actor(user=UserFactory()),
            data=MenteeRequestData(
                goals=goals, commune=commune(), availability=1, wishes=[(competence(), None)]
            ),
        )
    assert error.value.field == "goals"


def test_a_waiting_request_is_withdrawn_but_a_paired_one_is_not() -> None:
    request = make_request()
    mentee_request_withdraw(actor=mentee_actor(request), request=request)
    assert request.status == MenteeRequest.Status.CLOSED
    paired = make_pair().mentee
    with pytest.raises(MentoringError, match="attend un mentor"):
        mentee_request_withdraw(actor=mentee_actor(paired), request=paired)
    with pytest.raises(PermissionDenied):
        mentee_request_withdraw(actor=Actor(user=UserFactory()), request=make_request())


# ---------------------------------------------------------------- suggestions and pairs


def test_suggestions_say_why_in_french() -> None:
    skill = competence("1.1", "Naviguer, chercher et filtrer")
    make_mentor(competences=[(skill, 5)], communes=[commune("fdf")], slots=("tue_am", "thu_pm"))
    make_request(wishes=[(skill, 3)], place=commune("lamentin"), slots=("tue_am",))
    [item] = mentoring_suggestions().items
    assert item.reasons == [
        "1 compétence en commun : 1.1 Naviguer, chercher et filtrer",
        "6 km entre Le Lamentin et Fort-de-France",
        "disponibles tous deux le mardi matin",
    ]
    assert item.data["shared_competences"] == [skill.pk]


def test_a_mentor_below_the_wanted_level_is_not_suggested() -> None:
    skill = competence()
    make_mentor(competences=[(skill, 2)])
    request = make_request(wishes=[(skill, 4)])
    suggestions = mentoring_suggestions()
    assert suggestions.items == []
    assert suggestions.unmatched == [request]


# The worker commits and closes its connection: the e-mail tests need real transactions.
@pytest.mark.django_db(transaction=True)
def test_forming_a_pair_tells_both_sides_and_keeps_the_reasons() -> None:
    pair = make_pair()
    assert mail.outbox == []  # nothing leaves before the worker runs
    run_worker()
    assert pair.status == MentoringPair.Status.ACTIVE
    assert pair.mentee.status == MenteeRequest.Status.PAIRED
    assert pair.reasons["sentences"][0].startswith("1 compétence en commun")
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([pair.mentor.user.email, pair.mentee.learner.email])
    assert AuditEntry.objects.filter(action="mentoring.pair.create").count() == 1


def test_only_the_federation_forms_pairs() -> None:
    with pytest.raises(PermissionDenied):
        pair_create(actor=company_actor(), request=make_request(), mentor=make_mentor())


def test_a_full_mentor_and_a_taken_request_are_refused() -> None:
    mentor = make_mentor(capacity=1)
    pair = make_pair(mentor)
    with pytest.raises(MentoringError, match="son maximum"):
        make_pair(mentor)
    with pytest.raises(MentoringError, match="déjà un mentor"):
        make_pair(make_mentor(), pair.mentee)


def test_an_inactive_mentor_and_oneself_are_refused() -> None:
    mentor = make_mentor(is_active=False)
    with pytest.raises(MentoringError, match="n'accepte plus"):
        make_pair(mentor)
    actor = company_actor()
    own = make_mentor(actor)
    with pytest.raises(MentoringError, match="son propre mentor"):
        make_pair(own, make_request(actor.user))


def test_accepting_suggestions_forms_each_pair_on_its_own() -> None:
    federation = federation_actor()
    mentor = make_mentor(capacity=1)
    first, second = make_request(), make_request()
    result = pairs_create(
        actor=federation, keys=[f"{first.pk}-{mentor.pk}", f"{second.pk}-{mentor.pk}", "x-1"]
    )
    assert [p.mentee_id for p in result.created] == [first.pk]
    assert len(result.refused) == 1
    assert "son maximum" in result.refused[0]


def test_a_past_pair_is_not_suggested_again() -> None:
    pair = make_pair(make_mentor(capacity=2))
    pair_end(actor=mentee_actor(pair.mentee), pair=pair, reason="mismatch")
    assert MenteeRequest.objects.get(pk=pair.mentee_id).status == MenteeRequest.Status.OPEN
    assert mentoring_suggestions().items == []


# ---------------------------------------------------------------- meetings and the end


def test_either_side_logs_a_meeting() -> None:
    pair = make_pair()
    today = timezone.localdate()
    meeting_log(actor=mentee_actor(pair.mentee), pair=pair, held_on=today, duration_minutes=60)
    assert pair.meetings.count() == 1
    with pytest.raises(PermissionDenied):
        meeting_log(actor=federation_actor(), pair=pair, held_on=today, duration_minutes=60)


@pytest.mark.parametrize(
    ("days", "minutes", "match"),
    [(1, 60, "futur"), (-3, 60, "précéder"), (0, 2, "5 à 480"), (0, 600, "5 à 480")],
)
def test_a_wrong_meeting_is_refused(days: int, minutes: int, match: str) -> None:
    pair = make_pair()
    with pytest.raises(MentoringError, match=match):
        meeting_log(
            actor=mentee_actor(pair.mentee),
            pair=pair,
            held_on=timezone.localdate() + timedelta(days=days),
            duration_minutes=minutes,
        )


@pytest.mark.django_db(transaction=True)
def test_ending_with_goals_reached_closes_the_request_and_tells_the_other_side() -> None:
    pair = make_pair()
    run_worker()
    mail.outbox.clear()
    pair_end(actor=mentee_actor(pair.mentee), pair=pair, reason="goals_reached")
    run_worker()
    pair.refresh_from_db()
    assert pair.status == MentoringPair.Status.ENDED
    assert pair.ended_by == pair.mentee.learner
    assert pair.mentee.status == MenteeRequest.Status.CLOSED
    assert [m.to for m in mail.outbox] == [[pair.mentor.user.email]]
    assert "Les objectifs sont atteints" in mail.outbox[0].body


def test_an_ended_pair_takes_no_meeting_and_cannot_end_twice() -> None:
    pair = make_pair()
    pair_end(actor=federation_actor(), pair=pair, reason="no_contact")
    with pytest.raises(MentoringError, match="terminé"):
        meeting_log(
            actor=mentee_actor(pair.mentee),
            pair=pair,
            held_on=timezone.localdate(),
            duration_minutes=30,
        )
    with pytest.raises(MentoringError, match="déjà terminé"):
        pair_end(actor=federation_actor(), pair=pair, reason="no_contact")


def test_another_reason_needs_its_words_and_strangers_cannot_end() -> None:
    pair = make_pair()
    with pytest.raises(MentoringError, match="Précisez"):
        pair_end(actor=mentee_actor(pair.mentee), pair=pair, reason="other")
    with pytest.raises(MentoringError, match="raison"):
        pair_end(actor=mentee_actor(pair.mentee), pair=pair, reason="bored")
    with pytest.raises(PermissionDenied):
        pair_end(actor=Actor(user=UserFactory()), pair=pair, reason="no_time")
    with pytest.raises(PermissionDenied):
        pair_end(actor=company_actor(pair.mentor.user), pair=pair, reason="no_time")
