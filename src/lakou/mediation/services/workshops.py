"""Workshops: planning, registration within the seats (a waiting list beyond), promotion when a
seat frees, cancellation with a notice to everyone registered, attendance.

Seats are counted with the workshop row locked (`select_for_update`), so that two people
registering at the same moment never take more seats than there are (tested on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from lakou.accounts.models import User
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.notifications import notify_by_email, notify_by_sms
from lakou.core.sms import gsm7_plain, is_mobile_number
from lakou.core.validators import (
    LONG_TEXT_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    PhoneError,
    normalise_phone,
)
from lakou.mediation.models import (
    MAX_CAPACITY,
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    Mediator,
    Registration,
    Venue,
    Workshop,
)
from lakou.mediation.perms import workshops as perms
from lakou.mediation.services.acts import workshop_acts_sync
from lakou.skills.models import Area

S = Registration.Status
NAME_MAX_LENGTH = Registration._meta.get_field("name").max_length or 150


class WorkshopError(Exception):
    """A change refused as a whole; the French message names the field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyRegistered(WorkshopError):
    pass


@dataclass(frozen=True)
class WorkshopData:
    title: str
    level: str
    audience: str
    venue: Venue
    starts_at: datetime
    duration_minutes: int
    capacity: int
    description: str = ""
    topic: Area | None = None
    mediators: tuple[Mediator, ...] = ()


def _lock(workshop: Workshop) -> Workshop:
    return Workshop.objects.select_for_update().select_related("venue__commune").get(pk=workshop.pk)


def _check(data: WorkshopData) -> None:
    if not data.title.strip():
        raise WorkshopError(_("Indiquez l'intitulé de l'atelier."), field="title")
    if len(data.title.strip()) > TITLE_MAX_LENGTH:
        raise WorkshopError(
            _("L'intitulé tient en %(max)s caractères au plus.") % {"max": TITLE_MAX_LENGTH},
            field="title",
        )
    if len(data.description) > LONG_TEXT_MAX_LENGTH:
        raise WorkshopError(
            _("La présentation tient en %(max)s caractères au plus.")
            % {"max": LONG_TEXT_MAX_LENGTH},
            field="description",
        )
    if not MIN_DURATION_MINUTES <= data.duration_minutes <= MAX_DURATION_MINUTES:
        raise WorkshopError(
            _("Un atelier dure de %(low)s minutes à %(high)s heures.")
            % {"low": MIN_DURATION_MINUTES, "high": MAX_DURATION_MINUTES // 60},
            field="duration_minutes",
        )
    if not 1 <= data.capacity <= MAX_CAPACITY:
        raise WorkshopError(
            _("Indiquez de 1 à %(max)s places.") % {"max": MAX_CAPACITY}, field="capacity"
        )
    if data.venue.capacity and data.capacity > data.venue.capacity:
        raise WorkshopError(
            _("%(venue)s accueille %(seats)s personnes au plus pour un atelier.")
            % {"venue": data.venue.name, "seats": data.venue.capacity},
            field="capacity",
        )
    if not data.venue.capacity:
        raise WorkshopError(
            _("%(venue)s n'accueille pas d'atelier collectif (aucune place indiquée).")
            % {"venue": data.venue.name},
            field="venue",
        )


def _write(workshop: Workshop, data: WorkshopData) -> None:
    for name in (
        "title",
        "description",
        "topic",
        "level",
        "audience",
        "venue",
        "starts_at",
        "duration_minutes",
        "capacity",
    ):
        value = getattr(data, name)
        setattr(workshop, name, value.strip() if isinstance(value, str) else value)


def workshop_create(*, actor: Actor, data: WorkshopData) -> Workshop:
    """A draft workshop of the actor's organisation; published later, when it is ready."""
    if not perms.can_organise(actor) or actor.organisation is None:
        raise PermissionDenied(_("Seuls la fédération, les EPCI et les associations organisent."))
    _check(data)
    if data.starts_at <= timezone.now():
        raise WorkshopError(_("La date de l'atelier est déjà passée."), field="starts_at")
    with transaction.atomic():
        workshop = Workshop(organiser=actor.organisation)
        _write(workshop, data)
        workshop.save()
        workshop.mediators.set(data.mediators)
        audit_record(actor=actor, action="workshop.create", obj=workshop)
    return workshop


def workshop_update(*, actor: Actor, workshop: Workshop, data: WorkshopData) -> Workshop:
    if not perms.can_manage(actor, workshop):
        raise PermissionDenied(_("Seule l'organisation de l'atelier le modifie."))
    _check(data)
    with transaction.atomic():
        locked = _lock(workshop)
        if locked.status == Workshop.Status.CANCELLED:
            raise WorkshopError(_("Cet atelier est annulé : il ne se modifie plus."))
        taken = locked.registrations.filter(status=S.CONFIRMED).count()
        if data.capacity < taken:
            raise WorkshopError(
                _("%(taken)s personnes sont déjà inscrites : gardez au moins autant de places.")
                % {"taken": taken},
                field="capacity",
            )
        _write(locked, data)
        locked.save()
        locked.mediators.set(data.mediators)
        audit_record(actor=actor, action="workshop.update", obj=locked)
        _promote(locked)
    return locked


def workshop_publish(*, actor: Actor, workshop: Workshop) -> Workshop:
    if not perms.can_manage(actor, workshop):
        raise PermissionDenied(_("Seule l'organisation de l'atelier le publie."))
    with transaction.atomic():
        locked = _lock(workshop)
        if locked.status != Workshop.Status.DRAFT:
            raise WorkshopError(_("Seul un brouillon se publie."))
        if locked.starts_at <= timezone.now():
            raise WorkshopError(_("La date de l'atelier est déjà passée."))
        locked.status = Workshop.Status.PUBLISHED
        locked.save(update_fields=["status"])
        audit_record(actor=actor, action="workshop.publish", obj=locked)
    return locked


def workshop_cancel(*, actor: Actor, workshop: Workshop, reason: str) -> int:
    """Cancel the workshop and tell everyone registered or waiting; returns how many were told."""
    if not perms.can_manage(actor, workshop):
        raise PermissionDenied(_("Seule l'organisation de l'atelier l'annule."))
    reason = reason.strip()
    if len(reason) > SHORT_TEXT_MAX_LENGTH:
        raise WorkshopError(
            _("Le motif tient en %(max)s caractères au plus.") % {"max": SHORT_TEXT_MAX_LENGTH},
            field="reason",
        )
    if not reason:
        raise WorkshopError(
            _("Dites en quelques mots pourquoi : le message aux inscrits le reprend."),
            field="reason",
        )
    with transaction.atomic():
        locked = _lock(workshop)
        if locked.status == Workshop.Status.CANCELLED:
            raise WorkshopError(_("Cet atelier est déjà annulé."))
        locked.status = Workshop.Status.CANCELLED
        locked.cancellation_reason = reason
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["status", "cancellation_reason", "cancelled_at"])
        told = list(locked.registrations.exclude(status=S.CANCELLED))
        for registration in told:
            _tell(
                registration,
                subject=_("Atelier annulé : %(title)s") % {"title": locked.title},
                template="mediation/workshops/emails/cancelled.txt",
                sms="cancelled",
            )
        audit_record(actor=actor, action="workshop.cancel", obj=locked, changes={"told": len(told)})
    return len(told)


