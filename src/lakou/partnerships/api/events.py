"""Contests and hackathons API: public reads, registration and teams, jury scores, results."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status
from ninja.errors import HttpError
from pydantic import BeforeValidator, StringConstraints, TypeAdapter

from lakou.api.auth import TokenAuth, request_actor
from lakou.api.body import body_schema, parse_body, validate_body
from lakou.api.errors import errors
from lakou.api.pagination import Rows, paginated
from lakou.api.params import NOT_BLANK, json_integer
from lakou.api.routers import Router
from lakou.core.validators import LONG_TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from lakou.partnerships.models import (
    Challenge,
    Criterion,
    Event,
    Submission,
    Team,
    TeamResult,
)
from lakou.partnerships.models.events import SCORE_MAX, SCORE_MIN
from lakou.partnerships.perms import events as perms
from lakou.partnerships.services import events as services
from lakou.partnerships.services.events import EventError

router = Router(tags=["Partenariats"])


class EventOut(Schema):
    id: int
    title: str
    kind: str
    phase: str = Field(
        description="upcoming, registration, submission, judging, awaiting_results, results"
    )
    phase_label: str
    starts_at: datetime
    ends_at: datetime
    registration_opens_at: datetime
    registration_closes_at: datetime
    submission_deadline: datetime
    judging_ends_at: datetime
    capacity: int
    team_min: int
    team_max: int
    results_published_at: datetime | None
    url: str


class ChallengeOut(Schema):
    id: int
    title: str
    description: str
    prize: str
    partner: str


class CriterionOut(Schema):
    id: int
    name: str
    weight: int


class TeamLookingOut(Schema):
    id: int
    name: str
    looking_for: str
    size: int


class ResultOut(Schema):
    rank: int
    team: str
    project: str
    is_winner: bool


class EventDetailOut(EventOut):
    participants: int
    challenges: list[ChallengeOut]
    criteria: list[CriterionOut]
    teams_looking_for_members: list[TeamLookingOut]
    results: list[ResultOut]


class ParticipantOut(Schema):
    event: int
    team: int | None


class TeamOut(Schema):
    id: int
    name: str
    code: str = Field(description="Le code à donner aux personnes qui rejoignent l'équipe")
    looking_for: str
    challenge: int | None


class TeamIn(Schema):
    name: str = Field(min_length=1, max_length=100, pattern=NOT_BLANK)
    looking_for: str = Field("", max_length=300)
    challenge: int | None = None


class JoinIn(Schema):
    code: str = Field(min_length=1, max_length=12, pattern=NOT_BLANK)


CriterionKey = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,17}$")]
Mark = Annotated[int, Field(ge=SCORE_MIN, le=SCORE_MAX), BeforeValidator(json_integer)]


class ScoreIn(Schema):
    scores: dict[CriterionKey, Mark] = Field(
        description=(
            f"Note de {SCORE_MIN} à {SCORE_MAX} par identifiant de critère (tous les critères "
            'de l\'événement), par exemple {"12": 7, "13": 9}'
        ),
        # Keys that are not criterion numbers are refused, as the schema now says.
        json_schema_extra={"additionalProperties": False},
    )

    def values(self) -> dict[int, int]:
        return {int(criterion): mark for criterion, mark in self.scores.items()}


class SubmissionOut(Schema):
    id: int
    title: str
    description: str
    link: str
    team: str
    submitted_at: datetime
    my_scores: dict[int, int]


class ProjectIn(Schema):
    title: str = Field(min_length=1, max_length=TITLE_MAX_LENGTH, pattern=NOT_BLANK)
    description: str = Field(min_length=1, max_length=LONG_TEXT_MAX_LENGTH, pattern=NOT_BLANK)
    link: str = Field(
        "", max_length=200, pattern=r"^(https?://\S+)?$", description="Adresse en http(s)://"
    )


class ProjectOut(Schema):
    id: int
    team: int
    title: str
    description: str
    link: str
    submitted_at: datetime
    updated_at: datetime


PROJECT_IN = TypeAdapter(ProjectIn)
TEAM_IN = TypeAdapter(TeamIn)
JOIN_IN = TypeAdapter(JoinIn)
SCORE_IN = TypeAdapter(ScoreIn)


def _body[T](request: HttpRequest, adapter: TypeAdapter[T]) -> T:
    """JSON, or a form (the pages' own forms and the access table post forms)."""
    if request.content_type == "application/json":
        data: Any = parse_body(request)
    else:
        data = request.POST.dict()
    return validate_body(adapter, data)


def _request_body(adapter: TypeAdapter[Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body_schema(adapter)}},
        }
    }


