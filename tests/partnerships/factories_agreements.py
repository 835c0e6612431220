"""Offers, accepted applications and agreements in every state, built through the services."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lakou.accounts.models import Organisation, User
from lakou.core.actor import Actor
from lakou.core.demo import demo_siret
from lakou.partnerships.models import (
    Agreement,
    AgreementLink,
    Application,
    Offer,
    Party,
    PlacementKind,
)
from lakou.partnerships.services import agreements as services
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.territory.factories import CommuneFactory

Status = Agreement.Status
_SIRETS = itertools.count(1)


def member_actor(organisation: Organisation) -> Actor:
    membership = MembershipFactory(organisation=organisation)
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def org_actor(organisation: Organisation, user: User | None = None) -> Actor:
    """The actor of an organisation; its existing member when there is one."""
    from lakou.accounts.models import Membership

    membership = (
        Membership.objects.filter(organisation=organisation, user=user).first()
        if user
        else Membership.objects.filter(organisation=organisation).first()
    ) or MembershipFactory(organisation=organisation)
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def person_actor(user: User) -> Actor:
    return Actor(user=user)


def make_offer(
    *,
    company: Organisation | None = None,
    school: Organisation | None = None,
    kind: str = PlacementKind.INTERNSHIP,
    starts_on: date | None = None,
    duration_weeks: int = 12,
    weekly_hours: Decimal = Decimal("35"),
    monthly_pay: Decimal | None = Decimal("660.00"),
) -> Offer:
    company = company or OrganisationFactory(
        company=True, siret=demo_siret(random.Random(next(_SIRETS))), naf_code="62.01Z"
    )
    return Offer.objects.create(
        company=company,
        school=school,
        kind=kind,
        title="Assistant développeur web"
        if kind == PlacementKind.INTERNSHIP
        else "Apprenti développeur",
        description="Développer des pages web et tester une application.",
        commune=CommuneFactory(),
        starts_on=starts_on or timezone.localdate() + timedelta(days=30),
        duration_weeks=duration_weeks,
        weekly_hours=weekly_hours,
        monthly_pay=monthly_pay,
        pay_notes="Versée à la fin de chaque mois",
        status=Offer.Status.PUBLISHED,
    )


def make_application(
    *,
    offer: Offer | None = None,
    learner: User | None = None,
    status: str = Application.Status.ACCEPTED,
    **offer_fields: Any,
) -> Application:
    offer = offer or make_offer(**offer_fields)
    learner = learner or UserFactory(first_name="Mélissa", last_name="Théodore")
    return Application.objects.create(
        offer=offer,
        learner=learner,
        message="Je suis motivée.",
        status=status,
        decided_at=timezone.now() if status == Application.Status.ACCEPTED else None,
    )


def internship_fields(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "competences": "Écrire du HTML accessible\nTester une page",
        "schedule": "Du lundi au vendredi, 8 h – 12 h et 13 h – 16 h",
        "tutor_name": "Fritz Dorval",
        "tutor_position": "Gérant",
        "tutor_email": "tuteur@exemple.mq",
        "tutor_phone": "+596696123456",
        "teacher_name": "Nadège Célestine",
        "teacher_email": "referente@exemple.mq",
        "stipend_terms": "Virement à la fin de chaque mois",
        "benefits": "Tickets restaurant",
        "leave_terms": "Deux jours d'absence autorisée par mois",
    }
    values.update(overrides)
    return values


def contract_fields(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "tutor_name": "Fritz Dorval",
        "tutor_position": "Gérant",
        "tutor_email": "tuteur@exemple.mq",
        "teacher_name": "Nadège Célestine",
        "teacher_email": "referente@exemple.mq",
        "employer_naf": "62.01Z",
        "employer_headcount": 8,
        "apprentice_last_name": "Théodore",
        "apprentice_first_names": "Mélissa Rose",
        "apprentice_birth_date": date(2005, 3, 14),
        "master_name": "Fritz Dorval",
        "master_birth_date": date(1975, 6, 2),
        "master_position": "Gérant",
        "master_diploma": "BTS Services informatiques aux organisations",
        "diploma_title": "Développeur web et web mobile",
        "diploma_rncp": "RNCP37674",
        "cfa_name": "Kolibri Académie",
        "cfa_siret": "90334567600014",
        "cfa_uai": "9720825X",
        "salary_by_year": [
            {"year": 1, "smic_percent": "53", "yearly_amount": ""},
            {"year": 2, "smic_percent": "61", "yearly_amount": ""},
        ],
    }
    values.update(overrides)
    return values


def make_agreement(
    *,
    status: str = Status.DRAFT,
    kind: str = PlacementKind.INTERNSHIP,
    company: Organisation | None = None,
    school: Organisation | None = None,
    learner: User | None = None,
    starts_on: date | None = None,
    complete: bool = True,
    **fields: Any,
) -> Agreement:
    """An agreement brought to `status` through the services (all three sign for "signed")."""
    school = school or OrganisationFactory(provider=True, name="Lycée de Bellevue")
    application = make_application(
        company=company, school=school, kind=kind, learner=learner, starts_on=starts_on
    )
    company_actor = org_actor(application.offer.company)
    agreement = services.agreement_create(actor=company_actor, application=application)
    if complete:
        values = contract_fields() if agreement.is_contract else internship_fields()
        if agreement.is_contract and not agreement.employer_siret:
            values["employer_siret"] = demo_siret(random.Random(next(_SIRETS)))
        values.update(fields)
        agreement = services.agreement_update(
            actor=company_actor, agreement=agreement, changes=values
        )
    if status == Status.DRAFT:
        return agreement
    agreement = services.agreement_submit(actor=company_actor, agreement=agreement)
    if status == Status.READY_TO_SIGN:
        return agreement
    sign(agreement, Party.LEARNER)
    if status == Status.PARTLY_SIGNED:
        return Agreement.objects.get(pk=agreement.pk)
    sign(agreement, Party.COMPANY)
    sign(agreement, Party.SCHOOL)
    if status == Status.SIGNED:
        return Agreement.objects.get(pk=agreement.pk)
    services.agreements_activate_due(today=agreement.starts_on)
    if status == Status.ACTIVE:
        return Agreement.objects.get(pk=agreement.pk)
    if status == Status.ENDED:
        return services.agreement_end(actor=company_actor, agreement=agreement)
    assert status == Status.BROKEN_OFF
    return services.agreement_break_off(
        actor=company_actor,
        agreement=agreement,
        on=agreement.starts_on,
        reason="Le stagiaire a trouvé un emploi.",
    )


def link_token(agreement: Agreement, party: str, purpose: str = AgreementLink.Purpose.SIGN) -> str:
    """A fresh link for `party`, as the e-mail carries it (the previous one stops working)."""
    email = services._party_email(agreement, party) or "tuteur@exemple.mq"
    return services.agreement_link_issue(agreement, purpose=purpose, party=party, email=email)


def sign(agreement: Agreement, party: str, **extra: Any) -> None:
    token = link_token(agreement, party)
    lookup = services.link_lookup(token)
    assert lookup.link is not None
    services.agreement_sign(
        agreement=agreement,
        link=lookup.link,
        signer_name=extra.get("signer_name", f"Signataire {party}"),
        signer_role=extra.get("signer_role", str(Party(party).label)),
    )
