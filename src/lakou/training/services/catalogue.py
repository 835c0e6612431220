"""Catalogue services: programmes, the federation's quality label, sessions.

Each one checks the rule in `perms/catalogue.py`, runs in one transaction and writes an audit entry.
"""

from __future__ import annotations

import functools
import math
import operator
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import connections, models, transaction
from django.db.models import Count, F, Value, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.accounts.models import Organisation
from lakou.accounts.services import organisation_set_provider_details
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.skills.models import Competence, Occupation, ProficiencyLevel
from lakou.skills.text import search_stems, words_only
from lakou.territory.models import Commune, Epci
from lakou.training.errors import TrainingError
from lakou.training.models import (
    SEARCH_CONFIG,
    Audience,
    CertificationKind,
    Domain,
    EntryLevel,
    Format,
    Funding,
    Programme,
    ProgrammeAudience,
    ProgrammeCompetence,
    ProgrammeFunding,
    ProgrammeQuerySet,
    Session,
)
from lakou.training.perms import catalogue as perms
from lakou.training.services.enrolment import enrolments_cancel_with_session

DEFAULT_LABEL_VALIDITY_DAYS = 730


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
    # The provider's details LHEO needs (None: keep the organisation's own).
    activity_number: str | None = None
    street_address: str | None = None
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
        raise PermissionDenied(_("Seuls les organismes de formation publient des formations."))


def _require_owner(actor: Actor, programme: Programme) -> None:
    if not perms.can_edit_programme(actor, programme):
        raise PermissionDenied(_("Cette formation appartient à un autre organisme."))


def _require_federation(actor: Actor) -> None:
    if not perms.can_label_programmes(actor):
        raise PermissionDenied(_("Seule la fédération attribue son label."))


def _check_publishable(data: ProgrammeData, provider: Organisation) -> None:
    """The open-data catalogue (LHEO) names every published offer's provider by these two."""
    if not data.is_published:
        return
    number = provider.activity_number if data.activity_number is None else data.activity_number
    if not number:
        raise TrainingError(
            _(
                "Pour publier, indiquez le numéro de déclaration d'activité de votre organisme "
                "(11 chiffres)."
            ),
            field="activity_number",
        )
    address = provider.street_address if data.street_address is None else data.street_address
    if not address.strip():
        raise TrainingError(
            _("Pour publier, indiquez l'adresse (numéro et rue) de votre organisme."),
            field="street_address",
        )


def _save_provider_details(actor: Actor, provider: Organisation, data: ProgrammeData) -> None:
    if data.activity_number is None and data.street_address is None:
        return
    organisation_set_provider_details(
        actor=actor,
        organisation=provider,
        activity_number=provider.activity_number
        if data.activity_number is None
        else data.activity_number,
        street_address=(
            provider.street_address if data.street_address is None else data.street_address
        ).strip(),
    )


def _check_programme(data: ProgrammeData) -> None:
    if data.certification_kind != CertificationKind.NONE and not data.certification_code:
        raise TrainingError(_("Indiquez le code RNCP ou RS de la certification."))
    for competence, level in data.competences:
        if level is not None and level.framework_id != competence.framework_id:
            raise TrainingError(
                _("Le niveau « %(level)s » n'appartient pas au référentiel de « %(competence)s ».")
                % {"level": level.code, "competence": competence}
            )


def programme_search_texts(programme: Programme) -> dict[str, str]:
    """The texts a catalogue search looks in, by weight: "a" the title; "b" the audiences,
    domain, entry level, competences and occupations; "c" the objective; "d" the rest.
    Reads only fields of migration 0004, which calls it with its own models."""
    texts = {
        "a": [programme.title],
        "b": [
            *(row.get_audience_display() for row in programme.audience_rows.all()),
            programme.get_domain_display(),
            programme.get_entry_level_display(),
            *_search_synonyms(programme),
            *(row.competence.name_fr for row in programme.competence_rows.all()),
            *(occupation.label for occupation in programme.occupations.all()),
        ],
        "c": [programme.objective],
        "d": [
            programme.content,
            programme.expected_results,
            programme.prerequisites,
            programme.provider.name,
            programme.certification_code,
            programme.certifier,
        ],
    }
    return {weight: " ".join(str(part) for part in parts) for weight, parts in texts.items()}


