"""Companies, offers and applications for the offers tests, built through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from lakou.accounts.models import Organisation, User
from lakou.core.actor import Actor
from lakou.partnerships.demo.offers import minimal_pdf
from lakou.partnerships.models import Application, Offer
from lakou.partnerships.services.applications import (
    application_accept,
    application_examine,
    application_refuse,
    application_submit,
    application_withdraw,
)
from lakou.partnerships.services.offers import OfferData, offer_create, offer_publish
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.territory.factories import CommuneFactory

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def company_actor(company: Organisation | None = None) -> Actor:
    """A member acting for `company` (a new company by default)."""
    company = company or OrganisationFactory(company=True)
    membership = MembershipFactory(organisation=company)
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def person(user: User | None = None, **fields: Any) -> Actor:
    """A signed-in person acting for themself (a learner)."""
    return Actor(user=user or UserFactory(**fields))


def world_company(world: Any, name: str = "company") -> Actor:
    return world.actor(name)


def offer_data(**fields: Any) -> OfferData:
    values: dict[str, Any] = {
        "kind": "internship",
        "title": "Stage développeur web",
        "description": "Développer des pages du site avec l'équipe.",
        "commune": fields.pop("commune", None) or CommuneFactory(),
        "starts_on": timezone.localdate() + dt.timedelta(days=30),
        "duration_weeks": 12,
        "weekly_hours": Decimal(35),
        "monthly_pay": Decimal("659.00"),
    }
    values.update(fields)
    return OfferData(**values)


def make_offer(actor: Actor | None = None, *, publish: bool = True, **fields: Any) -> Offer:
    actor = actor or company_actor()
    offer = offer_create(actor=actor, data=offer_data(**fields))
    if publish:
        offer_publish(actor=actor, offer=offer)
    return offer


def pdf_file(text: str = "CV") -> ContentFile[bytes]:
    return ContentFile(minimal_pdf(text), name="cv.pdf")


def apply(offer: Offer, learner: Actor | None = None, message: str = "Bonjour") -> Application:
    return application_submit(
        actor=learner or person(), offer=offer, message=message, cv=pdf_file()
    )


def _owner(offer: Offer) -> Actor:
    membership = offer.company.memberships.select_related("organisation", "user").first()
    if membership is None:
        return company_actor(offer.company)
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def application_in(
    offer: Offer,
    status: str,
    learner: User | None = None,
    *,
    sent: dt.datetime | None = None,
) -> Application:
    """An application brought to `status` through the services, sent at `sent` if given."""
    applicant = person(learner)
    application = apply(offer, applicant)
    company = _owner(offer)
    if status == Application.Status.EXAMINING:
        application_examine(actor=company, application=application)
    elif status == Application.Status.ACCEPTED:
        application_accept(actor=company, application=application)
    elif status == Application.Status.REFUSED:
        application_refuse(actor=company, application=application, reason="profile")
    elif status == Application.Status.WITHDRAWN:
        application_withdraw(actor=applicant, application=application)
    if sent is not None:
        Application.objects.filter(pk=application.pk).update(created_at=sent)
        application.refresh_from_db()
    return application


@pytest.fixture
def private_media(settings: Any, tmp_path: Path) -> Path:
    """CVs written under the test's own folder, not the project's var/private."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private"
