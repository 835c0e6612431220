"""Catalogue services: programmes, the federation's quality label, sessions.

Each one checks the rule in `perms.py`, runs in one transaction and writes an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.skills.models import Competence, Occupation, ProficiencyLevel
from lakou.skills.text import normalise
from lakou.territory.models import Commune
from lakou.training import perms
from lakou.training.models import (
    CertificationKind,
    Programme,
    ProgrammeAudience,
    ProgrammeCompetence,
    ProgrammeFunding,
    ProgrammeQuerySet,
    Session,
)

DEFAULT_LABEL_VALIDITY_DAYS = 730


class TrainingError(Exception):
    """A change refused as a whole; the message is French and shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ProgrammeData:
    """Everything a provider writes about a programme (the form and the API build it)."""

    title: str
    objective: str
    domain: str
    format: str
    duration_hours: int
    content: str = ""
    expected_results: str = ""
    entry_level: str = "0"
    prerequisites: str = ""
    certification_kind: str = CertificationKind.NONE
    certification_code: str = ""
    certifier: str = ""
    price: Decimal = Decimal(0)
    accessibility: str = ""
    is_published: bool = False
    audiences: tuple[str, ...] = ()
    fundings: tuple[str, ...] = ()
    competences: tuple[tuple[Competence, ProficiencyLevel | None], ...] = ()
    occupations: tuple[Occupation, ...] = ()


@dataclass(frozen=True)
class SessionData:
    starts_on: date
    ends_on: date
    seats: int
    schedule: str = ""
    is_remote: bool = False
    commune: Commune | None = None
    venue: str = ""
    enrolment_deadline: date | None = None
    status: str = Session.Status.OPEN


def label_validity() -> timedelta:
    return timedelta(days=getattr(settings, "LABEL_VALIDITY_DAYS", DEFAULT_LABEL_VALIDITY_DAYS))


def _require_provider(actor: Actor) -> None:
    if not perms.can_publish_programmes(actor):
        raise PermissionDenied("Seuls les organismes de formation publient des formations.")


def _require_owner(actor: Actor, programme: Programme) -> None:
    if not perms.can_edit_programme(actor, programme):
        raise PermissionDenied("Cette formation appartient à un autre organisme.")


def _require_federation(actor: Actor) -> None:
    if not perms.can_label_programmes(actor):
        raise PermissionDenied("Seule la fédération attribue son label.")


def _check_programme(data: ProgrammeData) -> None:
    if data.certification_kind != CertificationKind.NONE and not data.certification_code:
        raise TrainingError("Indiquez le code RNCP ou RS de la certification.")
    for competence, level in data.competences:
        if level is not None and level.framework_id != competence.framework_id:
            raise TrainingError(
                f"Le niveau « {level.code} » n'appartient pas au référentiel de « {competence} »."
            )


def programme_search_text(programme: Programme) -> str:
    """The normalised words a catalogue search looks in."""
    texts = [
        programme.title,
        programme.objective,
        programme.content,
        programme.expected_results,
        programme.provider.name,
        programme.get_domain_display(),
        programme.certification_code,
        programme.certifier,
    ]
    texts += [occupation.label for occupation in programme.occupations.all()]
    texts += [
        row.competence.name_fr for row in programme.competence_rows.select_related("competence")
    ]
    return " ".join(dict.fromkeys(normalise(" ".join(texts)).split()))


