"""« Mon profil d'orientation »: the person's own profile, its form, the short self-assessment,
the questionnaire import and the consent. Everyone here acts on their own profile only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.matching.forms.profiles import ProfileForm, SelfAssessmentForm, VisibilityForm
from lakou.matching.models import CompetenceSource, Profile
from lakou.matching.perms import profiles as perms
from lakou.matching.services.profiles import (
    SELF_LEVELS,
    SELF_UNKNOWN,
    ProfileError,
    competence_rows,
    key_competences,
    profile_for,
    profile_import_questionnaire,
    profile_save,
    profile_self_assess,
    profile_set_visibility,
    profile_sync_certificates,
    questionnaire_response,
)
from lakou.training.models import Format, Funding


def _own_profile(request: ActorRequest) -> Profile | None:
    """The actor's profile (None when not built yet); only a person acting for themself."""
    if not perms.can_have_profile(request.actor):
        raise PermissionDenied
    return profile_for(request.actor.user)


def _required_profile(request: ActorRequest) -> Profile | None:
    profile = _own_profile(request)
    if profile is None:
        messages.info(request, _("Commencez par votre commune et votre situation."))
    return profile


@require_GET
def profile(request: ActorRequest) -> HttpResponse:
    own = _own_profile(request)
    if own is None:
        return render(request, "matching/profiles/start.html")
    profile_sync_certificates(own)
    rows = competence_rows(own)
    return render(
        request,
        "matching/profiles/detail.html",
        {
            "profile": own,
            "targets": list(own.target_occupations.order_by("code_rome")),
            "rows": rows,
            "verified": sum(1 for row in rows if row.is_verified),
            "has_questionnaire": questionnaire_response(own.user) is not None,
            "formats": [label for value, label in Format.choices if value in own.formats],
            "fundings": [label for value, label in Funding.choices if value in own.fundings],
        },
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request: ActorRequest) -> HttpResponse:
    own = _own_profile(request)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_of(own))
    if request.method == "POST" and form.is_valid():
        try:
            profile_save(actor=request.actor, data=form.profile_data())
        except ProfileError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Votre profil est enregistré."))
            return redirect("matching:profile")
    return render(request, "matching/profiles/form.html", {"form": form, "profile": own})


@require_http_methods(["GET", "POST"])
def profile_self_assessment(request: ActorRequest) -> HttpResponse:
    own = _required_profile(request)
    if own is None:
        return redirect("matching:profile_edit")
    competences = key_competences()
    by_level = {level: answer for answer, level in SELF_LEVELS.items()}
    current = {
        row.competence.code: by_level.get(row.level, SELF_UNKNOWN)
        for row in own.competences.filter(source=CompetenceSource.SELF).select_related("competence")
    }
    form = SelfAssessmentForm(request.POST or None, competences=competences, levels=current)
    if request.method == "POST" and form.is_valid():
        try:
            count = profile_self_assess(actor=request.actor, profile=own, answers=form.cleaned_data)
        except ProfileError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _("Auto-évaluation enregistrée : %(count)d compétence(s) déclarée(s).")
                % {"count": count},
            )
            return redirect("matching:profile")
    return render(
        request,
        "matching/profiles/self_assessment.html",
        {"form": form, "profile": own, "competences": competences},
    )


@require_POST
def profile_questionnaire_import(request: ActorRequest) -> HttpResponse:
    own = _required_profile(request)
    if own is None:
        return redirect("matching:profile_edit")
    try:
        count = profile_import_questionnaire(actor=request.actor, profile=own)
    except ProfileError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Questionnaire repris : %(count)d compétence(s) déclarée(s).") % {"count": count},
        )
    return redirect("matching:profile")


@require_POST
def profile_visibility(request: ActorRequest) -> HttpResponse:
    own = _required_profile(request)
    if own is None:
        return redirect("matching:profile_edit")
    form = VisibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez de rendre visible ou de masquer votre profil."))
        return redirect("matching:profile")
    profile_set_visibility(actor=request.actor, profile=own, visible=form.cleaned_data["visible"])
    messages.success(
        request,
        _("Votre profil est maintenant visible des employeurs et des organismes.")
        if own.is_visible
        else _("Votre profil est masqué : les employeurs et les organismes ne le voient plus."),
    )
    return redirect("matching:profile")
