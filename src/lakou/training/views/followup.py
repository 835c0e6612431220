"""Six-month follow-up: the learner's answer page (the link's token is the key), the provider's pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.french import de_name
from lakou.training.errors import TrainingError
from lakou.training.forms.followup import FollowUpAnswerForm, FollowUpFilterForm
from lakou.training.models import FollowUp
from lakou.training.perms.followup import can_list_follow_ups
from lakou.training.services.followup import (
    follow_up_answer,
    follow_up_by_token,
    follow_up_declare_unreachable,
    follow_ups_of_provider,
)

FOLLOW_UP_PAGE_SIZE = 50

# ---------------------------------------------------------------- fetch helpers


def _unknown_link(request: HttpRequest) -> HttpResponse:
    """A mistyped link, or one replaced by the link of a later e-mail: a French 404."""
    return render(request, "training/followup/unknown_link.html", status=404)


def get_follow_up_for_actor(request: ActorRequest, pk: int) -> FollowUp:
    """A follow-up of the actor's provider; anyone else gets a 404, as on a missing id."""
    follow_ups = (
        FollowUp.objects.of_provider(request.actor.organisation_id)
        if can_list_follow_ups(request.actor)
        else FollowUp.objects.none()
    )
    return get_object_or_404(
        follow_ups.select_related("certificate__programme", "certificate__learner"), pk=pk
    )


# ---------------------------------------------------------------- the learner


@login_not_required
@require_http_methods(["GET", "POST"])
def followup_answer(request: HttpRequest, token: str) -> HttpResponse:
    follow_up = follow_up_by_token(token)
    if follow_up is None:
        return _unknown_link(request)
    if follow_up.state == FollowUp.State.ANSWERED:
        return render(request, "training/followup/done.html", {"follow_up": follow_up})
    form = FollowUpAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_answer(follow_up=follow_up, channel=FollowUp.Channel.EMAIL, **form.answer())
        except TrainingError as error:
            form.add_error(None, error.message)
        else:
            return redirect("training:followup_thanks", token=token)
    return render(
        request,
        "training/followup/answer.html",
        {"form": form, "follow_up": follow_up},
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def followup_thanks(request: HttpRequest, token: str) -> HttpResponse:
    follow_up = follow_up_by_token(token)
    if follow_up is None:
        return _unknown_link(request)
    if follow_up.state != FollowUp.State.ANSWERED:
        return redirect("training:followup_answer", token=token)
    return render(request, "training/followup/thanks.html", {"follow_up": follow_up})


# ---------------------------------------------------------------- the provider


@require_GET
def followup_list(request: ActorRequest) -> HttpResponse:
    if not can_list_follow_ups(request.actor):
        raise PermissionDenied
    form = FollowUpFilterForm(request.GET or None)
    follow_ups = follow_ups_of_provider(request.actor.organisation_id, state=form.state_value())
    page = Paginator(follow_ups, FOLLOW_UP_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/followup/list.html", {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
def followup_record(request: ActorRequest, pk: int) -> HttpResponse:
    follow_up = get_follow_up_for_actor(request, pk)
    if follow_up.state == FollowUp.State.ANSWERED:
        messages.warning(request, _("La réponse de cette personne est déjà enregistrée."))
        return redirect("training:followup_list")
    form = FollowUpAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_answer(
                follow_up=follow_up,
                channel=FollowUp.Channel.PHONE,
                actor=request.actor,
                **form.answer(),
            )
        except TrainingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La réponse prise par téléphone est enregistrée."))
            return redirect("training:followup_list")
    return render(
        request,
        "training/followup/record.html",
        {"form": form, "follow_up": follow_up},
        status=400 if form.errors else 200,
    )


@require_POST
def followup_unreachable(request: ActorRequest, pk: int) -> HttpResponse:
    follow_up = get_follow_up_for_actor(request, pk)
    try:
        follow_up_declare_unreachable(actor=request.actor, follow_up=follow_up)
    except TrainingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Le suivi %(of_name)s est déclaré sans réponse.")
            % {"of_name": de_name(follow_up.certificate.learner_name)},
        )
    return redirect("training:followup_list")
