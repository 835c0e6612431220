"""Sharing and booking pooled resources: the overlap rule, the transitions, who may do what."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from lakou.core.actor import Actor
from lakou.core.models import AuditEntry
from lakou.partnerships.models import Booking, Resource
from lakou.partnerships.resource_calendar import ResourceError
from lakou.partnerships.services.resources import (
    ResourceData,
    availability,
    booking_approve,
    booking_cancel,
    booking_refuse,
    booking_request,
    booking_return,
    can_cancel,
    member_report,
    resource_create,
    resource_report,
    resource_update,
    units_free,
)
from tests.accounts.factories import UserFactory
from tests.partnerships.factories_resources import (
    booked,
    day,
    make_resource,
    member,
    owner_of,
    past_booking,
)

pytestmark = pytest.mark.django_db

S = Booking.Status


# ---------------------------------------------------------------- the overlap rule


def test_two_bookings_apart_from_each_other_leave_room_for_a_request_that_spans_both() -> None:
    resource = make_resource(quantity=3)
    booked(resource, 1, 5, 2, status=S.APPROVED)
    booked(resource, 10, 15, 2, status=S.APPROVED)
    # Over the 3rd–12th the peak is 2 (never 4): one unit is free every day.
    request = booked(resource, 3, 12, 1)
    approved = booking_approve(actor=owner_of(resource), booking=request)
    assert approved.status == S.APPROVED


def test_a_request_is_refused_when_one_of_its_days_is_full() -> None:
    resource = make_resource(quantity=3)
    booked(resource, 1, 5, 2, status=S.APPROVED)
    with pytest.raises(ResourceError, match="il ne reste que 1 unité"):
        booked(resource, 5, 8, 2)  # the 5th holds 2 already


def test_adjacent_ranges_do_not_share_a_day() -> None:
    resource = make_resource(quantity=1)
    booked(resource, 1, 5, 1, status=S.APPROVED)
    after = booked(resource, 6, 9, 1)
    assert booking_approve(actor=owner_of(resource), booking=after).status == S.APPROVED


def test_same_day_end_and_start_share_that_day() -> None:
    resource = make_resource(quantity=1)
    booked(resource, 1, 5, 1, status=S.APPROVED)
    with pytest.raises(ResourceError, match="entièrement réservée"):
        booked(resource, 5, 9, 1)


def test_pending_requests_do_not_count_but_approval_checks_again() -> None:
    resource = make_resource(quantity=2)
    first = booked(resource, 1, 5, 2)
    second = booked(resource, 3, 4, 1)  # pending requests do not count: accepted as a request
    owner = owner_of(resource)
    booking_approve(actor=owner, booking=first)
    with pytest.raises(ResourceError, match="entièrement réservée"):
        booking_approve(actor=owner, booking=second)
    second.refresh_from_db()
    assert second.status == S.REQUESTED


def test_cancelled_refused_and_returned_bookings() -> None:
    resource = make_resource(quantity=1)
    booked(resource, 1, 3, 1, status=S.REFUSED)
    booked(resource, 1, 3, 1, status=S.CANCELLED)
    # Neither holds a unit: an approval fits.
    fits = booked(resource, 1, 3, 1, status=S.APPROVED)
    assert fits.status == S.APPROVED
    # A returned booking still held its days (its dates are counted in the reports).
    past = past_booking(resource, -10, -8, 1, status=S.RETURNED)
    assert past.status == S.RETURNED
    assert units_free(resource, day(-9), day(-9)) == 0


def test_an_unlimited_course_material_is_never_full() -> None:
    resource = make_resource(quantity=None, kind="course_material", licence="cc_by_sa_4")
    for _ in range(3):
        booked(resource, 1, 30, 50, status=S.APPROVED)
    assert units_free(resource, day(1), day(30)) is None
    assert availability(resource)[0].free is None


def test_a_booking_cannot_ask_more_than_the_quantity() -> None:
    resource = make_resource(quantity=3)
    with pytest.raises(ResourceError, match="ne compte que 3"):
        booked(resource, 1, 2, 4)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (-1, 2, "déjà passée"),
        (5, 4, "avant la date de début"),
        (1, 400, "au plus un an"),
        (800, 801, "deux ans à l'avance"),
    ],
)
def test_wrong_dates_are_refused(start: int, end: int, message: str) -> None:
    with pytest.raises(ResourceError, match=message):
        booked(make_resource(), start, end)


def test_availability_lists_the_stretches_with_their_free_units() -> None:
    resource = make_resource(quantity=3)
    booked(resource, 2, 4, 2, status=S.APPROVED)
    booked(resource, 4, 5, 1, status=S.APPROVED)
    pieces = [(p.start, p.end, p.free) for p in availability(resource, days=10)]
    assert pieces == [
        (day(0), day(1), 3),
        (day(2), day(3), 1),
        (day(4), day(4), 0),
        (day(5), day(5), 2),
        (day(6), day(9), 3),
    ]


def test_catalogue_filter_available_between_uses_the_peak_not_the_sum() -> None:
    resource = make_resource(quantity=2, title="Casques VR")
    full = make_resource(quantity=1, title="Vidéoprojecteur")
    booked(resource, 1, 2, 1, status=S.APPROVED)
    booked(resource, 5, 6, 1, status=S.APPROVED)
    booked(resource, 8, 9, 1, status=S.APPROVED)  # sum 3 ≥ 2, peak 1 < 2
    booked(full, 3, 3, 1, status=S.APPROVED)
    titles = set(Resource.objects.available_between(day(1), day(9)).values_list("title", flat=True))
    assert titles == {"Casques VR"}
    assert set(
        Resource.objects.available_between(day(4), day(4)).values_list("title", flat=True)
    ) == {
        "Casques VR",
        "Vidéoprojecteur",
    }


# ---------------------------------------------------------------- transitions


def test_the_whole_life_of_a_booking_leaves_audit_entries() -> None:
    resource = make_resource(quantity=2)
    owner = owner_of(resource)
    booker = member()
    booking = booking_request(
        actor=booker,
        resource=resource,
        starts_on=day(-3),
        ends_on=day(-1),
        quantity=1,
        purpose="Atelier",
        today=day(-5),
    )
    booking_approve(actor=owner, booking=booking, today=day(-4))
    booking_return(actor=owner, booking=booking, damage_notes="Un écran fêlé.")
    booking.refresh_from_db()
    assert booking.status == S.RETURNED
    assert booking.returned_on == day(0)
    assert booking.damage_notes == "Un écran fêlé."
    actions = list(
        AuditEntry.objects.filter(object_id=str(booking.pk), action__startswith="booking.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["booking.request", "booking.approve", "booking.return"]


@pytest.mark.parametrize("status", [S.REFUSED, S.CANCELLED, S.RETURNED])
def test_a_closed_booking_cannot_be_approved(status: str) -> None:
    resource = make_resource()
    booking = (
        past_booking(resource, -5, -2, status=status)
        if status == S.RETURNED
        else booked(resource, 1, 2, status=status)
    )
    with pytest.raises(ResourceError, match="ne peut pas passer"):
        booking_approve(actor=owner_of(resource), booking=booking)


def test_a_request_cannot_be_returned_before_it_is_approved() -> None:
    resource = make_resource()
    booking = booked(resource, 1, 2)
    with pytest.raises(ResourceError, match="ne peut pas passer"):
        booking_return(actor=owner_of(resource), booking=booking)


def test_a_return_cannot_be_noted_before_the_booking_starts() -> None:
    resource = make_resource()
    booking = booked(resource, 3, 4, status=S.APPROVED)
    with pytest.raises(ResourceError, match="n'a pas commencé"):
        booking_return(actor=owner_of(resource), booking=booking)


def test_the_booker_cancels_until_the_day_before_it_starts() -> None:
    resource = make_resource()
    booker = member()
    booking = booked(resource, 1, 2, booker=booker, status=S.APPROVED)
    assert can_cancel(booking)
    assert not can_cancel(booking, today=day(1))
    with pytest.raises(ResourceError, match="a commencé"):
        booking_cancel(actor=booker, booking=booking, today=day(1))
    assert booking_cancel(actor=booker, booking=booking).status == S.CANCELLED


def test_a_refusal_needs_a_reason() -> None:
    resource = make_resource()
    booking = booked(resource, 1, 2)
    with pytest.raises(ResourceError, match="pourquoi"):
        booking_refuse(actor=owner_of(resource), booking=booking, reason="  ")
    refused = booking_refuse(actor=owner_of(resource), booking=booking, reason="En réparation.")
    assert (refused.status, refused.refusal_reason) == (S.REFUSED, "En réparation.")


def test_an_approval_of_a_request_whose_dates_are_past_is_refused() -> None:
    resource = make_resource()
    booking = past_booking(resource, -5, -2, status=S.REQUESTED)
    with pytest.raises(ResourceError, match="passées"):
        booking_approve(actor=owner_of(resource), booking=booking)


# ---------------------------------------------------------------- who may


def test_only_the_owner_decides() -> None:
    resource = make_resource()
    booker = member()
    booking = booked(resource, 1, 2, booker=booker)
    for someone in (booker, member(federation=True), member()):
        with pytest.raises(PermissionDenied):
            booking_approve(actor=someone, booking=booking)
        with pytest.raises(PermissionDenied):
            booking_refuse(actor=someone, booking=booking, reason="Non.")


def test_only_the_booker_cancels() -> None:
    resource = make_resource()
    booking = booked(resource, 1, 2)
    for someone in (owner_of(resource), member()):
        with pytest.raises(PermissionDenied):
            booking_cancel(actor=someone, booking=booking)


def test_the_owner_does_not_book_its_own_resource_and_a_person_books_nothing() -> None:
    resource = make_resource()
    person = Actor(user=UserFactory())
    for someone in (owner_of(resource), person):
        with pytest.raises(PermissionDenied):
            booking_request(
                actor=someone,
                resource=resource,
                starts_on=day(1),
                ends_on=day(2),
                purpose="Atelier",
            )


def test_a_withdrawn_resource_is_not_booked_and_not_seen_by_others() -> None:
    owner = member(provider=True)
    resource = make_resource(owner, is_shared=False)
    other = member()
    with pytest.raises(PermissionDenied):
        booked(resource, 1, 2, booker=other)
    assert not Resource.objects.visible_to(other).filter(pk=resource.pk).exists()
    assert Resource.objects.visible_to(owner).filter(pk=resource.pk).exists()
    assert Resource.objects.visible_to(member(federation=True)).filter(pk=resource.pk).exists()


def test_a_person_without_organisation_cannot_share() -> None:
    with pytest.raises(PermissionDenied):
        resource_create(
            actor=Actor(user=UserFactory()),
            data=ResourceData(kind="lab", title="Salle", description="Salle", quantity=1),
        )


# ---------------------------------------------------------------- resources


def test_only_course_material_may_be_unlimited() -> None:
    with pytest.raises(ResourceError, match="sans limite"):
        make_resource(kind="software_licence", quantity=None)


def test_another_licence_must_be_named() -> None:
    with pytest.raises(ResourceError, match="Précisez la licence"):
        make_resource(kind="course_material", quantity=None, licence="other")


def test_the_quantity_cannot_fall_below_what_approved_bookings_hold() -> None:
    resource = make_resource(quantity=4)
    booked(resource, 1, 3, 2, status=S.APPROVED)
    booked(resource, 2, 4, 1, status=S.APPROVED)
    owner = owner_of(resource)
    data = ResourceData(kind="equipment", title=resource.title, description="x", quantity=2)
    with pytest.raises(ResourceError, match="3 unités"):
        resource_update(actor=owner, resource=resource, data=data)
    updated = resource_update(
        actor=owner,
        resource=resource,
        data=ResourceData(kind="equipment", title="Tablettes", description="x", quantity=3),
    )
    assert (updated.quantity, updated.title) == (3, "Tablettes")


def test_another_organisation_does_not_edit() -> None:
    resource = make_resource()
    with pytest.raises(PermissionDenied):
        resource_update(
            actor=member(),
            resource=resource,
            data=ResourceData(kind="equipment", title="X", description="x", quantity=1),
        )


# ---------------------------------------------------------------- reports


def test_resource_report_counts_held_unit_days_in_the_period() -> None:
    resource = make_resource(quantity=2)
    alpha = member(organisation=None)
    past_booking(resource, -15, -12, 1, status=S.REFUSED)  # never counts
    past_booking(resource, -20, -11, 2, booker=alpha, status=S.RETURNED)  # 10 days × 2
    past = past_booking(resource, -5, -1, 1, booker=alpha, status=S.APPROVED)  # 5 days × 1
    booking_return(
        actor=owner_of(resource), booking=past, returned_on=day(-1), damage_notes="Housse déchirée."
    )
    report = resource_report(resource, start=day(-14), end=day(-1))
    # Period 14 days; held: -14..-11 (4 days × 2) and -5..-1 (5 days × 1).
    assert report.days == 14
    assert report.days_booked == 9
    assert report.unit_days_used == 13
    assert report.unit_days_available == 28
    assert report.use_rate == pytest.approx(13 / 28)
    assert [(m.bookings, m.unit_days) for m in report.by_member] == [(2, 13)]
    assert [b.damage_notes for b in report.damages] == ["Housse déchirée."]
    assert report.by_status == {"returned": 2, "refused": 1}


def test_member_report_shows_what_was_booked_and_lent() -> None:
    lender = member(provider=True)
    borrower = member()
    theirs = make_resource(lender, quantity=2)
    mine = make_resource(borrower, quantity=1, title="Salle TP")
    past_booking(theirs, -10, -6, 2, booker=borrower, status=S.RETURNED)
    past_booking(mine, -3, -2, 1, booker=lender, status=S.APPROVED)
    assert borrower.organisation is not None
    report = member_report(borrower.organisation, start=day(-30), end=day(0))
    assert [b.resource_id for b in report.booked] == [theirs.pk]
    assert [b.resource_id for b in report.lent] == [mine.pk]
    assert (report.booked_unit_days, report.lent_unit_days) == (10, 2)
