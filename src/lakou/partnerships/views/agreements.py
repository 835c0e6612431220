"""Placement agreements: the lists of each role, the page of one agreement, the company's
writing and sending, the signatures (by link, or by the learner's account), the tutor's
evaluations, the PDF and the CERFA exports."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.exports import XLSX_TYPE
from lakou.core.throttle import Limit, client_address, throttle_hit, throttled
from lakou.partnerships.forms.agreements import (
    AgreementForm,
    BreakOffForm,
    ChangeRequestForm,
    EvaluationForm,
    FinalEvaluationForm,
    SignForm,
)
from lakou.partnerships.models import (
    BINDING_STATES,
    Agreement,
    AgreementEvaluation,
    AgreementLink,
    Application,
    Party,
)
from lakou.partnerships.perms.agreements import (
    can_break_off,
    can_create_agreement,
    can_edit_agreement,
    can_list_agreements,
    can_request_change,
    party_of,
)
from lakou.partnerships.services.agreements import (
    EVALUATION_KIND,
    AgreementError,
    LinkState,
    accepted_without_agreement,
    agreement_back_to_draft,
    agreement_break_off,
    agreement_create,
    agreement_end,
    agreement_hash,
    agreement_pdf,
    agreement_resend_links,
    agreement_sign,
    agreement_submit,
    agreement_update,
    agreements_for,
    cerfa_json,
    cerfa_xlsx,
    evaluation_record,
    evaluation_send_link,
    link_lookup,
    min_hourly_stipend,
    missing_fields,
    signature_is_valid,
    stipend_problem,
    waiting_for_signature,
)

PAGE_SIZE = 50
# Signing or asking for a change from a public link sends e-mails: at most this many an hour
# from one address.
LINK_POSTS_PER_HOUR = 30
Status = Agreement.Status


def _require_lister(request: ActorRequest) -> None:
    if not can_list_agreements(request.actor):
        raise PermissionDenied


def get_agreement_for_actor(request: ActorRequest, pk: int) -> Agreement:
    """An agreement the actor may see; anyone else gets a 404, as on a missing id."""
    return get_object_or_404(
        Agreement.objects.visible_to(request.actor).select_related(
            "learner", "company", "school", "application__offer"
        ),
        pk=pk,
    )


def _company_agreement(request: ActorRequest, pk: int) -> Agreement:
    agreement = get_agreement_for_actor(request, pk)
    if not can_edit_agreement(request.actor, agreement):
        raise PermissionDenied
    return agreement


# ---------------------------------------------------------------- lists


@require_GET
def agreement_list(request: ActorRequest) -> HttpResponse:
    _require_lister(request)
    actor = request.actor
    rows = agreements_for(actor)
    status = request.GET.get("statut", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/agreements/list.html",
        {
            "page": page,
            "statuses": Status.choices,
            "status": status,
            "to_sign": list(waiting_for_signature(actor).select_related("learner", "company")[:20])
            if not actor.is_federation
            else [],
            "to_establish": list(accepted_without_agreement(actor)[:50]),
        },
    )


@require_GET
def agreement_placements(request: ActorRequest) -> HttpResponse:
    """The company's interns and apprentices, the school's learners in placement."""
    actor = request.actor
    if not (actor.is_company or actor.is_provider or actor.is_federation):
        raise PermissionDenied
    rows = agreements_for(actor).filter(status__in=BINDING_STATES).prefetch_related("evaluations")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    title = (
        _("Mes stagiaires et apprentis")
        if actor.is_company
        else _("Stages de mes apprenants")
        if actor.is_provider
        else _("Stages et apprentissages en cours")
    )
    return render(
        request, "partnerships/agreements/placements.html", {"page": page, "title": title}
    )


# ---------------------------------------------------------------- one agreement


@require_GET
def agreement_detail(request: ActorRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_actor(request, pk)
    actor = request.actor
    current = agreement_hash(agreement)
    signatures = [
        (signature, signature_is_valid(signature, current))
        for signature in agreement.signatures.all()
    ]
    party = party_of(actor, agreement)
    signed_parties = {s.party for s, _valid in signatures if s.voided_at is None}
    evaluations = {e.kind: e for e in agreement.evaluations.all()}
    return render(
        request,
        "partnerships/agreements/detail.html",
        {
            "agreement": agreement,
            "signatures": signatures,
            "hash": current,
            "can_edit": can_edit_agreement(actor, agreement),
            "can_request_change": can_request_change(actor, agreement)
            and agreement.status in (Status.READY_TO_SIGN, Status.PARTLY_SIGNED, Status.SIGNED),
            "can_break_off": can_break_off(actor, agreement)
            and agreement.status in (Status.SIGNED, Status.ACTIVE),
            "can_sign": party == Party.LEARNER
            and party not in signed_parties
            and agreement.status in (Status.READY_TO_SIGN, Status.PARTLY_SIGNED),
            "missing": missing_fields(agreement) if agreement.status == Status.DRAFT else [],
            "stipend_problem": stipend_problem(agreement),
            "parties": [(p.value, p.label, p.value in signed_parties) for p in Party],
            "mid_evaluation": evaluations.get(AgreementEvaluation.Kind.MID),
            "final_evaluation": evaluations.get(AgreementEvaluation.Kind.FINAL),
        },
    )


@require_http_methods(["GET", "POST"])
def agreement_create_view(request: ActorRequest, application_pk: int) -> HttpResponse:
    """The company establishes the agreement of an accepted application (prefilled from the offer)."""
    actor = request.actor
    if not actor.is_company:
        raise PermissionDenied
    application = get_object_or_404(
        Application.objects.select_related("offer", "learner").filter(
            offer__company_id=actor.organisation_id
        ),
        pk=application_pk,
    )
    existing = Agreement.objects.filter(application=application).first()
    if existing is not None:
        return redirect("partnerships:agreement_detail", pk=existing.pk)
    allowed = can_create_agreement(actor, application)
    if request.method == "POST" and allowed:
        try:
            agreement = agreement_create(actor=actor, application=application)
        except AgreementError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("La convention est créée en brouillon : vérifiez et complétez-la."),
            )
            return redirect("partnerships:agreement_edit", pk=agreement.pk)
    return render(
        request,
        "partnerships/agreements/create.html",
        {"application": application, "offer": application.offer, "allowed": allowed},
        status=200 if allowed else 409,
    )


@require_http_methods(["GET", "POST"])
def agreement_edit(request: ActorRequest, pk: int) -> HttpResponse:
    agreement = _company_agreement(request, pk)
    if agreement.status != Status.DRAFT:
        messages.warning(
            request,
            _(
                "La convention est à la signature ou signée : demandez d'abord une modification "
                "(retour au brouillon), ce qui annule toutes les signatures."
            ),
        )
        return redirect("partnerships:agreement_detail", pk=agreement.pk)
    form = AgreementForm(request.POST or None, instance=Agreement.objects.get(pk=agreement.pk))
    if request.method == "POST" and form.is_valid():
        try:
            agreement_update(actor=request.actor, agreement=agreement, changes=form.changes())
        except AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("La convention est enregistrée."))
            return redirect("partnerships:agreement_detail", pk=agreement.pk)
    return render(
        request,
        "partnerships/agreements/edit.html",
        {
            "form": form,
            "agreement": agreement,
            "min_hourly": min_hourly_stipend(),
            "stipend_source": settings.INTERNSHIP_MIN_HOURLY_STIPEND_SOURCE,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def agreement_submit_view(request: ActorRequest, pk: int) -> HttpResponse:
    agreement = _company_agreement(request, pk)
    detail = reverse("partnerships:agreement_detail", kwargs={"pk": agreement.pk})
    missing = missing_fields(agreement)
    problem = ""
    if confirmed(request):
        try:
            agreement_submit(actor=request.actor, agreement=agreement)
        except AgreementError as error:
            problem = error.message
        else:
            messages.success(
                request,
                _("La convention est envoyée : chaque partie reçoit son lien de signature."),
            )
            return redirect(detail)
    paragraphs = [
        _(
            "Le stagiaire ou l'apprenti, le tuteur de l'entreprise et le référent de l'école "
            "reçoivent chacun un lien de signature par e-mail."
        )
    ]
    if problem:
        paragraphs.insert(0, problem)
    return confirmation_page(
        request,
        Confirmation(
            title=_("Envoyer la convention à la signature ?"),
            confirm_label=_("Envoyer à la signature"),
            cancel_url=detail,
            cancel_label=_("Revenir à la convention"),
            paragraphs=paragraphs
            if not missing
            else [_("Complétez d'abord : %(f)s.") % {"f": ", ".join(missing)}],
            warning=_(
                "Une fois envoyée, la convention ne se modifie plus sans annuler les signatures."
            ),
            facts=[
                (_("Stagiaire ou apprenti"), agreement.learner.email),
                (_("Tuteur"), agreement.tutor_email),
                (_("Référent de l'école"), agreement.teacher_email),
            ],
            can_confirm=agreement.status == Status.DRAFT and not missing,
        ),
        status=409 if problem else 200,
    )


@require_POST
def agreement_resend(request: ActorRequest, pk: int) -> HttpResponse:
    agreement = _company_agreement(request, pk)
    try:
        count = agreement_resend_links(actor=request.actor, agreement=agreement)
    except AgreementError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(n)s lien(s) de signature renvoyé(s).") % {"n": count})
    return redirect("partnerships:agreement_detail", pk=agreement.pk)


@require_http_methods(["GET", "POST"])
def agreement_sign_view(request: ActorRequest, pk: int) -> HttpResponse:
    """The learner signs from their account."""
    agreement = get_agreement_for_actor(request, pk)
    if party_of(request.actor, agreement) != Party.LEARNER:
        raise PermissionDenied
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement_sign(
                agreement=agreement,
                actor=request.actor,
                signer_name=form.cleaned_data["signer_name"],
                signer_role=form.cleaned_data["signer_role"],
                ip_address=client_address(request),
                user_agent=request.headers.get("User-Agent", ""),
            )
        except AgreementError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Votre signature est enregistrée."))
            return redirect("partnerships:agreement_detail", pk=agreement.pk)
    return render(
        request,
        "partnerships/agreements/sign.html",
        {"form": form, "agreement": agreement, "party": Party.LEARNER.label, "link": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def agreement_back_to_draft_view(request: ActorRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_actor(request, pk)
    if not can_request_change(request.actor, agreement):
        raise PermissionDenied
    detail = reverse("partnerships:agreement_detail", kwargs={"pk": agreement.pk})
    form = ChangeRequestForm(request.POST if confirmed(request) else None)
    if confirmed(request) and form.is_valid():
        try:
            agreement_back_to_draft(
                agreement=agreement, actor=request.actor, reason=form.cleaned_data["reason"]
            )
        except AgreementError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("La convention revient au brouillon ; les signatures sont annulées.")
            )
            return redirect(detail)
    signed = agreement.signatures.filter(voided_at__isnull=True).count()
    return confirmation_page(
        request,
        Confirmation(
            title=_("Demander une modification de la convention ?"),
            confirm_label=_("Revenir au brouillon"),
            cancel_url=detail,
            cancel_label=_("Revenir à la convention"),
            paragraphs=[_("L'entreprise modifiera la convention puis l'enverra de nouveau.")],
            warning=_("Toutes les signatures déjà données seront annulées."),
            facts=[(_("Signatures annulées"), signed)],
            form=form,
            can_confirm=agreement.status
            in (Status.READY_TO_SIGN, Status.PARTLY_SIGNED, Status.SIGNED),
        ),
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def agreement_break_off_view(request: ActorRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_actor(request, pk)
    if not can_break_off(request.actor, agreement):
        raise PermissionDenied
    detail = reverse("partnerships:agreement_detail", kwargs={"pk": agreement.pk})
    form = BreakOffForm(request.POST if confirmed(request) else None)
    if confirmed(request) and form.is_valid():
        try:
            agreement_break_off(
                actor=request.actor,
                agreement=agreement,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("La rupture de la convention est enregistrée."))
            return redirect(detail)
    return confirmation_page(
        request,
        Confirmation(
            title=_("Déclarer la rupture de la convention ?"),
            confirm_label=_("Enregistrer la rupture"),
            cancel_url=detail,
            cancel_label=_("Revenir à la convention"),
            paragraphs=[_("Les trois parties sont prévenues par e-mail.")],
            warning=_("Une convention rompue ne peut plus reprendre."),
            form=form,
            can_confirm=agreement.status in (Status.SIGNED, Status.ACTIVE),
        ),
        status=400 if form.errors else 200,
    )


@require_POST
def agreement_end_view(request: ActorRequest, pk: int) -> HttpResponse:
    agreement = _company_agreement(request, pk)
    try:
        agreement_end(actor=request.actor, agreement=agreement)
    except AgreementError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("La convention est terminée ; le tuteur reçoit le lien de l'évaluation finale."),
        )
    return redirect("partnerships:agreement_detail", pk=agreement.pk)


@require_POST
def agreement_evaluation_send(request: ActorRequest, pk: int, kind: str) -> HttpResponse:
    agreement = _company_agreement(request, pk)
    try:
        evaluation_send_link(actor=request.actor, agreement=agreement, kind=kind)
    except AgreementError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Le tuteur reçoit le lien d'évaluation par e-mail."))
    return redirect("partnerships:agreement_detail", pk=agreement.pk)


# ---------------------------------------------------------------- files


@require_GET
def agreement_pdf_view(request: ActorRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_actor(request, pk)
    response = HttpResponse(agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="convention-{agreement.pk}.pdf"'
    return response


def _contract_agreement(request: ActorRequest, pk: int) -> Agreement:
    agreement = get_agreement_for_actor(request, pk)
    if not agreement.is_contract:
        raise PermissionDenied
    return agreement


@require_GET
def agreement_cerfa(request: ActorRequest, pk: int, export_format: str) -> HttpResponse:
    if export_format not in ("json", "xlsx"):
        raise Http404
    agreement = _contract_agreement(request, pk)
    if export_format == "json":
        body = json.dumps(cerfa_json(agreement), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(cerfa_xlsx(agreement), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="cerfa-fa13-convention-{agreement.pk}.{export_format}"'
    )
    return response


# ---------------------------------------------------------------- e-mailed links


def _link_problem(request: HttpRequest, state: str) -> HttpResponse:
    if state == LinkState.UNKNOWN:
        return render(
            request, "partnerships/agreements/link_problem.html", {"state": state}, status=404
        )
    return render(
        request, "partnerships/agreements/link_problem.html", {"state": state}, status=410
    )


def _link_throttled(request: HttpRequest) -> bool:
    return throttle_hit(
        "agreement-link", [Limit("client", client_address(request), LINK_POSTS_PER_HOUR)]
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def agreement_link(request: HttpRequest, token: str) -> HttpResponse:
    """What an e-mailed link opens: the agreement to sign, or the tutor's evaluation."""
    lookup = link_lookup(token)
    if not lookup.ok or lookup.link is None:
        return _link_problem(request, lookup.state)
    link = lookup.link
    agreement = link.agreement
    if link.purpose == AgreementLink.Purpose.SIGN:
        return _sign_by_link(request, link, agreement, token)
    return _evaluate_by_link(request, link, agreement)


