"""Payment pages: the federation's rate table, the monthly statements (the funders prepare,
validate and mark them paid; each mediator reads their own), and a statement as CSV or PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.exports import CSV_TYPE, csv_bytes
from lakou.mediation.forms.payments import RateForm, StatementFilterForm, parse_month
from lakou.mediation.models import ActKind, Rate, Statement, StatementKind, StatementStatus
from lakou.mediation.perms import payments as perms
from lakou.mediation.services import payments as services
from lakou.mediation.services.payments import PaymentError

PAGE_SIZE = 30
RATE_PAGE_SIZE = 50


def _rate_manager(request: ActorRequest) -> None:
    if not perms.can_manage_rates(request.actor):
        raise PermissionDenied


def _statement(request: ActorRequest, pk: int) -> Statement:
    """A statement the actor may read; another's answers 404."""
    if not perms.can_read_statements(request.actor):
        raise PermissionDenied
    return get_object_or_404(
        perms.visible_statements(request.actor).select_related(
            "mediator__user", "funder", "validated_by", "paid_by"
        ),
        pk=pk,
    )


def _funded(request: ActorRequest, pk: int) -> Statement:
    """A statement the actor validates and marks paid (its funder, or the federation)."""
    statement = _statement(request, pk)
    if not perms.can_validate(request.actor, statement):
        raise PermissionDenied
    return statement


def _label_rate(rate: Rate) -> Rate:
    rate.band = services.band_label(rate.min_minutes, rate.max_minutes)  # type: ignore[attr-defined]
    return rate


# ---------------------------------------------------------------- rate table


