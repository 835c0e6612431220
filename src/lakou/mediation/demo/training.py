"""Demo training of the mediators: one provider's programme « Médiateur numérique » qualifies; a
session that ended four months ago certified most of the active mediators (the demo mediator
account among them), so they are « formé(e) » and may log online administrative procedures; the
mediators in training are enrolled in its next session.

The programme's certification code is a demo placeholder (RS0000), not a code of France
compétences. Past enrolments are written as they stand today (no service accepts a past
session), certificates are signed through the certificate service with their real date. Nothing
is e-mailed while seeding.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings

from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.core.notifications import emails_held_back
from lakou.mediation.demo.mediators import MEDIATOR_ACCOUNT
from lakou.mediation.models import Mediator, MediatorStatus, QualifyingProgramme
from lakou.territory.models import Commune
from lakou.training.errors import TrainingError
from lakou.training.models import (
    Audience,
    CertificationKind,
    Enrolment,
    Format,
    Funding,
    Programme,
    Session,
)
from lakou.training.services.catalogue import (
    ProgrammeData,
    SessionData,
    programme_create,
    session_create,
)
from lakou.training.services.certificates import certificate_issue
from lakou.training.services.enrolment import enrolment_accept, enrolment_request

TITLE = "Médiateur numérique : accompagner les publics vers l'autonomie"
CERTIFIED_SHARE = 0.75


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if QualifyingProgramme.objects.exists():
        return _counts()
    provider = (
        Membership.objects.active()
        .filter(organisation__kind=Organisation.Kind.PROVIDER, role=Membership.Role.ADMIN)
        .select_related("organisation", "user")
        .order_by("organisation__name", "pk")
        .first()
    )
    fort_de_france = Commune.objects.filter(insee_code="97209").first()
    if provider is None or fort_de_france is None or not Mediator.objects.exists():
        return _counts()
    actor = Actor(user=provider.user, membership=provider, memberships=(provider,))
    with emails_held_back():
        programme = programme_create(actor=actor, data=_programme())
        QualifyingProgramme.objects.create(programme=programme)
        _past_session(rng, actor, programme, fort_de_france)
        _next_session(actor, programme, fort_de_france)
    return _counts()


def _counts() -> dict[str, int]:
    qualifying = QualifyingProgramme.objects.values("programme_id")
    return {
        "formations qualifiantes de médiateurs": QualifyingProgramme.objects.count(),
        "médiateurs certifiés": Mediator.objects.filter(
            user__training_certificates__programme_id__in=qualifying
        )
        .distinct()
        .count(),
    }


def _programme() -> ProgrammeData:
    return ProgrammeData(
        title=TITLE,
        objective=(
            "Accueillir une personne, évaluer son autonomie numérique, l'accompagner dans ses "
            "démarches en ligne en respectant ses données, animer un atelier collectif."
        ),
        content=(
            "Posture du médiateur et limites de l'aide ; démarches en ligne (impôts, CAF, "
            "ameli, ANTS) sans se substituer à la personne ; sécurité et données personnelles ; "
            "concevoir et animer un atelier pour des seniors ; orienter vers France Services."
        ),
        expected_results="Savoir accompagner une démarche en ligne et animer un atelier.",
        domain="digital_basics",
        format=Format.IN_PERSON,
        duration_hours=35,
        certification_kind=CertificationKind.RS,
        certification_code="RS0000",
        certifier="Démonstration Lakou",
        accessibility="Locaux accessibles ; référent handicap joignable sur demande.",
        is_published=True,
        audiences=(Audience.EVERYONE,),
        fundings=(Funding.FREE,),
    )


def _past_session(rng: random.Random, actor: Actor, programme: Programme, commune: Commune) -> None:
    """Four months ago: the active, paused and departed mediators took it; most were certified."""
    zone = ZoneInfo(settings.TIME_ZONE)
    ends_on = dt.date.today() - dt.timedelta(days=120)
    session = session_create(
        actor=actor,
        programme=programme,
        data=SessionData(
            starts_on=ends_on - dt.timedelta(days=4),
            ends_on=ends_on,
            seats=200,
            schedule="Du lundi au vendredi, 8 h 30 – 16 h 30",
            is_remote=False,
            commune=commune,
            venue="Salle de formation",
            status=Session.Status.DONE,
        ),
    )
    trained = (
        Mediator.objects.filter(
            status__in=(MediatorStatus.ACTIVE, MediatorStatus.PAUSED, MediatorStatus.LEFT)
        )
        .select_related("user")
        .order_by("pk")
    )
    requested = dt.datetime.combine(session.starts_on - dt.timedelta(days=21), dt.time(9), zone)
    for mediator in trained:
        enrolment = Enrolment.objects.create(
            session=session,
            learner=mediator.user,
            status=Enrolment.Status.COMPLETED,
            requested_at=requested,
            decided_at=requested + dt.timedelta(days=2),
            completed_on=ends_on,
        )
        named = mediator.user.email == MEDIATOR_ACCOUNT
        if named or rng.random() < CERTIFIED_SHARE:
            issued_at = dt.datetime.combine(ends_on + dt.timedelta(days=7), dt.time(10), zone)
            certificate_issue(actor=actor, enrolment=enrolment, issued_at=issued_at)


def _next_session(actor: Actor, programme: Programme, commune: Commune) -> None:
    """In six weeks: the mediators in training are enrolled and accepted."""
    starts_on = dt.date.today() + dt.timedelta(days=42)
    session = session_create(
        actor=actor,
        programme=programme,
        data=SessionData(
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=4),
            seats=20,
            schedule="Du lundi au vendredi, 8 h 30 – 16 h 30",
            is_remote=False,
            commune=commune,
            venue="Salle de formation",
            enrolment_deadline=starts_on - dt.timedelta(days=7),
            status=Session.Status.OPEN,
        ),
    )
    for mediator in Mediator.objects.filter(status=MediatorStatus.IN_TRAINING).select_related(
        "user"
    ):
        try:
            enrolment = enrolment_request(actor=Actor(user=mediator.user), session=session)
            enrolment_accept(actor=actor, enrolment=enrolment)
        except TrainingError:
            continue