def _write(programme: Programme, data: ProgrammeData) -> Programme:
    for name in (
        "title",
        "objective",
        "content",
        "expected_results",
        "domain",
        "format",
        "duration_hours",
        "entry_level",
        "prerequisites",
        "certification_kind",
        "certification_code",
        "certifier",
        "price",
        "accessibility",
        "is_published",
    ):
        setattr(programme, name, getattr(data, name))
    if programme.certification_kind == CertificationKind.NONE:
        programme.certification_code = programme.certifier = ""
    programme.save()
    programme.audience_rows.all().delete()
    ProgrammeAudience.objects.bulk_create(
        ProgrammeAudience(programme=programme, audience=code)
        for code in dict.fromkeys(data.audiences)
    )
    programme.funding_rows.all().delete()
    ProgrammeFunding.objects.bulk_create(
        ProgrammeFunding(programme=programme, funding=code) for code in dict.fromkeys(data.fundings)
    )
    programme.competence_rows.all().delete()
    levels = {competence.pk: (competence, level) for competence, level in data.competences}
    ProgrammeCompetence.objects.bulk_create(
        ProgrammeCompetence(programme=programme, competence=competence, level=level)
        for competence, level in levels.values()
    )
    programme.occupations.set(data.occupations)
    programme.search_text = programme_search_text(programme)
    Programme.objects.filter(pk=programme.pk).update(search_text=programme.search_text)
    return programme


def programme_create(*, actor: Actor, data: ProgrammeData) -> Programme:
    """A new programme of the actor's organisation, without label; published if asked."""
    _require_provider(actor)
    _check_programme(data)
    assert actor.organisation is not None
    with transaction.atomic():
        programme = _write(Programme(provider=actor.organisation), data)
        audit_record(actor=actor, action="programme.create", obj=programme)
    return programme


def programme_update(*, actor: Actor, programme: Programme, data: ProgrammeData) -> Programme:
    """Change a programme of the actor's organisation; its label stays as it is."""
    _require_owner(actor, programme)
    _check_programme(data)
    with transaction.atomic():
        before = {"title": programme.title, "is_published": programme.is_published}
        _write(programme, data)
        audit_record(actor=actor, action="programme.update", obj=programme, changes=before)
    return programme


def _lock(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme.pk)


def programme_submit_for_label(*, actor: Actor, programme: Programme) -> Programme:
    """Ask the federation for its label, a first time, after a refusal or to renew it."""
    _require_owner(actor, programme)
    with transaction.atomic():
        locked = _lock(programme)
        if locked.status == Programme.Status.SUBMITTED:
            raise TrainingError("Le label est déjà demandé ; la fédération va l'examiner.")
        Programme.objects.filter(pk=programme.pk).update(
            status=Programme.Status.SUBMITTED, submitted_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="programme.submit_for_label",
            obj=programme,
            changes={"from": locked.status},
        )
    programme.refresh_from_db()
    return programme


def _decide(actor: Actor, programme: Programme) -> Programme:
    _require_federation(actor)
    locked = _lock(programme)
    if locked.status != Programme.Status.SUBMITTED:
        raise TrainingError("Cette formation n'attend pas de décision sur le label.")
    return locked


def programme_label(*, actor: Actor, programme: Programme) -> Programme:
    """Grant the label from today, for `LABEL_VALIDITY_DAYS` days (730 by default)."""
    today = timezone.localdate()
    with transaction.atomic():
        _decide(actor, programme)
        expires = today + label_validity()
        Programme.objects.filter(pk=programme.pk).update(
            status=Programme.Status.LABELLED,
            labelled_at=today,
            label_expires_at=expires,
            refusal_reason="",
        )
        audit_record(
            actor=actor,
            action="programme.label",
            obj=programme,
            changes={"expires": expires.isoformat()},
        )
    programme.refresh_from_db()
    return programme


def programme_refuse_label(*, actor: Actor, programme: Programme, reason: str) -> Programme:
    """Refuse the label; the provider reads the reason and may submit again."""
    reason = reason.strip()
    if not reason:
        raise TrainingError("Expliquez à l'organisme pourquoi le label est refusé.")
    with transaction.atomic():
        _decide(actor, programme)
        Programme.objects.filter(pk=programme.pk).update(
            status=Programme.Status.REFUSED,
            refusal_reason=reason,
            labelled_at=None,
            label_expires_at=None,
        )
        audit_record(
            actor=actor, action="programme.refuse_label", obj=programme, changes={"reason": reason}
        )
    programme.refresh_from_db()
    return programme