def _event_out(event: Event, cls: type[EventOut] = EventOut, **extra: Any) -> Any:
    action = event.action
    return cls(
        id=event.pk,
        title=action.title,
        kind=action.kind,
        phase=event.phase,
        phase_label=event.get_phase_display(),
        starts_at=action.starts_at,
        ends_at=action.ends_at,
        registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at,
        submission_deadline=event.submission_deadline,
        judging_ends_at=event.judging_ends_at,
        capacity=event.capacity,
        team_min=event.team_min,
        team_max=event.team_max,
        results_published_at=event.results_published_at,
        url=event.get_absolute_url(),
        **extra,
    )


def _visible_event(request: HttpRequest, pk: int) -> Event:
    actor = request_actor(request)
    return get_object_or_404(Event.objects.visible_to(actor).select_related("action"), pk=pk)


def _participant_event(request: HttpRequest, pk: int) -> Event:
    """An event the caller is registered to; 403 otherwise (before the body is read)."""
    event = _visible_event(request, pk)
    if perms.participant_of(request_actor(request), event) is None:
        raise HttpError(403, "Inscrivez-vous d'abord à l'événement.")
    return event


@router.get(
    "/evenements",
    response=list[EventOut],
    auth=TokenAuth(optional=True),
    url_name="partnerships_events",
    summary="Les concours et hackathons publics",
)
@paginated(page_size=50)
def events_list(request: HttpRequest) -> Rows:
    events = (
        Event.objects.public().select_related("action").order_by("-registration_opens_at", "pk")
    )
    return Rows(events, convert=_event_out)


@router.get(
    "/evenements/{pk}",
    response=EventDetailOut,
    auth=TokenAuth(optional=True),
    url_name="partnerships_event",
    summary="Un concours ou hackathon : étapes, défis, critères, équipes qui recrutent, résultats",
)
def event_detail(request: HttpRequest, pk: int) -> Any:
    event = _visible_event(request, pk)
    results = []
    if event.results_published_at is not None:
        results = [
            ResultOut(
                rank=r.rank,
                team=r.team.name,
                project=r.team.submission.title,
                is_winner=r.is_winner,
            )
            for r in TeamResult.objects.filter(team__event=event)
            .select_related("team__submission")
            .order_by("rank")
        ]
    return _event_out(
        event,
        EventDetailOut,
        participants=event.participants.count(),
        challenges=[
            ChallengeOut(
                id=c.pk,
                title=c.title,
                description=c.description,
                prize=c.prize,
                partner=c.partner.name,
            )
            for c in Challenge.objects.filter(event=event).select_related("partner")
        ],
        criteria=[
            CriterionOut(id=c.pk, name=c.name, weight=c.weight)
            for c in Criterion.objects.filter(event=event)
        ],
        teams_looking_for_members=[
            TeamLookingOut(
                id=t.pk,
                name=t.name,
                looking_for=t.looking_for,
                size=t.size,  # type: ignore[attr-defined]
            )
            for t in Team.objects.filter(event=event).looking_for_members()
        ],
        results=results,
    )