# ---------------------------------------------------------------- registrations


def _contact(phone: str, email: str) -> tuple[str, str]:
    try:
        phone = normalise_phone(phone)
    except PhoneError as error:
        raise WorkshopError(str(error), field="phone") from error
    email = email.strip().lower()
    if not phone and not email:
        raise WorkshopError(
            _(
                "Indiquez un numéro de téléphone ou une adresse e-mail, pour le rappel de la veille."
            ),
            field="phone",
        )
    return phone, email


def registration_create(
    *,
    workshop: Workshop,
    name: str,
    phone: str = "",
    email: str = "",
    registered_by: User | None = None,
) -> Registration:
    """A seat if one is free, else a place on the waiting list. No account is needed."""
    name = " ".join(name.split())
    if not name:
        raise WorkshopError(_("Indiquez le prénom et le nom de la personne."), field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise WorkshopError(
            _("Le nom tient en %(max)s caractères au plus.") % {"max": NAME_MAX_LENGTH},
            field="name",
        )
    phone, email = _contact(phone, email)
    already = _("Cette personne est déjà inscrite à cet atelier (même téléphone ou même e-mail).")
    try:
        with transaction.atomic():
            locked = _lock(workshop)
            if locked.status != Workshop.Status.PUBLISHED or locked.starts_at <= timezone.now():
                raise WorkshopError(_("Cet atelier ne prend plus d'inscriptions."))
            live = locked.registrations.exclude(status=S.CANCELLED)
            if (phone and live.filter(phone=phone).exists()) or (
                email and live.filter(email=email).exists()
            ):
                raise AlreadyRegistered(already)
            taken = live.filter(status=S.CONFIRMED).count()
            registration = Registration.objects.create(
                workshop=locked,
                name=name,
                phone=phone,
                email=email,
                registered_by=registered_by,
                status=S.CONFIRMED if taken < locked.capacity else S.WAITLISTED,
            )
            audit_record(
                actor=None,
                action="workshop.register",
                obj=registration,
                changes={
                    "status": registration.status,
                    "by": registered_by.pk if registered_by else None,
                },
            )
            _tell(
                registration,
                subject=(
                    _("Inscription : %(title)s")
                    if registration.status == S.CONFIRMED
                    else _("Liste d'attente : %(title)s")
                )
                % {"title": locked.title},
                template="mediation/workshops/emails/registered.txt",
                sms="registered" if registration.status == S.CONFIRMED else "waitlisted",
            )
    except IntegrityError as error:  # the same person at the same moment
        raise AlreadyRegistered(already) from error
    return registration


def registration_cancel(*, registration: Registration) -> Registration | None:
    """The person frees their seat (by their link, or someone for them); the first one waiting
    takes it and is told. Returns the promoted registration, if any."""
    with transaction.atomic():
        locked = _lock(registration.workshop)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == S.CANCELLED:
            return None
        if locked.starts_at <= timezone.now():
            raise WorkshopError(_("L'atelier a commencé : l'inscription ne s'annule plus."))
        current.status = S.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_at"])
        audit_record(actor=None, action="workshop.unregister", obj=current)
        promoted = _promote(locked)
    return promoted[0] if promoted else None


def _promote(workshop: Workshop) -> list[Registration]:
    """Give the free seats to the people waiting, first come first served; tell them."""
    live = workshop.registrations.exclude(status=S.CANCELLED)
    free = workshop.capacity - live.filter(status=S.CONFIRMED).count()
    if free <= 0 or workshop.status != Workshop.Status.PUBLISHED:
        return []
    promoted = list(live.filter(status=S.WAITLISTED).order_by("created_at", "pk")[:free])
    for registration in promoted:
        registration.status = S.CONFIRMED
        registration.save(update_fields=["status"])
        audit_record(actor=None, action="workshop.promote", obj=registration)
        _tell(
            registration,
            subject=_("Une place s'est libérée : %(title)s") % {"title": workshop.title},
            template="mediation/workshops/emails/promoted.txt",
            sms="promoted",
        )
    return promoted


def attendance_record(*, actor: Actor, workshop: Workshop, present: Iterable[int]) -> int:
    """Mark who came among the registered people; the others are marked absent. Returns the
    number present."""
    if not perms.can_run(actor, workshop):
        raise PermissionDenied(_("Seuls les médiateurs et l'organisation de l'atelier le font."))
    if workshop.status == Workshop.Status.CANCELLED:
        raise WorkshopError(_("Cet atelier est annulé."))
    if workshop.starts_at > timezone.now():
        raise WorkshopError(_("La présence se note le jour de l'atelier, une fois commencé."))
    came = set(present)
    with transaction.atomic():
        confirmed = list(workshop.registrations.filter(status=S.CONFIRMED))
        for registration in confirmed:
            registration.attended = registration.pk in came
        Registration.objects.bulk_update(confirmed, ["attended"])
        count = sum(1 for r in confirmed if r.attended)
        workshop_acts_sync(workshop)  # a workshop's act is its attendance
        audit_record(
            actor=actor, action="workshop.attendance", obj=workshop, changes={"present": count}
        )
    return count


# ---------------------------------------------------------------- messages


def when(workshop: Workshop) -> str:
    """« mardi 12 janvier 2027 à 9 h 30 », in Martinique time."""
    local = timezone.localtime(workshop.starts_at)
    hour = f"{local.hour} h" if local.minute == 0 else f"{local.hour} h {local.minute:02d}"
    return f"{date_format(local, 'l j F Y')} à {hour}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."  # GSM-7: no "…"


SMS_TEXTS = {
    "registered": _noop(
        "Lakou : place réservée, atelier %(title)s, %(when)s, %(place)s. Annuler : %(url)s"
    ),
    "waitlisted": _noop(
        "Lakou : atelier %(title)s complet, vous êtes en liste d'attente. Annuler : %(url)s"
    ),
    "promoted": _noop(
        "Lakou : une place s'est libérée pour vous, atelier %(title)s, %(when)s, %(place)s. Annuler : %(url)s"
    ),
    "cancelled": _noop("Lakou : l'atelier %(title)s du %(when)s est annulé. %(reason)s"),
    "reminder": _noop(
        "Lakou : rappel, atelier %(title)s demain %(when)s, %(place)s. Annuler : %(url)s"
    ),
}


def sms_text(registration: Registration, kind: str) -> str:
    """The SMS of `kind` for this registration: short, in plain words, with the seat-freeing link,
    in the GSM alphabet (a « â » or a « — » would triple its cost)."""
    workshop = registration.workshop
    text = _(SMS_TEXTS[kind]) % {
        "title": _short(workshop.title),
        "when": when(workshop),
        "place": _short(f"{workshop.venue.name}, {workshop.venue.commune.name}", 70),
        "url": settings.SITE_URL + registration.get_cancel_url(),
        "reason": _short(workshop.cancellation_reason, 120),
    }
    return gsm7_plain(text)


def _tell(registration: Registration, *, subject: str, template: str, sms: str) -> None:
    """An e-mail if the person gave an address, an SMS if they gave a mobile number (a landline
    gets none: the roster shows it, for the mediator to call)."""
    workshop = registration.workshop
    if registration.phone and is_mobile_number(registration.phone):
        notify_by_sms(registration.phone, sms_text(registration, sms))
    if not registration.email:
        return
    notify_by_email(
        to=[registration.email],
        subject=subject,
        template=template,
        context={
            "registration": registration,
            "workshop": workshop,
            "when": when(workshop),
            "venue": workshop.venue,
            "cancel_url": settings.SITE_URL + registration.get_cancel_url(),
            "workshop_url": settings.SITE_URL + workshop.get_absolute_url(),
            "workshops_url": settings.SITE_URL + reverse("mediation:workshop_list"),
        },
    )


# ---------------------------------------------------------------- reminders


def reminders_send(*, now: datetime | None = None) -> int:
    """The day before (Martinique date), remind every seated person of their workshop, once.
    Returns how many were reminded; a registration is claimed before it is told."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    end = start + timedelta(days=1)
    due = Registration.objects.filter(
        status=S.CONFIRMED,
        reminder_sent_at__isnull=True,
        workshop__status=Workshop.Status.PUBLISHED,
        workshop__starts_at__gte=start,
        workshop__starts_at__lt=end,
    ).select_related("workshop__venue__commune")
    reminded = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            _tell(
                registration,
                subject=_("Rappel : atelier demain, %(title)s")
                % {"title": registration.workshop.title},
                template="mediation/workshops/emails/reminder.txt",
                sms="reminder",
            )
            reminded += 1
    return reminded


# ---------------------------------------------------------------- sign-in sheet and calendars

PRODID = "-//Lakou//Ateliers de médiation numérique en Martinique//FR"
# Blank lines on the sheet for people who come without registering.
EXTRA_LINES = 5


def sign_in_sheet_pdf(workshop: Workshop) -> bytes:
    """The sheet the mediator prints: one line per seated person to sign, blank lines for
    walk-ins; names only (no phone nor e-mail on a sheet that goes round the room)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML  # type: ignore[import-untyped]

    seated = workshop.registrations.filter(status=S.CONFIRMED).order_by("name", "pk")
    html = render_to_string(
        "mediation/workshops/sign_in_sheet.html",
        {
            "workshop": workshop,
            "when": when(workshop),
            "seated": list(seated),
            "blank_lines": range(EXTRA_LINES),
        },
    )
    pdf = HTML(string=html, base_url=settings.SITE_URL).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def workshop_uid(workshop: Workshop) -> str:
    """Stable across edits, so that a calendar updates the event instead of adding one."""
    return f"lakou-mediation-workshop-{workshop.pk}@lakou"


def workshops_calendar(workshops: Iterable[Workshop], *, name: str, base_url: str) -> bytes:
    """One VEVENT per coming workshop (a cancelled one stays, marked CANCELLED, so that a
    subscribed calendar removes it); times in UTC."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "America/Martinique")
    for workshop in workshops:
        url = base_url + workshop.get_absolute_url()
        venue = workshop.venue
        event = Event()
        event.add("uid", workshop_uid(workshop))
        event.add("summary", workshop.title)
        event.add("dtstart", workshop.starts_at)
        event.add("dtend", workshop.ends_at)
        event.add("dtstamp", workshop.created_at)
        event.add(
            "location", f"{venue.name}, {venue.address}, {venue.postal_code} {venue.commune.name}"
        )
        event.add(
            "description", "\n".join(line for line in (workshop.description[:500], url) if line)
        )
        event.add("url", url)
        event.add(
            "status", "CANCELLED" if workshop.status == Workshop.Status.CANCELLED else "CONFIRMED"
        )
        calendar.add_component(event)
    return bytes(calendar.to_ical())
