"""API of the six-month follow-up: a provider lists its follow-ups and records phone answers."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from lakou.api.auth import TokenAuth, request_actor
from lakou.core.actor import Actor
from lakou.skills.models import Occupation
from lakou.territory.models import Commune
from lakou.training.models import FollowUp
from lakou.training.services import TrainingError
from lakou.training.services_followup import (
    ListFilter,
    follow_up_answer,
    follow_ups_of_provider,
)

router = Router(tags=["Formations"])

PAGE_SIZE = 50


class ProviderTokenAuth(TokenAuth):
    """A token acting for a training provider; others get 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        actor = super().authenticate(request, token)
        return actor if actor is not None and actor.is_provider else None


class FollowUpFilters(Schema):
    state: str = Field("", description="not_yet_due, due, answered ou unreachable (vide : tous)")
    page: int = Field(1, ge=1)


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


class FollowUpPage(Schema):
    count: int
    page: int
    pages: int
    results: list[FollowUpOut]


class AnswerIn(Schema):
    situation: str = Field(description="permanent, fixed_term_long, fixed_term_short, …")
    is_digital_job: bool | None = None
    occupation: str | None = Field(None, description="Code ROME du métier")
    employer_commune: str | None = Field(None, description="Code INSEE ; vide : hors Martinique")


def _out(follow_up: FollowUp) -> FollowUpOut:
    return FollowUpOut(
        id=follow_up.pk,
        certificate=str(follow_up.certificate.uid),
        learner_name=follow_up.certificate.learner_name,
        programme_id=follow_up.certificate.programme_id,
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
    response=FollowUpPage,
    auth=ProviderTokenAuth(),
    url_name="training_followup_list",
    summary="Suivis à six mois des personnes certifiées par l'organisme",
)
def followup_list(request: HttpRequest, filters: Query[FollowUpFilters]) -> FollowUpPage:
    actor = request_actor(request)
    if filters.state and filters.state not in ListFilter.ALL:
        raise HttpError(400, _("État inconnu : %(s)s.") % {"s": filters.state})
    rows = follow_ups_of_provider(actor.organisation_id, state=filters.state).select_related(
        "employer_commune"
    )
    count = rows.count()
    start = (filters.page - 1) * PAGE_SIZE
    return FollowUpPage(
        count=count,
        page=filters.page,
        pages=max(1, -(-count // PAGE_SIZE)),
        results=[_out(follow_up) for follow_up in rows[start : start + PAGE_SIZE]],
    )


@router.post(
    "/suivis/{pk}/reponse",
    response=FollowUpOut,
    auth=ProviderTokenAuth(),
    url_name="training_followup_record",
    summary="Enregistrer une réponse prise par téléphone",
)
def followup_record(request: HttpRequest, pk: int, payload: AnswerIn) -> FollowUpOut:
    actor = request_actor(request)
    follow_up = get_object_or_404(
        FollowUp.objects.of_provider(actor.organisation_id).select_related("certificate"), pk=pk
    )
    occupation = commune = None
    if payload.occupation:
        occupation = Occupation.objects.filter(code_rome=payload.occupation).first()
        if occupation is None:
            raise HttpError(400, _("Métier ROME inconnu : %(c)s.") % {"c": payload.occupation})
    if payload.employer_commune:
        commune = Commune.objects.filter(insee_code=payload.employer_commune).first()
        if commune is None:
            raise HttpError(400, _("Commune inconnue : %(c)s.") % {"c": payload.employer_commune})
    try:
        answered = follow_up_answer(
            follow_up=follow_up,
            situation=payload.situation,
            is_digital_job=payload.is_digital_job,
            occupation=occupation,
            employer_commune=commune,
            channel=FollowUp.Channel.PHONE,
            actor=actor,
        )
    except TrainingError as error:
        raise HttpError(400, error.message) from error
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    return _out(answered)
