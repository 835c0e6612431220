"""Offer services: a company writes an offer, publishes it, closes it; the public searches them.

An offer is a placement (internship, apprenticeship, professionalisation: it leads to an
agreement) or a job (CDI, CDD, freelance mission: the company confirms the hire). A CDI has no
duration; every other kind has one.

States: draft → published → closed. A draft is seen by its company alone; a published offer by
everyone (the public search, with its schema.org `JobPosting`); a closed one stays readable by
the company and by the learners who applied, but takes no more applications.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.partnerships.models import (
    KIND_GROUPS,
    Offer,
    OfferQuerySet,
    PlacementKind,
    is_job_kind,
)
from lakou.partnerships.perms import offers as perms
from lakou.skills.models import Competence, Occupation
from lakou.skills.text import normalise, search_words
from lakou.territory.models import Commune

Status = Offer.Status

SEARCH_MAX_LENGTH = 100
# Weekly hours an offer may state (the legal ceiling for an apprentice is 40 h, 35 h as a rule).
MAX_WEEKLY_HOURS = Decimal(48)
MAX_DURATION_WEEKS = 156  # three years: the longest apprenticeship contract

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.PUBLISHED}),
    Status.PUBLISHED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}


class OfferError(Exception):
    """A change refused as a whole; the message is French and shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # the form field the message belongs to, if one


@dataclass(frozen=True)
class OfferData:
    """What the company writes; the form and the API both fill it."""

    kind: str
    title: str
    description: str
    commune: Commune
    starts_on: date
    duration_weeks: int | None
    weekly_hours: Decimal
    occupation: Occupation | None = None
    competences: tuple[Competence, ...] = ()
    monthly_pay: Decimal | None = None
    pay_notes: str = ""
    school: Organisation | None = None
    valid_through: date | None = None


def can_move(offer: Offer, to: str) -> bool:
    return to in TRANSITIONS.get(offer.status, frozenset())


def _label(status: str) -> str:
    return str(Status(status).label)


def _check_transition(offer: Offer, to: str) -> None:
    if not can_move(offer, to):
        raise OfferError(
            _("Une offre « %(from)s » ne peut pas passer à « %(to)s ».")
            % {"from": _label(offer.status), "to": _label(to)}
        )


def _require_company(actor: Actor) -> None:
    if not perms.can_post_offers(actor):
        raise PermissionDenied(_("Seules les entreprises publient des offres."))


def _require_owner(actor: Actor, offer: Offer) -> None:
    if not perms.can_edit_offer(actor, offer):
        raise PermissionDenied(_("Seule l'entreprise de l'offre peut la modifier."))


def _check_data(data: OfferData) -> None:
    if data.kind not in PlacementKind.values:
        raise OfferError(_("Choisissez le type d'offre."), field="kind")
    if not data.title.strip():
        raise OfferError(_("Donnez un intitulé à l'offre."), field="title")
    if not data.description.strip():
        raise OfferError(_("Décrivez les missions proposées."), field="description")
    if data.kind == PlacementKind.JOB_PERMANENT:
        if data.duration_weeks is not None:
            raise OfferError(
                _("Un CDI n'a pas de durée : laissez la durée vide."), field="duration_weeks"
            )
    elif data.duration_weeks is None:
        raise OfferError(
            _("Indiquez la durée en semaines (elle n'est facultative que pour un CDI)."),
            field="duration_weeks",
        )
    elif not 1 <= data.duration_weeks <= MAX_DURATION_WEEKS:
        raise OfferError(
            _("La durée va de 1 à %(max)s semaines.") % {"max": MAX_DURATION_WEEKS},
            field="duration_weeks",
        )
    if not Decimal(0) < data.weekly_hours <= MAX_WEEKLY_HOURS:
        raise OfferError(
            _("Les heures par semaine vont de 1 à %(max)s.") % {"max": MAX_WEEKLY_HOURS},
            field="weekly_hours",
        )
    if data.monthly_pay is not None and data.monthly_pay < 0:
        raise OfferError(_("La rémunération ne peut pas être négative."), field="monthly_pay")
    if data.school is not None and is_job_kind(data.kind):
        raise OfferError(
            _("Un emploi n'a pas d'école partenaire : choisissez « Aucun »."), field="school"
        )
    if data.school is not None and data.school.kind != Organisation.Kind.PROVIDER:
        raise OfferError(
            _("Le partenaire doit être une école ou un organisme de formation."), field="school"
        )
    if data.valid_through is not None and data.valid_through < timezone.localdate():
        raise OfferError(
            _("La date limite des candidatures est déjà passée."), field="valid_through"
        )