def _search_synonyms(programme: Programme) -> list[str]:
    """Words people type that the names of the entry level and of the domain do not say."""
    words = []
    if programme.entry_level == EntryLevel.NONE:
        words.append(_("débutant"))
    if programme.domain == Domain.CYBERSECURITY:
        words.append(_("sécurité informatique"))
    elif programme.domain == Domain.DATA:
        words.append(_("IA"))
    return words


def _search_text(texts: dict[str, str]) -> str:
    """Each stem once, with the heaviest weight it has: "a:develop a:web b:senior c:apprendr"."""
    weights: dict[str, str] = {}
    for weight, text in texts.items():
        for word in search_stems(text):
            weights.setdefault(word, weight)
    return " ".join(f"{weight}:{word}" for word, weight in weights.items())


def _search_vector(texts: dict[str, str]) -> SearchVector:
    vectors = [
        SearchVector(Value(words_only(text)), weight=weight.upper(), config=SEARCH_CONFIG)
        for weight, text in texts.items()
    ]
    return functools.reduce(operator.add, vectors)


_REINDEX_BATCH = 500


def programmes_reindex(programmes: models.QuerySet[Programme]) -> int:
    """Rebuild the search text (and on PostgreSQL the search vector) of `programmes`, in
    batches; returns how many. Also given a historical model's queryset (migration 0004)."""
    fields = ["search_text"]
    if connections[programmes.db].vendor == "postgresql":
        fields.append("search_vector")
    rows = (
        programmes.select_related("provider")
        .prefetch_related("audience_rows", "competence_rows__competence", "occupations")
        .order_by("pk")
    )
    batch: list[Programme] = []
    count = 0
    for programme in rows.iterator(chunk_size=_REINDEX_BATCH):
        texts = programme_search_texts(programme)
        programme.search_text = _search_text(texts)
        if "search_vector" in fields:
            # An expression that the UPDATE evaluates: PostgreSQL stems the words itself.
            programme.search_vector = _search_vector(texts)
        batch.append(programme)
        if len(batch) == _REINDEX_BATCH:
            count += programmes.model.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        count += programmes.model.objects.bulk_update(batch, fields)
    return count


def programme_reindex(programme: Programme) -> None:
    """Rebuild the search index of one programme from what is saved (its rows included)."""
    programmes_reindex(Programme.objects.filter(pk=programme.pk))
    # A later save() of this instance writes these fields too: not the stale ones.
    programme.refresh_from_db(fields=["search_text", "search_vector"])


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
    programme_reindex(programme)
    return programme


def programme_create(*, actor: Actor, data: ProgrammeData) -> Programme:
    """A new programme of the actor's organisation, without label; published if asked."""
    _require_provider(actor)
    _check_programme(data)
    assert actor.organisation is not None
    _check_publishable(data, actor.organisation)
    with transaction.atomic():
        _save_provider_details(actor, actor.organisation, data)
        programme = _write(Programme(provider=actor.organisation), data)
        audit_record(actor=actor, action="programme.create", obj=programme)
    return programme


def programme_update(*, actor: Actor, programme: Programme, data: ProgrammeData) -> Programme:
    """Change a programme of the actor's organisation; its label stays as it is."""
    _require_owner(actor, programme)
    _check_programme(data)
    _check_publishable(data, programme.provider)
    with transaction.atomic():
        _save_provider_details(actor, programme.provider, data)
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
            raise TrainingError(_("Le label est déjà demandé ; la fédération va l'examiner."))
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
        raise TrainingError(_("Cette formation n'attend pas de décision sur le label."))
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
        raise TrainingError(_("Expliquez à l'organisme pourquoi le label est refusé."))
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
        raise TrainingError(_("La date de fin doit suivre la date de début."))
    if data.enrolment_deadline is not None and data.enrolment_deadline > data.ends_on:
        raise TrainingError(_("La date limite d'inscription doit précéder la fin de la session."))
    if not data.is_remote and data.commune is None:
        raise TrainingError(_("Indiquez la commune de la session, ou cochez « à distance »."))
    if data.seats < 1:
        raise TrainingError(_("Une session a au moins une place."))


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
        raise TrainingError(_("Une nouvelle session ne peut pas être annulée."))
    with transaction.atomic():
        session = _write_session(Session(programme=programme), data)
        audit_record(actor=actor, action="session.create", obj=session)
    return session