@router.post(
    "/evenements/{pk}/inscription",
    response={201: ParticipantOut, **errors(409)},
    auth=TokenAuth(),
    url_name="partnerships_event_register",
    summary="S'inscrire à un concours ou hackathon (pour soi-même)",
)
def event_register(request: HttpRequest, pk: int) -> Status[ParticipantOut]:
    actor = request_actor(request)
    event = _visible_event(request, pk)
    try:
        participant = services.participant_register(actor=actor, event=event)
    except EventError as error:
        raise HttpError(409, error.message) from error
    return Status(201, ParticipantOut(event=event.pk, team=participant.team_id))


def _team_out(team: Team) -> TeamOut:
    return TeamOut(
        id=team.pk,
        name=team.name,
        code=team.code,
        looking_for=team.looking_for,
        challenge=team.challenge_id,
    )


@router.post(
    "/evenements/{pk}/equipes",
    response={201: TeamOut, **errors(403, 409)},
    auth=TokenAuth(),
    url_name="partnerships_event_teams",
    summary="Créer son équipe (participant inscrit sans équipe)",
    openapi_extra=_request_body(TEAM_IN),
)
def team_create(request: HttpRequest, pk: int) -> Status[TeamOut]:
    actor = request_actor(request)
    event = _participant_event(request, pk)
    body = _body(request, TEAM_IN)
    challenge = None
    if body.challenge is not None:
        challenge = Challenge.objects.filter(event=event, pk=body.challenge).first()
        if challenge is None:
            raise HttpError(409, "Ce défi n'appartient pas à cet événement.")
    try:
        team = services.team_create(
            actor=actor,
            event=event,
            name=body.name,
            looking_for=body.looking_for,
            challenge=challenge,
        )
    except EventError as error:
        raise HttpError(409, error.message) from error
    return Status(201, _team_out(team))


@router.post(
    "/evenements/{pk}/equipes/rejoindre",
    response={200: TeamOut, **errors(403, 409)},
    auth=TokenAuth(),
    url_name="partnerships_event_team_join",
    summary="Rejoindre une équipe par son code (participant inscrit sans équipe)",
    openapi_extra=_request_body(JOIN_IN),
)
def team_join(request: HttpRequest, pk: int) -> TeamOut:
    actor = request_actor(request)
    event = _participant_event(request, pk)
    body = _body(request, JOIN_IN)
    try:
        team = services.team_join(actor=actor, event=event, code=body.code)
    except EventError as error:
        raise HttpError(409, error.message) from error
    return _team_out(team)


@router.post(
    "/evenements/{pk}/projet",
    response={200: ProjectOut, **errors(403, 409)},
    auth=TokenAuth(),
    url_name="partnerships_event_project",
    summary="Déposer ou modifier le projet de son équipe, jusqu'à la date limite (membre)",
    openapi_extra=_request_body(PROJECT_IN),
)
def project_save(request: HttpRequest, pk: int) -> ProjectOut:
    """Le fichier PDF se dépose sur la page du projet ; l'API enregistre le texte et le lien."""
    actor = request_actor(request)
    event = _participant_event(request, pk)
    participant = perms.participant_of(actor, event)
    if participant is None or participant.team is None:
        raise HttpError(403, "Rejoignez ou créez une équipe avant de déposer un projet.")
    body = _body(request, PROJECT_IN)
    try:
        submission = services.submission_save(
            actor=actor,
            team=participant.team,
            title=body.title,
            description=body.description,
            link=body.link,
        )
    except EventError as error:
        raise HttpError(409, error.message) from error
    return ProjectOut(
        id=submission.pk,
        team=submission.team_id,
        title=submission.title,
        description=submission.description,
        link=submission.link,
        submitted_at=submission.submitted_at,
        updated_at=submission.updated_at,
    )


def _juror(request: HttpRequest, pk: int) -> Any:
    actor = request_actor(request)
    event = get_object_or_404(Event.objects.select_related("action"), pk=pk)
    juror = perms.juror_of(actor, event)
    if juror is None:
        raise HttpError(404, "Événement introuvable.")
    return juror


