"""Payment per act and volunteers' hours, through the services: the rate in force on the act's
Martinique date, the band edges, monthly statements prepared and refreshed, locking, payment once
(also refused by the database), the hours statement of volunteers, the daily task."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from lakou.mediation.models import (
    ActKind,
    Compensation,
    Rate,
    Statement,
    StatementKind,
    StatementLine,
    StatementStatus,
)
from lakou.mediation.services.payments import (
    PaymentError,
    RateData,
    band_label,
    duration_label,
    rate_create,
    rate_for,
    statement_left_out,
    statement_mark_paid,
    statement_refresh,
    statement_validate,
    statements_prepare,
    statements_prepare_due,
)
from lakou.mediation.tasks import prepare_monthly_statements
from tests.accounts.factories import OrganisationFactory
from tests.mediation.factories_payments import (
    a_statement,
    epci_organisation,
    federation,
    federation_staff,
    last_month,
    local,
    make_act,
    make_rate,
    member_of,
    paid_mediator,
    this_month,
    volunteer,
)

pytestmark = pytest.mark.django_db

MARCH = date(2026, 3, 1)


def _statement(mediator: object, month: date = MARCH) -> Statement:
    return Statement.objects.get(mediator=mediator, month=month)


# ---------------------------------------------------------------- the rate in force


def test_an_act_is_priced_at_the_rate_in_force_on_its_day_not_the_next_days() -> None:
    make_rate(amount="20.00", valid_from=date(2026, 1, 1))
    make_rate(amount="25.00", valid_from=date(2026, 3, 2))

    assert rate_for(ActKind.INDIVIDUAL, 45, date(2026, 3, 1)).amount == Decimal("20.00")
    assert rate_for(ActKind.INDIVIDUAL, 45, date(2026, 3, 2)).amount == Decimal("25.00")
    assert rate_for(ActKind.INDIVIDUAL, 45, date(2025, 12, 31)) is None
    assert rate_for(ActKind.COLLECTIVE, 45, date(2026, 3, 2)) is None


def test_an_act_at_half_past_eleven_in_martinique_on_the_eve_of_a_new_rate_keeps_the_old_one() -> (
    None
):
    federation()
    make_rate(amount="20.00", valid_from=date(2026, 1, 1))
    make_rate(amount="25.00", valid_from=date(2026, 3, 2))
    mediator = paid_mediator()
    late_evening = local(date(2026, 3, 1), 23, 30)
    act = make_act(mediator, late_evening, minutes=20)
    assert late_evening.astimezone(UTC).date() == date(2026, 3, 2)  # already the 2nd in UTC

    statements_prepare(month=MARCH)

    line = StatementLine.objects.get(act=act)
    assert line.amount == Decimal("20.00")
    assert line.rate.valid_from == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("minutes", "amount"),
    [(5, "10.00"), (29, "10.00"), (30, "20.00"), (59, "20.00"), (60, "30.00"), (480, "30.00")],
)
def test_a_band_includes_its_start_and_excludes_its_end(minutes: int, amount: str) -> None:
    make_rate(min_minutes=0, max_minutes=30, amount="10.00")
    make_rate(min_minutes=30, max_minutes=60, amount="20.00")
    make_rate(min_minutes=60, amount="30.00")

    assert rate_for(ActKind.INDIVIDUAL, minutes, date(2026, 3, 1)).amount == Decimal(amount)


def test_a_new_rate_ends_the_rates_of_its_kind_whose_band_it_overlaps() -> None:
    make_rate(min_minutes=0, max_minutes=30, amount="10.00")
    make_rate(min_minutes=30, max_minutes=60, amount="20.00")
    make_rate(min_minutes=0, max_minutes=45, amount="15.00", valid_from=date(2026, 7, 1))

    assert rate_for(ActKind.INDIVIDUAL, 40, date(2026, 6, 30)).amount == Decimal("20.00")
    assert rate_for(ActKind.INDIVIDUAL, 40, date(2026, 7, 1)).amount == Decimal("15.00")
    # 30–60 ended on 1 July: 50 minutes has no rate until the federation adds 45–60.
    assert rate_for(ActKind.INDIVIDUAL, 50, date(2026, 7, 1)) is None


def test_the_federation_adds_a_rate_and_it_is_recorded() -> None:
    rate = rate_create(
        actor=federation_staff(),
        data=RateData(ActKind.COLLECTIVE, 0, 90, Decimal("35.50"), date(2026, 1, 1)),
    )
    assert (rate.kind, rate.max_minutes, rate.amount) == (ActKind.COLLECTIVE, 90, Decimal("35.50"))


def test_bands_of_a_kind_starting_the_same_day_must_not_overlap_said_at_the_field() -> None:
    make_rate(min_minutes=0, max_minutes=30, valid_from=date(2026, 1, 1))
    with pytest.raises(PaymentError) as refused:
        rate_create(
            actor=federation_staff(),
            data=RateData(ActKind.INDIVIDUAL, 20, 40, Decimal("12"), date(2026, 1, 1)),
        )
    assert refused.value.field == "min_minutes"
    assert "chevauche celle « moins de 30 min »" in refused.value.message
    # Another day, or another kind, is a new rate.
    rate_create(
        actor=federation_staff(),
        data=RateData(ActKind.COLLECTIVE, 20, 40, Decimal("12"), date(2026, 1, 1)),
    )
    rate_create(
        actor=federation_staff(),
        data=RateData(ActKind.INDIVIDUAL, 20, 40, Decimal("12"), date(2026, 2, 1)),
    )
    assert Rate.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (RateData(ActKind.INDIVIDUAL, 30, 30, Decimal("10"), date(2026, 1, 1)), "max_minutes"),
        (RateData(ActKind.INDIVIDUAL, 500, None, Decimal("10"), date(2026, 1, 1)), "min_minutes"),
        (RateData(ActKind.INDIVIDUAL, 0, None, Decimal("-1"), date(2026, 1, 1)), "amount"),
        (RateData(ActKind.INDIVIDUAL, 0, None, Decimal("10.005"), date(2026, 1, 1)), "amount"),
        (RateData("other", 0, None, Decimal("10"), date(2026, 1, 1)), "kind"),
    ],
)
def test_a_rate_outside_the_bounds_is_refused_at_its_field(data: RateData, field: str) -> None:
    with pytest.raises(PaymentError) as refused:
        rate_create(actor=federation_staff(), data=data)
    assert refused.value.field == field
    assert not Rate.objects.exists()


def test_only_the_federation_sets_the_rates() -> None:
    with pytest.raises(PermissionDenied):
        rate_create(
            actor=member_of(epci_organisation()),
            data=RateData(ActKind.INDIVIDUAL, 0, None, Decimal("10"), date(2026, 1, 1)),
        )


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (0, 30, "moins de 30 min"),
        (30, 90, "de 30 min à moins de 1 h 30"),
        (120, None, "2 h et plus"),
    ],
)
def test_bands_and_durations_read_as_people_say_them(
    low: int, high: int | None, words: str
) -> None:
    assert band_label(low, high) == words
    assert duration_label(605) == "10 h 05"


# ---------------------------------------------------------------- preparing statements


def _two_acts_in_march() -> tuple[object, list[object]]:
    federation()
    make_rate(min_minutes=0, max_minutes=60, amount="20.00")
    make_rate(min_minutes=60, amount="30.00")
    mediator = paid_mediator()
    acts = [
        make_act(mediator, local(date(2026, 3, 3)), minutes=45),
        make_act(mediator, local(date(2026, 3, 10)), minutes=90),
    ]
    return mediator, acts


def test_a_paid_mediator_gets_a_payment_statement_with_a_line_per_act_and_its_total() -> None:
    mediator, acts = _two_acts_in_march()
    make_act(mediator, local(date(2026, 4, 1)))  # April: another statement

    report = statements_prepare(month=date(2026, 3, 17))

    statement = _statement(mediator)
    assert (report.created, report.refreshed) == (1, 0)
    assert (statement.kind, statement.status) == (StatementKind.PAYMENT, StatementStatus.DRAFT)
    assert statement.funder == federation()
    assert sorted(statement.lines.values_list("act_id", flat=True)) == sorted(a.pk for a in acts)
    assert (statement.total_amount, statement.total_minutes) == (Decimal("50.00"), 135)


def test_preparing_twice_changes_nothing() -> None:
    _mediator, _acts = _two_acts_in_march()
    statements_prepare(month=MARCH)
    first = list(StatementLine.objects.values_list("pk", "act_id", "amount"))

    report = statements_prepare(month=MARCH)

    assert (report.created, report.refreshed, report.lines_added, report.lines_dropped) == (
        0,
        1,
        0,
        0,
    )
    assert Statement.objects.count() == 1
    assert list(StatementLine.objects.values_list("pk", "act_id", "amount")) == first


def test_refreshing_a_draft_drops_withdrawn_and_problem_acts_and_adds_new_ones() -> None:
    mediator, (first, second) = _two_acts_in_march()
    statements_prepare(month=MARCH)
    type(first).objects.filter(pk=first.pk).update(withdrawn_at=timezone.now())
    clash = make_act(mediator, local(date(2026, 3, 10), 11), minutes=30)  # overlaps `second`
    new = make_act(mediator, local(date(2026, 3, 20)), minutes=30)

    report = statements_prepare(month=MARCH)

    statement = _statement(mediator)
    assert list(statement.lines.values_list("act_id", flat=True)) == [new.pk]
    assert (report.lines_added, report.lines_dropped, report.left_out) == (1, 2, 2)
    assert (statement.total_amount, statement.total_minutes) == (Decimal("20.00"), 30)
    left_out = {item.act.pk: item.reasons for item in statement_left_out(statement)}
    assert set(left_out) == {second.pk, clash.pk}  # the withdrawn one no longer counts
    assert "Chevauche un autre acte" in left_out[clash.pk][0]


def test_an_act_logged_too_late_waits_for_a_coordinator_then_is_paid() -> None:
    mediator, _acts = _two_acts_in_march()
    late = make_act(mediator, local(date(2026, 3, 25)), logged_at=local(date(2026, 4, 20)))

    statements_prepare(month=MARCH)
    statement = _statement(mediator)
    assert not statement.lines.filter(act=late).exists()
    assert "un coordinateur doit accepter ce retard" in statement_left_out(statement)[0].reasons[0]

    type(late).objects.filter(pk=late.pk).update(late_approved_at=timezone.now())
    statements_prepare(month=MARCH)
    assert statement.lines.filter(act=late).exists()


def test_an_act_without_a_rate_in_force_is_left_out_and_said_so() -> None:
    federation()
    make_rate(kind=ActKind.INDIVIDUAL)
    mediator = paid_mediator()
    workshop_act = make_act(
        mediator, local(date(2026, 3, 5)), kind=ActKind.COLLECTIVE, participants=6
    )

    report = statements_prepare(month=MARCH)

    statement = _statement(mediator)
    assert report.left_out == 1
    assert not statement.lines.exists()
    (item,) = statement_left_out(statement)
    assert item.act == workshop_act
    assert item.reasons == [
        "Aucun tarif en vigueur le 05/03/2026 pour un acte de ce type et de cette durée."
    ]


def test_volunteers_get_an_hours_statement_without_amount_and_without_rates() -> None:
    federation()
    mediator = volunteer()
    make_act(mediator, local(date(2026, 3, 2)), minutes=90)
    make_act(mediator, local(date(2026, 3, 9)), minutes=45, kind=ActKind.COLLECTIVE, participants=8)

    statements_prepare(month=MARCH)

    statement = _statement(mediator)
    assert statement.kind == StatementKind.HOURS
    assert (statement.total_minutes, statement.total_amount) == (135, Decimal(0))
    assert set(statement.lines.values_list("kind", "rate", "amount")) == {
        (StatementKind.HOURS, None, Decimal("0.00"))
    }
    with pytest.raises(PaymentError, match="ne se paie pas"):
        statement_mark_paid(
            actor=federation_staff(),
            statement=statement_validate(actor=federation_staff(), statement=statement),
        )


def test_a_mediator_who_becomes_a_volunteer_has_their_draft_replaced_by_an_hours_one() -> None:
    mediator, _acts = _two_acts_in_march()
    statements_prepare(month=MARCH)
    type(mediator).objects.filter(pk=mediator.pk).update(compensation=Compensation.VOLUNTEER)

    report = statements_prepare(month=MARCH)

    assert report.removed == 1
    assert list(Statement.objects.values_list("kind", flat=True)) == [StatementKind.HOURS]


def test_the_statement_goes_to_the_mediators_funder_and_an_epci_prepares_only_its_own() -> None:
    federation()
    make_rate()
    cacem = epci_organisation()
    funded = paid_mediator(funder=cacem)
    other = paid_mediator()
    make_act(funded, local(date(2026, 3, 4)))
    make_act(other, local(date(2026, 3, 4)))

    statements_prepare(month=MARCH, actor=member_of(cacem))

    assert list(Statement.objects.values_list("mediator", "funder")) == [(funded.pk, cacem.pk)]
    with pytest.raises(PermissionDenied):
        statements_prepare(month=MARCH, actor=member_of(OrganisationFactory(company=True)))


def test_the_months_to_come_are_not_prepared() -> None:
    federation()
    with pytest.raises(PaymentError, match="à partir du premier du mois"):
        statements_prepare(month=timezone.localdate() + timedelta(days=40))


# ---------------------------------------------------------------- locking and payment


def test_a_validated_statement_never_changes_and_refuses_refresh_and_a_second_validation() -> None:
    mediator, _acts = _two_acts_in_march()
    statements_prepare(month=MARCH)
    staff = federation_staff()
    statement = statement_validate(actor=staff, statement=_statement(mediator))
    assert statement.status == StatementStatus.VALIDATED
    assert statement.validated_by == staff.user
    lines = list(statement.lines.values_list("pk", flat=True))
    make_act(mediator, local(date(2026, 3, 28)))

    report = statements_prepare(month=MARCH)

    assert report.locked == 1
    assert list(statement.lines.values_list("pk", flat=True)) == lines
    with pytest.raises(PaymentError, match="ne peut plus changer"):
        statement_refresh(actor=staff, statement=statement)
    with pytest.raises(PaymentError, match="déjà validé"):
        statement_validate(actor=staff, statement=statement)
    left = statement_left_out(statement)
    assert left[0].reasons == ["Enregistré ou corrigé après la validation du relevé."]


def test_a_draft_whose_act_was_withdrawn_since_is_not_validated_until_refreshed() -> None:
    mediator, (first, _second) = _two_acts_in_march()
    statements_prepare(month=MARCH)
    type(first).objects.filter(pk=first.pk).update(withdrawn_at=timezone.now())
    with pytest.raises(PaymentError, match="mettez le relevé à jour"):
        statement_validate(actor=federation_staff(), statement=_statement(mediator))


def test_an_empty_statement_is_not_validated() -> None:
    federation()
    mediator = paid_mediator()
    make_act(mediator, local(date(2026, 3, 5)))  # no rate at all
    statements_prepare(month=MARCH)
    with pytest.raises(PaymentError, match="aucune ligne"):
        statement_validate(actor=federation_staff(), statement=_statement(mediator))


def test_a_statement_is_marked_paid_once_after_its_validation() -> None:
    mediator, _acts = _two_acts_in_march()
    statements_prepare(month=MARCH)
    staff = federation_staff()
    with pytest.raises(PaymentError, match="Validez d'abord"):
        statement_mark_paid(actor=staff, statement=_statement(mediator))
    statement = statement_validate(actor=staff, statement=_statement(mediator))

    paid = statement_mark_paid(actor=staff, statement=statement)

    assert (paid.status, paid.paid_by) == (StatementStatus.PAID, staff.user)
    with pytest.raises(PaymentError, match="déjà marqué payé"):
        statement_mark_paid(actor=staff, statement=paid)


def test_only_the_funder_or_the_federation_validates() -> None:
    cacem, other_epci = epci_organisation(), epci_organisation("CAP Nord")
    statement = a_statement(paid_mediator(funder=cacem))
    with pytest.raises(PermissionDenied):
        statement_validate(actor=member_of(other_epci), statement=statement)
    assert statement_validate(actor=member_of(cacem), statement=statement).is_locked


def test_the_database_refuses_a_second_payment_line_of_an_act() -> None:
    statement = a_statement(acts=1)
    act = statement.lines.get().act
    other = Statement.objects.create(
        mediator=statement.mediator,
        month=date(2020, 1, 1),
        kind=StatementKind.PAYMENT,
        funder=statement.funder,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementLine.objects.create(
            statement=other, kind=StatementKind.PAYMENT, act=act, amount=1, minutes=45
        )
    # The same act may still count once among volunteering hours (another kind).
    StatementLine.objects.create(statement=other, kind=StatementKind.HOURS, act=act, minutes=45)


def test_an_act_already_on_a_statement_is_not_put_on_another_one() -> None:
    statement = a_statement(acts=1)
    act = statement.lines.get().act
    statement_validate(actor=federation_staff(), statement=statement)
    # Its date moved to the next month after it was paid: it stays on its first statement.
    type(act).objects.filter(pk=act.pk).update(starts_at=act.starts_at + timedelta(days=31))

    statements_prepare(month=(last_month() + timedelta(days=32)).replace(day=1))

    assert StatementLine.objects.filter(act=act).count() == 1


# ---------------------------------------------------------------- the daily task


def test_the_daily_task_prepares_the_month_just_ended_in_the_first_days_only() -> None:
    _two_acts_in_march()
    assert statements_prepare_due(today=date(2026, 4, 20)) is None
    assert not Statement.objects.exists()

    report = statements_prepare_due(today=date(2026, 4, 3))

    assert report is not None
    assert report.month == MARCH
    assert Statement.objects.get().month == MARCH


def test_the_periodic_task_calls_the_service() -> None:
    assert prepare_monthly_statements.call() >= 0


def test_the_current_month_is_validated_only_once_it_has_ended() -> None:
    statement = a_statement(month=this_month(), acts=1)
    with pytest.raises(PaymentError, match="Le mois n'est pas fini"):
        statement_validate(actor=federation_staff(), statement=statement)
