"""The questionnaire builder is for federation staff only; published questionnaires are readable."""

from __future__ import annotations

from tests.access import UrlAccess
from tests.diagnostics.factories import QuestionFactory, SectionFactory, VersionFactory

NOT_FEDERATION = (
    "anonymous",
    "person",
    "epci",
    "company",
    "provider",
    "auditor",
    "association",
)


def _version(w: object) -> dict[str, int]:
    return {"pk": VersionFactory().pk}


def _section(w: object) -> dict[str, int]:
    return {"pk": SectionFactory().pk}


def _question(w: object) -> dict[str, int]:
    return {"pk": QuestionFactory().pk}


CASES = {
    "diagnostics:questionnaire_list": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    "diagnostics:questionnaire_create": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    "diagnostics:xlsform_upload": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    "diagnostics:version_detail": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=_version
    ),
    "diagnostics:section_create": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=_version
    ),
    "diagnostics:dimension_create": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=_version
    ),
    "diagnostics:version_publish": UrlAccess(
        allowed="federation",
        denied=NOT_FEDERATION,
        method="post",
        kwargs=lambda w: {
            "pk": QuestionFactory(section__version__is_published=False).section.version.pk
        },
        ok_status=(302,),
    ),
    "diagnostics:version_xlsform": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=_version
    ),
    "diagnostics:section_edit": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=_section
    ),
    "diagnostics:question_create": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=_section
    ),
    "diagnostics:question_edit": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=_question
    ),
    "api-1.0.0:list_questionnaires": UrlAccess(allowed="anonymous", public=True),
    "api-1.0.0:get_questionnaire_version": UrlAccess(
        allowed="anonymous", public=True, kwargs=lambda w: {"version_id": VersionFactory().pk}
    ),
}
