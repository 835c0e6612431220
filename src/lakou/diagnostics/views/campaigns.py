"""Campaign pages (federation and relaying EPCI) and the answering pages (public and companies)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.throttle import Limit, client_address, throttle_hit, throttled
from lakou.diagnostics.forms.campaigns import HONEYPOT_FIELD, CampaignForm, ResumeEmailForm
from lakou.diagnostics.models import Answer, Audience, Campaign, Dimension, Question, Response
from lakou.diagnostics.models.dimensions import dimension_label
from lakou.diagnostics.scoring import BANDS_BY_CODE
from lakou.diagnostics.services import campaigns as services
from lakou.diagnostics.services.answers import version_questions, visible_questions
from lakou.diagnostics.services.poster import campaign_poster_pdf, campaign_short_url
from lakou.diagnostics.services.responses import (
    REQUIRED_MESSAGE,
    ResponseError,
    normalise_email,
    response_by_token,
    response_save,
    response_send_resume_link,
    response_start,
    response_submit,
    resume_email_accepted,
    resume_email_refusal,
)
from lakou.territory.models import Commune

SESSION_RESPONSES_KEY = "lakou_diagnostic_responses"
DEFAULT_STARTS_PER_HOUR = 20
# Resume-link e-mails per hour: per draft, per recipient address, per client address.
DEFAULT_RESUME_EMAIL_LIMITS = {"draft": 3, "address": 3, "client": 10}
FIELD_PREFIX = "q_"
SKILL_LEVEL_LABELS = {
    1: gettext_lazy("fondamental"),
    2: gettext_lazy("fondamental"),
    3: gettext_lazy("intermédiaire"),
    4: gettext_lazy("intermédiaire"),
    5: gettext_lazy("avancé"),
    6: gettext_lazy("avancé"),
    7: gettext_lazy("très spécialisé"),
    8: gettext_lazy("très spécialisé"),
}

# ---------------------------------------------------------------- fetch helpers


def _require_staff(request: ActorRequest) -> None:
    if not (request.actor.is_federation or request.actor.is_epci):
        raise PermissionDenied


def get_campaign_for_actor(request: ActorRequest, pk: int, *, write: bool = False) -> Campaign:
    """A campaign the actor may see: federation staff all, EPCI staff those they relay; anyone
    else gets a 404, as on a missing id, whatever the page. `write` is the federation's: 403
    for relaying EPCI staff, who see the campaign."""
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.actor).select_related("version__questionnaire"),
        pk=pk,
    )
    if write and not request.actor.is_federation:
        raise PermissionDenied
    return campaign


def _granted(request: ActorRequest) -> dict[str, str]:
    """Response pk → raw resume token, for the anonymous drafts this browser may open."""
    granted: dict[str, str] = request.session.get(SESSION_RESPONSES_KEY, {})
    return granted


def _grant(request: ActorRequest, response: Response, raw_token: str) -> None:
    granted = dict(_granted(request))
    granted[str(response.pk)] = raw_token
    request.session[SESSION_RESPONSES_KEY] = granted


def get_response_for_request(request: ActorRequest, pk: int) -> Response:
    """A company's response for its members; an anonymous one for the browser that holds its link."""
    response = get_object_or_404(
        Response.objects.select_related("campaign", "version__questionnaire", "company"), pk=pk
    )
    if response.company_id is not None:
        if not (request.actor.is_company and request.actor.organisation_id == response.company_id):
            raise Http404
    elif str(response.pk) not in _granted(request):
        raise Http404
    return response


# ---------------------------------------------------------------- federation and EPCI pages


@require_GET
def campaign_list(request: ActorRequest) -> HttpResponse:
    _require_staff(request)
    campaigns = (
        Campaign.objects.visible_to(request.actor)
        .select_related("version__questionnaire")
        .annotate(
            submitted_count=Count(
                "responses", filter=Q(responses__status=Response.Status.SUBMITTED)
            )
        )
        .order_by("-starts_on", "title", "pk")
    )
    page = Paginator(campaigns, 50).get_page(request.GET.get("page"))
    return render(request, "diagnostics/campaigns/list.html", {"page": page})