def _sign_by_link(
    request: HttpRequest, link: AgreementLink, agreement: Agreement, token: str
) -> HttpResponse:
    form = SignForm(request.POST or None)
    if request.method == "POST":
        if _link_throttled(request):
            return throttled(request)
        if form.is_valid():
            try:
                agreement_sign(
                    agreement=agreement,
                    link=link,
                    signer_name=form.cleaned_data["signer_name"],
                    signer_role=form.cleaned_data["signer_role"],
                    ip_address=client_address(request),
                    user_agent=request.headers.get("User-Agent", ""),
                )
            except AgreementError as error:
                form.add_error(None, error.message)
            else:
                return redirect("partnerships:agreement_link_done")
    return render(
        request,
        "partnerships/agreements/sign.html",
        {
            "form": form,
            "agreement": agreement,
            "party": Party(link.party).label,
            "link": link,
            "token": token,
            "signatures": [s for s in agreement.signatures.all() if s.voided_at is None],
        },
        status=400 if form.errors else 200,
    )


def _evaluate_by_link(
    request: HttpRequest, link: AgreementLink, agreement: Agreement
) -> HttpResponse:
    kind = EVALUATION_KIND[AgreementLink.Purpose(link.purpose)]
    form_class = FinalEvaluationForm if kind == AgreementEvaluation.Kind.FINAL else EvaluationForm
    form = form_class(request.POST or None)
    if request.method == "POST":
        if _link_throttled(request):
            return throttled(request)
        if form.is_valid():
            try:
                evaluation_record(link=link, **form.cleaned_data)
            except AgreementError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return redirect("partnerships:agreement_link_done")
    return render(
        request,
        "partnerships/agreements/evaluate.html",
        {
            "form": form,
            "agreement": agreement,
            "kind": AgreementEvaluation.Kind(kind),
        },
        status=400 if form.errors else 200,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def agreement_link_change(request: HttpRequest, token: str) -> HttpResponse:
    """A party asks for a change from its signature link: back to draft."""
    lookup = link_lookup(token)
    if not lookup.ok or lookup.link is None or lookup.link.purpose != AgreementLink.Purpose.SIGN:
        return _link_problem(request, lookup.state if not lookup.ok else LinkState.UNKNOWN)
    link = lookup.link
    back = reverse("partnerships:agreement_link", kwargs={"token": token})
    form = ChangeRequestForm(request.POST if confirmed(request) else None)
    if confirmed(request):
        if _link_throttled(request):
            return throttled(request)
        if form.is_valid():
            try:
                agreement_back_to_draft(
                    agreement=link.agreement, link=link, reason=form.cleaned_data["reason"]
                )
            except AgreementError as error:
                form.add_error(None, error.message)
            else:
                return redirect("partnerships:agreement_link_done")
    return confirmation_page(
        request,
        Confirmation(
            title=_("Demander une modification de la convention ?"),
            confirm_label=_("Envoyer ma demande"),
            cancel_url=back,
            cancel_label=_("Revenir à la convention"),
            paragraphs=[
                _("L'entreprise reçoit votre demande, modifie la convention et la renvoie.")
            ],
            warning=_("Toutes les signatures déjà données seront annulées."),
            form=form,
        ),
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def agreement_link_done(request: HttpRequest) -> HttpResponse:
    return render(request, "partnerships/agreements/link_done.html")
