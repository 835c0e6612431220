"""Mentoring pages: the mentor's profile and the mentee's request, « Mon mentorat », the
federation's suggestions and pairs, a pair's meetings and its end."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.french import de_name
from lakou.partnerships.forms.mentoring import (
    MeetingForm,
    MenteeRequestForm,
    MentorProfileForm,
    PairCreateForm,
    PairEndForm,
    profile_initial,
)
from lakou.partnerships.models import MenteeRequest, MentoringPair
from lakou.partnerships.perms import mentoring as perms
from lakou.partnerships.services.mentoring import (
    SUGGESTIONS_SHOWN,
    MenteeRequestData,
    MentoringError,
    MentorProfileData,
    live_request,
    meeting_log,
    mentee_request_save,
    mentee_request_withdraw,
    mentor_choices,
    mentor_profile_of,
    mentor_profile_save,
    mentoring_suggestions,
    pair_create,
    pair_end,
    pairs_create,
    pairs_with_meetings,
    request_wishes,
)

PAIRS_PAGE_SIZE = 50

# ---------------------------------------------------------------- fetch helpers


def require_federation(request: ActorRequest) -> None:
    if not perms.can_manage_mentoring(request.actor):
        raise PermissionDenied


def get_pair_for_actor(request: ActorRequest, pk: int) -> MentoringPair:
    """A pair the actor may see (theirs, or any for the federation); others are 404."""
    pairs = pairs_with_meetings(MentoringPair.objects.visible_to(request.actor))
    return get_object_or_404(pairs, pk=pk)


def get_pair_to_log(request: ActorRequest, pk: int) -> MentoringPair:
    """The actor's own pair: 404 for others, 403 for the federation (meetings are the pair's)."""
    pair = get_pair_for_actor(request, pk)
    if not perms.is_pair_party(request.actor, pair):
        raise PermissionDenied
    return pair


def get_waiting_request(request: ActorRequest, pk: int) -> MenteeRequest:
    require_federation(request)
    return get_object_or_404(
        MenteeRequest.objects.waiting().select_related("learner", "commune"), pk=pk
    )


# ---------------------------------------------------------------- mine


@require_GET
def mentoring_mine(request: ActorRequest) -> HttpResponse:
    """« Mon mentorat »: the mentor's profile and pairs, or the mentee's request and pair."""
    actor = request.actor
    if perms.can_mentor(actor):
        profile = mentor_profile_of(actor)
        pairs = (
            list(pairs_with_meetings(MentoringPair.objects.filter(mentor=profile)))
            if profile
            else []
        )
        return render(
            request,
            "partnerships/mentoring/mine_mentor.html",
            {"profile": profile, "pairs": pairs},
        )
    if perms.can_ask_for_mentor(actor):
        assert actor.user is not None
        live = live_request(actor.user.pk)
        pairs = list(
            pairs_with_meetings(MentoringPair.objects.filter(mentee__learner_id=actor.user.pk))
        )
        return render(
            request,
            "partnerships/mentoring/mine_mentee.html",
            {"live": live, "wishes": request_wishes(live) if live else [], "pairs": pairs},
        )
    raise PermissionDenied


@require_http_methods(["GET", "POST"])
def mentor_profile_edit(request: ActorRequest) -> HttpResponse:
    if not perms.can_mentor(request.actor):
        raise PermissionDenied
    profile = mentor_profile_of(request.actor)
    initial = {}
    if profile is not None:
        initial = profile_initial(profile) | {
            "capacity": profile.capacity,
            "communes": list(profile.communes.all()),
            "accepts_remote": profile.accepts_remote,
            "presentation": profile.presentation,
            "is_active": profile.is_active,
        }
    form = MentorProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mentor_profile_save(
                actor=request.actor,
                data=MentorProfileData(
                    capacity=data["capacity"],
                    availability=data["availability_mask"],
                    competences=data["pairs"],
                    communes=list(data["communes"]),
                    accepts_remote=data["accepts_remote"],
                    presentation=data["presentation"],
                    is_active=data["is_active"],
                ),
            )
        except MentoringError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Votre profil de mentor est enregistré."))
            return redirect("partnerships:mentoring_mine")
    return render(
        request,
        "partnerships/mentoring/mentor_form.html",
        {"form": form, "profile": profile},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def mentee_request_edit(request: ActorRequest) -> HttpResponse:
    if not perms.can_ask_for_mentor(request.actor):
        raise PermissionDenied
    assert request.actor.user is not None
    live = live_request(request.actor.user.pk)
    initial = {}
    if live is not None:
        initial = profile_initial(live) | {
            "goals": live.goals,
            "commune": live.commune_id,
            "accepts_remote": live.accepts_remote,
        }
    form = MenteeRequestForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mentee_request_save(
                actor=request.actor,
                data=MenteeRequestData(
                    goals=data["goals"],
                    commune=data["commune"],
                    availability=data["availability_mask"],
                    wishes=data["pairs"],
                    accepts_remote=data["accepts_remote"],
                ),
            )
        except MentoringError as error:
            field = {"wishes": "competence_1"}.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Votre demande est enregistrée. La fédération vous proposera un mentor ; "
                    "vous serez prévenu par e-mail."
                ),
            )
            return redirect("partnerships:mentoring_mine")
    return render(
        request,
        "partnerships/mentoring/mentee_form.html",
        {"form": form, "live": live},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def mentee_request_withdraw_view(request: ActorRequest) -> HttpResponse:
    if not perms.can_ask_for_mentor(request.actor):
        raise PermissionDenied
    assert request.actor.user is not None
    live = live_request(request.actor.user.pk)
    back = reverse("partnerships:mentoring_mine")
    if live is None or live.status != MenteeRequest.Status.OPEN:
        messages.error(request, _("Vous n'avez pas de demande en attente à retirer."))
        return redirect(back)
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Retirer votre demande de mentorat ?"),
                paragraphs=[_("La fédération ne vous proposera plus de mentor.")],
                warning=_("Pour avoir un mentor plus tard, il faudra refaire une demande."),
                confirm_label=_("Oui, retirer ma demande"),
                cancel_url=back,
                cancel_label=_("Garder ma demande"),
                breadcrumb=[(back, _("Mon mentorat"))],
            ),
        )
    try:
        mentee_request_withdraw(actor=request.actor, request=live)
    except MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Votre demande de mentorat est retirée."))
    return redirect(back)


# ---------------------------------------------------------------- the federation


@require_GET
def mentoring_suggestions_view(request: ActorRequest) -> HttpResponse:
    require_federation(request)
    suggestions = mentoring_suggestions()
    return render(
        request,
        "partnerships/mentoring/suggestions.html",
        {
            "suggestions": suggestions,
            "shown": suggestions.items[:SUGGESTIONS_SHOWN],
            "hidden_count": max(0, len(suggestions.items) - SUGGESTIONS_SHOWN),
        },
    )


@require_POST
def mentoring_suggestions_accept(request: ActorRequest) -> HttpResponse:
    """Form the ticked pairs, after a confirmation page that says who is told by e-mail."""
    require_federation(request)
    keys = request.POST.getlist("pair")
    back = reverse("partnerships:mentoring_suggestions")
    if not keys:
        messages.error(request, _("Cochez au moins une suggestion."))
        return redirect(back)
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=ngettext(
                    "Former %(n)s binôme de mentorat ?",
                    "Former %(n)s binômes de mentorat ?",
                    len(keys),
                )
                % {"n": len(keys)},
                paragraphs=[
                    _(
                        "Chaque mentor et chaque mentoré reçoit un e-mail avec le nom de l'autre "
                        "et les raisons du binôme."
                    )
                ],
                hidden=[("pair", key) for key in keys],
                confirm_label=_("Former les binômes"),
                cancel_url=back,
                cancel_label=_("Revenir aux suggestions"),
                breadcrumb=[(back, _("Suggestions de mentorat"))],
            ),
        )
    result = pairs_create(actor=request.actor, keys=keys)
    if result.created:
        messages.success(
            request,
            ngettext(
                "%(n)s binôme formé ; les deux personnes sont prévenues.",
                "%(n)s binômes formés ; les personnes sont prévenues.",
                len(result.created),
            )
            % {"n": len(result.created)},
        )
    for refusal in result.refused:
        messages.error(request, refusal)
    return redirect(back)


@require_GET
def mentoring_pairs(request: ActorRequest) -> HttpResponse:
    require_federation(request)
    pairs = MentoringPair.objects.with_people().order_by("status", "-started_at", "-pk")
    page = Paginator(pairs, PAIRS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partnerships/mentoring/pairs.html", {"page": page})


@require_http_methods(["GET", "POST"])
def mentoring_pair_create(request: ActorRequest, pk: int) -> HttpResponse:
    """Form a pair by hand: the federation picks any mentor with a place left."""
    mentee = get_waiting_request(request, pk)
    choices = mentor_choices(mentee)
    form = PairCreateForm(request.POST if request.method == "POST" else None)
    form.fields["mentor"].choices = [  # type: ignore[attr-defined]
        (profile.pk, f"{profile.user.display_name} ({profile.organisation.name})")
        for profile, _score, _reasons in choices
    ]
    if request.method == "POST" and form.is_valid():
        mentor = next(p for p, _s, _r in choices if p.pk == form.cleaned_data["mentor"])
        try:
            pair_create(actor=request.actor, request=mentee, mentor=mentor)
        except MentoringError as error:
            form.add_error("mentor", error.message)
        else:
            messages.success(
                request,
                _("Binôme formé : %(mentor)s accompagne %(mentee)s.")
                % {"mentor": mentor.user.display_name, "mentee": mentee.learner.display_name},
            )
            return redirect("partnerships:mentoring_suggestions")
    return render(
        request,
        "partnerships/mentoring/pair_create.html",
        {"form": form, "mentee": mentee, "wishes": request_wishes(mentee), "choices": choices},
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- a pair


@require_GET
def mentoring_pair(request: ActorRequest, pk: int) -> HttpResponse:
    pair = get_pair_for_actor(request, pk)
    can_log = perms.is_pair_party(request.actor, pair) and pair.is_active
    return render(
        request,
        "partnerships/mentoring/pair.html",
        {
            "pair": pair,
            "meetings": list(pair.meetings.all()),
            "form": MeetingForm() if can_log else None,
            "can_end": perms.can_end_pair(request.actor, pair) and pair.is_active,
        },
    )


@require_POST
def mentoring_meeting_log(request: ActorRequest, pk: int) -> HttpResponse:
    pair = get_pair_to_log(request, pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting_log(
                actor=request.actor,
                pair=pair,
                held_on=form.cleaned_data["held_on"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                note=form.cleaned_data["note"],
            )
        except MentoringError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("La rencontre est notée."))
            return redirect(pair)
    return render(
        request,
        "partnerships/mentoring/pair.html",
        {
            "pair": pair,
            "meetings": list(pair.meetings.all()),
            "form": form,
            "can_end": pair.is_active,
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
def mentoring_pair_end(request: ActorRequest, pk: int) -> HttpResponse:
    """A confirmation page with the reason; its button (`confirme=oui`) ends the pair."""
    pair = get_pair_for_actor(request, pk)
    if not perms.can_end_pair(request.actor, pair):
        raise PermissionDenied
    if not pair.is_active:
        messages.error(request, _("Ce binôme est déjà terminé."))
        return redirect(pair)
    form = PairEndForm(request.POST if confirmed(request) else None)
    if confirmed(request) and form.is_valid():
        try:
            pair_end(
                actor=request.actor,
                pair=pair,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except MentoringError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Le binôme est terminé ; l'autre personne est prévenue."))
            return redirect(pair)
    other = (
        pair.mentee.learner.display_name
        if perms.is_pair_mentor(request.actor, pair)
        else pair.mentor.user.display_name
    )
    return confirmation_page(
        request,
        Confirmation(
            title=_("Terminer le binôme avec %(name)s ?") % {"name": other}
            if perms.is_pair_party(request.actor, pair)
            else _("Terminer le binôme %(of_mentor)s et %(mentee)s ?")
            % {
                "of_mentor": de_name(pair.mentor.user.display_name),
                "mentee": pair.mentee.learner.display_name,
            },
            paragraphs=[
                _("L'autre personne reçoit un e-mail avec la raison."),
                _(
                    "Si les objectifs ne sont pas atteints, la demande du mentoré revient parmi "
                    "celles qui attendent un mentor."
                ),
            ],
            warning=_("Un binôme terminé ne peut pas reprendre."),
            form=form,
            confirm_label=_("Terminer le binôme"),
            cancel_url=pair.get_absolute_url(),
            cancel_label=_("Ne rien changer"),
            breadcrumb=[(pair.get_absolute_url(), _("Binôme de mentorat"))],
        ),
        status=400 if confirmed(request) else 200,
    )
