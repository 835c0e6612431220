"""The workshop planner's pages: the runs and the form that computes a quarter's plan, a run's
proposals grouped by commune with their reasons, accepting (draft workshops) or dismissing one.

The plan is computed in the request, then the page of the run opens: at Martinique's scale the
solve takes a few seconds (bench/results/mediation-planner.json), less than a background task's
round trip through the worker, and the person sees the result at once.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.mediation.forms.planning import PlanForm
from lakou.mediation.models import PlanProposal, PlanRun, ProposalStatus
from lakou.mediation.perms import planning as perms
from lakou.mediation.services import planning as services
from lakou.mediation.services.planning import PlanningError

PAGE_SIZE = 30
P = ProposalStatus


def _run(request: ActorRequest, pk: int) -> PlanRun:
    return get_object_or_404(
        perms.visible_runs(request.actor).select_related("epci", "requested_by"), pk=pk
    )


def _proposal(request: ActorRequest, pk: int) -> PlanProposal:
    runs = perms.visible_runs(request.actor)
    return get_object_or_404(
        PlanProposal.objects.filter(run__in=runs).select_related(
            "run", "commune", "venue", "mediator__user"
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def plan_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not perms.can_plan(actor):
        raise PermissionDenied
    form = PlanForm(
        request.POST or None, today=timezone.localdate(), with_territory=actor.is_federation
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.plan_run(
                actor=actor,
                quarter_start=form.cleaned_data["quarter"],
                epci=form.cleaned_data.get("epci"),
            )
        except PlanningError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            count = run.proposals.count()
            messages.success(
                request,
                ngettext(
                    "Plan calculé en %(seconds)s s : %(n)s proposition.",
                    "Plan calculé en %(seconds)s s : %(n)s propositions.",
                    count,
                )
                % {"seconds": f"{run.solve_seconds:.1f}".replace(".", ","), "n": count},
            )
            return redirect("mediation:plan_detail", pk=run.pk)
    runs = (
        perms.visible_runs(actor)
        .select_related("epci", "requested_by")
        .annotate(
            proposed_count=Count("proposals", filter=Q(proposals__status=P.PROPOSED)),
            accepted_count=Count("proposals", filter=Q(proposals__status=P.ACCEPTED)),
            dismissed_count=Count("proposals", filter=Q(proposals__status=P.DISMISSED)),
        )
        .order_by("-created_at", "-pk")
    )
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mediation/planning/list.html",
        {
            "form": form,
            "page": page,
            "rows": [(run, services.quarter_name(run.quarter_start)) for run in page.object_list],
            "territory": None if actor.is_federation else actor.organisation,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def plan_detail(request: ActorRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    proposals = list(
        run.proposals.select_related("commune", "venue", "mediator__user")
        .prefetch_related("accepted_workshops")
        .order_by("commune__name", "week_start", "venue__name", "pk")
    )
    groups = []
    for _commune_id, items in groupby(proposals, key=lambda p: p.commune_id):
        rows = list(items)
        groups.append(
            {
                "commune": rows[0].commune,
                "reasons": rows[0].reasons[:-1],
                "workshops": sum(p.workshops for p in rows),
                "proposals": rows,
            }
        )
    counts = {status: sum(p.status == status for p in proposals) for status in P.values}
    return render(
        request,
        "mediation/planning/detail.html",
        {
            "run": run,
            "quarter": services.quarter_label(run.quarter_start),
            "groups": groups,
            "counts": counts,
            "workshops": sum(p.workshops for p in proposals),
        },
    )


def _facts(proposal: PlanProposal) -> list[tuple[str, object]]:
    return [
        (_("Commune"), proposal.commune.name),
        (_("Lieu"), proposal.venue.name),
        (_("Semaine du"), date_format(proposal.week_start, "l j F Y")),
        (_("Médiateur ou médiatrice"), proposal.mediator.user.display_name),
        (_("Ateliers"), proposal.workshops),
    ]


@require_http_methods(["GET", "POST"])
def proposal_accept(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    back = reverse("mediation:plan_detail", kwargs={"pk": proposal.run_id})
    if confirmed(request):
        try:
            workshops = services.proposal_accept(actor=request.actor, proposal=proposal)
        except PlanningError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Proposition acceptée : %(n)s atelier créé en brouillon, à publier depuis « Mes ateliers ».",
                    "Proposition acceptée : %(n)s ateliers créés en brouillon, à publier depuis « Mes ateliers ».",
                    len(workshops),
                )
                % {"n": len(workshops)},
            )
        return redirect(f"{back}#commune-{proposal.commune_id}")
    done = proposal.status != P.PROPOSED
    return confirmation_page(
        request,
        Confirmation(
            title=_("Accepter cette proposition ?"),
            paragraphs=[_("Cette proposition a déjà été traitée.")]
            if done
            else [
                _(
                    "Les ateliers sont créés en brouillon au nom de votre organisation, de 2 heures "
                    "chacun, aux horaires d'ouverture du lieu (le mardi à 9 h s'ils ne sont pas "
                    "indiqués), avec ce médiateur ou cette médiatrice. Vérifiez avec le lieu et la "
                    "personne, puis publiez-les pour ouvrir les inscriptions."
                )
            ],
            facts=_facts(proposal),
            confirm_label=_("Accepter et créer les ateliers"),
            cancel_url=back,
            cancel_label=_("Revenir au plan"),
            can_confirm=not done,
            breadcrumb=[
                (reverse("mediation:plan_list"), _("Planificateur d'ateliers")),
                (back, services.quarter_label(proposal.run.quarter_start)),
            ],
        ),
    )


@require_http_methods(["GET", "POST"])
def proposal_dismiss(request: ActorRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    back = reverse("mediation:plan_detail", kwargs={"pk": proposal.run_id})
    if confirmed(request):
        try:
            services.proposal_dismiss(actor=request.actor, proposal=proposal)
        except PlanningError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Proposition écartée."))
        return redirect(f"{back}#commune-{proposal.commune_id}")
    done = proposal.status != P.PROPOSED
    return confirmation_page(
        request,
        Confirmation(
            title=_("Écarter cette proposition ?"),
            paragraphs=[_("Cette proposition a déjà été traitée.")]
            if done
            else [_("Aucun atelier n'est créé. Un prochain calcul pourra la proposer à nouveau.")],
            facts=_facts(proposal),
            confirm_label=_("Écarter la proposition"),
            cancel_url=back,
            cancel_label=_("Revenir au plan"),
            can_confirm=not done,
            breadcrumb=[
                (reverse("mediation:plan_list"), _("Planificateur d'ateliers")),
                (back, services.quarter_label(proposal.run.quarter_start)),
            ],
        ),
    )