def session_update(*, actor: Actor, session: Session, data: SessionData) -> Session:
    _require_owner(actor, session.programme)
    _check_session(data)
    if session.status == Session.Status.CANCELLED:
        raise TrainingError(_("Cette session est annulée ; créez-en une nouvelle."))
    if data.status == Session.Status.CANCELLED:
        raise TrainingError(
            _("Pour annuler une session, utilisez le bouton « Annuler la session ».")
        )
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
            raise TrainingError(_("Cette session est déjà annulée ou terminée."))
        Session.objects.filter(pk=session.pk).update(
            status=Session.Status.CANCELLED, cancellation_reason=reason.strip()
        )
        enrolments_cancel_with_session(actor=actor, session=locked)
        audit_record(
            actor=actor,
            action="session.cancel",
            obj=session,
            changes={"from": locked.status, "reason": reason.strip()},
        )
    session.refresh_from_db()
    return session


# ---------------------------------------------------------------- catalogue reads


# Longer than any search people type, short enough to keep a search cheap (issue 9).
CATALOGUE_SEARCH_MAX_LENGTH = 200

# The public catalogue (page and API list) is kept a few seconds per process under this
# core.microcache family; signals.py forgets it at any write to what it shows.
CATALOGUE = "training-catalogue"


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
    """Published programmes matching the query; place and dates match upcoming sessions.
    With words, the best match comes first (then by title); without, by title."""
    programmes = Programme.objects.published()
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
    if query.text:
        return programmes.search(query.text)
    return programmes.order_by("title", "pk")


@dataclass(frozen=True)
class CatalogueCard:
    """What a catalogue card shows, as plain values: cheaper to load and to render than a
    programme with its prefetched rows (the page must answer in under 100 ms, issue 4)."""

    pk: int
    title: str
    provider_name: str
    domain: str
    format: str
    duration_hours: int
    is_labelled: bool
    certification: str
    certification_code: str
    objective: str
    audiences: tuple[str, ...]
    fundings: tuple[str, ...]
    next_session_on: date | None
    next_session_place: str

    @property
    def is_certifying(self) -> bool:
        return bool(self.certification)

    def get_absolute_url(self) -> str:
        return reverse("training:programme_detail", kwargs={"pk": self.pk})


_CARD_FIELDS = (
    "pk",
    "title",
    "provider__name",
    "domain",
    "format",
    "duration_hours",
    "status",
    "label_expires_at",
    "certification_kind",
    "certification_code",
    "objective",
)


_MAX_PAGES = 100_000


def catalogue_page(query: CatalogueQuery, number: object, *, per_page: int) -> Page[CatalogueCard]:
    """One page of the catalogue's cards, numbered like `Paginator.get_page` (not a number: the
    first page; out of range: the last), in three queries: the page with the total count, the
    audiences and fundings of its programmes, their next sessions."""
    programmes = catalogue_programmes(query)
    try:
        wanted = int(str(number))
    except ValueError:
        wanted = 1
    # A page number no catalogue reaches goes straight to the count (and an offset out of range
    # of the database's integers never reaches SQL).
    rows = _card_rows(programmes, wanted, per_page) if 1 <= wanted <= _MAX_PAGES else []
    if rows:
        total = rows[0]["total"]
    elif wanted == 1:
        total = 0
    else:
        total = programmes.count()
        wanted = max(1, math.ceil(total / per_page))
        rows = _card_rows(programmes, wanted, per_page) if total else []
    # The count came with the page: a range of that length gives it to the paginator for free.
    paginator: Paginator[Any] = Paginator(range(total), per_page)
    return Page(_catalogue_cards(rows), wanted, paginator)


