"""Contests and hackathons: registration within capacity, team limits, submissions until the
deadline, the juror conflict rule, scores, and the published results with their badges."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lakou.core.actor import ANONYMOUS
from lakou.core.period import parse_period, parse_territory
from lakou.partnerships.models import Action, Participant, Score, Team, TeamResult
from lakou.partnerships.services.events import (
    AlreadyRegistered,
    EventError,
    juror_add,
    juror_conflicts,
    participant_register,
    results_publish,
    score_record,
    submission_save,
    submissions_for_juror,
    team_create,
    team_join,
    team_leave,
)
from lakou.training.models import Certificate
from lakou.training.services.certificates import certificate_verify
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.partnerships.factories_events import (
    juror_actor,
    make_agreement,
    make_criteria,
    make_event,
    make_juror,
    make_submission,
    make_team,
    move_to,
    organiser_actor,
    person_actor,
    register,
)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- registration


def test_a_person_without_an_account_registers_with_their_email() -> None:
    event = make_event()

    participant = participant_register(
        actor=ANONYMOUS,
        event=event,
        email="Rose.Marie@Exemple.mq",
        first_name="Rose",
        last_name="Marie",
    )

    user = participant.user
    assert user.email == "rose.marie@exemple.mq"
    assert user.get_full_name() == "Rose Marie"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified is False


def test_a_known_address_registers_its_own_account() -> None:
    event = make_event()
    existing = UserFactory(email="jean@exemple.mq", first_name="Jean", last_name="Lubin")

    participant = participant_register(
        actor=ANONYMOUS, event=event, email="JEAN@exemple.mq", first_name="X", last_name="Y"
    )

    assert participant.user == existing
    existing.refresh_from_db()
    assert existing.first_name == "Jean"  # a stranger's typing does not rename the account


def test_registering_twice_is_refused() -> None:
    event = make_event()
    actor = person_actor()
    participant_register(actor=actor, event=event)

    with pytest.raises(AlreadyRegistered):
        participant_register(actor=actor, event=event)


def test_the_event_never_takes_more_than_its_capacity() -> None:
    event = make_event(capacity=2)
    participant_register(actor=person_actor(), event=event)
    participant_register(actor=person_actor(), event=event)

    with pytest.raises(EventError, match=r"L.événement est complet : les 2 places sont prises\."):
        participant_register(actor=person_actor(), event=event)
    assert Participant.objects.filter(event=event).count() == 2


@pytest.mark.parametrize("phase", ["upcoming", "submission", "judging"])
def test_registration_is_refused_outside_its_phase(phase: str) -> None:
    event = make_event(phase=phase)

    with pytest.raises(EventError, match="ne sont pas ouvertes"):
        participant_register(actor=person_actor(), event=event)


def test_a_juror_cannot_take_part() -> None:
    event = make_event()
    juror = make_juror(event)

    with pytest.raises(EventError, match="jury ne peut pas participer"):
        participant_register(actor=juror_actor(juror), event=event)


# ---------------------------------------------------------------- teams


def test_a_team_is_created_then_joined_by_its_code() -> None:
    event = make_event()
    founder, friend = person_actor(), person_actor()
    participant_register(actor=founder, event=event)
    participant_register(actor=friend, event=event)

    team = team_create(actor=founder, event=event, name="Les Colibris", looking_for="Une graphiste")
    joined = team_join(actor=friend, event=event, code=team.code.lower())

    assert joined == team
    assert Participant.objects.filter(team=team).count() == 2


def test_no_team_goes_over_its_maximum_size() -> None:
    event = make_event(team_max=2)
    team = make_team(event, members=2)
    late = person_actor()
    register(event, late.user)

    with pytest.raises(EventError, match="est complète \\(2 personnes au plus\\)"):
        team_join(actor=late, event=event, code=team.code)
    assert Participant.objects.filter(team=team).count() == 2


def test_a_wrong_code_says_so() -> None:
    event = make_event()
    actor = person_actor()
    register(event, actor.user)

    with pytest.raises(EventError, match="Aucune équipe de cet événement n'a ce code"):
        team_join(actor=actor, event=event, code="ZZZZZZZZ")


def test_the_code_of_another_events_team_does_not_work() -> None:
    event, other = make_event(), make_event()
    team = make_team(other)
    actor = person_actor()
    register(event, actor.user)

    with pytest.raises(EventError, match="Aucune équipe"):
        team_join(actor=actor, event=event, code=team.code)


def test_one_team_at_a_time() -> None:
    event = make_event()
    team = make_team(event)
    member = Participant.objects.get(team=team)
    actor = person_actor_of(member)

    with pytest.raises(EventError, match="déjà partie d'une équipe"):
        team_create(actor=actor, event=event, name="Une autre")


def person_actor_of(participant: Participant) -> object:
    from lakou.core.actor import Actor

    return Actor(user=participant.user)


def test_someone_not_registered_cannot_form_a_team() -> None:
    event = make_event()

    with pytest.raises(EventError, match="Inscrivez-vous d'abord"):
        team_create(actor=person_actor(), event=event, name="Les Colibris")


def test_leaving_frees_a_place_and_the_last_member_removes_the_team() -> None:
    event = make_event(team_max=2)
    team = make_team(event, members=2)
    first, second = (person_actor_of(p) for p in Participant.objects.filter(team=team))

    team_leave(actor=first, event=event)
    assert Participant.objects.filter(team=team).count() == 1
    team_leave(actor=second, event=event)

    assert not Team.objects.filter(pk=team.pk).exists()
    assert Participant.objects.filter(event=event, team__isnull=True).count() == 2


# ---------------------------------------------------------------- submissions


def _member(team: Team) -> object:
    return person_actor_of(Participant.objects.filter(team=team).first())


def test_a_project_is_editable_until_the_deadline() -> None:
    event = make_event(phase="submission")
    team = make_team(event)
    actor = _member(team)
    before = event.submission_deadline - timedelta(minutes=1)

    submission_save(actor=actor, team=team, title="V1", description="Première", now=before)
    edited = submission_save(actor=actor, team=team, title="V2", description="Deuxième", now=before)

    assert edited.title == "V2"
    with pytest.raises(EventError, match=r"La date limite de dépôt .* est passée"):
        submission_save(
            actor=actor,
            team=team,
            title="V3",
            description="Trop tard",
            now=event.submission_deadline,
        )
    edited.refresh_from_db()
    assert edited.title == "V2"


def test_a_team_below_its_minimum_cannot_hand_in() -> None:
    event = make_event(phase="submission", team_min=2)
    team = make_team(event, members=1)

    with pytest.raises(EventError, match="au moins 2 personnes"):
        submission_save(actor=_member(team), team=team, title="P", description="D")


def test_only_members_hand_in_the_teams_project() -> None:
    event = make_event(phase="submission")
    team, other = make_team(event), make_team(event)

    with pytest.raises(PermissionDenied):
        submission_save(actor=_member(other), team=team, title="P", description="D")


# ---------------------------------------------------------------- the juror conflict rule


@pytest.fixture
def judged() -> dict[str, object]:
    """An event in judging, a company juror, and two teams: one with none of the company."""
    company = OrganisationFactory(company=True, name="Madin'Soft")
    event = make_event(phase="judging")
    criteria = make_criteria(event, 2, 1)
    juror = make_juror(event, organisation=company)
    clean = make_team(event, name="Les Colibris")
    mixed = make_team(event, name="Les Manicous", members=2)
    return {
        "company": company,
        "event": event,
        "criteria": criteria,
        "juror": juror,
        "clean": make_submission(clean),
        "mixed": make_submission(mixed),
        "member": Participant.objects.filter(team=mixed).first().user,
    }


def _values(criteria: list[Any], value: int = 7) -> dict[int, int]:
    return {c.pk: value for c in criteria}


def test_a_juror_never_scores_a_team_with_an_employee_of_their_organisation(
    judged: dict[str, Any],
) -> None:
    member = judged["member"]
    member.first_name, member.last_name = "Paul", "Ursulet"
    member.save()
    MembershipFactory(user=member, organisation=judged["company"])
    juror = judged["juror"]

    with pytest.raises(EventError) as refused:
        score_record(
            actor=juror_actor(juror),
            juror=juror,
            submission=judged["mixed"],
            values=_values(judged["criteria"]),
        )

    assert refused.value.message == (
        "Vous ne pouvez pas noter l'équipe Les Manicous : Paul Ursulet est salarié(e) de votre "
        "organisation."
    )
    assert not Score.objects.exists()
    assert list(submissions_for_juror(juror)) == [judged["clean"]]


def test_a_juror_never_scores_a_team_with_an_intern_of_their_organisation(
    judged: dict[str, Any],
) -> None:
    member = judged["member"]
    make_agreement(company=judged["company"], learner=member, status="signed")
    juror = judged["juror"]

    conflicts = juror_conflicts(juror, judged["mixed"].team)

    assert len(conflicts) == 1
    assert "est stagiaire ou apprenti(e) de votre organisation" in conflicts[0].reason
    assert list(submissions_for_juror(juror)) == [judged["clean"]]
    with pytest.raises(EventError, match="Vous ne pouvez pas noter l'équipe Les Manicous"):
        score_record(
            actor=juror_actor(juror),
            juror=juror,
            submission=judged["mixed"],
            values=_values(judged["criteria"]),
        )


@pytest.mark.parametrize("status", ["draft", "ready_to_sign", "partly_signed"])
def test_an_agreement_not_yet_binding_is_no_conflict(judged: dict[str, Any], status: str) -> None:
    make_agreement(company=judged["company"], learner=judged["member"], status=status)

    assert juror_conflicts(judged["juror"], judged["mixed"].team) == []
    assert len(submissions_for_juror(judged["juror"])) == 2


def test_an_inactive_membership_is_no_conflict(judged: dict[str, Any]) -> None:
    MembershipFactory(user=judged["member"], organisation=judged["company"], is_active=False)

    assert juror_conflicts(judged["juror"], judged["mixed"].team) == []


def test_an_employee_of_another_company_is_no_conflict(judged: dict[str, Any]) -> None:
    MembershipFactory(user=judged["member"], organisation=OrganisationFactory(company=True))
    juror = judged["juror"]

    score_record(
        actor=juror_actor(juror),
        juror=juror,
        submission=judged["mixed"],
        values=_values(judged["criteria"]),
    )

    assert Score.objects.filter(juror=juror).count() == 2


def test_a_juror_takes_the_organisation_they_are_a_member_of() -> None:
    company = OrganisationFactory(company=True)
    event = make_event(organiser=company)
    user = UserFactory()
    MembershipFactory(user=user, organisation=company)

    juror = juror_add(actor=organiser_actor(company), event=event, user=user)

    assert juror.organisation == company


# ---------------------------------------------------------------- scores


def test_scores_stay_on_the_zero_to_ten_scale(judged: dict[str, Any]) -> None:
    juror, criteria = judged["juror"], judged["criteria"]

    with pytest.raises(EventError, match="Chaque note va de 0 à 10"):
        score_record(
            actor=juror_actor(juror),
            juror=juror,
            submission=judged["clean"],
            values={criteria[0].pk: 11, criteria[1].pk: 5},
        )
    with pytest.raises(EventError, match="il manque : Critère 2"):
        score_record(
            actor=juror_actor(juror),
            juror=juror,
            submission=judged["clean"],
            values={criteria[0].pk: 5},
        )


def test_a_juror_rescoring_replaces_their_marks(judged: dict[str, Any]) -> None:
    juror, criteria = judged["juror"], judged["criteria"]
    actor = juror_actor(juror)
    score_record(actor=actor, juror=juror, submission=judged["clean"], values=_values(criteria, 3))
    score_record(actor=actor, juror=juror, submission=judged["clean"], values=_values(criteria, 8))

    assert sorted(Score.objects.filter(juror=juror).values_list("value", flat=True)) == [8, 8]


def test_scoring_waits_for_the_deadline() -> None:
    event = make_event(phase="submission")
    criteria = make_criteria(event, 1)
    juror = make_juror(event)
    submission = make_submission(make_team(event))

    with pytest.raises(EventError, match="après la date limite de dépôt"):
        score_record(
            actor=juror_actor(juror), juror=juror, submission=submission, values=_values(criteria)
        )


# ---------------------------------------------------------------- results and badges


def _scored_event() -> tuple[object, list[Team]]:
    federation = OrganisationFactory(federation=True)
    event = make_event(organiser=federation, phase="judging", prize_places=1)
    criteria = make_criteria(event, 1)
    teams = [make_team(event, members=2, name=f"Équipe {n}") for n in "ABC"]
    for index, team in enumerate(teams):
        for participant in Participant.objects.filter(team=team).select_related("user"):
            participant.user.first_name, participant.user.last_name = "Léa", f"Membre {index}"
            participant.user.save()
        make_submission(team, submitted_at=event.registration_opens_at + timedelta(hours=index))
    register(event)  # registered, never in a team: no badge
    submissions = [t.submission for t in teams]
    for marks in ([2, 8, 5], [6, 9, 7]):  # a harsh juror, a lenient one
        juror = make_juror(event)
        for submission, mark in zip(submissions, marks, strict=True):
            score_record(
                actor=juror_actor(juror),
                juror=juror,
                submission=submission,
                values={criteria[0].pk: mark},
            )
    return event, teams


def test_publishing_ranks_the_teams_and_signs_every_badge() -> None:
    event, teams = _scored_event()
    publisher = organiser_actor(event.action.organisers.get())

    results = results_publish(actor=publisher, event=event)

    assert [(r.team_id, r.rank, r.is_winner) for r in results] == [
        (teams[1].pk, 1, True),
        (teams[2].pk, 2, False),
        (teams[0].pk, 3, False),
    ]
    badged = Participant.objects.filter(participation_badge__isnull=False)
    assert badged.count() == 6
    winners = Participant.objects.filter(winner_badge__isnull=False)
    assert set(winners.values_list("team_id", flat=True)) == {teams[1].pk}
    assert winners.count() == 2
    for participant in badged:
        badge = Certificate.objects.get(uid=participant.participation_badge)
        assert badge.kind == Certificate.Kind.BADGE
        assert badge.learner == participant.user
        assert certificate_verify(badge).state == Certificate.State.VALID
        assert certificate_verify(badge).achievement_name.startswith("Participation — ")
    winner_badge = Certificate.objects.get(uid=winners.first().winner_badge)
    assert certificate_verify(winner_badge).achievement_name.startswith("Lauréat — ")
    event.refresh_from_db()
    assert event.results_published_at is not None


def test_badges_are_not_training_certificates_for_indicator_2() -> None:
    from lakou.training.indicators import period_certificates

    event, _teams = _scored_event()
    results_publish(actor=organiser_actor(event.action.organisers.get()), event=event)
    today = timezone.localdate()

    assert Certificate.objects.filter(kind="badge").count() == 8
    year = parse_period(str(today.year))
    assert period_certificates(year, parse_territory(None)).count() == 0


def test_publishing_marks_the_planned_action_held_with_the_teams_members_as_participants() -> None:
    event, _teams = _scored_event()
    publisher = organiser_actor(event.action.organisers.get())

    results_publish(actor=publisher, event=event)

    action = Action.objects.get(pk=event.action_id)
    assert action.status == Action.Status.HELD
    assert action.participants == 6  # the registered person without a team is not counted
    assert action.outcome_notes == "Résultats publiés : 3 projets classés."


def test_publishing_keeps_the_outcome_of_an_action_already_held() -> None:
    event, _teams = _scored_event()
    Action.objects.filter(pk=event.action_id).update(
        status=Action.Status.HELD, participants=40, outcome_notes="Bilan des organisateurs"
    )

    results_publish(actor=organiser_actor(event.action.organisers.get()), event=event)

    action = Action.objects.get(pk=event.action_id)
    assert (action.participants, action.outcome_notes) == (40, "Bilan des organisateurs")


def test_results_are_published_once() -> None:
    event, _teams = _scored_event()
    publisher = organiser_actor(event.action.organisers.get())
    results_publish(actor=publisher, event=event)

    with pytest.raises(EventError, match="déjà publiés"):
        results_publish(actor=publisher, event=event)
    assert TeamResult.objects.count() == 3


def test_only_the_organisers_publish() -> None:
    event, _teams = _scored_event()

    with pytest.raises(PermissionDenied):
        results_publish(actor=organiser_actor(OrganisationFactory(company=True)), event=event)


def test_results_wait_for_the_submission_deadline() -> None:
    event, _teams = _scored_event()
    move_to(event, "submission")

    with pytest.raises(EventError, match="après la date limite de dépôt"):
        results_publish(actor=organiser_actor(event.action.organisers.get()), event=event)
