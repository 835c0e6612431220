"""Acts pages: a mediator logs an act on a phone, lists « Mes actes » one month at a time with
what stops each from being paid, corrects or withdraws one; coordinators list the acts with a
problem and accept late ones; everyone exports their acts in La Coop's columns."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.exports import CSV_TYPE
from lakou.mediation.forms.acts import ActForm, ExportForm, MonthFilterForm
from lakou.mediation.models import Act, ActQuerySet, Mediator
from lakou.mediation.perms import acts as perms
from lakou.mediation.services import acts as services
from lakou.mediation.services.act_checks import act_problems_many, is_late
from lakou.mediation.services.acts import ActError

PAGE_SIZE = 30
# The review page looks this far back unless a month is chosen.
REVIEW_DAYS = 92
# Service field names that the form shows under another name.
FORM_FIELDS = {"duration_minutes": "duration"}


def _acts() -> ActQuerySet:
    return Act.objects.select_related(
        "mediator__user", "venue__commune", "commune", "workshop", "redirected_programme"
    )


def _mediator(request: ActorRequest, *, logging: bool) -> Mediator:
    mediator = perms.own_mediator(request.actor)
    if mediator is None or (logging and not perms.can_log(mediator)):
        raise PermissionDenied
    return mediator


def _own_act(request: ActorRequest, pk: int) -> Act:
    act = get_object_or_404(_acts(), pk=pk)
    if not perms.is_own(request.actor, act):
        raise Http404
    return act


def _form_page(request: ActorRequest, act: Act | None) -> HttpResponse:
    mediator = _mediator(request, logging=True)
    trained = services.is_trained(mediator)
    form = ActForm(request.POST or None, mediator=mediator, trained=trained, act=act)
    if request.method == "POST" and form.is_valid():
        try:
            if act is None:
                saved = services.act_create(actor=request.actor, data=form.data_for_services())
            else:
                saved = services.act_update(
                    actor=request.actor, act=act, data=form.data_for_services()
                )
        except ActError as error:
            name = FORM_FIELDS.get(error.field or "", error.field)
            form.add_error(name if name in form.fields else None, error.message)
        else:
            messages.success(request, _("Acte enregistré.") if act is None else _("Acte modifié."))
            return redirect("mediation:act_saved", pk=saved.pk)
    return render(
        request,
        "mediation/acts/form.html",
        {"form": form, "act": act, "trained": trained},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def act_create(request: ActorRequest) -> HttpResponse:
    return _form_page(request, None)


@require_http_methods(["GET", "POST"])
def act_edit(request: ActorRequest, pk: int) -> HttpResponse:
    act = _own_act(request, pk)
    if act.workshop_id is not None or act.withdrawn_at is not None:
        messages.error(
            request,
            _("Un acte d'atelier suit la présence de l'atelier.")
            if act.withdrawn_at is None
            else _("Cet acte est retiré."),
        )
        return redirect("mediation:act_mine")
    return _form_page(request, act)


@require_GET
def act_saved(request: ActorRequest, pk: int) -> HttpResponse:
    act = _own_act(request, pk)
    return render(
        request,
        "mediation/acts/saved.html",
        {"act": act, "problems": act_problems_many([act])[act.pk]},
    )


@require_http_methods(["GET", "POST"])
def act_withdraw(request: ActorRequest, pk: int) -> HttpResponse:
    act = get_object_or_404(_acts(), pk=pk)
    if not perms.can_withdraw(request.actor, act):
        raise Http404
    back = reverse(
        "mediation:act_mine" if perms.is_own(request.actor, act) else "mediation:act_review"
    )
    if confirmed(request):
        try:
            services.act_withdraw(actor=request.actor, act=act)
        except ActError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("L'acte est retiré : il ne compte plus."))
        return redirect(back)
    reason = ""
    if act.withdrawn_at is not None:
        reason = _("Cet acte est déjà retiré.")
    elif act.workshop_id is not None:
        reason = _(
            "Cet acte vient de la présence d'un atelier : corrigez la présence de l'atelier."
        )
    elif act.statement_lines.exists():
        reason = _(
            "Cet acte est sur un relevé mensuel : il ne se retire plus. Si le relevé est encore "
            "un brouillon, le coordinateur en retire d'abord l'acte."
        )
    return confirmation_page(
        request,
        Confirmation(
            title=_("Retirer cet acte ?"),
            paragraphs=[reason]
            if reason
            else [_("Un acte retiré ne compte plus dans les chiffres ni dans les relevés.")],
            facts=_facts(act),
            warning="" if reason else _("Le retrait est définitif."),
            confirm_label=_("Retirer l'acte"),
            cancel_url=back,
            cancel_label=_("Garder l'acte"),
            can_confirm=not reason,
        ),
    )


def _facts(act: Act) -> list[tuple[str, object]]:
    local = timezone.localtime(act.starts_at)
    return [
        (_("Médiateur"), act.mediator),
        (_("Date"), local.strftime("%d/%m/%Y %H:%M")),
        (_("Durée"), _("%(n)s minutes") % {"n": act.duration_minutes}),
        (_("Type"), act.get_kind_display()),
        (
            _("Où"),
            act.venue.name if act.venue else f"{act.get_place_type_display()}, {act.commune.name}",
        ),
    ]


def _month_window(form: MonthFilterForm) -> tuple[datetime, datetime] | None:
    month = form.chosen_month()
    return services.month_bounds(month) if month else None


def _month_start(moment: datetime | None) -> date | None:
    return timezone.localdate(moment).replace(day=1) if moment else None


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def _previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


@require_GET
def act_mine(request: ActorRequest) -> HttpResponse:
    """One month of acts at a time (the current one unless another is chosen), with links to the
    months before and after: a phone never scrolls through a year of acts."""
    mediator = _mediator(request, logging=False)
    acts = _acts().live().filter(mediator=mediator)
    span = acts.aggregate(first=Min("starts_at"), last=Max("starts_at"))
    first, last = _month_start(span["first"]), _month_start(span["last"])
    form = MonthFilterForm(request.GET or None, with_all=False, since=first, until=last)
    current = timezone.localdate().replace(day=1)
    month = form.chosen_month() or current
    previous, following = _previous_month(month), _next_month(month)
    window = services.month_bounds(month)
    acts = acts.filter(starts_at__gte=window[0], starts_at__lt=window[1])
    totals = acts.aggregate(count=Count("pk"), minutes=Sum("duration_minutes"))
    page = Paginator(acts.order_by("-starts_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    problems = act_problems_many(rows)
    last_day = timezone.localdate(window[1] - timedelta(seconds=1))
    export_query = f"?start={month.isoformat()}&end={last_day.isoformat()}"
    return render(
        request,
        "mediation/acts/mine.html",
        {
            "form": form,
            # The month links change the month without unfolding the month picker.
            "filtered": False,
            "month": month,
            "is_current_month": month == current,
            # Never a link to a month before the first act or after the last one.
            "previous_month": previous if first and previous >= first else None,
            "next_month": following if following <= max(current, last or current) else None,
            "current_month": current,
            "has_acts": first is not None,
            "page": page,
            "rows": [(act, problems[act.pk]) for act in rows],
            "count": totals["count"],
            "minutes": totals["minutes"] or 0,
            "can_log": perms.can_log(mediator),
            "export_url": reverse("mediation:act_export") + export_query,
        },
    )


@require_GET
def act_review(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not perms.can_coordinate(actor):
        raise PermissionDenied
    form = MonthFilterForm(request.GET or None, all_label=_("Les trois derniers mois"))
    window = _month_window(form)
    if window is None:
        now = timezone.now()
        window = (now - timedelta(days=REVIEW_DAYS), now + timedelta(days=1))
    acts = list(
        _acts()
        .live()
        .filter(perms.coordinated(actor), starts_at__gte=window[0], starts_at__lt=window[1])
        .order_by("-starts_at", "-pk")
    )
    problems = act_problems_many(acts)
    flagged = [
        (act, problems[act.pk], act.late_approved_at is None and is_late(act))
        for act in acts
        if problems[act.pk]
    ]
    page = Paginator(flagged, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mediation/acts/review.html",
        {
            "form": form,
            "filtered": bool(request.GET.dict().keys() - {"page"}),
            "page": page,
            "export_form": ExportForm(),
            "late_days": services.late_limit(),
        },
    )


@require_http_methods(["GET", "POST"])
def act_late_approve(request: ActorRequest, pk: int) -> HttpResponse:
    act = get_object_or_404(_acts(), pk=pk)
    if not perms.can_review(request.actor, act):
        raise Http404
    back = reverse("mediation:act_review")
    if confirmed(request):
        try:
            services.act_late_approve(actor=request.actor, act=act)
        except ActError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Retard accepté : l'acte peut être payé."))
        return redirect(back)
    reason = ""
    if act.withdrawn_at is not None:
        reason = _("Cet acte est retiré.")
    elif act.late_approved_at is not None:
        reason = _("Ce retard est déjà accepté.")
    elif not is_late(act):
        reason = _("Cet acte a été noté à temps : il n'y a pas de retard à accepter.")
    logged = timezone.localtime(act.logged_at)
    return confirmation_page(
        request,
        Confirmation(
            title=_("Accepter le retard de cet acte ?"),
            paragraphs=[reason]
            if reason
            else [
                _(
                    "L'acte a été noté plus de %(days)s jours après avoir eu lieu. Une fois le "
                    "retard accepté, il peut figurer sur un relevé et être payé."
                )
                % {"days": services.late_limit()}
            ],
            facts=[*_facts(act), (_("Noté le"), logged.strftime("%d/%m/%Y %H:%M"))],
            confirm_label=_("Accepter le retard"),
            cancel_url=back,
            cancel_label=_("Revenir aux actes à vérifier"),
            can_confirm=not reason,
        ),
    )


@require_GET
def act_export(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if perms.can_coordinate(actor):
        acts = _acts().filter(perms.coordinated(actor))
        name = "actes-mediation"
    else:
        mediator = _mediator(request, logging=False)
        acts = _acts().filter(mediator=mediator)
        name = "mes-actes"
    form = ExportForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            " ".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if form.is_bound:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if start:
            acts = acts.filter(
                starts_at__gte=timezone.make_aware(datetime.combine(start, time.min))
            )
        if end:
            following = end + timedelta(days=1)
            acts = acts.filter(
                starts_at__lt=timezone.make_aware(datetime.combine(following, time.min))
            )
    body = services.coop_csv(acts.live().order_by("starts_at", "pk").iterator(chunk_size=2000))
    response = HttpResponse(body, content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
