"""Partnership actions in the API: the calendar and the actions (public or member reads), the
organisers' writes, the partners' yearly statements and indicator 3."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Query, Schema, Status
from ninja.errors import HttpError
from pydantic import AfterValidator, BeforeValidator, TypeAdapter

from lakou.accounts.models import Organisation
from lakou.api.auth import TokenAuth, request_actor
from lakou.api.body import body_schema, parse_body, validate_body
from lakou.api.errors import errors, reject_nul
from lakou.api.pagination import Rows, paginated
from lakou.api.params import (
    COMMUNE_PATTERN,
    NOT_BLANK,
    TERRITORY_PATTERN,
    DecimalNumber,
    IsoDate,
    PeriodTerritory,
    resolve,
)
from lakou.api.routers import Router
from lakou.core.actor import Actor
from lakou.core.indicators import get_indicator
from lakou.core.validators import LONG_TEXT_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from lakou.partnerships.indicators import (
    PARTNERSHIP_ACTIONS,
    PLACEMENTS_HOSTED,
    actions_with_secrecy,
    partnership_actions,
    placements_hosted,
    placements_with_secrecy,
)
from lakou.partnerships.models import Action, ActionPartner, Contribution
from lakou.partnerships.perms import actions as perms
from lakou.partnerships.services import actions as services
from lakou.partnerships.services.actions import ActionData, ActionError, CalendarQuery
from lakou.territory.models import Commune

router = Router(tags=["Partenariats"])

MEMBERS = TokenAuth(
    allowed=perms.can_see_member_actions,
    refusal=gettext_lazy("Réservé aux membres d'une organisation."),
)

KindCode = Literal[
    "pooled_resource",
    "chair",
    "contest",
    "hackathon",
    "mentoring",
    "expert_intervention",
    "job_dating",
    "other",
]
MAX_ID = 2**63 - 1


def _local(value: datetime) -> datetime:
    """A time without an offset is Martinique time."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


LocalDatetime = Annotated[datetime, AfterValidator(_local)]


def _not_a_boolean(value: Any) -> Any:
    """Pydantic reads `false` as the integer 0; the schema says integer, so do we."""
    if isinstance(value, bool):
        raise ValueError(_("Nombre entier attendu."))
    return value


Id = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(_not_a_boolean)]
People = Annotated[int, Field(ge=0, le=services.MAX_PEOPLE), BeforeValidator(_not_a_boolean)]
# A JSON boolean only (not 1 nor "yes"): the schema says boolean.
Boolean = Annotated[bool, Field(strict=True)]


AN_OBJECT: TypeAdapter[dict[str, Any]] = TypeAdapter(dict[str, Any])
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _body[T](request: HttpRequest, adapter: TypeAdapter[T]) -> T:
    """The body, read after the access check (another organisation's action answers 403 or
    404 before its body is looked at): JSON, or a form for the pages' own buttons."""
    if request.content_type not in FORM_TYPES:
        # Ninja's schemas read attributes of any object: a list would pass as an empty body.
        return validate_body(adapter, validate_body(AN_OBJECT, parse_body(request)))
    try:
        data = request.POST.dict()
    except MultiPartParserError as error:
        raise HttpError(400, _("Le corps de la requête n'est pas un formulaire valide.")) from error
    reject_nul(data, ("body",))
    return validate_body(adapter, data, form=True)


def _request_body(adapter: TypeAdapter[Any], *, required: bool = True) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": required,
            "content": {"application/json": {"schema": body_schema(adapter)}},
        }
    }


class ActionFilters(Schema):
    kind: KindCode | None = Field(None, description="Type d'action")
    territory: str = Field(
        "",
        pattern=TERRITORY_PATTERN,
        description="SIREN d'un EPCI ou code INSEE d'une commune ; les actions en ligne restent",
    )
    date_from: IsoDate | None = Field(None, description="Actions en cours ce jour ou après")
    date_to: IsoDate | None = Field(None, description="Actions en cours ce jour ou avant")


class ActionOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    is_online: bool
    commune: str | None = Field(description="Code INSEE")
    epci: str | None = Field(description="SIREN de l'EPCI de la commune")
    venue: str
    is_public: bool
    status: str
    status_label: str
    organisers: list[str]
    url: str


class ActionDetailOut(ActionOut):
    cancellation_reason: str
    outcome_notes: str
    participants: int | None
    hires: int | None
    partners: list[dict[str, Any]]


def _out(request: HttpRequest, action: Action) -> dict[str, Any]:
    commune = action.commune
    return {
        "id": action.pk,
        "kind": action.kind,
        "kind_label": action.get_kind_display(),
        "title": action.title,
        "description": action.description,
        "starts_at": action.starts_at,
        "ends_at": action.ends_at,
        "is_online": action.is_online,
        "commune": commune.insee_code if commune else None,
        "epci": commune.epci.siren if commune and commune.epci else None,
        "venue": action.venue,
        "is_public": action.is_public,
        "status": action.status,
        "status_label": action.get_status_display(),
        "organisers": [organiser.name for organiser in action.organisers.all()],
        "url": request.build_absolute_uri(action.get_absolute_url()),
    }


def _actor(request: HttpRequest) -> Actor:
    actor = getattr(request, "auth", None)
    return actor if isinstance(actor, Actor) else Actor(user=None)


def _detail(request: HttpRequest, pk: int) -> ActionDetailOut:
    actor = _actor(request)
    action = get_object_or_404(Action.objects.visible_to(actor).with_listing(), pk=pk)
    can_edit = perms.can_edit_action(actor, action)
    partners = ActionPartner.objects.filter(action=action).select_related("organisation")
    contributions = Contribution.objects.filter(partner__action=action).order_by("date", "pk")
    if not can_edit:
        contributions = contributions.filter(partner__organisation_id=actor.organisation_id or -1)
    by_partner: dict[int, list[dict[str, Any]]] = {}
    for contribution in contributions:
        by_partner.setdefault(contribution.partner_id, []).append(_contribution(contribution))
    return ActionDetailOut(
        **_out(request, action),
        cancellation_reason=action.cancellation_reason,
        outcome_notes=action.outcome_notes,
        participants=action.participants,
        hires=action.hires,
        partners=[
            {
                "id": partner.pk,
                "organisation_id": partner.organisation_id,
                "organisation": partner.organisation.name,
                "role": partner.role,
                "contributions": by_partner.get(partner.pk, []),
            }
            for partner in partners.order_by("organisation__name", "pk")
        ],
    )


def _contribution(contribution: Contribution) -> dict[str, Any]:
    return {
        "id": contribution.pk,
        "kind": contribution.kind,
        "date": contribution.date.isoformat(),
        "description": contribution.description,
        "hours": str(contribution.hours) if contribution.hours is not None else None,
        "hourly_value": str(contribution.hourly_value)
        if contribution.hourly_value is not None
        else None,
        "value": str(contribution.value),
    }