def _check_session(data: SessionData) -> None:
    if data.ends_on < data.starts_on:
        raise TrainingError("La date de fin doit suivre la date de début.")
    if data.enrolment_deadline is not None and data.enrolment_deadline > data.ends_on:
        raise TrainingError("La date limite d'inscription doit précéder la fin de la session.")
    if not data.is_remote and data.commune is None:
        raise TrainingError("Indiquez la commune de la session, ou cochez « à distance ».")
    if data.seats < 1:
        raise TrainingError("Une session a au moins une place.")


def _write_session(session: Session, data: SessionData) -> Session:
    for name in (
        "starts_on",
        "ends_on",
        "seats",
        "schedule",
        "is_remote",
        "commune",
        "venue",
        "enrolment_deadline",
        "status",
    ):
        setattr(session, name, getattr(data, name))
    if session.is_remote:
        session.commune = None
    session.save()
    return session


def session_create(*, actor: Actor, programme: Programme, data: SessionData) -> Session:
    _require_owner(actor, programme)
    _check_session(data)
    if data.status == Session.Status.CANCELLED:
        raise TrainingError("Une nouvelle session ne peut pas être annulée.")
    with transaction.atomic():
        session = _write_session(Session(programme=programme), data)
        audit_record(actor=actor, action="session.create", obj=session)
    return session


def session_update(*, actor: Actor, session: Session, data: SessionData) -> Session:
    _require_owner(actor, session.programme)
    _check_session(data)
    if session.status == Session.Status.CANCELLED:
        raise TrainingError("Cette session est annulée ; créez-en une nouvelle.")
    if data.status == Session.Status.CANCELLED:
        raise TrainingError("Pour annuler une session, utilisez le bouton « Annuler la session ».")
    with transaction.atomic():
        before = {"starts_on": session.starts_on.isoformat(), "status": session.status}
        _write_session(session, data)
        audit_record(actor=actor, action="session.update", obj=session, changes=before)
    return session


def session_cancel(*, actor: Actor, session: Session, reason: str = "") -> Session:
    _require_owner(actor, session.programme)
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status in {Session.Status.CANCELLED, Session.Status.DONE}:
            raise TrainingError("Cette session est déjà annulée ou terminée.")
        Session.objects.filter(pk=session.pk).update(
            status=Session.Status.CANCELLED, cancellation_reason=reason.strip()
        )
        audit_record(
            actor=actor,
            action="session.cancel",
            obj=session,
            changes={"from": locked.status, "reason": reason.strip()},
        )
    session.refresh_from_db()
    return session


# ---------------------------------------------------------------- catalogue reads


@dataclass(frozen=True)
class CatalogueQuery:
    """The public catalogue's search words and filters; empty values mean "any"."""

    text: str = ""
    domain: str = ""
    audience: str = ""
    format: str = ""
    territory: str = ""
    starts_after: date | None = None
    starts_before: date | None = None
    funding: str = ""
    certifying: bool = False
    labelled: bool = False


def catalogue_programmes(query: CatalogueQuery) -> ProgrammeQuerySet:
    """Published programmes matching the query; place and dates match upcoming sessions."""
    programmes = Programme.objects.published().search(query.text)
    if query.domain:
        programmes = programmes.filter(domain=query.domain)
    if query.format:
        programmes = programmes.filter(format=query.format)
    if query.audience:
        programmes = programmes.for_audience(query.audience)
    if query.funding:
        programmes = programmes.with_funding(query.funding)
    if query.certifying:
        programmes = programmes.certifying()
    if query.labelled:
        programmes = programmes.labelled()
    if query.territory or query.starts_after or query.starts_before:
        sessions = Session.objects.upcoming().in_territory(query.territory)
        if query.starts_after:
            sessions = sessions.filter(starts_on__gte=query.starts_after)
        if query.starts_before:
            sessions = sessions.filter(starts_on__lte=query.starts_before)
        programmes = programmes.with_sessions_matching(sessions.order_by())
    return programmes.order_by("title", "pk")
