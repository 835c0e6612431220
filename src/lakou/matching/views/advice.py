"""Orientation advice pages: the occupations to aim for, one occupation's gap and pathway with
the offers it opens, saving it as a plan; « Mes plans », sharing a plan with advisers (consent,
withdrawn at once); an adviser's reading of a shared plan and proposing one of its sessions.

The pathway is computed in the request: a few tens of milliseconds (bench/README.md,
matching-pathways), less than a background task's round trip.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.matching.forms.advice import PlanShareForm
from lakou.matching.models import OpportunityKind, Origin, Profile, SavedPlan
from lakou.matching.perms import advice as perms
from lakou.matching.services import advice as services
from lakou.matching.services.matches import MatchError, match_propose
from lakou.skills.models import Occupation
from lakou.training.models import Session

PAGE_SIZE = 30


def _person_profile(request: ActorRequest) -> Profile | None:
    """Advice is for a person acting for themself; their profile, or None before they make it."""
    if not request.actor.is_person:
        raise PermissionDenied(_("Les conseils d'orientation sont pour une personne, en son nom."))
    return perms.own_profile(request.actor)


def _occupation(code: str) -> Occupation:
    return get_object_or_404(Occupation, code_rome=code.upper())


def _own_plan(request: ActorRequest, pk: int) -> SavedPlan:
    return get_object_or_404(
        perms.own_plans(request.actor).select_related("occupation", "profile"), pk=pk
    )


def _shared_plan(request: ActorRequest, pk: int) -> SavedPlan:
    return get_object_or_404(
        perms.shared_plans(request.actor).select_related(
            "occupation", "profile__user", "profile__commune"
        ),
        pk=pk,
    )


def _no_profile(request: ActorRequest, title: str) -> HttpResponse:
    return render(request, "matching/advice/no_profile.html", {"title": title})


@require_GET
def advice_page(request: ActorRequest) -> HttpResponse:
    profile = _person_profile(request)
    if profile is None:
        return _no_profile(request, _("Conseils d'orientation"))
    return render(
        request,
        "matching/advice/advice.html",
        {"profile": profile, "occupations": services.advice_for(profile)},
    )


@require_GET
def advice_occupation(request: ActorRequest, code: str) -> HttpResponse:
    occupation = _occupation(code)
    profile = _person_profile(request)
    if profile is None:
        return _no_profile(request, occupation.label)
    return render(
        request,
        "matching/advice/occupation.html",
        {
            "profile": profile,
            "plan": services.occupation_plan(profile, occupation),
            "constraints": _constraints_text(profile),
        },
    )


def _constraints_text(profile: Profile) -> list[str]:
    """The person's constraints as the pathway read them, to check at a glance."""
    lines = []
    if profile.mobility == "none":
        lines.append(_("Sessions à distance seulement (vous ne vous déplacez pas)."))
    else:
        lines.append(
            _("Trajet de %(minutes)s min au plus, %(mode)s, depuis %(commune)s.")
            % {
                "minutes": profile.max_travel_minutes,
                "mode": profile.get_mobility_display().lower(),
                "commune": profile.commune.name,
            }
        )
    if profile.available_from or profile.available_until:
        start = profile.available_from.strftime("%d/%m/%Y") if profile.available_from else "—"
        end = profile.available_until.strftime("%d/%m/%Y") if profile.available_until else "—"
        lines.append(_("Disponible du %(start)s au %(end)s.") % {"start": start, "end": end})
    if profile.needs_funding:
        lines.append(_("Vous avez besoin d'un financement : rien à payer de votre poche."))
    return lines


@require_POST
def plan_save(request: ActorRequest, code: str) -> HttpResponse:
    occupation = _occupation(code)
    _person_profile(request)
    try:
        plan = services.plan_save(actor=request.actor, occupation=occupation)
    except services.PlanError as error:
        messages.error(request, error.message)
        return redirect("matching:advice_occupation", code=occupation.code_rome)
    messages.success(
        request,
        _(
            "Plan enregistré. Il reste privé : vous pouvez le partager avec un conseiller ou un "
            "médiateur ci-dessous."
        ),
    )
    return redirect("matching:plan_detail", pk=plan.pk)


@require_GET
def plan_mine(request: ActorRequest) -> HttpResponse:
    _person_profile(request)
    plans = (
        perms.own_plans(request.actor).select_related("occupation").order_by("-updated_at", "-pk")
    )
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "matching/advice/mine.html", {"page": page})


