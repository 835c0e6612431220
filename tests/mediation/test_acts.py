"""Acts through their services: defaults, bounds, procedure themes for trained mediators only,
withdrawal rules, late approval, and a workshop's attendance written as its acts."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lakou.core.actor import Actor
from lakou.mediation.models import (
    Act,
    MediatorStatus,
    Registration,
    Statement,
    StatementLine,
    StatementStatus,
)
from lakou.mediation.services.acts import (
    ActError,
    act_create,
    act_late_approve,
    act_update,
    act_withdraw,
    default_start,
    default_venue,
    workshop_acts_sync,
)
from lakou.mediation.services.workshops import attendance_record
from tests.accounts.factories import OrganisationFactory
from tests.mediation.factories_acts import (
    act_data,
    active_mediator,
    actor_of,
    an_hour_ago,
    make_act,
    train,
)
from tests.mediation.factories_mediators import (
    epci_actor,
    federation_actor,
    lamentin,
    make_mediator,
)
from tests.mediation.factories_venues import make_venue
from tests.mediation.factories_workshops import make_workshop, move_start, organiser_actor, register

pytestmark = pytest.mark.django_db


def refused(field: str, mediator: Any = None, **fields: Any) -> str:
    mediator = mediator or active_mediator()
    with pytest.raises(ActError) as error:
        act_create(actor=actor_of(mediator), data=act_data(**fields))
    assert error.value.field == field
    return error.value.message


# ---------------------------------------------------------------- defaults


def test_the_default_start_is_now_rounded_down_to_five_minutes_minus_the_duration() -> None:
    now = timezone.make_aware(datetime(2026, 3, 10, 10, 47, 31))
    assert timezone.localtime(default_start(now, 30)) == timezone.make_aware(
        datetime(2026, 3, 10, 10, 15)
    )
    # Just after midnight, the act began the day before.
    late = timezone.make_aware(datetime(2026, 3, 10, 0, 12))
    assert timezone.localtime(default_start(late, 30)).date().day == 9


def test_the_default_venue_is_the_last_acts_else_one_in_the_mediators_communes() -> None:
    mediator = active_mediator(served=(lamentin(),))
    served = make_venue(commune=lamentin(), name="Médiathèque du Lamentin")
    make_venue(name="Autre part")
    assert default_venue(mediator) == served
    elsewhere = make_venue(name="Mairie de Fort-de-France")
    make_act(mediator, venue=elsewhere)
    assert default_venue(mediator) == elsewhere


def test_an_act_at_a_venue_takes_the_venues_commune_and_is_one_person() -> None:
    venue = make_venue(commune=lamentin())
    act = make_act(venue=venue, participants=7)
    assert act.commune == venue.commune
    assert act.participants == 1
    assert act.logged_by == act.mediator.user


# ---------------------------------------------------------------- bounds


def test_only_an_active_mediator_logs_an_act() -> None:
    paused = make_mediator(status=MediatorStatus.PAUSED)
    with pytest.raises(PermissionDenied):
        act_create(actor=actor_of(paused), data=act_data())
    with pytest.raises(PermissionDenied):
        act_create(actor=federation_actor(), data=act_data())


def test_an_act_is_not_in_the_future_nor_more_than_a_year_back() -> None:
    assert "à venir" in refused("date", starts_at=timezone.now() + timedelta(days=1))
    assert "à venir" in refused("start_time", starts_at=timezone.now() + timedelta(minutes=10))
    assert "dans l'année" in refused("date", starts_at=timezone.now() - timedelta(days=367))
    assert make_act(starts_at=timezone.now() - timedelta(days=364)).pk


@pytest.mark.parametrize(("minutes", "ok"), [(4, False), (5, True), (480, True), (481, False)])
def test_an_act_lasts_5_minutes_to_8_hours(minutes: int, ok: bool) -> None:
    if ok:
        assert make_act(duration_minutes=minutes).duration_minutes == minutes
    else:
        assert "dure" in refused("duration_minutes", duration_minutes=minutes)


def test_away_from_a_venue_the_commune_is_required() -> None:
    assert "commune" in refused("commune", place_type="home")
    act = make_act(place_type="remote", commune=lamentin(), venue=make_venue())
    assert act.venue is None
    assert act.commune == lamentin()
    assert "lieu" in refused("venue", place_type="venue", venue=None)


def test_a_theme_is_required_and_codes_come_from_the_lists() -> None:
    assert "thème" in refused("themes", themes=())
    assert refused("themes", themes=("Jardinage",))
    assert refused("equipment", equipment=("Minitel",))
    assert refused("age_band", age_band="Centenaire")


def test_a_redirected_person_is_sent_to_a_training_or_a_structure() -> None:
    assert "orientée" in refused("redirected_programme", outcome="redirected")
    act = make_act(outcome="redirected", redirected_structure="AideAuxDemarchesAdministratives")
    assert act.redirected_structure == "AideAuxDemarchesAdministratives"
    kept = make_act(outcome="autonomous", redirected_structure="Administration")
    assert kept.redirected_structure == ""  # not redirected: nothing kept


def test_a_collective_act_counts_its_participants_and_has_no_autonomy() -> None:
    assert "participants" in refused("participants", kind="collective")
    act = make_act(kind="collective", participants=8, autonomy="Autonome")
    assert act.participants == 8
    assert act.autonomy == ""


# ---------------------------------------------------------------- procedures


def test_only_a_trained_mediator_logs_a_procedure() -> None:
    mediator = active_mediator()
    message = refused("procedure_themes", mediator, procedure_themes=("ArgentImpots",))
    assert "formé" in message
    assert "certificat" in message
    train(mediator)
    act = make_act(mediator, procedure_themes=("ArgentImpots",))
    assert act.procedure_themes == ["ArgentImpots"]
    assert act.is_procedure


def test_a_procedure_is_an_individual_act() -> None:
    mediator = active_mediator()
    train(mediator)
    assert "individuel" in refused(
        "procedure_themes",
        mediator,
        kind="collective",
        participants=5,
        procedure_themes=("Logement",),
    )


# ---------------------------------------------------------------- update and withdraw


def _statement(act: Act, status: str = StatementStatus.DRAFT) -> Statement:
    statement = Statement.objects.create(
        mediator=act.mediator,
        month=timezone.localdate(act.starts_at).replace(day=1),
        kind="payment",
        status=status,
        funder=OrganisationFactory(federation=True),  # type: ignore[misc]
        validated_at=None if status == StatementStatus.DRAFT else timezone.now(),
    )
    StatementLine.objects.create(
        statement=statement, kind="payment", act=act, amount=Decimal("12.00"), minutes=30
    )
    return statement


def test_the_mediator_corrects_an_act_until_a_validated_statement_holds_it() -> None:
    act = make_act()
    actor = actor_of(act.mediator)
    act = act_update(actor=actor, act=act, data=act_data(duration_minutes=45, venue=act.venue))
    assert act.duration_minutes == 45
    _statement(act, StatementStatus.VALIDATED)
    with pytest.raises(ActError, match="relevé validé"):
        act_update(actor=actor, act=act, data=act_data(duration_minutes=60, venue=act.venue))


def test_no_one_else_corrects_an_act() -> None:
    act = make_act()
    with pytest.raises(PermissionDenied):
        act_update(actor=actor_of(active_mediator()), act=act, data=act_data())


def test_moving_an_accepted_late_act_to_another_day_asks_again() -> None:
    act = make_act(late_days=10, starts_at=an_hour_ago(24 * 11))
    act = act_late_approve(actor=federation_actor(), act=act)
    same_day = act_update(
        actor=actor_of(act.mediator),
        act=act,
        data=act_data(starts_at=act.starts_at, venue=act.venue),
    )
    assert same_day.late_approved_at is not None
    moved = act_update(
        actor=actor_of(act.mediator),
        act=act,
        data=act_data(starts_at=act.starts_at - timedelta(days=1), venue=act.venue),
    )
    assert moved.late_approved_at is None


def test_a_withdrawn_act_no_longer_counts() -> None:
    act = make_act()
    act_withdraw(actor=actor_of(act.mediator), act=act)
    assert not Act.objects.live().filter(pk=act.pk).exists()
    with pytest.raises(ActError, match="retiré"):
        act_withdraw(actor=actor_of(act.mediator), act=act)


def test_an_act_on_any_statement_is_not_withdrawn() -> None:
    act = make_act()
    _statement(act, StatementStatus.DRAFT)
    with pytest.raises(ActError, match="relevé mensuel"):
        act_withdraw(actor=actor_of(act.mediator), act=act)


def test_coordinators_withdraw_the_acts_they_review_only() -> None:
    act = make_act()
    with pytest.raises(PermissionDenied):
        act_withdraw(actor=epci_actor(), act=act)
    with pytest.raises(PermissionDenied):
        act_withdraw(actor=Actor(user=None), act=act)
    assert act_withdraw(actor=federation_actor(), act=act).withdrawn_at is not None


# ---------------------------------------------------------------- late approval


def test_a_coordinator_accepts_a_late_act_once() -> None:
    act = make_act(late_days=12, starts_at=an_hour_ago(24 * 13))
    federation = federation_actor()
    approved = act_late_approve(actor=federation, act=act)
    assert approved.late_approved_at is not None
    assert approved.late_approved_by == federation.user
    with pytest.raises(ActError, match="déjà"):
        act_late_approve(actor=federation, act=approved)


def test_an_act_logged_in_time_has_no_delay_to_accept() -> None:
    with pytest.raises(ActError, match="à temps"):
        act_late_approve(actor=federation_actor(), act=make_act())


def test_the_epci_accepts_the_delays_of_the_mediators_it_funds() -> None:
    epci = epci_actor()
    funded = active_mediator(funder=epci.organisation)
    act = make_act(funded, late_days=12, starts_at=an_hour_ago(24 * 13))
    other = make_act(late_days=12, starts_at=an_hour_ago(24 * 13))
    assert act_late_approve(actor=epci, act=act).late_approved_at is not None
    with pytest.raises(PermissionDenied):
        act_late_approve(actor=epci, act=other)


# ---------------------------------------------------------------- workshops


def _held(**fields: Any) -> tuple[Any, list[Registration], Any]:
    mediator = active_mediator()
    second = active_mediator()
    organiser = organiser_actor()
    workshop = make_workshop(organiser, mediators=(mediator, second), capacity=5, **fields)
    people = [register(workshop) for _n in range(3)]
    move_start(workshop, days=-0.1)
    return workshop, people, organiser


def test_marking_attendance_writes_one_collective_act_per_leading_mediator() -> None:
    workshop, people, organiser = _held()
    attendance_record(actor=organiser, workshop=workshop, present=[p.pk for p in people[:2]])
    acts = list(Act.objects.live().filter(workshop=workshop))
    assert len(acts) == 2
    assert {a.participants for a in acts} == {2}
    act = acts[0]
    assert act.kind == "collective"
    assert act.place_type == "venue"
    assert act.venue == workshop.venue
    assert act.commune == workshop.venue.commune
    assert act.starts_at == workshop.starts_at
    assert act.duration_minutes == workshop.duration_minutes


def test_re_marking_attendance_updates_the_acts_and_is_idempotent() -> None:
    workshop, people, organiser = _held()
    attendance_record(actor=organiser, workshop=workshop, present=[people[0].pk])
    first = set(Act.objects.filter(workshop=workshop).values_list("pk", flat=True))
    attendance_record(actor=organiser, workshop=workshop, present=[p.pk for p in people])
    workshop_acts_sync(workshop)
    assert set(Act.objects.filter(workshop=workshop).values_list("pk", flat=True)) == first
    assert set(Act.objects.filter(workshop=workshop).values_list("participants", flat=True)) == {3}


def test_no_one_present_withdraws_the_acts_and_someone_back_restores_them() -> None:
    workshop, people, organiser = _held()
    attendance_record(actor=organiser, workshop=workshop, present=[])
    assert not Act.objects.filter(workshop=workshop).exists()
    attendance_record(actor=organiser, workshop=workshop, present=[people[0].pk])
    attendance_record(actor=organiser, workshop=workshop, present=[])
    assert Act.objects.filter(workshop=workshop).count() == 2
    assert not Act.objects.live().filter(workshop=workshop).exists()
    attendance_record(actor=organiser, workshop=workshop, present=[people[1].pk])
    assert Act.objects.live().filter(workshop=workshop).count() == 2


def test_an_act_on_a_statement_keeps_its_figures() -> None:
    workshop, people, organiser = _held()
    attendance_record(actor=organiser, workshop=workshop, present=[people[0].pk])
    held = Act.objects.filter(workshop=workshop).first()
    assert held is not None
    _statement(held, StatementStatus.VALIDATED)
    attendance_record(actor=organiser, workshop=workshop, present=[p.pk for p in people])
    held.refresh_from_db()
    assert held.participants == 1
    attendance_record(actor=organiser, workshop=workshop, present=[])
    held.refresh_from_db()
    assert held.withdrawn_at is None


def test_a_workshop_act_is_not_corrected_nor_withdrawn_by_hand() -> None:
    workshop, people, organiser = _held()
    attendance_record(actor=organiser, workshop=workshop, present=[people[0].pk])
    act = Act.objects.select_related("mediator").filter(workshop=workshop).first()
    assert act is not None
    with pytest.raises(ActError, match="présence"):
        act_withdraw(actor=actor_of(act.mediator), act=act)
    with pytest.raises(ActError, match="présence"):
        act_update(actor=actor_of(act.mediator), act=act, data=act_data())
