"""Application pages: the learner applies and follows their applications, the company answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.french import de_name
from lakou.core.throttle import client_address, throttle_hit, throttled
from lakou.partnerships.forms.applications import ApplicationForm, DecisionForm, RefusalForm
from lakou.partnerships.models import Application, Offer
from lakou.partnerships.perms import applications as perms
from lakou.partnerships.services.applications import (
    APPLY_THROTTLE_SCOPE,
    application_confirm_hire,
    application_decide,
    application_refuse,
    application_submit,
    application_withdraw,
    apply_limits,
    can_move,
    flagged_applications,
    learner_applications,
)
from lakou.partnerships.services.offers import OfferError, open_for_applications

MY_APPLICATIONS_PAGE_SIZE = 50
FLAGGED_PAGE_SIZE = 100

# ---------------------------------------------------------------- fetch helpers


def _visible_application(request: ActorRequest, pk: int) -> Application:
    applications = Application.objects.visible_to(request.actor).select_related(
        "offer__company", "learner"
    )
    return get_object_or_404(applications, pk=pk)


def get_application_for_company(request: ActorRequest, pk: int) -> Application:
    """An application to an offer of the actor's company: 404 if the actor cannot see it, 403
    for the applicant themself or the federation (answering is the company's)."""
    application = _visible_application(request, pk)
    if not perms.can_decide(request.actor, application):
        raise PermissionDenied
    return application


def get_application_to_withdraw(request: ActorRequest, pk: int) -> Application:
    """The actor's own application; the company's members get 403, others 404."""
    application = _visible_application(request, pk)
    if not perms.can_withdraw(request.actor, application):
        raise PermissionDenied
    return application


def get_offer_to_apply(request: ActorRequest, pk: int) -> Offer:
    """A published offer; a draft or another company's closed offer is a 404, and applying is
    for a person acting for themself (403 for someone acting for an organisation)."""
    offer = get_object_or_404(
        Offer.objects.visible_to(request.actor).with_place(),
        pk=pk,
        status__in=[Offer.Status.PUBLISHED, Offer.Status.CLOSED],
    )
    if not perms.can_apply(request.actor):
        raise PermissionDenied
    return offer


# ---------------------------------------------------------------- the learner


@require_http_methods(["GET", "POST"])
def offer_apply(request: ActorRequest, pk: int) -> HttpResponse:
    offer = get_offer_to_apply(request, pk)
    if not open_for_applications(offer):
        messages.error(request, _("Cette offre ne reçoit plus de candidatures."))
        return redirect(offer)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    context = {"form": form, "offer": offer}
    if request.method == "POST":
        limits = apply_limits(request.actor, client_address(request))
        if throttle_hit(APPLY_THROTTLE_SCOPE, limits):
            form.is_valid()
            return throttled(
                request,
                template="partnerships/offers/apply.html",
                context={**context, "throttled": True},
            )
        if form.is_valid():
            try:
                application_submit(
                    actor=request.actor,
                    offer=offer,
                    message=form.cleaned_data["message"],
                    cv=form.cleaned_data["cv"],
                )
            except OfferError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Votre candidature est envoyée à %(company)s. Vous recevrez sa réponse par "
                        "e-mail ; elle paraît aussi dans « Mes candidatures »."
                    )
                    % {"company": offer.company.name},
                )
                return redirect("partnerships:my_applications")
    return render(
        request,
        "partnerships/offers/apply.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def my_applications(request: ActorRequest) -> HttpResponse:
    assert request.actor.user is not None
    applications = learner_applications(request.actor.user.pk)
    page = Paginator(applications, MY_APPLICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partnerships/offers/my_applications.html", {"page": page})


@require_http_methods(["GET", "POST"])
def application_withdraw_view(request: ActorRequest, pk: int) -> HttpResponse:
    """A page says what withdrawing does; its button (`confirme=oui`) withdraws."""
    application = get_application_to_withdraw(request, pk)
    back = reverse("partnerships:my_applications")
    if not can_move(application, Application.Status.WITHDRAWN):
        messages.error(
            request,
            _("Cette candidature ne peut plus être retirée : elle est « %(status)s ».")
            % {"status": application.get_status_display()},
        )
        return redirect(back)
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Retirer votre candidature à « %(title)s » ?")
                % {"title": application.offer.title},
                paragraphs=[
                    _("L'entreprise %(company)s ne la verra plus comme une candidature en attente.")
                    % {"company": application.offer.company.name}
                ],
                warning=_(
                    "Le retrait est définitif. Pour candidater de nouveau, il faudra renvoyer "
                    "un message et votre CV, si l'offre est encore ouverte."
                ),
                confirm_label=_("Oui, retirer ma candidature"),
                cancel_url=back,
                cancel_label=_("Garder ma candidature"),
                breadcrumb=[(back, _("Mes candidatures"))],
            ),
        )
    try:
        application_withdraw(actor=request.actor, application=application)
    except OfferError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Votre candidature est retirée."))
    return redirect(back)