@require_GET
def plan_detail(request: ActorRequest, pk: int) -> HttpResponse:
    plan = _own_plan(request, pk)
    return render(
        request,
        "matching/advice/plan.html",
        {
            "plan": plan,
            "summary": services.plan_summary(plan),
            "share_form": PlanShareForm(
                initial={"shared": "1" if plan.shared_with_advisers else "0"}
            ),
            "as_adviser": False,
        },
    )


@require_POST
def plan_share(request: ActorRequest, pk: int) -> HttpResponse:
    plan = _own_plan(request, pk)
    form = PlanShareForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "matching/advice/plan.html",
            {
                "plan": plan,
                "summary": services.plan_summary(plan),
                "share_form": form,
                "as_adviser": False,
            },
            status=400,
        )
    shared = form.cleaned_data["shared"]
    services.plan_set_sharing(actor=request.actor, plan=plan, shared=shared)
    messages.success(
        request,
        _("Plan partagé avec les conseillers et les médiateurs.")
        if shared
        else _("Partage retiré : plus aucun conseiller ni médiateur ne voit ce plan."),
    )
    return redirect("matching:plan_detail", pk=plan.pk)


@require_http_methods(["GET", "POST"])
def plan_delete(request: ActorRequest, pk: int) -> HttpResponse:
    plan = _own_plan(request, pk)
    back = reverse("matching:plan_detail", kwargs={"pk": plan.pk})
    if confirmed(request):
        services.plan_delete(actor=request.actor, plan=plan)
        messages.success(request, _("Plan supprimé."))
        return redirect("matching:plan_mine")
    return confirmation_page(
        request,
        Confirmation(
            title=_("Supprimer ce plan ?"),
            paragraphs=[
                _(
                    "Le plan disparaît de « Mes plans » et des conseillers qui le voyaient. Vos "
                    "inscriptions et vos mises en relation ne changent pas."
                )
            ],
            warning=_("On ne peut pas revenir en arrière."),
            facts=[(_("Métier visé"), plan.occupation.label)],
            confirm_label=_("Supprimer le plan"),
            cancel_url=back,
            cancel_label=_("Garder le plan"),
            breadcrumb=[
                (reverse("matching:plan_mine"), _("Mes plans")),
                (back, plan.occupation.label),
            ],
        ),
    )


@require_GET
def plan_shared(request: ActorRequest) -> HttpResponse:
    if not perms.is_adviser(request.actor):
        raise PermissionDenied(
            _("Les plans partagés sont lus par les médiateurs actifs et la fédération.")
        )
    plans = (
        perms.shared_plans(request.actor)
        .select_related("occupation", "profile__user", "profile__commune")
        .defer("profile__commune__boundary")
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "matching/advice/shared.html", {"page": page})


@require_GET
def plan_adviser(request: ActorRequest, pk: int) -> HttpResponse:
    plan = _shared_plan(request, pk)
    return render(
        request,
        "matching/advice/plan.html",
        {"plan": plan, "summary": services.plan_summary(plan), "as_adviser": True},
    )


@require_http_methods(["GET", "POST"])
def plan_propose(request: ActorRequest, pk: int, session_pk: int) -> HttpResponse:
    plan = _shared_plan(request, pk)
    if session_pk not in {step.get("session") for step in plan.steps or []}:
        raise PermissionDenied(_("Cette session n'est pas une étape de ce plan."))
    session = get_object_or_404(Session.objects.select_related("programme"), pk=session_pk)
    back = reverse("matching:plan_adviser", kwargs={"pk": plan.pk})
    if confirmed(request):
        try:
            match_propose(
                actor=request.actor,
                profile=plan.profile,
                kind=OpportunityKind.TRAINING,
                session=session,
                origin=Origin.ADVISER,
            )
        except MatchError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Session proposée : la personne la retrouve dans ses mises en relation."),
            )
        return redirect(back)
    return confirmation_page(
        request,
        Confirmation(
            title=_("Proposer cette session ?"),
            paragraphs=[
                _(
                    "La personne reçoit la proposition dans ses mises en relation ; elle "
                    "l'accepte ou la décline. Rien n'est envoyé à l'organisme avant son accord."
                )
            ],
            facts=[
                (_("Personne"), plan.profile.user.display_name),
                (_("Session"), session.programme.title),
                (_("Dates"), f"{session.starts_on:%d/%m/%Y} – {session.ends_on:%d/%m/%Y}"),
            ],
            confirm_label=_("Proposer la session"),
            cancel_url=back,
            cancel_label=_("Revenir au plan"),
            breadcrumb=[
                (reverse("matching:plan_shared"), _("Plans partagés")),
                (back, plan.occupation.label),
            ],
        ),
    )