@router.get(
    "/evenements/{pk}/jury/projets",
    response=list[SubmissionOut],
    auth=TokenAuth(),
    url_name="partnerships_event_jury",
    summary="Les projets que le juré peut noter, avec ses notes (membre du jury)",
)
@paginated(page_size=50)
def jury_submissions(request: HttpRequest, pk: int) -> Rows:
    juror = _juror(request, pk)
    submissions = services.submissions_for_juror(juror).order_by("submitted_at", "pk")
    mine: dict[int, dict[int, int]] = {}
    for submission_id, criterion_id, value in juror.scores.values_list(
        "submission_id", "criterion_id", "value"
    ):
        mine.setdefault(submission_id, {})[criterion_id] = value

    def convert(submission: Submission) -> SubmissionOut:
        return SubmissionOut(
            id=submission.pk,
            title=submission.title,
            description=submission.description,
            link=submission.link,
            team=submission.team.name,
            submitted_at=submission.submitted_at,
            my_scores=mine.get(submission.pk, {}),
        )

    return Rows(submissions, convert=convert)


def _form_scores(form: dict[str, Any]) -> dict[int, int]:
    """`criterion_<id>=<value>` fields, as the scoring page posts them."""
    scores = {}
    for key, value in form.items():
        criterion = key.removeprefix("criterion_")
        if key.startswith("criterion_") and criterion.isdigit() and str(value).isdigit():
            scores[int(criterion)] = int(value)
    return scores


@router.post(
    "/evenements/{pk}/jury/projets/{submission_id}/notes",
    response={200: SubmissionOut, **errors(403, 409)},
    auth=TokenAuth(),
    url_name="partnerships_event_jury_score",
    summary=f"Noter un projet de {SCORE_MIN} à {SCORE_MAX} sur chaque critère (membre du jury)",
    openapi_extra=_request_body(SCORE_IN),
)
def jury_score(request: HttpRequest, pk: int, submission_id: int) -> SubmissionOut:
    """Une équipe qui compte un salarié ou un stagiaire de l'organisation du juré : 403, avec le
    motif."""
    actor = request_actor(request)
    juror = _juror(request, pk)
    submission = get_object_or_404(
        Submission.objects.filter(team__event_id=juror.event_id).select_related("team"),
        pk=submission_id,
    )
    conflicts = services.juror_conflicts(juror, submission.team)
    if conflicts:
        raise HttpError(403, conflicts[0].reason)
    if request.content_type == "application/json":
        body = validate_body(SCORE_IN, parse_body(request))
    else:
        form = {str(k): v for k, v in _form_scores(request.POST.dict()).items()}
        body = validate_body(SCORE_IN, {"scores": form})
    try:
        services.score_record(actor=actor, juror=juror, submission=submission, values=body.values())
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except EventError as error:
        raise HttpError(409, error.message) from error
    return SubmissionOut(
        id=submission.pk,
        title=submission.title,
        description=submission.description,
        link=submission.link,
        team=submission.team.name,
        submitted_at=submission.submitted_at,
        my_scores=dict(
            juror.scores.filter(submission=submission).values_list("criterion_id", "value")
        ),
    )


@router.post(
    "/evenements/{pk}/resultats",
    response={200: list[ResultOut], **errors(409)},
    auth=TokenAuth(),
    url_name="partnerships_event_results",
    summary="Publier les résultats et signer les badges (organisateurs de l'événement)",
)
def results_publish(request: HttpRequest, pk: int) -> list[ResultOut]:
    actor = request_actor(request)
    event = get_object_or_404(Event.objects.managed_by(actor).select_related("action"), pk=pk)
    try:
        services.results_publish(actor=actor, event=event)
    except EventError as error:
        raise HttpError(409, error.message) from error
    return [
        ResultOut(
            rank=r.rank, team=r.team.name, project=r.team.submission.title, is_winner=r.is_winner
        )
        for r in TeamResult.objects.filter(team__event=event)
        .select_related("team__submission")
        .order_by("rank")
    ]
