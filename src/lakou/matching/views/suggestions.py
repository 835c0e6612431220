"""« Propositions pour moi », « Cela m'intéresse », the candidates of an employer's or a
provider's opportunity, contact through Lakou, and the companies likely to hire."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.matching.forms.suggestions import AnswerForm, ContactForm, KindFilterForm, OccupationForm
from lakou.matching.models import ContactRequest, OpportunityKind, Profile
from lakou.matching.perms import suggestions as perms
from lakou.matching.services import candidates as candidate_services
from lakou.matching.services import suggestions as services
from lakou.matching.services.opportunities import OpportunityRef
from lakou.partnerships.models import Offer
from lakou.training.models import Session

KIND_SLUGS = {
    "formation": OpportunityKind.TRAINING,
    "stage": OpportunityKind.INTERNSHIP,
    "emploi": OpportunityKind.JOB,
    "mentorat": OpportunityKind.MENTORING,
    "atelier": OpportunityKind.WORKSHOP,
}
SLUG_OF = {kind: slug for slug, kind in KIND_SLUGS.items()}


def _url(name: str, fallback: str = "matching:suggestions") -> str:
    """A page of another part of the app, while it is being written (else the suggestions)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return reverse(fallback)


def _title(obj: object) -> str:
    if isinstance(obj, Session):
        return obj.programme.title
    if isinstance(obj, Offer):
        return obj.title
    title = getattr(obj, "title", None)
    if title:
        return str(title)
    organisation = getattr(obj, "organisation", None)
    return _("Mentorat avec un professionnel de %(org)s") % {"org": organisation}


# ---------------------------------------------------------------- the person


@require_GET
def suggestions(request: ActorRequest) -> HttpResponse:
    profile = perms.own_profile(request.actor)
    form = KindFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    groups: list[tuple[str, str, list[tuple[services.Suggestion, str]]]] = []
    contacts: list[ContactRequest] = []
    missing: list[str] = []
    if profile is not None:
        found = services.suggestions_for(profile=profile, kind=kind)
        groups = [
            (SLUG_OF[k], str(OpportunityKind(k).label), [(s, _title(s.obj)) for s in found[k]])
            for k in services.KIND_ORDER
            if k in found
        ]
        contacts = list(
            ContactRequest.objects.filter(profile=profile, answered_at__isnull=True)
            .select_related("organisation")
            .order_by("-created_at", "-pk")
        )
        missing = _missing(profile)
    return render(
        request,
        "matching/suggestions/list.html",
        {
            "profile": profile,
            "form": form,
            "kind": kind,
            "groups": groups,
            "contacts": contacts,
            "missing": missing,
            "profile_url": _url("matching:profile_edit"),
        },
    )


def _missing(profile: Profile) -> list[str]:
    """What the person can add to their profile for better suggestions."""
    out = []
    if not profile.competences.all():
        out.append(_("vos compétences (une courte auto-évaluation suffit)"))
    if not profile.target_occupations.all():
        out.append(_("les métiers que vous visez"))
    if profile.available_from is None:
        out.append(_("la date à partir de laquelle vous êtes disponible"))
    return out


@require_http_methods(["GET", "POST"])
def suggestion_interest(request: ActorRequest, kind: str, pk: int) -> HttpResponse:
    """« Cela m'intéresse »: a confirmation, then the match is proposed and accepted."""
    match_kind = KIND_SLUGS.get(kind)
    profile = perms.own_profile(request.actor)
    if match_kind is None or profile is None:
        raise Http404
    ref = OpportunityRef(match_kind, pk)
    back = reverse("matching:suggestions")
    try:
        suggestion = services.suggestion_for(profile=profile, ref=ref)
    except services.SuggestionError as error:
        messages.error(request, error.message)
        return redirect(back)
    if confirmed(request):
        try:
            accepted = services.suggestion_accept(actor=request.actor, profile=profile, ref=ref)
        except services.SuggestionError as error:
            messages.error(request, error.message)
            return redirect(back)
        if accepted.next_step == "apply":
            messages.info(
                request,
                _("Dernière étape : envoyez votre candidature (un message et votre CV)."),
            )
            return redirect("partnerships:offer_apply", pk=pk)
        if accepted.next_step == "mentoring_request":
            messages.info(
                request,
                _("Dernière étape : dites ce que vous attendez d'un mentor."),
            )
            return redirect("partnerships:mentoring_request")
        messages.success(request, _("C'est noté : votre demande est partie."))
        return redirect(_url("matching:match_mine"))
    what = {
        OpportunityKind.TRAINING: _(
            "Une demande d'inscription part vers l'organisme de formation."
        ),
        OpportunityKind.INTERNSHIP: _("Vous envoyez ensuite votre candidature à l'entreprise."),
        OpportunityKind.JOB: _("Vous envoyez ensuite votre candidature à l'entreprise."),
        OpportunityKind.MENTORING: _("La fédération en tient compte pour vous trouver un mentor."),
        OpportunityKind.WORKSHOP: _("Une place est réservée à votre nom, s'il en reste."),
    }[match_kind]
    return confirmation_page(
        request,
        Confirmation(
            title=_("Cela vous intéresse : « %(title)s » ?") % {"title": _title(suggestion.obj)},
            confirm_label=_("Oui, cela m'intéresse"),
            cancel_url=back,
            cancel_label=_("Revenir aux propositions"),
            paragraphs=[what, _("Vous pourrez changer d'avis dans « Mes mises en relation ».")],
            facts=[(_("Pourquoi"), "; ".join(suggestion.texts))],
            breadcrumb=[(back, _("Propositions pour moi"))],
        ),
    )


