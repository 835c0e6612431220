"""Offer pages: the public search and offer page, the company's offers and their pipelines."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.partnerships.forms.offers import OfferFilterForm, OfferForm
from lakou.partnerships.models import Application, Offer
from lakou.partnerships.perms import applications as application_perms
from lakou.partnerships.perms import offers as perms
from lakou.partnerships.services.applications import (
    can_move as application_can_move,
)
from lakou.partnerships.services.applications import (
    offer_pipeline,
    pipeline_counts,
)
from lakou.partnerships.services.offers import (
    OfferError,
    can_move,
    company_offers,
    offer_close,
    offer_create,
    offer_job_posting,
    offer_publish,
    offer_update,
    offer_url,
    offers_page,
    open_for_applications,
)

SEARCH_PAGE_SIZE = 20
PROPOSE = "proposer"  # the name of the « Proposer un métier » button
MY_OFFERS_PAGE_SIZE = 50
PIPELINE_PAGE_SIZE = 100

# What json.dumps leaves that would end or comment the <script> element (as Django's json_script).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data: object) -> SafeString:
    """A `<script type="application/ld+json">` that no text of the offer can close early."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308 - <, > and & are escaped above
    )


# ---------------------------------------------------------------- fetch helpers


def get_offer_for_actor(request: ActorRequest, pk: int, *, write: bool = False) -> Offer:
    """An offer the actor may see (404 otherwise, whatever the action); `write` requires its
    company: 403 for someone who does not act for a company, 404 for another company."""
    offer = get_object_or_404(Offer.objects.visible_to(request.actor).with_place(), pk=pk)
    if write:
        if not perms.can_post_offers(request.actor):
            raise PermissionDenied
        if not perms.can_edit_offer(request.actor, offer):
            raise Http404
    return offer


def _require_company(request: ActorRequest) -> None:
    if not perms.can_post_offers(request.actor):
        raise PermissionDenied


# ---------------------------------------------------------------- public pages


@login_not_required
@require_GET
def offer_search(request: ActorRequest) -> HttpResponse:
    form = OfferFilterForm(request.GET or None)
    page = offers_page(form.query(), request.GET.get("page"), per_page=SEARCH_PAGE_SIZE)
    return render(
        request,
        "partnerships/offers/search.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(request.GET.dict().keys() - {"page"}),
        },
    )


@login_not_required
@require_GET
def offer_detail(request: ActorRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_actor(request, pk)
    actor = request.actor
    own_application = None
    if actor.user is not None:
        own_application = (
            Application.objects.filter(offer=offer, learner=actor.user)
            .order_by("-created_at", "-pk")
            .first()
        )
    json_ld = None
    if offer.status == Offer.Status.PUBLISHED:
        json_ld = json_ld_script(offer_job_posting(offer, url=offer_url(offer)))
    return render(
        request,
        "partnerships/offers/detail.html",
        {
            "offer": offer,
            "competences": offer.competences.select_related("framework").order_by("code"),
            "json_ld": json_ld,
            "can_edit": perms.can_edit_offer(actor, offer),
            "can_apply": application_perms.can_apply(actor) or actor.user is None,
            "is_open": open_for_applications(offer),
            "own_application": own_application,
            "can_withdraw": own_application is not None
            and application_can_move(own_application, Application.Status.WITHDRAWN),
        },
    )


# ---------------------------------------------------------------- the company's pages


@require_GET
def my_offers(request: ActorRequest) -> HttpResponse:
    _require_company(request)
    offers = company_offers(request.actor.organisation_id)
    page = Paginator(offers, MY_OFFERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partnerships/offers/mine.html", {"page": page})


def _apply_errors(form: OfferForm, error: OfferError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _proposing(request: ActorRequest) -> bool:
    """« Proposer un métier » was pressed: the form comes back with the occupations proposed
    for its title, nothing saved, no error shown yet."""
    return request.method == "POST" and PROPOSE in request.POST


@require_http_methods(["GET", "POST"])
def offer_create_view(request: ActorRequest) -> HttpResponse:
    _require_company(request)
    if _proposing(request):
        form = OfferForm(initial=OfferForm.initial_from(request.POST))
        return render(request, "partnerships/offers/form.html", {"form": form, "offer": None})
    form = OfferForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = offer_create(actor=request.actor, data=form.offer_data())
        except OfferError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Brouillon enregistré. Relisez l'offre, puis publiez-la pour recevoir des "
                    "candidatures."
                ),
            )
            return redirect(offer)
    return render(
        request,
        "partnerships/offers/form.html",
        {"form": form, "offer": None},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def offer_edit(request: ActorRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_actor(request, pk, write=True)
    if offer.status == Offer.Status.CLOSED:
        messages.error(request, _("Une offre close ne se modifie plus."))
        return redirect(offer)
    if _proposing(request):
        form = OfferForm(initial=OfferForm.initial_from(request.POST))
        return render(request, "partnerships/offers/form.html", {"form": form, "offer": offer})
    form = OfferForm(
        request.POST if request.method == "POST" else None, initial=OfferForm.initial_for(offer)
    )
    if request.method == "POST" and form.is_valid():
        try:
            offer_update(actor=request.actor, offer=offer, data=form.offer_data())
        except OfferError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("L'offre est modifiée."))
            return redirect(offer)
    return render(
        request,
        "partnerships/offers/form.html",
        {"form": form, "offer": offer},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def offer_publish_view(request: ActorRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_actor(request, pk, write=True)
    try:
        offer_publish(actor=request.actor, offer=offer)
    except OfferError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("L'offre est publiée : elle paraît dans la recherche des offres.")
        )
    return redirect(offer)


@require_http_methods(["GET", "POST"])
def offer_close_view(request: ActorRequest, pk: int) -> HttpResponse:
    """A page says what closing does; its button (`confirme=oui`) closes."""
    offer = get_offer_for_actor(request, pk, write=True)
    if not can_move(offer, Offer.Status.CLOSED):
        messages.error(
            request,
            _("Cette offre ne peut pas être close : elle est « %(status)s ».")
            % {"status": offer.get_status_display()},
        )
        return redirect(offer)
    if not confirmed(request):
        counts = pipeline_counts(offer)
        back = offer.get_absolute_url()
        return confirmation_page(
            request,
            Confirmation(
                title=_("Clore l'offre « %(title)s » ?") % {"title": offer.title},
                paragraphs=[
                    _("L'offre quitte la recherche publique et ne reçoit plus de candidatures."),
                    _("Vous pourrez encore répondre aux candidatures en attente."),
                ],
                facts=[
                    (_("Candidatures nouvelles"), counts.new),
                    (_("Candidatures en cours d'examen"), counts.examining),
                    (_("Candidatures acceptées"), counts.accepted),
                ],
                warning=_("Une offre close ne peut pas être publiée de nouveau."),
                confirm_label=_("Oui, clore l'offre"),
                cancel_url=back,
                cancel_label=_("Garder l'offre ouverte"),
                breadcrumb=[
                    (reverse("partnerships:my_offers"), _("Mes offres")),
                    (back, offer.title),
                ],
            ),
        )
    try:
        offer_close(actor=request.actor, offer=offer)
    except OfferError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("L'offre est close."))
    return redirect(offer)


@require_GET
def offer_applications(request: ActorRequest, pk: int) -> HttpResponse:
    """The offer's pipeline: each application with the buttons its state allows."""
    offer = get_offer_for_actor(request, pk, write=True)
    page = Paginator(offer_pipeline(offer), PIPELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/offers/pipeline.html",
        {"offer": offer, "counts": pipeline_counts(offer), "page": page},
    )