@require_GET
def rate_list(request: ActorRequest) -> HttpResponse:
    _rate_manager(request)
    today = timezone.localdate()
    table = services.RateTable.load()
    in_force = [
        (label, [_label_rate(rate) for rate in table.in_force(kind, today)])
        for kind, label in ActKind.choices
    ]
    history = Paginator(
        Rate.objects.order_by("-valid_from", "kind", "min_minutes", "-pk"), RATE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    for rate in history.object_list:
        _label_rate(rate)
        until = table.until.get(rate.pk)
        rate.until = until  # type: ignore[attr-defined]
        rate.state = (  # type: ignore[attr-defined]
            _("À venir")
            if rate.valid_from > today
            else _("En vigueur")
            if table.in_force_on(rate, today)
            else _("Remplacé")
        )
    return render(
        request,
        "mediation/payments/rate_list.html",
        {"in_force": in_force, "history": history, "today": today},
    )


@require_http_methods(["GET", "POST"])
def rate_create(request: ActorRequest) -> HttpResponse:
    """The form, then a confirmation page (a rate is never edited afterwards), then the rate."""
    _rate_manager(request)
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_services()
        try:
            if confirmed(request):
                services.rate_create(actor=request.actor, data=data)
            else:
                services.rate_check(data)
        except PaymentError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if confirmed(request):
                messages.success(request, _("Le tarif est ajouté à la grille."))
                return redirect("mediation:rate_list")
            return confirmation_page(
                request,
                Confirmation(
                    title=_("Ajouter ce tarif à la grille ?"),
                    paragraphs=[
                        _(
                            "Il s'applique aux actes de ce type et de cette durée à partir de sa "
                            "date, et remplace dès ce jour les tarifs du même type dont la tranche "
                            "le recoupe. Les relevés déjà validés gardent leurs montants."
                        )
                    ],
                    facts=[
                        (_("Type d'acte"), ActKind(data.kind).label),
                        (_("Durée"), services.band_label(data.min_minutes, data.max_minutes)),
                        (_("Montant"), f"{data.amount} €".replace(".", ",")),
                        (_("En vigueur à partir du"), data.valid_from.strftime("%d/%m/%Y")),
                    ],
                    warning=_(
                        "Un tarif ne se modifie plus une fois ajouté : pour le changer, on ajoute "
                        "un nouveau tarif à partir d'une date."
                    ),
                    hidden=form.hidden_fields_for_confirmation(),
                    confirm_label=_("Ajouter le tarif"),
                    cancel_url=reverse("mediation:rate_list"),
                    cancel_label=_("Ne pas l'ajouter"),
                    breadcrumb=[(reverse("mediation:rate_list"), _("Grille des tarifs"))],
                ),
            )
    return render(
        request,
        "mediation/payments/rate_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- statements


@require_GET
def statement_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not perms.can_read_statements(actor):
        raise PermissionDenied
    form = StatementFilterForm(request.GET or None)
    statements = perms.visible_statements(actor).select_related("mediator__user", "funder")
    chosen = None
    if form.is_valid():
        chosen = parse_month(form.cleaned_data["month"])
        if chosen:
            statements = statements.filter(month=chosen)
        if form.cleaned_data["status"]:
            statements = statements.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["kind"]:
            statements = statements.filter(kind=form.cleaned_data["kind"])
    page = Paginator(
        statements.annotate(line_count=Count("lines")).order_by(
            "-month", "mediator__user__last_name", "mediator__user__first_name", "pk"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    for statement in page.object_list:
        statement.duration = services.duration_label(statement.total_minutes)  # type: ignore[attr-defined]
    to_prepare = chosen or services.previous_month(timezone.localdate())
    return render(
        request,
        "mediation/payments/statement_list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(request.GET.dict().keys() - {"page"}),
            "can_prepare": perms.can_prepare(actor),
            "can_manage_rates": perms.can_manage_rates(actor),
            "prepare_month": to_prepare,
            "prepare_label": services.month_label(to_prepare),
        },
    )


@require_http_methods(["GET", "POST"])
def statement_prepare(request: ActorRequest) -> HttpResponse:
    """What will be prepared for the month chosen (the one just ended by default), then it."""
    if not perms.can_prepare(request.actor):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    month = parse_month(source.get("mois", "")) or services.previous_month(timezone.localdate())
    back = reverse("mediation:statement_list")
    if confirmed(request):
        try:
            report = services.statements_prepare(month=month, actor=request.actor)
        except PaymentError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "Relevés de %(month)s : %(created)s créés, %(refreshed)s mis à jour, "
                    "%(locked)s déjà validés laissés tels quels, %(left_out)s actes laissés de "
                    "côté (voir chaque relevé)."
                )
                % {
                    "month": services.month_label(month),
                    "created": report.created,
                    "refreshed": report.refreshed,
                    "locked": report.locked,
                    "left_out": report.left_out,
                },
            )
        return redirect(f"{back}?month={month:%Y-%m}")
    existing = perms.visible_statements(request.actor).filter(month=month)
    counts = {row["status"]: row["n"] for row in existing.values("status").annotate(n=Count("pk"))}
    future = month > services.month_start(timezone.localdate())
    label = services.month_label(month)
    return confirmation_page(
        request,
        Confirmation(
            title=_("Préparer les relevés de %(month)s ?") % {"month": label},
            paragraphs=[
                _("Ces relevés se préparent à partir du premier du mois.")
                if future
                else _(
                    "Chaque médiateur qui a des actes ce mois-là reçoit un relevé en brouillon : "
                    "relevé d'actes rémunérés, ou relevé d'heures de bénévolat pour les "
                    "bénévoles. Les brouillons existants sont mis à jour ; les relevés validés "
                    "ou payés ne changent pas."
                )
            ],
            facts=[
                (_("Brouillons existants"), counts.get(StatementStatus.DRAFT, 0)),
                (_("Relevés validés"), counts.get(StatementStatus.VALIDATED, 0)),
                (_("Relevés payés"), counts.get(StatementStatus.PAID, 0)),
            ],
            hidden=[("mois", f"{month:%Y-%m}")],
            confirm_label=_("Préparer les relevés"),
            cancel_url=back,
            cancel_label=_("Retour aux relevés"),
            can_confirm=not future,
            breadcrumb=[(back, _("Relevés mensuels"))],
        ),
    )


@require_GET
def statement_detail(request: ActorRequest, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    lines = services.statement_lines(statement)
    left_out = services.statement_left_out(statement)
    for item in left_out:
        item.act.duration = services.duration_label(item.act.duration_minutes)  # type: ignore[attr-defined]
    return render(
        request,
        "mediation/payments/statement_detail.html",
        {
            "statement": statement,
            "month": services.month_label(statement.month),
            "lines": lines,
            "left_out": left_out,
            "payment": statement.kind == StatementKind.PAYMENT,
            "total_duration": services.duration_label(statement.total_minutes),
            "can_validate": perms.can_validate(request.actor, statement),
            "month_ended": services.month_ended(statement.month),
            "validate_from": services.next_month(statement.month),
        },
    )


@require_POST
def statement_refresh(request: ActorRequest, pk: int) -> HttpResponse:
    statement = _funded(request, pk)
    try:
        services.statement_refresh(actor=request.actor, statement=statement)
    except PaymentError as error:
        messages.error(request, error.message)
    else:
        if not Statement.objects.filter(pk=statement.pk).exists():
            messages.info(
                request,
                _("Ce médiateur n'a plus d'acte ce mois-là : son brouillon est retiré."),
            )
            return redirect("mediation:statement_list")
        messages.success(request, _("Le relevé est à jour des actes du mois."))
    return redirect("mediation:statement_detail", pk=statement.pk)


def _facts(statement: Statement) -> list[tuple[str, object]]:
    facts: list[tuple[str, object]] = [
        (_("Médiateur"), statement.mediator.user.display_name),
        (_("Mois"), services.month_label(statement.month)),
        (_("Type"), statement.get_kind_display()),
        (_("Durée totale"), services.duration_label(statement.total_minutes)),
    ]
    if statement.kind == StatementKind.PAYMENT:
        facts.append((_("Total"), f"{statement.total_amount} €".replace(".", ",")))
    return facts


@require_http_methods(["GET", "POST"])
def statement_validate(request: ActorRequest, pk: int) -> HttpResponse:
    statement = _funded(request, pk)
    back = reverse("mediation:statement_detail", kwargs={"pk": statement.pk})
    if confirmed(request):
        try:
            services.statement_validate(actor=request.actor, statement=statement)
        except PaymentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Le relevé est validé. Il ne peut plus changer."))
        return redirect(back)
    done = statement.is_locked
    return confirmation_page(
        request,
        Confirmation(
            title=_("Valider le relevé de %(name)s ?")
            % {"name": statement.mediator.user.display_name},
            paragraphs=[_("Ce relevé est déjà validé.")]
            if done
            else [_("Vérifiez les lignes et le total sur la page du relevé avant de valider.")]
            if services.month_ended(statement.month)
            else [
                _("Le mois n'est pas fini : ce relevé se valide à partir du %(day)s.")
                % {"day": services.next_month(statement.month).strftime("%d/%m/%Y")}
            ],
            facts=_facts(statement),
            warning=_("Une fois validé, le relevé ne peut plus changer."),
            confirm_label=_("Valider le relevé"),
            cancel_url=back,
            cancel_label=_("Revenir au relevé"),
            can_confirm=not done and services.month_ended(statement.month),
            breadcrumb=[(reverse("mediation:statement_list"), _("Relevés mensuels"))],
        ),
    )


@require_http_methods(["GET", "POST"])
def statement_pay(request: ActorRequest, pk: int) -> HttpResponse:
    statement = _funded(request, pk)
    back = reverse("mediation:statement_detail", kwargs={"pk": statement.pk})
    if confirmed(request):
        try:
            services.statement_mark_paid(actor=request.actor, statement=statement)
        except PaymentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Le relevé est marqué payé."))
        return redirect(back)
    if statement.kind != StatementKind.PAYMENT:
        why = _(
            "Un relevé d'heures de bénévolat ne se paie pas : il sert à valoriser le bénévolat."
        )
    elif statement.status == StatementStatus.DRAFT:
        why = _("Validez d'abord le relevé, puis marquez-le payé.")
    elif statement.status == StatementStatus.PAID:
        why = _("Ce relevé est déjà marqué payé.")
    else:
        why = ""
    return confirmation_page(
        request,
        Confirmation(
            title=_("Marquer payé le relevé de %(name)s ?")
            % {"name": statement.mediator.user.display_name},
            paragraphs=[why] if why else [_("À faire une fois le virement envoyé au médiateur.")],
            facts=_facts(statement),
            warning=_("Le relevé restera marqué payé : cela ne s'annule pas."),
            confirm_label=_("Marquer payé"),
            cancel_url=back,
            cancel_label=_("Revenir au relevé"),
            can_confirm=not why,
            breadcrumb=[(reverse("mediation:statement_list"), _("Relevés mensuels"))],
        ),
    )


def _filename(statement: Statement) -> str:
    kind = "heures-benevolat" if statement.kind == StatementKind.HOURS else "releve-actes"
    return f"{kind}-{statement.month:%Y-%m}-{statement.pk}"


@require_GET
def statement_csv(request: ActorRequest, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    rows = services.statement_rows(statement, services.statement_lines(statement))
    response = HttpResponse(csv_bytes(rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(statement)}.csv"'
    return response


@require_GET
def statement_pdf(request: ActorRequest, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    lines = services.statement_lines(statement)
    response = HttpResponse(
        services.statement_pdf(statement, lines), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{_filename(statement)}.pdf"'
    return response
