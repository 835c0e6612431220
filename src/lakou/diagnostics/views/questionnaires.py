"""The questionnaire builder: federation staff list, build, publish, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.core.actor import ActorRequest
from lakou.diagnostics.forms.questionnaires import (
    DimensionForm,
    QuestionForm,
    QuestionnaireForm,
    SectionForm,
    XlsFormUploadForm,
)
from lakou.diagnostics.models import Question, Questionnaire, QuestionnaireVersion, Section
from lakou.diagnostics.services import questionnaires as services
from lakou.diagnostics.services.answers import version_questions
from lakou.diagnostics.services.xlsform import XlsFormError, version_to_xlsform, xlsform_import

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# ---------------------------------------------------------------- fetch helpers


def _require_federation(request: ActorRequest) -> None:
    """Only federation staff build questionnaires; others do not learn the pages exist."""
    if not request.actor.is_federation:
        raise Http404


def get_version_for_actor(request: ActorRequest, pk: int) -> QuestionnaireVersion:
    _require_federation(request)
    return get_object_or_404(QuestionnaireVersion.objects.select_related("questionnaire"), pk=pk)


def get_section_for_actor(request: ActorRequest, pk: int) -> Section:
    _require_federation(request)
    return get_object_or_404(Section.objects.select_related("version__questionnaire"), pk=pk)


def get_question_for_actor(request: ActorRequest, pk: int) -> Question:
    _require_federation(request)
    return get_object_or_404(
        Question.objects.select_related("section__version__questionnaire"), pk=pk
    )


def _new_version_notice(
    request: ActorRequest, before: QuestionnaireVersion, after: QuestionnaireVersion
) -> None:
    if after.pk != before.pk:
        messages.info(
            request,
            _(
                "La version %(old)s a déjà des réponses : elle ne change plus. "
                "Votre modification a créé la version %(new)s, à publier quand elle sera prête."
            )
            % {"old": before.number, "new": after.number},
        )


# ---------------------------------------------------------------- pages


@require_GET
def questionnaire_list(request: ActorRequest) -> HttpResponse:
    _require_federation(request)
    questionnaires = Questionnaire.objects.prefetch_related(
        Prefetch("versions", queryset=QuestionnaireVersion.objects.order_by("-number"))
    ).order_by("title")
    return render(
        request, "diagnostics/questionnaires/list.html", {"questionnaires": questionnaires}
    )


@require_http_methods(["GET", "POST"])
def questionnaire_create(request: ActorRequest) -> HttpResponse:
    _require_federation(request)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        questionnaire = services.questionnaire_create(actor=request.actor, **form.cleaned_data)
        version = questionnaire.versions.get()
        messages.success(request, _("Questionnaire créé. Ajoutez-lui une section."))
        return redirect("diagnostics:version_detail", pk=version.pk)
    return render(
        request,
        "diagnostics/questionnaires/form.html",
        {"form": form, "title": _("Nouveau questionnaire"), "submit": _("Créer le questionnaire")},
    )


@require_GET
def version_detail(request: ActorRequest, pk: int) -> HttpResponse:
    version = get_version_for_actor(request, pk)
    questions = list(version_questions(version))
    sections = list(version.sections.order_by("position", "pk"))
    for section in sections:
        section.listed_questions = [q for q in questions if q.section_id == section.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "diagnostics/questionnaires/detail.html",
        {
            "version": version,
            "questionnaire": version.questionnaire,
            "sections": sections,
            "dimensions": version.dimensions.order_by("position"),
            "other_versions": version.questionnaire.versions.exclude(pk=version.pk).order_by(
                "-number"
            ),
            "has_answers": services.version_has_answers(version),
        },
    )


@require_http_methods(["GET", "POST"])
def section_create(request: ActorRequest, pk: int) -> HttpResponse:
    version = get_version_for_actor(request, pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        section = services.section_save(actor=request.actor, version=version, **form.cleaned_data)
        _new_version_notice(request, version, section.version)
        return redirect("diagnostics:version_detail", pk=section.version_id)
    return render(
        request,
        "diagnostics/questionnaires/form.html",
        {
            "form": form,
            "version": version,
            "title": _("Nouvelle section"),
            "submit": _("Ajouter la section"),
        },
    )


@require_http_methods(["GET", "POST"])
def section_edit(request: ActorRequest, pk: int) -> HttpResponse:
    section = get_section_for_actor(request, pk)
    form = SectionForm(
        request.POST or None, initial={"title": section.title, "description": section.description}
    )
    if request.method == "POST" and form.is_valid():
        saved = services.section_save(
            actor=request.actor, version=section.version, section=section, **form.cleaned_data
        )
        _new_version_notice(request, section.version, saved.version)
        return redirect("diagnostics:version_detail", pk=saved.version_id)
    return render(
        request,
        "diagnostics/questionnaires/form.html",
        {
            "form": form,
            "version": section.version,
            "title": _("Modifier la section"),
            "submit": _("Enregistrer"),
        },
    )


@require_http_methods(["GET", "POST"])
def question_create(request: ActorRequest, pk: int) -> HttpResponse:
    section = get_section_for_actor(request, pk)
    form = QuestionForm(request.POST or None, version=section.version)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_save(
                actor=request.actor, section=section, spec=form.spec()
            )
        except services.BuildError as error:
            form.add_error("code", error.message)
        else:
            _new_version_notice(request, section.version, question.section.version)
            return redirect("diagnostics:version_detail", pk=question.section.version_id)
    return render(
        request,
        "diagnostics/questionnaires/form.html",
        {
            "form": form,
            "version": section.version,
            "title": _("Nouvelle question dans « %(section)s »") % {"section": section.title},
            "submit": _("Ajouter la question"),
        },
    )


@require_http_methods(["GET", "POST"])
def question_edit(request: ActorRequest, pk: int) -> HttpResponse:
    question = get_question_for_actor(request, pk)
    version = question.section.version
    form = QuestionForm(request.POST or None, version=version, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.question_save(
                actor=request.actor, section=question.section, question=question, spec=form.spec()
            )
        except services.BuildError as error:
            form.add_error("code", error.message)
        else:
            _new_version_notice(request, version, saved.section.version)
            return redirect("diagnostics:version_detail", pk=saved.section.version_id)
    return render(
        request,
        "diagnostics/questionnaires/form.html",
        {
            "form": form,
            "version": version,
            "title": _("Modifier la question"),
            "submit": _("Enregistrer"),
        },
    )


@require_http_methods(["GET", "POST"])
def dimension_create(request: ActorRequest, pk: int) -> HttpResponse:
    version = get_version_for_actor(request, pk)
    form = DimensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dimension = services.dimension_save(
            actor=request.actor, version=version, **form.cleaned_data
        )
        _new_version_notice(request, version, dimension.version)
        return redirect("diagnostics:version_detail", pk=dimension.version_id)
    return render(
        request,
        "diagnostics/questionnaires/form.html",
        {
            "form": form,
            "version": version,
            "title": _("Nouvelle dimension"),
            "submit": _("Ajouter la dimension"),
        },
    )


@require_POST
def version_publish(request: ActorRequest, pk: int) -> HttpResponse:
    version = get_version_for_actor(request, pk)
    try:
        services.version_publish(actor=request.actor, version=version)
    except services.BuildError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Version publiée : elle peut servir à une campagne."))
    return redirect("diagnostics:version_detail", pk=version.pk)


@require_GET
def version_xlsform(request: ActorRequest, pk: int) -> HttpResponse:
    version = get_version_for_actor(request, pk)
    response = HttpResponse(version_to_xlsform(version), content_type=XLSX_TYPE)
    filename = f"{version.questionnaire.slug}-v{version.number}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def xlsform_upload(request: ActorRequest) -> HttpResponse:
    _require_federation(request)
    form = XlsFormUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            version = xlsform_import(actor=request.actor, data=form.cleaned_data["file"].read())
        except XlsFormError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _("Questionnaire importé : version %(n)s de « %(title)s ».")
                % {"n": version.number, "title": version.questionnaire.title},
            )
            return redirect("diagnostics:version_detail", pk=version.pk)
    return render(
        request,
        "diagnostics/questionnaires/upload.html",
        {"form": form, "errors": errors},
        status=400 if form.errors or errors else 200,
    )
