"""Pages of the matches: the person's list with accept and decline (each after a confirmation
page), the other side's list of matches on its opportunities, and indicator 5's public page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.forms import PeriodTerritoryForm
from lakou.core.indicators import IndicatorInputError
from lakou.core.period import TerritoryError, parse_period, parse_territory
from lakou.matching.forms.matches import DeclineForm
from lakou.matching.indicators import MatchesResult, matches_with_secrecy, successful_matches
from lakou.matching.models import Match, MatchStatus
from lakou.matching.perms import matches as perms
from lakou.matching.services import matches as services
from lakou.matching.services.matches import MatchError


def opportunity_label(match: Match) -> str:
    if match.session is not None:
        return match.session.programme.title
    if match.offer is not None:
        return match.offer.title
    if match.workshop is not None:
        return match.workshop.title
    if match.mentor is not None:
        return _("Mentorat avec %(name)s") % {"name": match.mentor.user}
    return ""


def _visible(request: ActorRequest, pk: int) -> Match:
    """The actor's own match, or one on their side's opportunities; 404 otherwise."""
    actor = request.actor
    match = (
        services.person_matches(actor).filter(pk=pk).first()
        or services.incoming(actor).filter(pk=pk).first()
    )
    if match is None:
        raise Http404
    return match


@require_GET
def match_mine(request: ActorRequest) -> HttpResponse:
    if not request.actor.is_person:
        raise PermissionDenied(_("Cette page est celle d'une personne, sans organisation."))
    matches = list(services.person_matches(request.actor)[:200])
    live = [
        m
        for m in matches
        if m.status
        in (MatchStatus.PROPOSED, MatchStatus.PERSON_ACCEPTED, MatchStatus.BOTH_ACCEPTED)
    ]
    done = [m for m in matches if m not in live]
    for match in matches:
        match.label = opportunity_label(match)  # type: ignore[attr-defined]
    return render(
        request,
        "matching/matches/mine.html",
        {"live": live, "done": done, "S": MatchStatus},
    )


@require_GET
def match_incoming(request: ActorRequest) -> HttpResponse:
    if not perms.can_see_incoming(request.actor):
        raise PermissionDenied(_("Cette page est celle d'un organisme ou d'une entreprise."))
    matches = list(services.incoming(request.actor)[:200])
    for match in matches:
        match.label = opportunity_label(match)  # type: ignore[attr-defined]
    return render(request, "matching/matches/incoming.html", {"matches": matches, "S": MatchStatus})


def _back(request: ActorRequest, match: Match) -> str:
    if perms.is_person(request.actor, match):
        return reverse("matching:match_mine")
    return reverse("matching:match_incoming")


@require_http_methods(["GET", "POST"])
def match_accept(request: ActorRequest, pk: int) -> HttpResponse:
    match = _visible(request, pk)
    if not perms.can_accept(request.actor, match):
        raise PermissionDenied(_("Seule la personne concernée accepte une mise en relation."))
    back = reverse("matching:match_mine")
    error = ""
    if confirmed(request):
        try:
            accepted = services.match_accept(actor=request.actor, match=match)
        except MatchError as problem:
            error = problem.message
        else:
            if accepted.next_step == "apply" and match.offer_id is not None:
                messages.info(
                    request,
                    _("C'est noté. Envoyez maintenant votre candidature avec votre CV."),
                )
                return redirect("partnerships:offer_apply", pk=match.offer_id)
            if accepted.next_step == "mentoring_request":
                messages.info(
                    request,
                    _("C'est noté. Dites maintenant ce que vous voulez apprendre avec un mentor."),
                )
                return redirect("partnerships:mentoring_request")
            messages.success(request, _("Vous avez accepté cette mise en relation."))
            return redirect(back)
    can = services.can_move(match, MatchStatus.PERSON_ACCEPTED)
    return confirmation_page(
        request,
        Confirmation(
            title=_("Accepter « %(what)s » ?") % {"what": opportunity_label(match)},
            # A match that no longer waits says so in plain words, also to a second POST,
            # rather than the service's « ne peut pas passer à » between two state names.
            paragraphs=[_("Cette mise en relation n'attend plus votre réponse.")]
            if not can
            else (
                [error]
                if error
                else [
                    _("Lakou transmet votre demande : l'organisme ou l'entreprise vous répondra.")
                ]
            ),
            facts=[
                (_("Type"), match.get_kind_display()),
                (_("Où en est-elle"), match.get_status_display()),
            ],
            confirm_label=_("Oui, j'accepte"),
            cancel_url=back,
            cancel_label=_("Revenir à mes mises en relation"),
            can_confirm=can,
        ),
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def match_decline(request: ActorRequest, pk: int) -> HttpResponse:
    match = _visible(request, pk)
    if not perms.can_decline(request.actor, match):
        raise PermissionDenied(_("Seules la personne et l'autre partie déclinent."))
    back = _back(request, match)
    form = DeclineForm(request.POST if confirmed(request) else None)
    if confirmed(request) and form.is_valid():
        try:
            services.match_decline(
                actor=request.actor, match=match, reason=form.cleaned_data["reason"]
            )
        except MatchError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, _("La mise en relation est déclinée."))
            return redirect(back)
    can = services.can_move(match, MatchStatus.DECLINED)
    return confirmation_page(
        request,
        Confirmation(
            title=_("Décliner « %(what)s » ?") % {"what": opportunity_label(match)},
            paragraphs=[_("L'autre partie lira votre motif.")]
            if can
            else [_("Cette mise en relation est terminée : elle ne se décline plus.")],
            facts=[
                (_("Type"), match.get_kind_display()),
                (_("Où en est-elle"), match.get_status_display()),
            ],
            form=form if can else None,
            warning=_("Une mise en relation déclinée ne se reprend pas.") if can else "",
            confirm_label=_("Décliner"),
            cancel_url=back,
            cancel_label=_("Ne rien changer"),
            can_confirm=can,
        ),
        status=400 if form.is_bound else 200,
    )


def _current_quarter() -> str:
    today = timezone.localdate()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


@login_not_required
@require_GET
def indicators(request: ActorRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("period", _current_quarter())
    form = PeriodTerritoryForm(data)
    form.fields["territory"].help_text = _(
        "La commune de l'opportunité, ou celle de la personne pour une opportunité à distance."
    )
    result: MatchesResult | None = None
    if form.is_valid():
        try:
            period = parse_period(form.cleaned_data["period"])
            territory = parse_territory(form.cleaned_data["territory"])
        except IndicatorInputError as error:
            form.add_error(
                "territory" if isinstance(error, TerritoryError) else "period", str(error)
            )
        else:
            result = successful_matches(period, territory)
    exact = perms.can_see_exact_indicators(request.actor)
    if result is not None and not exact:
        result = matches_with_secrecy(result)
    return render(
        request,
        "matching/matches/indicators.html",
        {"form": form, "result": result, "exact": exact},
        status=200 if result is not None else 400,
    )
