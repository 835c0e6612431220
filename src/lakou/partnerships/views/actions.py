"""Partnership actions: the members' list, the detail, the forms, the public calendar and its
feed, the partners' yearly statements and the indicator 3 page."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lakou.accounts.models import Organisation
from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.exports import XLSX_TYPE
from lakou.core.indicators import IndicatorInputError
from lakou.core.period import TerritoryError, parse_period, parse_territory
from lakou.partnerships.forms.actions import (
    ActionForm,
    ActionListFilterForm,
    CalendarFilterForm,
    CancelForm,
    ContributionForm,
    IndicatorFilterForm,
    OutcomeForm,
    PartnerForm,
)
from lakou.partnerships.indicators import (
    ActionsResult,
    PlacementsResult,
    actions_with_secrecy,
    partnership_actions,
    placements_hosted,
    placements_with_secrecy,
)
from lakou.partnerships.models import Action, ActionPartner, Contribution, Event
from lakou.partnerships.models.events import EVENT_KINDS
from lakou.partnerships.perms import actions as perms
from lakou.partnerships.services import actions as services
from lakou.partnerships.services.actions import ActionError, CalendarQuery

PAGE_SIZE = 30

# ---------------------------------------------------------------- fetch helpers


def get_action_for_actor(request: ActorRequest, pk: int, *, write: bool = False) -> Action:
    """An action the actor may see (404 otherwise); `write` requires the federation or an
    organiser (403: members see every action, so its existence is no secret to them)."""
    actions = Action.objects.visible_to(request.actor).select_related("commune__epci")
    action = get_object_or_404(actions.prefetch_related("organisers"), pk=pk)
    if write and not perms.can_edit_action(request.actor, action):
        raise PermissionDenied
    return action


def get_partner_for_editor(request: ActorRequest, pk: int) -> ActionPartner:
    partner = get_object_or_404(
        ActionPartner.objects.select_related("organisation", "action").prefetch_related(
            "action__organisers"
        ),
        pk=pk,
    )
    if not perms.can_see_member_actions(request.actor):
        raise Http404
    if not perms.can_edit_action(request.actor, partner.action):
        raise PermissionDenied
    return partner


def get_contribution_for_editor(request: ActorRequest, pk: int) -> Contribution:
    contribution = get_object_or_404(
        Contribution.objects.select_related(
            "partner__organisation", "partner__action"
        ).prefetch_related("partner__action__organisers"),
        pk=pk,
    )
    if not perms.can_see_member_actions(request.actor):
        raise Http404
    if not perms.can_edit_action(request.actor, contribution.partner.action):
        raise PermissionDenied
    return contribution


def _require_member(request: ActorRequest) -> None:
    if not perms.can_see_member_actions(request.actor):
        raise PermissionDenied


# ---------------------------------------------------------------- members' pages


@require_GET
def action_list(request: ActorRequest) -> HttpResponse:
    _require_member(request)
    form = ActionListFilterForm(request.GET or None)
    actions = Action.objects.visible_to(request.actor)
    if form.is_bound and form.is_valid():
        query = form.query()
        status = form.cleaned_data.get("status")
        if status == "to_close":
            actions = actions.to_close(timezone.now())
        elif status:
            actions = actions.filter(status=status)
        if form.cleaned_data.get("mine"):
            actions = actions.filter(organisers=request.actor.organisation_id)
    else:
        query = CalendarQuery()
    actions = services.calendar_actions(actions, query).order_by("-starts_at", "pk")
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/actions/list.html",
        {
            "form": form,
            "page": page,
            "can_create": perms.can_create_action(request.actor),
            "filtered": bool(request.GET.dict().keys() - {"page"}),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_not_required
@require_GET
def action_detail(request: ActorRequest, pk: int) -> HttpResponse:
    action = get_action_for_actor(request, pk)
    actor = request.actor
    can_edit = perms.can_edit_action(actor, action)
    partners = ActionPartner.objects.filter(action=action).select_related("organisation")
    if can_edit:
        shown = Contribution.objects.order_by("date", "pk")
    elif actor.organisation_id is not None:
        # A partner sees its own contributions; others only the partners' names.
        shown = Contribution.objects.filter(partner__organisation_id=actor.organisation_id)
    else:
        shown = Contribution.objects.none()
    partners = partners.prefetch_related(Prefetch("contributions", queryset=shown))
    takes_event = can_edit and action.kind in EVENT_KINDS
    totals = Contribution.objects.filter(partner__action=action).aggregate(
        value=Sum("value"), count=Count("pk")
    )
    return render(
        request,
        "partnerships/actions/detail.html",
        {
            "action": action,
            "partners": partners.order_by("organisation__name", "pk"),
            "can_edit": can_edit,
            "is_member": perms.can_see_member_actions(actor),
            "totals": totals if can_edit else None,
            "has_started": action.starts_at <= timezone.now(),
            "takes_event": takes_event,
            "event": Event.objects.filter(action=action).first() if takes_event else None,
        },
    )


def _action_form_page(request: ActorRequest, action: Action | None) -> HttpResponse:
    choose = perms.can_choose_organisers(request.actor)
    initial = ActionForm.initial_for(action) if action else {"is_public": True}
    form = ActionForm(request.POST or None, initial=initial, choose_organisers=choose)
    if request.method == "POST" and form.is_valid():
        try:
            if action is None:
                action = services.action_create(actor=request.actor, data=form.action_data())
                messages.success(request, _("L'action est enregistrée."))
            else:
                services.action_update(actor=request.actor, action=action, data=form.action_data())
                messages.success(request, _("L'action est modifiée."))
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(action)
    return render(
        request,
        "partnerships/actions/form.html",
        {"form": form, "action": action},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def action_create(request: ActorRequest) -> HttpResponse:
    if not perms.can_create_action(request.actor):
        raise PermissionDenied
    return _action_form_page(request, None)


@require_http_methods(["GET", "POST"])
def action_edit(request: ActorRequest, pk: int) -> HttpResponse:
    action = get_action_for_actor(request, pk, write=True)
    if action.status == Action.Status.CANCELLED:
        messages.error(request, _("Cette action est annulée : elle ne peut plus être modifiée."))
        return redirect(action)
    return _action_form_page(request, action)


@require_http_methods(["GET", "POST"])
def action_held(request: ActorRequest, pk: int) -> HttpResponse:
    """Mark the action held with its outcome, or correct the outcome of a held action."""
    action = get_action_for_actor(request, pk, write=True)
    initial = {
        "participants": action.participants,
        "hires": action.hires,
        "outcome_notes": action.outcome_notes,
    }
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_mark_held(actor=request.actor, action=action, **form.cleaned_data)
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Le bilan de l'action est enregistré."))
            return redirect(action)
    return render(
        request,
        "partnerships/actions/held.html",
        {"form": form, "action": action},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def action_cancel(request: ActorRequest, pk: int) -> HttpResponse:
    action = get_action_for_actor(request, pk, write=True)
    if action.status != Action.Status.PLANNED:
        messages.error(request, _("Seule une action prévue peut être annulée."))
        return redirect(action)
    form = CancelForm(request.POST if confirmed(request) else None)
    if confirmed(request) and form.is_valid():
        try:
            services.action_cancel(
                actor=request.actor, action=action, reason=form.cleaned_data["reason"]
            )
        except ActionError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, _("L'action est annulée."))
            return redirect(action)
    return confirmation_page(
        request,
        Confirmation(
            title=_("Annuler l'action « %(title)s » ?") % {"title": action.title},
            paragraphs=[
                _(
                    "L'action quitte l'agenda public. Elle reste visible des membres, avec le "
                    "motif, et ne compte pas dans les indicateurs."
                )
            ],
            facts=[
                (_("Début"), date_format(timezone.localtime(action.starts_at), "j F Y, H:i")),
                (_("Partenaires"), ActionPartner.objects.filter(action=action).count()),
            ],
            form=form,
            warning=_("L'annulation est définitive : l'action ne pourra pas être rouverte."),
            confirm_label=_("Annuler l'action"),
            cancel_url=action.get_absolute_url(),
            cancel_label=_("Garder l'action"),
            breadcrumb=[
                (_url("partnerships:action_list"), _("Actions de partenariat")),
                (action.get_absolute_url(), action.title),
            ],
        ),
        status=400 if form.is_bound else 200,
    )


def _url(name: str, **kwargs: object) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


@require_http_methods(["GET", "POST"])
def partner_add(request: ActorRequest, pk: int) -> HttpResponse:
    action = get_action_for_actor(request, pk, write=True)
    if action.status == Action.Status.CANCELLED:
        messages.error(request, _("Cette action est annulée : elle ne peut plus être modifiée."))
        return redirect(action)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_add(
                actor=request.actor,
                action=action,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
            )
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Le partenaire est ajouté."))
            return redirect(action)
    return render(
        request,
        "partnerships/actions/partner_form.html",
        {"form": form, "action": action},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def partner_remove(request: ActorRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_editor(request, pk)
    action = partner.action
    if confirmed(request):
        try:
            services.partner_remove(actor=request.actor, partner=partner)
        except ActionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Le partenaire est retiré de l'action."))
        return redirect(action)
    count = partner.contributions.count()
    return confirmation_page(
        request,
        Confirmation(
            title=_("Retirer « %(organisation)s » des partenaires de « %(title)s » ?")
            % {"organisation": partner.organisation.name, "title": action.title},
            paragraphs=[_("Ses apports à cette action sont supprimés avec lui.")],
            facts=[(_("Apports supprimés"), count)],
            warning=_("Cette suppression est définitive."),
            confirm_label=_("Retirer le partenaire"),
            cancel_url=action.get_absolute_url(),
            cancel_label=_("Garder le partenaire"),
            breadcrumb=[(action.get_absolute_url(), action.title)],
            can_confirm=action.status != Action.Status.CANCELLED,
        ),
    )


@require_http_methods(["GET", "POST"])
def contribution_add(request: ActorRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_editor(request, pk)
    action = partner.action
    if action.status == Action.Status.CANCELLED:
        messages.error(request, _("Cette action est annulée : elle ne peut plus être modifiée."))
        return redirect(action)
    form = ContributionForm(
        request.POST or None, initial={"date": timezone.localdate(), "kind": "money"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_add(
                actor=request.actor, partner=partner, data=form.contribution_data()
            )
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("L'apport est enregistré."))
            return redirect(action)
    return render(
        request,
        "partnerships/actions/contribution_form.html",
        {"form": form, "action": action, "partner": partner},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def contribution_remove(request: ActorRequest, pk: int) -> HttpResponse:
    contribution = get_contribution_for_editor(request, pk)
    action = contribution.partner.action
    if confirmed(request):
        try:
            services.contribution_remove(actor=request.actor, contribution=contribution)
        except ActionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("L'apport est supprimé."))
        return redirect(action)
    return confirmation_page(
        request,
        Confirmation(
            title=_("Supprimer l'apport « %(description)s » ?")
            % {"description": contribution.description},
            facts=[
                (_("Partenaire"), contribution.partner.organisation.name),
                (_("Type d'apport"), contribution.get_kind_display()),
                (_("Valeur (€)"), contribution.value),
            ],
            warning=_("Cette suppression est définitive ; l'apport quitte le relevé annuel."),
            confirm_label=_("Supprimer l'apport"),
            cancel_url=action.get_absolute_url(),
            cancel_label=_("Garder l'apport"),
            breadcrumb=[(action.get_absolute_url(), action.title)],
            can_confirm=action.status != Action.Status.CANCELLED,
        ),
    )


# ---------------------------------------------------------------- the public calendar


def _calendar_form(request: ActorRequest, *, default_from: date | None) -> CalendarFilterForm:
    data = request.GET.copy()
    if default_from is not None and "date_from" not in data:
        data["date_from"] = default_from.isoformat()
    return CalendarFilterForm(data)


@login_not_required
@require_GET
def calendar(request: ActorRequest) -> HttpResponse:
    form = _calendar_form(request, default_from=timezone.localdate())
    valid = form.is_valid()
    query = form.query() if valid else CalendarQuery(date_from=timezone.localdate())
    actions = services.calendar_actions(Action.objects.public(), query)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    feed = request.GET.copy()
    feed.pop("page", None)
    return render(
        request,
        "partnerships/actions/calendar.html",
        {
            "form": form,
            "page": page,
            "feed_query": feed.urlencode(),
            "filtered": bool(request.GET.dict().keys() - {"page"}),
        },
        status=200 if valid else 400,
    )


@login_not_required
@require_GET
def calendar_ics(request: ActorRequest) -> HttpResponse:
    form = _calendar_form(request, default_from=None)
    if not form.is_valid():
        return HttpResponse(
            _("Filtres invalides : %(errors)s") % {"errors": form.errors.as_text()},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    actions = services.calendar_actions(Action.objects.public(), form.query())
    body = services.actions_calendar(
        actions,
        name=_("Agenda des partenariats — Lakou"),
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda-partenariats.ics"'
    return response


# ---------------------------------------------------------------- yearly statements


@require_GET
def statements(request: ActorRequest) -> HttpResponse:
    """The actor's organisation's years; for the federation, every partner's years."""
    _require_member(request)
    contributions = Contribution.objects.all()
    if not request.actor.is_federation:
        contributions = contributions.filter(
            partner__organisation_id=request.actor.organisation_id or 0
        )
    rows = (
        contributions.annotate(year=ExtractYear("date"))
        .values("partner__organisation_id", "partner__organisation__name", "year")
        .annotate(total=Sum("value"), count=Count("pk"))
        .order_by("-year", "partner__organisation__name", "partner__organisation_id")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/actions/statements.html",
        {"page": page, "is_federation": request.actor.is_federation},
    )