def _search_text(data: OfferData | Offer, company_name: str) -> str:
    """What the offer search looks in: title, description, occupation and company name."""
    occupation = data.occupation.label if data.occupation else ""
    return normalise(" ".join([data.title, data.description, occupation, company_name]))


def offers_reindex(company_ids: list[int]) -> int:
    """Rebuild the search text of these companies' offers (after a rename); returns how many."""
    offers = list(
        Offer.objects.filter(company_id__in=company_ids).select_related("company", "occupation")
    )
    for offer in offers:
        offer.search_text = _search_text(offer, offer.company.name)
    return Offer.objects.bulk_update(offers, ["search_text"], batch_size=500)


def _fields(data: OfferData, company_name: str) -> dict[str, Any]:
    return {
        "search_text": _search_text(data, company_name),
        "kind": data.kind,
        "title": data.title.strip(),
        "description": data.description.strip(),
        "commune": data.commune,
        "starts_on": data.starts_on,
        "duration_weeks": data.duration_weeks,
        "weekly_hours": data.weekly_hours,
        "occupation": data.occupation,
        "monthly_pay": data.monthly_pay,
        "pay_notes": data.pay_notes.strip(),
        "school": data.school,
        "valid_through": data.valid_through,
    }


# ---------------------------------------------------------------- writes


def offer_create(*, actor: Actor, data: OfferData) -> Offer:
    """A draft offer of the actor's company; nobody else sees it until it is published."""
    _require_company(actor)
    _check_data(data)
    with transaction.atomic():
        assert actor.organisation is not None
        offer = Offer.objects.create(
            company=actor.organisation,
            created_by=actor.user,
            **_fields(data, actor.organisation.name),
        )
        offer.competences.set(data.competences)
        audit_record(actor=actor, action="offer.create", obj=offer)
    return offer


def offer_update(*, actor: Actor, offer: Offer, data: OfferData) -> Offer:
    """Change what the offer says; a closed offer is left as it was."""
    _require_owner(actor, offer)
    _check_data(data)
    with transaction.atomic():
        locked = Offer.objects.select_for_update().select_related("company").get(pk=offer.pk)
        if locked.status == Status.CLOSED:
            raise OfferError(_("Une offre close ne se modifie plus."))
        for name, value in _fields(data, locked.company.name).items():
            setattr(locked, name, value)
        locked.save()
        locked.competences.set(data.competences)
        audit_record(actor=actor, action="offer.update", obj=locked)
    offer.refresh_from_db()
    return offer


def offer_publish(*, actor: Actor, offer: Offer) -> Offer:
    """The offer enters the public search and takes applications."""
    _require_owner(actor, offer)
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        _check_transition(locked, Status.PUBLISHED)
        if locked.valid_through is not None and locked.valid_through < timezone.localdate():
            raise OfferError(
                _("La date limite des candidatures est passée : changez-la avant de publier.")
            )
        locked.status = Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(actor=actor, action="offer.publish", obj=locked)
    offer.refresh_from_db()
    return offer


def offer_close(*, actor: Actor, offer: Offer) -> Offer:
    """The offer leaves the public search and takes no more applications; those under way stay
    for the company to answer."""
    _require_owner(actor, offer)
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        _check_transition(locked, Status.CLOSED)
        locked.status = Status.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(actor=actor, action="offer.close", obj=locked)
    offer.refresh_from_db()
    return offer


ACTIONS = {"publish": Status.PUBLISHED, "close": Status.CLOSED}


def offer_decide(*, actor: Actor, offer: Offer, action: str) -> Offer:
    """Run the change named by `action` (publish, close)."""
    if action == "publish":
        return offer_publish(actor=actor, offer=offer)
    if action == "close":
        return offer_close(actor=actor, offer=offer)
    raise OfferError(_("Action inconnue : « %(a)s ».") % {"a": action})


# ---------------------------------------------------------------- reads


def on_offer(today: date | None = None) -> OfferQuerySet:
    """Published offers still taking applications (no limit date, or not yet passed)."""
    today = today or timezone.localdate()
    return Offer.objects.published().filter(
        Q(valid_through__isnull=True) | Q(valid_through__gte=today)
    )


