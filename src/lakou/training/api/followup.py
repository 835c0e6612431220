"""API of the six-month follow-up: a provider lists its follow-ups and records phone answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Schema
from ninja.errors import HttpError

from lakou.api.auth import TokenAuth, request_actor
from lakou.api.errors import errors
from lakou.api.pagination import Rows, paginated
from lakou.api.params import COMMUNE_PATTERN, ROME_PATTERN
from lakou.api.routers import Router
from lakou.skills.models import Occupation
from lakou.territory.models import Commune
from lakou.training.errors import TrainingError
from lakou.training.models import FollowUp
from lakou.training.services.followup import follow_up_answer, follow_ups_of_provider

router = Router(tags=["Formations"])

PAGE_SIZE = 50


PROVIDERS = TokenAuth(
    allowed=lambda actor: actor.is_provider,
    refusal=gettext_lazy("Réservé aux organismes de formation."),
)

# `services.followup.ListFilter.ALL`; a test checks that they agree.
ListState = Literal["not_yet_due", "due", "answered", "unreachable"]


class FollowUpFilters(Schema):
    state: ListState | None = Field(None, description="Sans : tous les suivis")


class FollowUpOut(Schema):
    id: int
    certificate: str = Field(description="Identifiant public du certificat")
    learner_name: str
    programme_id: int
    issued_on: date
    due_on: date
    state: str
    sent_at: datetime | None
    first_reminder_at: datetime | None
    second_reminder_at: datetime | None
    situation: str
    is_digital_job: bool | None
    occupation: str | None = Field(description="Code ROME")
    employer_commune: str | None = Field(description="Code INSEE ; vide : hors Martinique")
    channel: str
    answered_at: datetime | None


# `models.EMPLOYED_SITUATIONS` and the other situations; a test checks that they agree.
Employed = Literal[
    "permanent",
    "fixed_term_long",
    "fixed_term_short",
    "temporary",
    "apprenticeship",
    "self_employed",
]
NotEmployed = Literal["in_training", "job_seeking", "inactive"]


class EmployedAnswerIn(Schema):
    situation: Employed
    is_digital_job: bool = Field(description="L'emploi est-il dans le numérique ?")
    occupation: str | None = Field(None, pattern=ROME_PATTERN, description="Code ROME du métier")
    employer_commune: str | None = Field(
        None, pattern=COMMUNE_PATTERN, description="Code INSEE ; vide : hors Martinique"
    )


class NotEmployedAnswerIn(Schema):
    situation: NotEmployed


AnswerIn = Annotated[EmployedAnswerIn | NotEmployedAnswerIn, Field(discriminator="situation")]


def _out(follow_up: FollowUp) -> FollowUpOut:
    programme_id = follow_up.certificate.programme_id
    assert programme_id is not None  # follow-ups exist for training certificates only, not badges
    return FollowUpOut(
        id=follow_up.pk,
        certificate=str(follow_up.certificate.uid),
        learner_name=follow_up.certificate.learner_name,
        programme_id=programme_id,
        issued_on=follow_up.certificate.issued_on,
        due_on=follow_up.due_on,
        state=follow_up.state,
        sent_at=follow_up.sent_at,
        first_reminder_at=follow_up.first_reminder_at,
        second_reminder_at=follow_up.second_reminder_at,
        situation=follow_up.situation,
        is_digital_job=follow_up.is_digital_job,
        occupation=follow_up.occupation.code_rome if follow_up.occupation else None,
        employer_commune=(
            follow_up.employer_commune.insee_code if follow_up.employer_commune else None
        ),
        channel=follow_up.channel,
        answered_at=follow_up.answered_at,
    )


@router.get(
    "/suivis",
    response={200: list[FollowUpOut], **errors(403)},
    auth=PROVIDERS,
    url_name="training_followup_list",
    summary="Suivis à six mois des personnes certifiées par l'organisme",
)
@paginated(page_size=PAGE_SIZE)
def followup_list(request: HttpRequest, filters: Query[FollowUpFilters]) -> Rows:
    actor = request_actor(request)
    rows = follow_ups_of_provider(actor.organisation_id, state=filters.state or "")
    return Rows(rows.select_related("employer_commune"), convert=_out, counted=rows)


@router.post(
    "/suivis/{pk}/reponse",
    response={200: FollowUpOut, **errors(403, 409)},
    auth=PROVIDERS,
    url_name="training_followup_record",
    summary="Enregistrer une réponse prise par téléphone",
)
def followup_record(request: HttpRequest, pk: int, payload: AnswerIn) -> FollowUpOut:
    """400 : code ROME absent du référentiel des métiers."""
    actor = request_actor(request)
    follow_up = get_object_or_404(
        FollowUp.objects.of_provider(actor.organisation_id).select_related("certificate"), pk=pk
    )
    occupation = commune = None
    is_digital_job = None
    if isinstance(payload, EmployedAnswerIn):
        is_digital_job = payload.is_digital_job
        if payload.occupation:
            occupation = Occupation.objects.filter(code_rome=payload.occupation).first()
            if occupation is None:
                raise HttpError(400, _("Métier ROME inconnu : %(c)s.") % {"c": payload.occupation})
        if payload.employer_commune:
            commune = Commune.objects.filter(insee_code=payload.employer_commune).first()
            if commune is None:
                raise HttpError(
                    400, _("Commune inconnue : %(c)s.") % {"c": payload.employer_commune}
                )
    try:
        answered = follow_up_answer(
            follow_up=follow_up,
            situation=payload.situation,
            is_digital_job=is_digital_job,
            occupation=occupation,
            employer_commune=commune,
            channel=FollowUp.Channel.PHONE,
            actor=actor,
        )
    except TrainingError as error:
        # What is left after the schema: already answered, or not yet due.
        raise HttpError(409, error.message) from error
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    return _out(answered)