def _card_rows(programmes: ProgrammeQuerySet, number: int, per_page: int) -> list[dict[str, Any]]:
    """The page's card columns; each row also carries the count of all matches (a window),
    so that the search runs once rather than once for the count and once for the page."""
    start = (number - 1) * per_page
    rows = programmes.values(*_CARD_FIELDS).annotate(total=Window(Count("*")))
    return list(rows[start : start + per_page])


def _catalogue_cards(rows: list[dict[str, Any]]) -> list[CatalogueCard]:
    ids = [row["pk"] for row in rows]
    if not ids:
        return []
    audiences: dict[int, list[str]] = defaultdict(list)
    fundings: dict[int, list[str]] = defaultdict(list)
    labels = (
        ProgrammeAudience.objects.filter(programme_id__in=ids)
        .values_list("pk", "programme_id", "audience", Value("audience"))
        .union(
            ProgrammeFunding.objects.filter(programme_id__in=ids).values_list(
                "pk", "programme_id", "funding", Value("funding")
            ),
            all=True,
        )
    )
    for _pk, programme_id, code, kind in sorted(labels):
        if kind == "audience":
            audiences[programme_id].append(str(Audience(code).label))
        else:
            fundings[programme_id].append(str(Funding(code).label))
    first_sessions = (
        Session.objects.upcoming()
        .filter(programme_id__in=ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("programme_id"),
                order_by=[F("starts_on").asc(), F("pk").asc()],
            )
        )
        .filter(rank=1)
        .values_list("programme_id", "starts_on", "is_remote", "venue", "commune__name")
    )
    next_sessions = {
        # An unsaved session, so that the place reads exactly as `Session.place` writes it.
        programme_id: (
            starts_on,
            Session(
                is_remote=is_remote,
                venue=venue,
                commune=Commune(name=commune_name) if commune_name else None,
            ).place,
        )
        for programme_id, starts_on, is_remote, venue, commune_name in first_sessions
    }
    cards = []
    for row in rows:
        kind = row["certification_kind"]
        next_on, next_place = next_sessions.get(row["pk"], (None, ""))
        cards.append(
            CatalogueCard(
                pk=row["pk"],
                title=row["title"],
                provider_name=row["provider__name"],
                domain=str(Domain(row["domain"]).label),
                format=str(Format(row["format"]).label),
                duration_hours=row["duration_hours"],
                is_labelled=Programme(
                    status=row["status"], label_expires_at=row["label_expires_at"]
                ).is_labelled,
                certification=""
                if kind == CertificationKind.NONE
                else str(CertificationKind(kind).label),
                certification_code=row["certification_code"],
                objective=row["objective"],
                audiences=tuple(audiences[row["pk"]]),
                fundings=tuple(fundings[row["pk"]]),
                next_session_on=next_on,
                next_session_place=next_place,
            )
        )
    return cards


# The EPCI and communes change only when the reference data is reloaded or edited in the admin:
# both clear the cache (receivers in signals.py). Another worker process with its own (local
# memory) cache sees the change after the timeout at worst.
CATALOGUE_TERRITORIES_CACHE_KEY = "training:catalogue-territories"
CATALOGUE_TERRITORIES_TIMEOUT = 300


@dataclass(frozen=True)
class CatalogueTerritories:
    """The catalogue's place filters: (SIREN, short name) by short name, (INSEE, name) by name."""

    epcis: tuple[tuple[str, str], ...]
    communes: tuple[tuple[str, str], ...]


def catalogue_territories() -> CatalogueTerritories:
    territories = caches["local"].get(CATALOGUE_TERRITORIES_CACHE_KEY)
    if territories is None:
        territories = CatalogueTerritories(
            epcis=tuple(Epci.objects.order_by("short_name").values_list("siren", "short_name")),
            communes=tuple(Commune.objects.order_by("name").values_list("insee_code", "name")),
        )
        caches["local"].set(
            CATALOGUE_TERRITORIES_CACHE_KEY, territories, CATALOGUE_TERRITORIES_TIMEOUT
        )
    return territories