def open_for_applications(offer: Offer, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return offer.status == Status.PUBLISHED and (
        offer.valid_through is None or offer.valid_through >= today
    )


@dataclass(frozen=True)
class OfferQuery:
    """The public search's words and filters; empty values mean "any"."""

    text: str = ""
    kind: str = ""  # a kind, or a group of KIND_GROUPS (internships, work_study, jobs)
    territory: str = ""
    occupation: str = ""  # a ROME code
    starts_from: date | None = None


def offers_search(query: OfferQuery) -> OfferQuerySet:
    """Offers on offer matching the query, the most recently published first."""
    offers = on_offer()
    if query.kind in KIND_GROUPS:
        offers = offers.filter(kind__in=KIND_GROUPS[query.kind])
    elif query.kind:
        offers = offers.filter(kind=query.kind)
    if query.territory:
        offers = offers.in_territory(query.territory)
    if query.occupation:
        offers = offers.filter(occupation__code_rome=query.occupation)
    if query.starts_from:
        offers = offers.filter(starts_on__gte=query.starts_from)
    for word in search_words(query.text)[:10]:
        offers = offers.filter(search_text__contains=word)
    return offers.with_place().order_by("-published_at", "-pk")


def offers_page(query: OfferQuery, number: str | None, *, per_page: int) -> Page[Offer]:
    paginator: Paginator[Offer] = Paginator(offers_search(query), per_page)
    return paginator.get_page(number)


def company_offers(organisation_id: int | None) -> OfferQuerySet:
    """The company's offers with their counts of applications, open ones first."""
    from lakou.partnerships.models import Application

    waiting = [Application.Status.NEW, Application.Status.EXAMINING]
    return (
        Offer.objects.of_company(organisation_id)
        .with_place()
        .annotate(
            application_count=Count("applications", distinct=True),
            waiting_count=Count(
                "applications", filter=Q(applications__status__in=waiting), distinct=True
            ),
        )
        .order_by(
            Case(
                When(status=Status.PUBLISHED, then=Value(0)),
                When(status=Status.DRAFT, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            "-created_at",
            "-pk",
        )
    )


# ---------------------------------------------------------------- schema.org JobPosting

EMPLOYMENT_TYPES = {
    PlacementKind.INTERNSHIP: "INTERN",
    # Apprenticeship and professionalisation contracts are work contracts alternating with a
    # training: none of schema.org's (Google's) values names them, "OTHER" is the honest one.
    PlacementKind.APPRENTICESHIP: "OTHER",
    PlacementKind.PROFESSIONALISATION: "OTHER",
    PlacementKind.JOB_FIXED_TERM: "TEMPORARY",
    PlacementKind.FREELANCE: "CONTRACTOR",
}
FULL_TIME_HOURS = Decimal(35)


def employment_type(offer: Offer) -> str:
    """schema.org's employment type: a CDI is full or part time by its weekly hours."""
    if offer.kind == PlacementKind.JOB_PERMANENT:
        return "FULL_TIME" if offer.weekly_hours >= FULL_TIME_HOURS else "PART_TIME"
    return EMPLOYMENT_TYPES[PlacementKind(offer.kind)]


def offer_job_posting(offer: Offer, *, url: str = "") -> dict[str, Any]:
    """The offer as a schema.org `JobPosting` (what search engines read from the public page)."""
    commune = offer.commune
    postal_code = commune.postal_codes.split()[0] if commune.postal_codes else ""
    address: dict[str, Any] = {
        "@type": "PostalAddress",
        "addressLocality": commune.name,
        "addressRegion": "Martinique",
        "addressCountry": "FR",
    }
    if postal_code:
        address["postalCode"] = postal_code
    posted = offer.published_at or offer.created_at
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": offer.title,
        "description": offer.description,
        "datePosted": timezone.localdate(posted).isoformat(),
        "employmentType": employment_type(offer),
        "hiringOrganization": {"@type": "Organization", "name": offer.company.name},
        "jobLocation": {"@type": "Place", "address": address},
        "jobStartDate": offer.starts_on.isoformat(),
        "workHours": _("%(hours)s heures par semaine") % {"hours": _hours(offer.weekly_hours)},
        "identifier": {
            "@type": "PropertyValue",
            "name": offer.company.name,
            "value": str(offer.pk),
        },
    }
    if url:
        data["url"] = url
    if offer.valid_through is not None:
        data["validThrough"] = offer.valid_through.isoformat()
    if offer.occupation is not None:
        data["occupationalCategory"] = f"{offer.occupation.code_rome} {offer.occupation.label}"
    if offer.monthly_pay is not None:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": {
                "@type": "QuantitativeValue",
                "value": float(offer.monthly_pay),
                "unitText": "MONTH",
            },
        }
    return data


def _hours(hours: Decimal) -> str:
    return str(int(hours)) if hours == hours.to_integral_value() else str(hours).replace(".", ",")


def offer_url(offer: Offer) -> str:
    return settings.SITE_URL + offer.get_absolute_url()


def pages_needed(total: int, per_page: int) -> int:
    return max(1, math.ceil(total / per_page))