@router.get(
    "/actions",
    response=list[ActionOut],
    auth=TokenAuth(optional=True),
    url_name="partnerships_actions",
    summary="Les actions de partenariat : l'agenda public, ou toutes pour un membre",
)
@paginated(page_size=50)
def partnerships_actions(request: HttpRequest, filters: Query[ActionFilters]) -> Rows:
    """Sans jeton : les actions publiques prévues ou réalisées. Avec le jeton d'un membre d'une
    organisation : toutes les actions, annulées comprises."""
    actor = _actor(request)
    query = CalendarQuery(
        kind=filters.kind or "",
        territory=filters.territory,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    base = Action.objects.visible_to(actor) if actor.organisation_id else Action.objects.public()
    actions = services.calendar_actions(base, query)
    return Rows(actions, convert=lambda action: ActionOut(**_out(request, action)))


class ActionIn(Schema):
    kind: KindCode
    title: str = Field(min_length=1, max_length=TITLE_MAX_LENGTH, pattern=NOT_BLANK)
    description: str = Field("", max_length=LONG_TEXT_MAX_LENGTH)
    starts_at: LocalDatetime = Field(
        description="ISO 8601 ; sans décalage : heure de la Martinique"
    )
    ends_at: LocalDatetime
    is_online: Boolean = False
    commune: str | None = Field(None, pattern=COMMUNE_PATTERN, description="Code INSEE")
    venue: str = Field("", max_length=TITLE_MAX_LENGTH)
    is_public: Boolean = True
    organisers: list[Id] = Field(
        default_factory=list,
        max_length=20,
        description="Organisations organisatrices (fédération seulement ; les autres organisent "
        "avec leur propre organisation)",
    )


ACTION_IN: TypeAdapter[ActionIn] = TypeAdapter(ActionIn)


def _action_data(actor: Actor, payload: ActionIn) -> ActionData:
    # Checked here rather than in the schema, which cannot bound the year of a date-time.
    if not all(2000 <= moment.year <= 2100 for moment in (payload.starts_at, payload.ends_at)):
        raise HttpError(409, _("Les dates de l'action vont de l'an 2000 à l'an 2100."))
    commune = None
    if payload.commune:
        commune = Commune.objects.filter(insee_code=payload.commune).first()
        if commune is None:
            raise HttpError(409, _("Commune inconnue : %(code)s.") % {"code": payload.commune})
    organisers: list[Organisation] = []
    if payload.organisers and perms.can_choose_organisers(actor):
        organisers = list(Organisation.objects.filter(pk__in=payload.organisers))
        if len(organisers) != len(set(payload.organisers)):
            raise HttpError(409, _("Une des organisations organisatrices est inconnue."))
    return ActionData(
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        is_online=payload.is_online,
        commune=commune,
        venue=payload.venue,
        is_public=payload.is_public,
        organisers=organisers,
    )


@router.post(
    "/actions",
    response={201: ActionDetailOut, **errors(403, 409)},
    auth=MEMBERS,
    url_name="partnerships_actions",
    summary="Proposer une action (l'organisation du jeton en est organisatrice)",
    openapi_extra=_request_body(ACTION_IN),
)
def partnerships_action_create(request: HttpRequest) -> Status:
    """Une règle non respectée (fin avant le début, commune manquante) répond 409 avec le motif."""
    actor = request_actor(request)
    payload = _body(request, ACTION_IN)
    try:
        action = services.action_create(actor=actor, data=_action_data(actor, payload))
    except ActionError as error:
        raise HttpError(409, error.message) from error
    return Status(201, _detail(request, action.pk))


@router.get(
    "/actions/{pk}",
    response=ActionDetailOut,
    auth=TokenAuth(optional=True),
    url_name="partnerships_action",
    summary="Une action, ses partenaires et les apports que le jeton peut voir",
)
def partnerships_action(request: HttpRequest, pk: int) -> ActionDetailOut:
    """Les apports : tous pour la fédération et les organisateurs, les siens pour un partenaire."""
    return _detail(request, pk)


def _editable(request: HttpRequest, pk: int) -> tuple[Actor, Action]:
    actor = request_actor(request)
    action = get_object_or_404(Action.objects.prefetch_related("organisers"), pk=pk)
    if not perms.can_edit_action(actor, action):
        raise HttpError(403, _("Seuls la fédération et les organisateurs modifient cette action."))
    return actor, action


@router.put(
    "/actions/{pk}",
    response={200: ActionDetailOut, **errors(403, 409)},
    auth=MEMBERS,
    url_name="partnerships_action",
    summary="Modifier une action (fédération ou organisateur)",
    openapi_extra=_request_body(ACTION_IN),
)
def partnerships_action_update(request: HttpRequest, pk: int) -> ActionDetailOut:
    actor, action = _editable(request, pk)
    payload = _body(request, ACTION_IN)
    try:
        services.action_update(actor=actor, action=action, data=_action_data(actor, payload))
    except ActionError as error:
        raise HttpError(409, error.message) from error
    return _detail(request, pk)


class OutcomeIn(Schema):
    participants: People | None = None
    hires: People | None = None
    outcome_notes: str = Field("", max_length=LONG_TEXT_MAX_LENGTH)


OUTCOME_IN: TypeAdapter[OutcomeIn] = TypeAdapter(OutcomeIn)


@router.post(
    "/actions/{pk}/bilan",
    response={200: ActionDetailOut, **errors(403, 409)},
    auth=MEMBERS,
    url_name="partnerships_action_held",
    summary="Marquer une action réalisée, avec son bilan (ou corriger le bilan)",
    openapi_extra=_request_body(OUTCOME_IN, required=False),
)
def partnerships_action_held(request: HttpRequest, pk: int) -> ActionDetailOut:
    """Une action annulée, ou pas encore commencée, répond 409."""
    actor, action = _editable(request, pk)
    payload = _body(request, OUTCOME_IN)
    try:
        services.action_mark_held(actor=actor, action=action, **payload.dict())
    except ActionError as error:
        raise HttpError(409, error.message) from error
    return _detail(request, pk)


class CancelIn(Schema):
    reason: str = Field(min_length=1, max_length=SHORT_TEXT_MAX_LENGTH, pattern=NOT_BLANK)


CANCEL_IN: TypeAdapter[CancelIn] = TypeAdapter(CancelIn)


@router.post(
    "/actions/{pk}/annulation",
    response={200: ActionDetailOut, **errors(403, 409)},
    auth=MEMBERS,
    url_name="partnerships_action_cancel",
    summary="Annuler une action prévue, avec le motif (définitif)",
    openapi_extra=_request_body(CANCEL_IN),
)
def partnerships_action_cancel(request: HttpRequest, pk: int) -> ActionDetailOut:
    actor, action = _editable(request, pk)
    payload = _body(request, CANCEL_IN)
    try:
        services.action_cancel(actor=actor, action=action, reason=payload.reason)
    except ActionError as error:
        raise HttpError(409, error.message) from error
    return _detail(request, pk)


class PartnerIn(Schema):
    organisation: Id | None = Field(None, description="Identifiant de l'organisation")
    siret: str | None = Field(
        None, pattern=r"^[0-9]{14}$", description="Ou le SIRET d'une entreprise du répertoire"
    )
    role: str = Field("", max_length=TITLE_MAX_LENGTH)


PARTNER_IN: TypeAdapter[PartnerIn] = TypeAdapter(PartnerIn)


class PartnerOut(Schema):
    id: int
    action: int
    organisation_id: int
    organisation: str
    role: str


@router.post(
    "/actions/{pk}/partenaires",
    response={201: PartnerOut, **errors(403, 409)},
    auth=MEMBERS,
    url_name="partnerships_action_partners",
    summary="Ajouter une organisation partenaire à une action",
    openapi_extra=_request_body(PARTNER_IN),
)
def partnerships_partner_add(request: HttpRequest, pk: int) -> Status:
    """L'organisation est donnée par son identifiant ou son SIRET ; inconnue : 409."""
    actor, action = _editable(request, pk)
    payload = _body(request, PARTNER_IN)
    organisations = Organisation.objects.all()
    if payload.siret:
        organisation = organisations.filter(siret=payload.siret).first()
    elif payload.organisation:
        organisation = organisations.filter(pk=payload.organisation).first()
    else:
        raise HttpError(409, _("Donnez l'organisation (identifiant ou SIRET)."))
    if organisation is None:
        raise HttpError(409, _("Organisation inconnue."))
    try:
        partner = services.partner_add(
            actor=actor, action=action, organisation=organisation, role=payload.role
        )
    except ActionError as error:
        raise HttpError(409, error.message) from error
    return Status(
        201,
        PartnerOut(
            id=partner.pk,
            action=action.pk,
            organisation_id=organisation.pk,
            organisation=organisation.name,
            role=partner.role,
        ),
    )


def _partner(request: HttpRequest, pk: int) -> tuple[Actor, ActionPartner]:
    actor = request_actor(request)
    partner = get_object_or_404(
        ActionPartner.objects.select_related("action", "organisation").prefetch_related(
            "action__organisers"
        ),
        pk=pk,
    )
    if not perms.can_edit_action(actor, partner.action):
        raise HttpError(403, _("Seuls la fédération et les organisateurs modifient cette action."))
    return actor, partner


@router.post(
    "/partenaires/{pk}/retrait",
    response={204: None, **errors(403, 409)},
    auth=MEMBERS,
    url_name="partnerships_partner_remove",
    summary="Retirer un partenaire d'une action, avec ses apports (définitif)",
)
def partnerships_partner_remove(request: HttpRequest, pk: int) -> Status:
    actor, partner = _partner(request, pk)
    try:
        services.partner_remove(actor=actor, partner=partner)
    except ActionError as error:
        raise HttpError(409, error.message) from error
    return Status(204, None)


class ContributionIn(Schema):
    kind: Literal["money", "in_kind", "expertise"]
    date: IsoDate
    description: str = Field(min_length=1, max_length=TITLE_MAX_LENGTH, pattern=NOT_BLANK)
    amount: (
        Annotated[Decimal, DecimalNumber(2, ge=Decimal("0.01"), le=services.MAX_VALUE)] | None
    ) = Field(None, description="Montant (money) ou valeur déclarée (in_kind), en euros")
    hours: (
        Annotated[Decimal, DecimalNumber(2, ge=Decimal("0.01"), le=services.MAX_HOURS)] | None
    ) = Field(None, description="Heures (expertise)")
    hourly_value: (
        Annotated[Decimal, DecimalNumber(2, ge=0, le=services.MAX_HOURLY_VALUE)] | None
    ) = Field(None, description="Valeur d'une heure en euros (expertise)")


CONTRIBUTION_IN: TypeAdapter[ContributionIn] = TypeAdapter(ContributionIn)


class ContributionOut(Schema):
    id: int
    partner: int
    kind: str
    date: date
    description: str
    hours: Decimal | None
    hourly_value: Decimal | None
    value: Decimal


@router.post(
    "/partenaires/{pk}/apports",
    response={201: ContributionOut, **errors(403, 409)},
    auth=MEMBERS,
    url_name="partnerships_partner_contributions",
    summary="Enregistrer un apport : argent, nature (valeur déclarée) ou heures d'expert",
    openapi_extra=_request_body(CONTRIBUTION_IN),
)
def partnerships_contribution_add(request: HttpRequest, pk: int) -> Status:
    """La valeur d'heures d'expert = heures × valeur d'une heure. Champ manquant pour le type : 409."""
    actor, partner = _partner(request, pk)
    payload = _body(request, CONTRIBUTION_IN)
    try:
        contribution = services.contribution_add(
            actor=actor,
            partner=partner,
            data=services.ContributionData(
                kind=payload.kind,
                date=payload.date,
                description=payload.description,
                amount=payload.amount,
                hours=payload.hours,
                hourly_value=payload.hourly_value,
            ),
        )
    except ActionError as error:
        raise HttpError(409, error.message) from error
    return Status(
        201,
        ContributionOut(
            id=contribution.pk,
            partner=partner.pk,
            kind=contribution.kind,
            date=contribution.date,
            description=contribution.description,
            hours=contribution.hours,
            hourly_value=contribution.hourly_value,
            value=contribution.value,
        ),
    )


@router.post(
    "/apports/{pk}/suppression",
    response={204: None, **errors(403, 409)},
    auth=MEMBERS,
    url_name="partnerships_contribution_remove",
    summary="Supprimer un apport (définitif)",
)
def partnerships_contribution_remove(request: HttpRequest, pk: int) -> Status:
    actor = request_actor(request)
    contribution = get_object_or_404(
        Contribution.objects.select_related("partner__action").prefetch_related(
            "partner__action__organisers"
        ),
        pk=pk,
    )
    if not perms.can_edit_action(actor, contribution.partner.action):
        raise HttpError(403, _("Seuls la fédération et les organisateurs modifient cette action."))
    try:
        services.contribution_remove(actor=actor, contribution=contribution)
    except ActionError as error:
        raise HttpError(409, error.message) from error
    return Status(204, None)


class StatementPath(Schema):
    pk: int = Field(ge=1, le=MAX_ID, description="Identifiant de l'organisation partenaire")
    year: int = Field(ge=2000, le=2100)


@router.get(
    "/releves/{pk}/{year}",
    response={200: dict[str, Any], **errors(403, 404)},
    auth=MEMBERS,
    url_name="partnerships_statement",
    summary="Relevé annuel des apports d'une organisation (ses membres et la fédération)",
)
def partnerships_statement(request: HttpRequest, path: Path[StatementPath]) -> dict[str, Any]:
    """Aide à préparer un reçu au titre du mécénat ; ce relevé n'est pas le reçu fiscal
    (cerfa n° 11580). Une autre organisation que celle du jeton répond 404."""
    actor = request_actor(request)
    if not perms.can_see_statement(actor, path.pk):
        raise HttpError(404, _("Aucun relevé pour cette organisation."))
    organisation = get_object_or_404(Organisation, pk=path.pk)
    statement = services.partner_statement(organisation, path.year)
    totals = statement.totals
    return {
        "organisation_id": organisation.pk,
        "organisation": organisation.name,
        "year": path.year,
        "note": services.statement_note(),
        "money": str(totals.money),
        "in_kind": str(totals.in_kind),
        "hours": str(totals.hours),
        "expertise_value": str(totals.expertise_value),
        "total": str(totals.total),
        "contributions": [
            _contribution(c) | {"action": c.partner.action.title, "action_id": c.partner.action_id}
            for c in statement.contributions
        ],
    }


SHAPES = (PARTNERSHIP_ACTIONS, PLACEMENTS_HOSTED)


class IndicatorPath(Schema):
    # Listed, not enforced: an unknown indicator is a 404 that names the known ones.
    indicator_id: str = Field(json_schema_extra={"enum": list(SHAPES)})


@router.get(
    "/indicateurs/{indicator_id}",
    response={200: dict[str, Any], **errors(404)},
    auth=TokenAuth(optional=True),
    url_name="partnerships_indicator",
    summary="Actions de partenariat ou stagiaires accueillis, pour une période et un territoire",
)
def partnerships_indicator(
    request: HttpRequest, path: Path[IndicatorPath], query: Query[PeriodTerritory]
) -> dict[str, Any]:
    """Secret statistique sur les personnes (moins de 5 : `null`), sauf pour un jeton de la
    fédération. Un indicateur ou un EPCI inconnu répond 404."""
    if path.indicator_id not in SHAPES:
        raise HttpError(
            404,
            _("Indicateur inconnu : « %(id)s ». Indicateurs des partenariats : %(known)s.")
            % {"id": path.indicator_id, "known": ", ".join(SHAPES)},
        )
    period, territory = resolve(query)
    exact = perms.can_see_exact_indicators(_actor(request))
    data: dict[str, Any]
    if path.indicator_id == PARTNERSHIP_ACTIONS:
        actions = partnership_actions(period, territory)
        data = (actions if exact else actions_with_secrecy(actions)).as_dict()
    else:
        placements = placements_hosted(period, territory)
        data = (placements if exact else placements_with_secrecy(placements)).as_dict()
    indicator = get_indicator(path.indicator_id)
    return {"indicator": indicator.id, "title": str(indicator.title)} | data