def _statement_for_actor(request: ActorRequest, pk: int, year: int) -> services.Statement:
    if not perms.can_see_statement(request.actor, pk):
        raise Http404
    if not 2000 <= year <= 2100:
        raise Http404
    organisation = get_object_or_404(Organisation, pk=pk)
    return services.partner_statement(organisation, year)


@require_GET
def statement(request: ActorRequest, pk: int, year: int) -> HttpResponse:
    found = _statement_for_actor(request, pk, year)
    return render(
        request,
        "partnerships/actions/statement.html",
        {"statement": found, "note": services.statement_note()},
    )


@require_GET
def statement_pdf(request: ActorRequest, pk: int, year: int) -> HttpResponse:
    found = _statement_for_actor(request, pk, year)
    response = HttpResponse(services.statement_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="releve-apports-{pk}-{year}.pdf"'
    return response


@require_GET
def statement_xlsx(request: ActorRequest, pk: int, year: int) -> HttpResponse:
    found = _statement_for_actor(request, pk, year)
    response = HttpResponse(services.statement_xlsx(found), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="releve-apports-{pk}-{year}.xlsx"'
    return response


# ---------------------------------------------------------------- indicator 3


@login_not_required
@require_GET
def indicators(request: ActorRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("period", str(timezone.localdate().year))
    form = IndicatorFilterForm(data)
    actions: ActionsResult | None = None
    placements: PlacementsResult | None = None
    if form.is_valid():
        try:
            period = parse_period(form.cleaned_data["period"])
            territory = parse_territory(form.cleaned_data["territory"])
        except IndicatorInputError as error:
            form.add_error(
                "territory" if isinstance(error, TerritoryError) else "period", str(error)
            )
        else:
            actions = partnership_actions(period, territory)
            placements = placements_hosted(period, territory)
    exact = perms.can_see_exact_indicators(request.actor)
    if actions is not None and placements is not None and not exact:
        actions = actions_with_secrecy(actions)
        placements = placements_with_secrecy(placements)
    return render(
        request,
        "partnerships/actions/indicators.html",
        {"form": form, "actions": actions, "placements": placements, "exact": exact},
        status=200 if actions is not None else 400,
    )
