"""Mentoring API: the federation reads the suggestions and forms pairs; either side of a pair
reads it, logs meetings and ends it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Schema, Status
from ninja.errors import HttpError
from pydantic import TypeAdapter

from lakou.api.auth import TokenAuth, request_actor
from lakou.api.body import body_schema, read_body
from lakou.api.errors import errors
from lakou.api.pagination import Rows, paginated
from lakou.api.params import COMMUNE_PATTERN, NOT_BLANK
from lakou.api.routers import Router
from lakou.core.validators import SHORT_TEXT_MAX_LENGTH
from lakou.partnerships.assignment import SLOTS, slot_codes, slots_mask
from lakou.partnerships.models import MenteeRequest, MentoringPair, MentorProfile, Slot
from lakou.partnerships.models.mentoring import GOALS_MAX_LENGTH, MAX_CAPACITY, NOTE_MAX_LENGTH
from lakou.partnerships.perms import mentoring as perms
from lakou.partnerships.services.mentoring import (
    MAX_COMPETENCES,
    MenteeRequestData,
    MentoringError,
    MentorProfileData,
    SuggestionView,
    meeting_log,
    mentee_request_save,
    mentor_profile_save,
    mentoring_suggestions,
    pair_create,
    pair_end,
    pairs_with_meetings,
)
from lakou.skills.models import Competence, ProficiencyLevel
from lakou.territory.models import Commune

router = Router(tags=["Partenariats — mentorat"])

FEDERATION = TokenAuth(
    allowed=lambda actor: actor.is_federation,
    refusal=gettext_lazy("Réservé à la fédération."),
)


class ReasonsOut(Schema):
    shared_competences: list[int] = Field(description="Identifiants des compétences en commun")
    remote: bool = Field(description="Rencontres à distance, acceptées des deux côtés")
    distance_km: float | None = Field(description="Distance entre les communes, en km")
    mentee_commune: int | None
    meeting_commune: int | None = Field(description="Commune du mentor la plus proche")
    common_slots: list[str] = Field(description="Demi-journées communes (tue_am, thu_pm…)")
    sentences: list[str] = Field(description="Les mêmes raisons, en phrases")


class SuggestionOut(Schema):
    mentee_request: int
    mentee_name: str
    mentor: int
    mentor_name: str
    company: str
    score: float
    reasons: ReasonsOut


class MeetingOut(Schema):
    id: int
    held_on: date
    duration_minutes: int
    note: str


class PairOut(Schema):
    id: int
    status: str
    status_label: str
    mentor: int
    mentor_name: str
    company: str
    mentee_request: int
    mentee_name: str
    score: float | None
    started_at: datetime
    ended_at: datetime | None
    end_reason: str
    end_note: str
    meetings: list[MeetingOut]


class PairIn(Schema):
    mentee_request: int = Field(ge=1, le=2**31 - 1, description="Demande de mentorat en attente")
    mentor: int = Field(ge=1, le=2**31 - 1, description="Profil de mentor")


class MeetingIn(Schema):
    held_on: date = Field(description="Date de la rencontre (pas dans le futur)")
    duration_minutes: int = Field(ge=5, le=480)
    note: str = Field("", max_length=NOTE_MAX_LENGTH)


class PairEndIn(Schema):
    reason: MentoringPair.EndReason = Field(description="Raison de la fin")
    note: str = Field(
        "", max_length=SHORT_TEXT_MAX_LENGTH, description="Précisions (obligatoires pour other)"
    )


MEETING_IN = TypeAdapter(MeetingIn)
PAIR_END_IN = TypeAdapter(PairEndIn)


def _suggestion_out(item: SuggestionView) -> SuggestionOut:
    return SuggestionOut(
        mentee_request=item.request.pk,
        mentee_name=item.request.learner.display_name,
        mentor=item.mentor.pk,
        mentor_name=item.mentor.user.display_name,
        company=item.mentor.organisation.name,
        score=item.score,
        reasons=ReasonsOut(**item.data, sentences=item.reasons),
    )


def _pair_out(pair: MentoringPair) -> PairOut:
    return PairOut(
        id=pair.pk,
        status=pair.status,
        status_label=pair.get_status_display(),
        mentor=pair.mentor_id,
        mentor_name=pair.mentor.user.display_name,
        company=pair.mentor.organisation.name,
        mentee_request=pair.mentee_id,
        mentee_name=pair.mentee.learner.display_name,
        score=pair.score,
        started_at=pair.started_at,
        ended_at=pair.ended_at,
        end_reason=pair.end_reason,
        end_note=pair.end_note,
        meetings=[
            MeetingOut(id=m.pk, held_on=m.held_on, duration_minutes=m.duration_minutes, note=m.note)
            for m in pair.meetings.all()
        ],
    )


def _body(schema: TypeAdapter[Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body_schema(schema)}},
        }
    }


@router.get(
    "/mentorat/suggestions",
    response={200: list[SuggestionOut], **errors(403)},
    auth=FEDERATION,
    url_name="mentoring_suggestions",
    summary="Les binômes suggérés pour les demandes en attente, avec leurs raisons (fédération)",
)
@paginated(page_size=50)
def mentoring_suggestion_list(request: HttpRequest) -> Rows:
    """Le meilleur ensemble de binômes : chaque mentor au plus à sa capacité."""
    return Rows(mentoring_suggestions().items, convert=_suggestion_out)


@router.get(
    "/mentorat/binomes",
    response={200: list[PairOut]},
    auth=TokenAuth(),
    url_name="mentoring_pairs",
    summary="Les binômes : tous pour la fédération, les siens pour un mentor ou un mentoré",
)
@paginated(page_size=50)
def mentoring_pair_list(request: HttpRequest) -> Rows:
    actor = request_actor(request)
    pairs = pairs_with_meetings(MentoringPair.objects.visible_to(actor)).order_by("-pk")
    return Rows(pairs, convert=_pair_out)


@router.post(
    "/mentorat/binomes",
    response={201: PairOut, **errors(403, 404, 409)},
    auth=FEDERATION,
    url_name="mentoring_pair_create",
    summary="Former un binôme (fédération) ; le mentor et le mentoré sont prévenus par e-mail",
)
def mentoring_pair_create(request: HttpRequest, payload: PairIn) -> Status:
    """Refusé (409) quand la demande a déjà un mentor ou que le mentor est complet."""
    actor = request_actor(request)
    mentee = get_object_or_404(MenteeRequest, pk=payload.mentee_request)
    mentor = get_object_or_404(MentorProfile, pk=payload.mentor)
    try:
        pair = pair_create(actor=actor, request=mentee, mentor=mentor)
    except MentoringError as error:
        raise HttpError(409, error.message) from error
    return Status(201, _pair_out(pairs_with_meetings(MentoringPair.objects.all()).get(pk=pair.pk)))


def _visible_pair(request: HttpRequest, pk: int) -> MentoringPair:
    actor = request_actor(request)
    return get_object_or_404(pairs_with_meetings(MentoringPair.objects.visible_to(actor)), pk=pk)


@router.post(
    "/mentorat/binomes/{pk}/rencontres",
    response={201: MeetingOut, **errors(403, 409)},
    auth=TokenAuth(),
    url_name="mentoring_meeting_log",
    summary="Noter une rencontre (le mentor ou le mentoré du binôme)",
    openapi_extra=_body(MEETING_IN),
)
def mentoring_meeting_create(request: HttpRequest, pk: int) -> Status:
    """Le corps est lu une fois le binôme trouvé : celui d'un autre répond 404 d'abord."""
    actor = request_actor(request)
    pair = _visible_pair(request, pk)
    if not perms.is_pair_party(actor, pair):
        raise HttpError(
            403, str(gettext_lazy("Seuls le mentor et le mentoré notent leurs rencontres."))
        )
    payload = read_body(request, MEETING_IN)
    try:
        meeting = meeting_log(
            actor=actor,
            pair=pair,
            held_on=payload.held_on,
            duration_minutes=payload.duration_minutes,
            note=payload.note,
        )
    except MentoringError as error:
        raise HttpError(409, error.message) from error
    return Status(
        201,
        MeetingOut(
            id=meeting.pk,
            held_on=meeting.held_on,
            duration_minutes=meeting.duration_minutes,
            note=meeting.note,
        ),
    )


@router.post(
    "/mentorat/binomes/{pk}/fin",
    response={200: PairOut, **errors(403, 409)},
    auth=TokenAuth(),
    url_name="mentoring_pair_end",
    summary="Terminer un binôme avec une raison (le mentor, le mentoré ou la fédération)",
    openapi_extra=_body(PAIR_END_IN),
)
def mentoring_pair_finish(request: HttpRequest, pk: int) -> PairOut:
    actor = request_actor(request)
    pair = _visible_pair(request, pk)
    payload = read_body(request, PAIR_END_IN)
    try:
        pair_end(actor=actor, pair=pair, reason=payload.reason, note=payload.note)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except MentoringError as error:
        raise HttpError(409, error.message) from error
    return _pair_out(_visible_pair(request, pk))


# ---------------------------------------------------------------- profiles and requests

Slots = Annotated[list[Slot], Field(min_length=1, max_length=len(SLOTS))]


class CompetenceLevelIn(Schema):
    competence: int = Field(ge=1, le=2**31 - 1, description="Identifiant de la compétence")
    level: int = Field(ge=1, le=2**31 - 1, description="Identifiant du niveau (même référentiel)")


class WishIn(Schema):
    competence: int = Field(ge=1, le=2**31 - 1, description="Identifiant de la compétence")
    level: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="Niveau minimum du mentor ; vide pour n'importe lequel",
    )


class MentorProfileIn(Schema):
    capacity: int = Field(ge=1, le=MAX_CAPACITY, description="Nombre de mentorés à la fois")
    availability: Slots
    competences: list[CompetenceLevelIn] = Field(min_length=1, max_length=MAX_COMPETENCES)
    communes: list[Annotated[str, Field(pattern=COMMUNE_PATTERN)]] = Field(
        default_factory=list, max_length=34, description="Codes INSEE des communes de rencontre"
    )
    accepts_remote: bool = False
    presentation: str = Field("", max_length=SHORT_TEXT_MAX_LENGTH)
    is_active: bool = True


class MentorProfileOut(Schema):
    id: int
    company: str
    capacity: int
    availability: list[str]
    competences: list[int]
    communes: list[str]
    accepts_remote: bool
    is_active: bool


class MenteeRequestIn(Schema):
    goals: str = Field(min_length=1, max_length=GOALS_MAX_LENGTH, pattern=NOT_BLANK)
    commune: str = Field(pattern=COMMUNE_PATTERN, description="Code INSEE de votre commune")
    availability: Slots
    wishes: list[WishIn] = Field(min_length=1, max_length=MAX_COMPETENCES)
    accepts_remote: bool = False


class MenteeRequestOut(Schema):
    id: int
    status: str
    goals: str
    commune: str
    availability: list[str]
    competences: list[int]
    accepts_remote: bool


def _competences(ids: list[int]) -> dict[int, Competence]:
    found = Competence.objects.in_bulk(ids)
    if len(found) != len(set(ids)):
        raise HttpError(409, str(gettext_lazy("Une compétence indiquée n'existe pas.")))
    return found


def _levels(ids: list[int]) -> dict[int, ProficiencyLevel]:
    found = ProficiencyLevel.objects.in_bulk(ids)
    if len(found) != len(set(ids)):
        raise HttpError(409, str(gettext_lazy("Un niveau indiqué n'existe pas.")))
    return found


def _communes(codes: list[str]) -> list[Commune]:
    found = list(Commune.objects.filter(insee_code__in=codes).defer("boundary"))
    if len(found) != len(set(codes)):
        raise HttpError(409, str(gettext_lazy("Une commune indiquée n'est pas connue de Lakou.")))
    return found


def _profile_out(profile: MentorProfile) -> MentorProfileOut:
    return MentorProfileOut(
        id=profile.pk,
        company=profile.organisation.name,
        capacity=profile.capacity,
        availability=list(slot_codes(profile.availability)),
        competences=[row.competence_id for row in profile.competences.all()],
        communes=sorted(c.insee_code for c in profile.communes.all()),
        accepts_remote=profile.accepts_remote,
        is_active=profile.is_active,
    )


@router.put(
    "/mentorat/profil-mentor",
    response={200: MentorProfileOut, **errors(403, 409)},
    auth=TokenAuth(
        allowed=lambda actor: actor.is_company,
        refusal=gettext_lazy("Réservé aux membres d'une entreprise."),
    ),
    url_name="mentoring_mentor_profile",
    summary="Déclarer ou modifier son profil de mentor (membre d'une entreprise)",
)
def mentoring_mentor_profile_put(
    request: HttpRequest, payload: MentorProfileIn
) -> MentorProfileOut:
    actor = request_actor(request)
    competences = _competences([row.competence for row in payload.competences])
    levels = _levels([row.level for row in payload.competences])
    try:
        profile = mentor_profile_save(
            actor=actor,
            data=MentorProfileData(
                capacity=payload.capacity,
                availability=slots_mask(payload.availability),
                competences=[
                    (competences[r.competence], levels[r.level]) for r in payload.competences
                ],
                communes=_communes(payload.communes),
                accepts_remote=payload.accepts_remote,
                presentation=payload.presentation,
                is_active=payload.is_active,
            ),
        )
    except MentoringError as error:
        raise HttpError(409, error.message) from error
    return _profile_out(
        MentorProfile.objects.select_related("organisation")
        .prefetch_related("competences", "communes")
        .get(pk=profile.pk)
    )


@router.put(
    "/mentorat/demande",
    response={200: MenteeRequestOut, **errors(403, 409)},
    auth=TokenAuth(
        allowed=lambda actor: actor.is_person,
        refusal=gettext_lazy("Une demande de mentorat se fait en son nom, sans organisation."),
    ),
    url_name="mentoring_request",
    summary="Demander un mentor, ou modifier sa demande en cours (personne)",
)
def mentoring_request_put(request: HttpRequest, payload: MenteeRequestIn) -> MenteeRequestOut:
    actor = request_actor(request)
    competences = _competences([row.competence for row in payload.wishes])
    levels = _levels([row.level for row in payload.wishes if row.level is not None])
    [commune] = _communes([payload.commune])
    try:
        saved = mentee_request_save(
            actor=actor,
            data=MenteeRequestData(
                goals=payload.goals,
                commune=commune,
                availability=slots_mask(payload.availability),
                wishes=[
                    (competences[w.competence], levels[w.level] if w.level else None)
                    for w in payload.wishes
                ],
                accepts_remote=payload.accepts_remote,
            ),
        )
    except MentoringError as error:
        raise HttpError(409, error.message) from error
    return MenteeRequestOut(
        id=saved.pk,
        status=saved.status,
        goals=saved.goals,
        commune=commune.insee_code,
        availability=list(slot_codes(saved.availability)),
        competences=[w.competence_id for w in saved.wishes.all()],
        accepts_remote=saved.accepts_remote,
    )