# ---------------------------------------------------------------- the CV, private


@require_GET
def application_cv(request: ActorRequest, pk: int) -> HttpResponse:
    """The CV, to the applicant and the offer's company only; never a public media address."""
    application = _visible_application(request, pk)
    if not perms.can_read_cv(request.actor, application):
        raise PermissionDenied
    if not application.cv:
        raise Http404
    try:
        with application.cv.open("rb") as handle:
            content = handle.read()  # 5 MB at most (check_cv)
    except FileNotFoundError as error:
        raise Http404 from error
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cv-{application.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- the company


@require_POST
def application_decide_view(request: ActorRequest, pk: int) -> HttpResponse:
    application = get_application_for_company(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["action"] in ("refuse", "withdraw"):
        messages.error(request, _("Action inconnue."))
    else:
        try:
            application_decide(
                actor=request.actor, application=application, action=form.cleaned_data["action"]
            )
        except OfferError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s : %(status)s.")
                % {
                    "name": application.learner.display_name,
                    "status": application.get_status_display(),
                },
            )
    return redirect("partnerships:offer_applications", pk=application.offer_id)


@require_http_methods(["GET", "POST"])
def application_confirm_hire_view(request: ActorRequest, pk: int) -> HttpResponse:
    """For a job's accepted application: a page says what confirming the hire means; its button
    (`confirme=oui`) confirms."""
    application = get_application_for_company(request, pk)
    offer = application.offer
    pipeline = reverse("partnerships:offer_applications", kwargs={"pk": offer.pk})
    if not perms.can_confirm_hire(request.actor, application):
        messages.error(
            request,
            _("L'embauche est déjà confirmée.")
            if application.hire_confirmed_at
            else _(
                "Seule une candidature acceptée à une offre d'emploi se conclut par une embauche."
            ),
        )
        return redirect(pipeline)
    name = application.learner.display_name
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Confirmer l'embauche %(of_name)s ?") % {"of_name": de_name(name)},
                paragraphs=[
                    _("Vous confirmez que %(company)s a embauché %(name)s pour « %(title)s ».")
                    % {"name": name, "company": offer.company.name, "title": offer.title},
                    _("Lakou compte alors cette mise en relation comme réussie."),
                ],
                facts=[
                    (_("Type de contrat"), offer.get_kind_display()),
                    (_("Début prévu"), offer.starts_on.strftime("%d/%m/%Y")),
                ],
                warning=_("La confirmation est définitive."),
                confirm_label=_("Oui, confirmer l'embauche"),
                cancel_url=pipeline,
                cancel_label=_("Pas encore"),
                breadcrumb=[
                    (reverse("partnerships:my_offers"), _("Mes offres")),
                    (pipeline, offer.title),
                ],
            ),
        )
    try:
        application_confirm_hire(actor=request.actor, application=application)
    except OfferError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("L'embauche %(of_name)s est confirmée.") % {"of_name": de_name(name)}
        )
    return redirect(pipeline)


@require_http_methods(["GET", "POST"])
def application_refuse_view(request: ActorRequest, pk: int) -> HttpResponse:
    application = get_application_for_company(request, pk)
    pipeline = reverse("partnerships:offer_applications", kwargs={"pk": application.offer_id})
    if not can_move(application, Application.Status.REFUSED):
        messages.error(
            request,
            _("Cette candidature ne peut plus être refusée : elle est « %(status)s ».")
            % {"status": application.get_status_display()},
        )
        return redirect(pipeline)
    form = RefusalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            application_refuse(
                actor=request.actor, application=application, reason=form.cleaned_data["reason"]
            )
        except OfferError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "La candidature %(of_name)s est refusée ; la personne reçoit le motif par e-mail."
                )
                % {"of_name": de_name(application.learner.display_name)},
            )
            return redirect(pipeline)
    return render(
        request,
        "partnerships/offers/refuse.html",
        {"form": form, "application": application, "offer": application.offer, "back": pipeline},
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- the federation


@require_GET
def applications_flagged(request: ActorRequest) -> HttpResponse:
    """Every application left unanswered for 30 days, company by company."""
    if not perms.can_see_flagged(request.actor):
        raise PermissionDenied
    page = Paginator(flagged_applications(), FLAGGED_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partnerships/offers/flagged.html", {"page": page})