@require_GET
def companies_for_occupation(request: ActorRequest) -> HttpResponse:
    profile = perms.own_profile(request.actor)
    initial = {}
    if profile is not None and "occupation" not in request.GET:
        first = next(iter(profile.target_occupations.all()), None)
        if first is not None:
            initial = {"occupation": first.code_rome}
    data = request.GET if "occupation" in request.GET else (initial or None)
    form = OccupationForm(data)
    leads: list[candidate_services.CompanyLead] = []
    occupation = None
    if form.is_valid():
        occupation = form.cleaned_data["occupation"]
        leads = candidate_services.companies_for_occupation(
            occupation=occupation, commune_id=profile.commune_id if profile else None
        )
    return render(
        request,
        "matching/suggestions/companies.html",
        {"form": form, "leads": leads, "occupation": occupation},
    )


# ---------------------------------------------------------------- employers and providers


@require_GET
def opportunities_mine(request: ActorRequest) -> HttpResponse:
    """The organisation's opportunities, each with a link to its candidates."""
    actor = request.actor
    if not perms.can_see_candidates(actor):
        raise Http404
    rows: list[tuple[str, str, str, str]] = []
    if actor.is_provider:
        for session in (
            Session.objects.upcoming()
            .filter(programme__provider_id=actor.organisation_id)
            .select_related("programme", "commune")
            .defer("commune__boundary")
        ):
            rows.append(
                (
                    session.programme.title,
                    f"{session.starts_on:%d/%m/%Y} — {session.place}",
                    session.get_status_display(),
                    reverse("matching:candidates", kwargs={"kind": "session", "pk": session.pk}),
                )
            )
    else:
        for offer in Offer.objects.published().of_company(actor.organisation_id).with_place():
            rows.append(
                (
                    offer.title,
                    f"{offer.get_kind_display()} — {offer.commune.name}",
                    offer.get_status_display(),
                    reverse("matching:candidates", kwargs={"kind": "offre", "pk": offer.pk}),
                )
            )
    return render(request, "matching/suggestions/opportunities.html", {"rows": rows})


def _owned(request: ActorRequest, kind: str, pk: int) -> tuple[str, Session | Offer]:
    found = perms.owned_opportunity(request.actor, kind, pk)
    if found is None:
        raise Http404
    return found


@require_GET
def candidates(request: ActorRequest, kind: str, pk: int) -> HttpResponse:
    match_kind, obj = _owned(request, kind, pk)
    assert request.actor.organisation_id is not None
    found = candidate_services.candidates_for(
        organisation_id=request.actor.organisation_id, ref=OpportunityRef(match_kind, obj.pk)
    )
    return render(
        request,
        "matching/suggestions/candidates.html",
        {
            "kind": kind,
            "obj": obj,
            "title": _title(obj),
            "candidates": [(c, candidate_services.display_name(c.profile)) for c in found],
        },
    )


@require_http_methods(["GET", "POST"])
def contact_create(request: ActorRequest, kind: str, pk: int, profile_pk: int) -> HttpResponse:
    _match_kind, obj = _owned(request, kind, pk)
    profile = Profile.objects.visible().select_related("user").filter(pk=profile_pk).first()
    if profile is None:
        raise Http404
    back = reverse("matching:candidates", kwargs={"kind": kind, "pk": pk})
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                candidate_services.contact_request_create(
                    actor=request.actor, profile=profile, message=form.cleaned_data["message"]
                )
            except candidate_services.ContactError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Message envoyé. Vous verrez l'adresse e-mail de la personne quand elle aura répondu."
                    ),
                )
                return redirect(back)
        status = 400
    return render(
        request,
        "matching/suggestions/contact.html",
        {
            "form": form,
            "back": back,
            "title": _title(obj),
            "name": candidate_services.display_name(profile),
        },
        status=status,
    )


@require_GET
def contacts_sent(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if actor.organisation_id is None:
        raise Http404
    contacts = candidate_services.sent_contacts(actor.organisation_id)
    return render(
        request,
        "matching/suggestions/contacts_sent.html",
        {
            "rows": [
                (
                    c,
                    candidate_services.display_name(c.profile),
                    c.profile.user.email if perms.shows_email(c) else "",
                )
                for c in contacts
            ]
        },
    )


@require_http_methods(["GET", "POST"])
def contact_answer(request: ActorRequest, pk: int) -> HttpResponse:
    contact = perms.contact_of_person(request.actor, pk)
    if contact is None:
        raise Http404
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST" and contact.answered_at is None:
        if form.is_valid():
            try:
                candidate_services.contact_answer(
                    actor=request.actor, contact=contact, answer=form.cleaned_data["answer"]
                )
            except candidate_services.ContactError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(
                    request, _("Réponse envoyée : l'organisation peut maintenant vous écrire.")
                )
                return redirect("matching:contact_answer", pk=pk)
        status = 400
    return render(
        request,
        "matching/suggestions/answer.html",
        {"contact": contact, "form": form, "now": timezone.now()},
        status=status,
    )
