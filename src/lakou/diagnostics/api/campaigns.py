"""Campaigns API: the campaigns an actor follows, and pushing a whole response from another tool."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.errors import HttpError
from pydantic import TypeAdapter

from lakou.api.auth import TokenAuth, request_actor
from lakou.api.body import read_body
from lakou.api.errors import ErrorOut, errors
from lakou.api.pagination import Rows, paginated
from lakou.api.routers import Router
from lakou.core.actor import Actor
from lakou.diagnostics.models import Audience, Campaign, Response
from lakou.diagnostics.services.poster import campaign_short_url
from lakou.diagnostics.services.responses import (
    ResponseError,
    response_save,
    response_start,
    response_submit,
)

router = Router(tags=["Diagnostic"])

AnswerValue = str | int | float | bool | list[str | int | float | bool] | None


class CampaignOut(Schema):
    id: int
    title: str
    questionnaire: str = Field(description="Identifiant (slug) du questionnaire")
    version: int = Field(description="Numéro de la version du questionnaire")
    audience: str = Field(description="companies (entreprises) ou public (grand public)")
    status: str = Field(description="draft, open ou closed")
    starts_on: date
    ends_on: date
    short_url: str
    epcis: list[str] = Field(description="SIREN des EPCI couverts (vide : toute la Martinique)")
    communes: list[str] = Field(description="Codes INSEE des communes couvertes")
    relaying_epcis: list[str] = Field(description="SIREN des EPCI qui relaient la campagne")
    submitted_responses: int


class ResponseIn(Schema):
    answers: dict[str, AnswerValue] = Field(
        max_length=1000,
        description=(
            "Réponses par code de question. Choix multiple : une liste de valeurs ; oui/non : "
            "true/false ou « yes »/« no » ; commune : le code INSEE."
        ),
    )


class ResponseOut(Schema):
    id: int
    status: str
    submitted_at: str | None
    scores: dict[str, object]


class AnswersRefusedOut(Schema):
    detail: str
    errors: dict[str, str] = Field(description="Message en français, par code de question")


RESPONSE_IN = TypeAdapter(ResponseIn)


def _describe(campaign: Campaign, submitted: int) -> CampaignOut:
    return CampaignOut(
        id=campaign.pk,
        title=campaign.title,
        questionnaire=campaign.version.questionnaire.slug,
        version=campaign.version.number,
        audience=campaign.audience,
        status=campaign.status,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        short_url=campaign_short_url(campaign),
        epcis=[epci.siren for epci in campaign.epcis.all()],
        communes=[commune.insee_code for commune in campaign.communes.all()],
        relaying_epcis=[epci.siren for epci in campaign.relaying_epcis.all()],
        submitted_responses=submitted,
    )


@router.get(
    "/campagnes",
    response=list[CampaignOut],
    auth=TokenAuth(),
    url_name="diagnostic_campaign_list",
    summary="Campagnes suivies : toutes pour la fédération, celles qu'il relaie pour un EPCI",
)
@paginated(page_size=50)
def campaign_list(request: HttpRequest) -> Rows:
    campaigns = (
        Campaign.objects.visible_to(request_actor(request))
        .select_related("version__questionnaire")
        .prefetch_related("epcis", "communes", "relaying_epcis")
        .annotate(
            submitted=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED))
        )
        .order_by("-starts_on", "title", "pk")
    )
    return Rows(campaigns, convert=lambda campaign: _describe(campaign, campaign.submitted))


def _campaign_for_submission(actor: Actor, pk: int) -> Campaign:
    """A company pushes its own response to a company campaign once announced (a draft is not
    public yet); federation or relaying EPCI staff push public ones. Any other campaign answers
    the same 404 as a missing id, before any check of its dates."""
    if actor.is_company:
        campaigns = Campaign.objects.filter(audience=Audience.COMPANIES).exclude(
            status=Campaign.Status.DRAFT
        )
    else:
        campaigns = Campaign.objects.visible_to(actor).exclude(audience=Audience.COMPANIES)
    campaign = campaigns.select_related("version").filter(pk=pk).first()
    if campaign is None:
        raise HttpError(404, _("Campagne introuvable."))
    if not campaign.is_open_on(timezone.localdate()):
        raise HttpError(409, _("Cette campagne n'accepte pas de réponse en ce moment."))
    return campaign


def _as_raw(value: AnswerValue) -> list[str]:
    """The API's JSON values as the strings a form would post."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [("yes" if item else "no") if isinstance(item, bool) else str(item) for item in items]


class _Refused(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("refused")
        self.errors = errors


@router.post(
    "/campagnes/{campaign_id}/reponses",
    response={201: ResponseOut, 400: AnswersRefusedOut | ErrorOut, **errors(409)},
    auth=TokenAuth(),
    url_name="diagnostic_response_push",
    summary="Envoyer une réponse complète à une campagne (depuis un autre outil d'enquête)",
    # The body is read after the access check, so that a stranger learns nothing from it.
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ResponseIn.model_json_schema()}},
        }
    },
)
def response_push(
    request: HttpRequest, campaign_id: int
) -> Status[ResponseOut | AnswersRefusedOut]:
    """400 : le corps n'est pas du JSON, ou des réponses sont refusées (`errors`, par question)."""
    actor = request_actor(request)
    campaign = _campaign_for_submission(actor, campaign_id)
    payload = read_body(request, RESPONSE_IN)
    company = actor.organisation if campaign.audience == Audience.COMPANIES else None
    raw_answers = {code: _as_raw(value) for code, value in payload.answers.items()}
    try:
        # All or nothing: a refused response leaves no draft behind.
        with transaction.atomic():
            response, _token = response_start(actor=actor, campaign=campaign, company=company)
            errors = response_save(actor=actor, response=response, raw_answers=raw_answers)
            if not errors:
                errors = response_submit(actor=actor, response=response)
            if errors:
                raise _Refused(errors)
    except _Refused as refused:
        return Status(
            400,
            AnswersRefusedOut(detail=_("La réponse contient des erreurs."), errors=refused.errors),
        )
    except ResponseError as error:
        raise HttpError(409, error.message) from error
    response.refresh_from_db()
    return Status(
        201,
        ResponseOut(
            id=response.pk,
            status=response.status,
            submitted_at=response.submitted_at.isoformat() if response.submitted_at else None,
            scores=response.scores,
        ),
    )
