"""Mentoring API: the federation reads the suggestions and forms pairs; either side of a pair
reads it, logs meetings and ends it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

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
from lakou.api.routers import Router
from lakou.core.validators import SHORT_TEXT_MAX_LENGTH
from lakou.partnerships.models import MenteeRequest, MentoringPair, MentorProfile
from lakou.partnerships.models.mentoring import NOTE_MAX_LENGTH
from lakou.partnerships.perms import mentoring as perms
from lakou.partnerships.services.mentoring import (
    MentoringError,
    SuggestionView,
    meeting_log,
    mentoring_suggestions,
    pair_create,
    pair_end,
    pairs_with_meetings,
)

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