def _form_values(form: CampaignForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "version": data["version"],
        "audience": data["audience"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "epcis": data["epcis"],
        "communes": data["communes"],
        "relaying_epcis": data["relaying_epcis"],
    }


@require_http_methods(["GET", "POST"])
def campaign_create(request: ActorRequest) -> HttpResponse:
    if not request.actor.is_federation:
        raise PermissionDenied
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.actor, **_form_values(form))
        except services.CampaignError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La campagne est créée, en brouillon."))
            return redirect(campaign)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "diagnostics/campaigns/form.html", {"form": form, "campaign": None}, status=status
    )


@require_http_methods(["GET", "POST"])
def campaign_edit(request: ActorRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_actor(request, pk, write=True)
    form = CampaignForm(request.POST or None, initial=CampaignForm.initial_for(campaign))
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(actor=request.actor, campaign=campaign, **_form_values(form))
        except services.CampaignError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La campagne est modifiée."))
            return redirect(campaign)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "diagnostics/campaigns/form.html",
        {"form": form, "campaign": campaign},
        status=status,
    )


@require_POST
def campaign_open(request: ActorRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_actor(request, pk, write=True)
    try:
        services.campaign_open(actor=request.actor, campaign=campaign)
        messages.success(
            request, _("La campagne est ouverte : le lien court accepte des réponses.")
        )
    except services.CampaignError as error:
        messages.error(request, error.message)
    return redirect(campaign)


def _campaign_breadcrumb(campaign: Campaign) -> list[tuple[str, str]]:
    return [
        (reverse("diagnostics:campaign_list"), _("Campagnes")),
        (campaign.get_absolute_url(), campaign.title),
    ]


@require_http_methods(["GET", "POST"])
def campaign_close(request: ActorRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_actor(request, pk, write=True)
    if not confirmed(request):
        drafts = campaign.responses.filter(status=Response.Status.DRAFT).count()
        return confirmation_page(
            request,
            Confirmation(
                title=_("Clore la campagne « %(title)s » ?") % {"title": campaign.title},
                paragraphs=[
                    _(
                        "Le lien court n'acceptera plus de réponse, et les réponses commencées "
                        "ne pourront plus être envoyées. Vous pourrez rouvrir la campagne."
                    )
                ],
                facts=[(_("Réponses commencées, pas encore envoyées"), drafts)],
                confirm_label=_("Clore la campagne"),
                cancel_url=campaign.get_absolute_url(),
                cancel_label=_("Laisser la campagne ouverte"),
                breadcrumb=_campaign_breadcrumb(campaign),
            ),
        )
    try:
        services.campaign_close(actor=request.actor, campaign=campaign)
        messages.success(request, _("La campagne est close : elle n'accepte plus de réponse."))
    except services.CampaignError as error:
        messages.error(request, error.message)
    return redirect(campaign)


def invitation_summary(counts: services.InvitationCounts) -> str:
    """« Aucune nouvelle entreprise invitée : 12 l'étaient déjà, 3 n'ont pas d'adresse e-mail. »"""
    # ngettext without a catalogue reads 0 as plural; French says « aucune » anyway.
    invited = (
        ngettext(
            "%(n)s nouvelle entreprise invitée",
            "%(n)s nouvelles entreprises invitées",
            counts.to_invite,
        )
        % {"n": counts.to_invite}
        if counts.to_invite
        else _("Aucune nouvelle entreprise invitée")
    )
    reasons = []
    if counts.already_invited:
        reasons.append(
            ngettext(
                "%(n)s l'était déjà",
                "%(n)s l'étaient déjà",
                counts.already_invited,
            )
            % {"n": counts.already_invited}
        )
    if counts.without_email:
        reasons.append(
            ngettext(
                "%(n)s n'a pas d'adresse e-mail dans le répertoire",
                "%(n)s n'ont pas d'adresse e-mail dans le répertoire",
                counts.without_email,
            )
            % {"n": counts.without_email}
        )
    if not reasons:
        return invited + "."
    return _("%(invited)s : %(reasons)s.") % {"invited": invited, "reasons": ", ".join(reasons)}


@require_http_methods(["GET", "POST"])
def campaign_invite(request: ActorRequest, pk: int) -> HttpResponse:
    """First a page with the figures (how many companies would get an e-mail), then the action."""
    campaign = get_campaign_for_actor(request, pk, write=True)
    try:
        if not confirmed(request):
            counts = services.campaign_check_invitable(actor=request.actor, campaign=campaign)
            return _invite_confirmation(request, campaign, counts)
        counts = services.campaign_invite_companies(actor=request.actor, campaign=campaign)
    except services.CampaignError as error:
        messages.error(request, error.message)
        return redirect(campaign)
    summary = invitation_summary(counts)
    if counts.to_invite:
        messages.success(
            request, _("%(summary)s Les e-mails partent en arrière-plan.") % {"summary": summary}
        )
    else:
        messages.info(request, summary)
    return redirect(campaign)


def _invite_confirmation(
    request: ActorRequest, campaign: Campaign, counts: services.InvitationCounts
) -> HttpResponse:
    facts: list[tuple[str, object]] = [
        (_("Entreprises à inviter"), counts.to_invite),
        (_("Déjà invitées (pas de nouvel e-mail)"), counts.already_invited),
        (_("Sans adresse e-mail dans le répertoire (pas invitées)"), counts.without_email),
    ]
    if counts.to_invite:
        title = ngettext(
            "Vous allez inviter %(n)s entreprise à répondre à « %(title)s »",
            "Vous allez inviter %(n)s entreprises à répondre à « %(title)s »",
            counts.to_invite,
        ) % {"n": counts.to_invite, "title": campaign.title}
        paragraphs = [
            _(
                "Ce sont les entreprises ouvertes du répertoire, dans le territoire de la "
                "campagne, qui ont une adresse e-mail et n'ont pas encore été invitées. "
                "Chacune reçoit un e-mail avec le lien court."
            )
        ]
    else:
        title = _("Aucune nouvelle entreprise à inviter à « %(title)s »") % {
            "title": campaign.title
        }
        paragraphs = [invitation_summary(counts)]
    return confirmation_page(
        request,
        Confirmation(
            title=title,
            paragraphs=paragraphs,
            facts=facts,
            warning=_("Un e-mail envoyé ne peut pas être repris."),
            confirm_label=_("Confirmer et envoyer les invitations"),
            cancel_url=campaign.get_absolute_url(),
            cancel_label=_("Annuler") if counts.to_invite else _("Retour à la campagne"),
            can_confirm=counts.to_invite > 0,
            breadcrumb=_campaign_breadcrumb(campaign),
        ),
    )


@require_POST
def campaign_remind(request: ActorRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_actor(request, pk, write=True)
    services.campaign_request_reminders(actor=request.actor, campaign=campaign)
    messages.success(
        request,
        _(
            "Les entreprises invitées depuis au moins 7 jours et qui n'ont pas répondu "
            "vont recevoir un rappel (un seul par entreprise)."
        ),
    )
    return redirect(campaign)


@require_GET
def campaign_poster(request: ActorRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_actor(request, pk)
    response = HttpResponse(campaign_poster_pdf(campaign), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="affiche-{campaign.short_code}.pdf"'
    return response


@require_GET
def campaign_detail(request: ActorRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_actor(request, pk)
    scope = services.campaign_scope_codes(campaign, request.actor)
    rates = services.campaign_rates(campaign, scope)
    counts = campaign.responses.aggregate(
        started=Count("pk"),
        submitted=Count("pk", filter=Q(status=Response.Status.SUBMITTED)),
    )
    invitations = campaign.invitations.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        reminded=Count("pk", filter=Q(reminded_at__isnull=False)),
    )
    return render(
        request,
        "diagnostics/campaigns/detail.html",
        {
            "campaign": campaign,
            "short_url": campaign_short_url(campaign),
            "rates": rates,
            "map_values": rates.map_values(),
            "scope": scope,
            "counts": counts,
            "invitations": invitations,
            "epcis": list(campaign.epcis.all()),
            "communes": list(campaign.communes.all()),
            "relaying_epcis": list(campaign.relaying_epcis.all()),
            "is_company_campaign": campaign.audience == Audience.COMPANIES,
        },
    )


# ---------------------------------------------------------------- answering: landing and start


def _open_campaign_by_code(short_code: str) -> Campaign:
    """A campaign by its short link; a draft is not public yet."""
    return get_object_or_404(
        Campaign.objects.select_related("version__questionnaire").exclude(
            status=Campaign.Status.DRAFT
        ),
        short_code=short_code,
    )


def _own_draft(request: ActorRequest, campaign: Campaign) -> Response | None:
    if campaign.audience == Audience.COMPANIES:
        if not request.actor.is_company:
            return None
        return Response.objects.filter(
            campaign=campaign, company_id=request.actor.organisation_id
        ).first()
    pks = [int(pk) for pk in _granted(request)]
    if not pks:  # a first visit, the usual case: nothing to look up (and no query to build)
        return None
    return (
        Response.objects.filter(pk__in=pks, campaign=campaign, status=Response.Status.DRAFT)
        .order_by("-started_at")
        .first()
    )


def _landing(
    request: ActorRequest, campaign: Campaign, *, status: int = 200, error: str = ""
) -> HttpResponse:
    return render(
        request,
        "diagnostics/respond/landing.html",
        {
            "campaign": campaign,
            "is_open": campaign.is_open_on(timezone.localdate()),
            "is_company_campaign": campaign.audience == Audience.COMPANIES,
            "draft": _own_draft(request, campaign),
            "honeypot": HONEYPOT_FIELD,
            "error": error,
        },
        status=status,
    )


@login_not_required
@require_GET
def campaign_short(request: ActorRequest, short_code: str) -> HttpResponse:
    """The short link printed on posters: the campaign's landing page."""
    return _landing(request, _open_campaign_by_code(short_code))


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _starts_over_limit(request: ActorRequest) -> bool:
    """Count a new public response for this client address; True past the hourly limit."""
    limit = _limit("DIAGNOSTIC_STARTS_PER_HOUR", DEFAULT_STARTS_PER_HOUR)
    return throttle_hit("diagnostic-start", [Limit("client", client_address(request), limit)])


def _starts_refused(request: ActorRequest, campaign: Campaign) -> HttpResponse:
    return throttled(
        request,
        context={
            "title": _("Trop de réponses depuis cette connexion"),
            "message": _(
                "Beaucoup de questionnaires ont été commencés depuis cette connexion internet au "
                "cours de la dernière heure. Pour protéger l'enquête, merci de réessayer dans "
                "une heure."
            ),
            "detail": _(
                "Si vous répondez depuis un lieu partagé (médiathèque, espace public numérique), "
                "demandez à la personne qui vous accompagne de contacter la fédération."
            ),
            "back_url": reverse(
                "diagnostics:campaign_short", kwargs={"short_code": campaign.short_code}
            ),
            "back_label": _("Retour à la campagne"),
        },
    )


@login_not_required
@require_POST
def respond_start(request: ActorRequest, short_code: str) -> HttpResponse:
    campaign = _open_campaign_by_code(short_code)
    if not campaign.is_open_on(timezone.localdate()):
        return _landing(
            request, campaign, status=400, error=_("Cette campagne n'accepte pas de réponse.")
        )
    if campaign.audience == Audience.COMPANIES:
        if not request.actor.is_company:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        response, _raw = response_start(
            actor=request.actor, campaign=campaign, company=request.actor.organisation
        )
    else:
        if request.POST.get(HONEYPOT_FIELD):
            return _landing(
                request,
                campaign,
                status=400,
                error=_(
                    "Votre réponse n'a pas pu être commencée. Laissez vide le champ « Ne pas remplir »."
                ),
            )
        draft = _own_draft(request, campaign)
        if draft is not None:
            return redirect(_resume_target(draft))
        if _starts_over_limit(request):
            return _starts_refused(request, campaign)
        response, raw = response_start(actor=request.actor, campaign=campaign)
        _grant(request, response, raw)
    return redirect(_resume_target(response))


@login_not_required
@require_GET
def respond_resume(request: ActorRequest, token: str) -> HttpResponse:
    """The resume link: opens the draft in this browser, at the first step left to answer."""
    response = response_by_token(token)
    if response is None:
        return render(request, "diagnostics/respond/unknown_link.html", status=404)
    if response.company_id is None:
        _grant(request, response, token)
    return redirect(_resume_target(response))


# ---------------------------------------------------------------- answering: steps


@dataclass
class Option:
    value: str
    label: str
    id: str


@dataclass
class FieldView:
    """One question as the step template draws it."""

    question: Question
    name: str
    widget: str
    values: list[str]
    options: list[Option] = field(default_factory=list)
    error: str = ""

    @property
    def id(self) -> str:
        return f"champ-{self.question.code}"

    @property
    def first_id(self) -> str:
        return self.options[0].id if self.options else self.id

    @property
    def value(self) -> str:
        return self.values[0] if self.values else ""


@dataclass
class Step:
    number: int
    title: str
    description: str
    questions: list[Question]


def _answers(response: Response) -> dict[str, Any]:
    return dict(Answer.objects.filter(response=response).values_list("question__code", "value"))


def _steps(response: Response, answers: dict[str, Any]) -> list[Step]:
    steps: list[Step] = []
    for question in visible_questions(response.version, answers):
        section = question.section
        if not steps or steps[-1].questions[0].section_id != section.pk:
            steps.append(Step(len(steps) + 1, section.title, section.description, []))
        steps[-1].questions.append(question)
    return steps


def _as_strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def _options(question: Question) -> tuple[str, list[tuple[str, str]]]:
    kind = question.kind
    if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
        widget = "radio" if kind == Question.Kind.SINGLE_CHOICE else "checkbox"
        return widget, [(c.value, c.label) for c in question.choices.all()]
    if kind == Question.Kind.YES_NO:
        return "radio", [("yes", _("Oui")), ("no", _("Non"))]
    if kind == Question.Kind.SKILL_LEVEL:
        levels = [
            (str(n), _("Niveau %(n)d — %(name)s") % {"n": n, "name": SKILL_LEVEL_LABELS[n]})
            for n in range(1, 9)
        ]
        return "radio", [*levels, ("0", _("Je ne sais pas"))]
    if kind == Question.Kind.SCALE:
        low = question.min_value if question.min_value is not None else 1
        high = question.max_value if question.max_value is not None else 5
        # The words the question gives its points (« Pas du tout », « Un peu »…), else numbers.
        words = {choice.value: choice.label for choice in question.choices.all()}
        if words or high - low <= 10:
            return "radio", [(str(n), words.get(str(n), str(n))) for n in range(low, high + 1)]
        return "number", []
    if kind == Question.Kind.COMMUNE:
        return "select", list(Commune.objects.order_by("name").values_list("insee_code", "name"))
    if kind == Question.Kind.NUMBER:
        return "number", []
    if kind == Question.Kind.LONG_TEXT:
        return "textarea", []
    return "text", []


def _field_views(
    questions: list[Question], values: dict[str, list[str]], errors: dict[str, str]
) -> list[FieldView]:
    views = []
    for question in questions:
        widget, options = _options(question)
        views.append(
            FieldView(
                question=question,
                name=FIELD_PREFIX + question.code,
                widget=widget,
                values=values.get(question.code, []),
                options=[
                    Option(value, label, f"champ-{question.code}-{index}")
                    for index, (value, label) in enumerate(options, start=1)
                ],
                error=errors.get(question.code, ""),
            )
        )
    return views


def _resume_target(response: Response) -> str:
    """The first step with a required question left unanswered, else the review page."""
    if response.status == Response.Status.SUBMITTED:
        return reverse("diagnostics:respond_thanks", kwargs={"pk": response.pk})
    answers = _answers(response)
    for step in _steps(response, answers):
        if any(q.required and answers.get(q.code) in (None, "", []) for q in step.questions):
            return reverse(
                "diagnostics:respond_step", kwargs={"pk": response.pk, "step": step.number}
            )
    return reverse("diagnostics:respond_review", kwargs={"pk": response.pk})


def _resume_url(request: ActorRequest, response: Response) -> str:
    raw = _granted(request).get(str(response.pk), "")
    if response.company_id is not None or not raw:
        return ""
    return request.build_absolute_uri(reverse("diagnostics:respond_resume", kwargs={"token": raw}))


def _render_step(
    request: ActorRequest,
    response: Response,
    steps: list[Step],
    step: Step,
    values: dict[str, list[str]],
    errors: dict[str, str],
    *,
    status: int = 200,
    notice: str = "",
) -> HttpResponse:
    fields = _field_views(step.questions, values, errors)
    return render(
        request,
        "diagnostics/respond/step.html",
        {
            "response": response,
            "campaign": response.campaign,
            "step": step,
            "step_count": len(steps),
            "fields": fields,
            "error_fields": [f for f in fields if f.error],
            "resume_url": _resume_url(request, response),
            "notice": notice,
        },
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def respond_step(request: ActorRequest, pk: int, step: int) -> HttpResponse:
    response = get_response_for_request(request, pk)
    if response.status == Response.Status.SUBMITTED:
        return redirect("diagnostics:respond_thanks", pk=response.pk)
    answers = _answers(response)
    steps = _steps(response, answers)
    if not 1 <= step <= len(steps):
        raise Http404
    current = steps[step - 1]
    stored = {code: _as_strings(value) for code, value in answers.items()}
    if request.method == "GET":
        return _render_step(request, response, steps, current, stored, {})

    if not response.campaign.is_open_on(timezone.localdate()):
        messages.error(request, _("La campagne est close : les réponses ne sont plus modifiables."))
        return redirect("diagnostics:campaign_short", short_code=response.campaign.short_code)
    # Read the shown questions, and any other question of the section that was posted: an
    # answer may open a follow-up that a browser with JavaScript already filled in.
    section_id = current.questions[0].section_id
    shown_codes = {q.code for q in current.questions}
    posted = {
        q.code: request.POST.getlist(FIELD_PREFIX + q.code)
        for q in version_questions(response.version)
        if q.section_id == section_id
        and (q.code in shown_codes or FIELD_PREFIX + q.code in request.POST)
    }
    try:
        errors = response_save(actor=request.actor, response=response, raw_answers=posted)
    except ResponseError as error:
        messages.error(request, error.message)
        return redirect("diagnostics:respond_thanks", pk=response.pk)
    action = request.POST.get("action", "next")

    # Answers can show or hide questions: recompute the steps from what is now stored.
    answers = _answers(response)
    steps = _steps(response, answers)
    now_current = next((s for s in steps if s.questions[0].section_id == section_id), current)
    values = {code: _as_strings(value) for code, value in answers.items()}
    if errors:
        values.update(posted)
        return _render_step(request, response, steps, now_current, values, errors, status=400)
    if action == "later":
        return redirect("diagnostics:respond_later", pk=response.pk)
    if action == "previous":
        return redirect("diagnostics:respond_step", pk=response.pk, step=max(step - 1, 1))
    missing = {
        q.code: REQUIRED_MESSAGE
        for q in now_current.questions
        if q.required and q.code in posted and answers.get(q.code) in (None, "", [])
    }
    if missing:
        return _render_step(request, response, steps, now_current, values, missing, status=400)
    if any(q.code not in posted for q in now_current.questions):
        return _render_step(
            request,
            response,
            steps,
            now_current,
            values,
            {},
            notice=_("Votre réponse ouvre de nouvelles questions sur cette page."),
        )
    step = now_current.number
    if step < len(steps):
        return redirect("diagnostics:respond_step", pk=response.pk, step=step + 1)
    return redirect("diagnostics:respond_review", pk=response.pk)


def _resume_emails_over_limit(request: ActorRequest, response: Response, email: str) -> bool:
    limits = {
        **DEFAULT_RESUME_EMAIL_LIMITS,
        **getattr(settings, "DIAGNOSTIC_RESUME_EMAIL_LIMITS", {}),
    }
    return throttle_hit(
        "diagnostic-resume-email",
        [
            Limit("draft", str(response.pk), limits["draft"]),
            Limit("address", normalise_email(email), limits["address"]),
            Limit("client", client_address(request), limits["client"]),
        ],
    )


def _later_context(
    request: ActorRequest, response: Response, form: ResumeEmailForm, resume_url: str
) -> dict[str, Any]:
    return {
        "response": response,
        "campaign": response.campaign,
        "resume_url": resume_url,
        "continue_url": _resume_target(response),
        "form": form,
    }


@login_not_required
@require_http_methods(["GET", "POST"])
def respond_later(request: ActorRequest, pk: int) -> HttpResponse:
    """ "Finish later": the resume link on screen, and by e-mail to the draft's one address."""
    response = get_response_for_request(request, pk)
    resume_url = _resume_url(request, response)
    form = ResumeEmailForm(request.POST or None)
    if request.method == "GET":
        return render(
            request,
            "diagnostics/respond/later.html",
            _later_context(request, response, form, resume_url),
        )
    if not resume_url:
        raise Http404
    if form.is_valid():
        email = form.cleaned_data["email"]
        if not resume_email_accepted(response, email):
            # Refused before counting: another address never gets an e-mail.
            form.add_error("email", resume_email_refusal(response))
        elif _resume_emails_over_limit(request, response, email):
            context = _later_context(request, response, form, resume_url)
            context["throttle_notice"] = _(
                "Trop d'envois du lien au cours de la dernière heure. Vos réponses et l'adresse "
                "saisie sont gardées : réessayez dans une heure, ou notez le lien affiché "
                "ci-dessus."
            )
            return throttled(request, template="diagnostics/respond/later.html", context=context)
        else:
            try:
                response_send_resume_link(
                    actor=request.actor, response=response, email=email, link=resume_url
                )
            except ResponseError as error:
                form.add_error("email", error.message)
            else:
                messages.success(
                    request, _("Le lien est envoyé. Pensez à regarder vos courriers indésirables.")
                )
                return redirect("diagnostics:respond_later", pk=response.pk)
    return render(
        request,
        "diagnostics/respond/later.html",
        _later_context(request, response, form, resume_url),
        status=400,
    )


def _answer_text(question: Question, value: Any) -> str:
    if value in (None, "", []):
        return _("Pas de réponse")
    labels = {str(key): str(label) for key, label in _options(question)[1]}
    if isinstance(value, list):
        return ", ".join(labels.get(str(item), str(item)) for item in value)
    text = _as_strings(value)[0]
    return labels.get(text, text)


def _render_review(
    request: ActorRequest, response: Response, errors: dict[str, str], *, status: int = 200
) -> HttpResponse:
    answers = _answers(response)
    steps = _steps(response, answers)
    sections: list[dict[str, Any]] = [
        {
            "step": step,
            "items": [
                {
                    "question": q,
                    "text": _answer_text(q, answers.get(q.code)),
                    "error": errors.get(q.code, ""),
                }
                for q in step.questions
            ],
        }
        for step in steps
    ]
    error_items = [item for section in sections for item in section["items"] if item["error"]]
    return render(
        request,
        "diagnostics/respond/review.html",
        {
            "response": response,
            "campaign": response.campaign,
            "sections": sections,
            "error_items": error_items,
            "step_count": len(steps),
            "honeypot": HONEYPOT_FIELD,
            "resume_url": _resume_url(request, response),
        },
        status=status,
    )


@login_not_required
@require_GET
def respond_review(request: ActorRequest, pk: int) -> HttpResponse:
    response = get_response_for_request(request, pk)
    if response.status == Response.Status.SUBMITTED:
        return redirect("diagnostics:respond_thanks", pk=response.pk)
    return _render_review(request, response, {})


@login_not_required
@require_POST
def respond_submit(request: ActorRequest, pk: int) -> HttpResponse:
    response = get_response_for_request(request, pk)
    if request.POST.get(HONEYPOT_FIELD):
        messages.error(
            request,
            _("Votre réponse n'a pas pu être envoyée. Laissez vide le champ « Ne pas remplir »."),
        )
        return _render_review(request, response, {}, status=400)
    if not response.campaign.is_open_on(timezone.localdate()):
        messages.error(request, _("La campagne est close : elle n'accepte plus de réponse."))
        return _render_review(request, response, {}, status=400)
    try:
        errors = response_submit(actor=request.actor, response=response)
    except ResponseError:
        return redirect("diagnostics:respond_thanks", pk=response.pk)
    if errors:
        return _render_review(request, response, errors, status=400)
    return redirect("diagnostics:respond_thanks", pk=response.pk)


@login_not_required
@require_GET
def respond_thanks(request: ActorRequest, pk: int) -> HttpResponse:
    response = get_response_for_request(request, pk)
    if response.status != Response.Status.SUBMITTED:
        return redirect(_resume_target(response))
    scores: list[dict[str, Any]] = []
    band = None
    if response.company_id is not None and response.scores:
        by_code = response.scores.get("dimensions", {})
        scores = [
            {"label": dimension_label(d.code, d.label), "score": by_code.get(d.code)}
            for d in Dimension.objects.filter(version=response.version).order_by("position", "pk")
            if d.code in by_code
        ]
        band = BANDS_BY_CODE.get(response.scores.get("band") or "")
    return render(
        request,
        "diagnostics/respond/thanks.html",
        {
            "response": response,
            "campaign": response.campaign,
            "scores": scores,
            "overall": response.scores.get("overall") if response.scores else None,
            "band": band,
        },
    )
