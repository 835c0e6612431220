"""Application services: applying with a PDF CV, the company's answers, refused transitions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from lakou.accounts.models import User
from lakou.core.models import AuditEntry
from lakou.partnerships.models import Application
from lakou.partnerships.services.applications import (
    CV_MAX_BYTES,
    application_accept,
    application_decide,
    application_examine,
    application_refuse,
    application_submit,
    application_withdraw,
    check_cv,
)
from lakou.partnerships.services.offers import OfferError, offer_close
from tests.accounts.factories import OrganisationFactory
from tests.partnerships.factories_offers import (
    PNG_BYTES,
    application_in,
    apply,
    company_actor,
    make_offer,
    pdf_file,
    person,
    private_media,  # noqa: F401 - a fixture
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = Application.Status


def test_a_person_applies_with_a_message_and_a_pdf(settings: Any) -> None:
    offer = make_offer()
    learner = person()
    application = apply(offer, learner, message="  Bonjour, je suis disponible.  ")

    assert application.status == S.NEW
    assert application.message == "Bonjour, je suis disponible."
    assert application.learner == learner.user
    # Stored privately, under a random name, never the learner's own file name.
    stored = Path(application.cv.path)
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert stored.read_bytes().startswith(b"%PDF-")
    assert "cv.pdf" not in application.cv.name
    with pytest.raises(ValueError, match="no public URL"):
        _ = application.cv.url
    assert AuditEntry.objects.filter(action="application.submit").count() == 1


def test_a_png_renamed_pdf_is_refused_at_the_cv_field() -> None:
    offer = make_offer()
    with pytest.raises(OfferError) as error:
        application_submit(
            actor=person(),
            offer=offer,
            message="Bonjour",
            cv=ContentFile(PNG_BYTES, name="cv.pdf"),
        )
    assert error.value.field == "cv"
    assert "n'est pas un PDF" in error.value.message
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "vide"),
        (b"%PDF-" + b"0" * CV_MAX_BYTES, "5 Mo au plus"),
        (b"%PDF", "n'est pas un PDF"),
        (b"PK\x03\x04 a docx file", "n'est pas un PDF"),
    ],
    ids=["empty", "too-big", "truncated-magic", "docx"],
)
def test_the_cv_check(content: bytes, problem: str) -> None:
    with pytest.raises(OfferError, match=problem) as error:
        check_cv(ContentFile(content, name="cv.pdf"))
    assert error.value.field == "cv"


def test_a_pdf_of_exactly_five_megabytes_passes() -> None:
    check_cv(ContentFile(b"%PDF-" + b"0" * (CV_MAX_BYTES - 5), name="cv.pdf"))


def test_a_cv_and_a_message_are_required() -> None:
    offer = make_offer()
    with pytest.raises(OfferError) as error:
        application_submit(actor=person(), offer=offer, message="Bonjour", cv=None)
    assert error.value.field == "cv"
    with pytest.raises(OfferError) as error:
        application_submit(actor=person(), offer=offer, message="   ", cv=pdf_file())
    assert error.value.field == "message"


def test_someone_acting_for_an_organisation_does_not_apply() -> None:
    offer = make_offer()
    with pytest.raises(PermissionDenied):
        application_submit(
            actor=company_actor(OrganisationFactory(provider=True)),
            offer=offer,
            message="Bonjour",
            cv=pdf_file(),
        )


def test_a_draft_or_closed_offer_takes_no_application() -> None:
    company = company_actor()
    draft = make_offer(company, publish=False)
    with pytest.raises(OfferError, match="ne reçoit plus de candidatures"):
        apply(draft)
    closed = make_offer(company)
    offer_close(actor=company, offer=closed)
    with pytest.raises(OfferError, match="ne reçoit plus de candidatures"):
        apply(closed)


def test_one_live_application_per_person_and_offer() -> None:
    offer = make_offer()
    learner = person()
    first = apply(offer, learner)
    with pytest.raises(OfferError, match="déjà une candidature en cours"):
        apply(offer, learner)
    application_withdraw(actor=learner, application=first)
    again = apply(offer, learner)  # after withdrawing, the person may apply again
    assert again.status == S.NEW


# ---------------------------------------------------------------- the company answers


def test_the_company_examines_then_accepts() -> None:
    company = company_actor()
    application = apply(make_offer(company))
    application_examine(actor=company, application=application)
    assert application.status == S.EXAMINING
    assert application.decided_at is None
    application_accept(actor=company, application=application)
    assert application.status == S.ACCEPTED
    assert application.decided_at is not None


def test_a_refusal_needs_a_reason_of_the_list() -> None:
    company = company_actor()
    application = apply(make_offer(company))
    with pytest.raises(OfferError) as error:
        application_refuse(actor=company, application=application, reason="je n'aime pas")
    assert error.value.field == "reason"
    application_refuse(actor=company, application=application, reason="dates")
    assert application.status == S.REFUSED
    assert application.get_refusal_reason_display() == "Les dates ne conviennent pas"


@pytest.mark.parametrize(
    ("start", "action", "message"),
    [
        ("accepted", "refuse", "Une candidature « Acceptée » ne peut pas passer à « Refusée »."),
        ("refused", "accept", "Une candidature « Refusée » ne peut pas passer à « Acceptée »."),
        (
            "withdrawn",
            "examine",
            "Une candidature « Retirée par le candidat » ne peut pas passer à « En cours d'examen ».",
        ),
        (
            "examining",
            "examine",
            "Une candidature « En cours d'examen » ne peut pas passer à « En cours d'examen ».",
        ),
        (
            "accepted",
            "withdraw",
            "Une candidature « Acceptée » ne peut pas passer à « Retirée par le candidat ».",
        ),
    ],
)
def test_a_refused_transition_says_why(start: str, action: str, message: str) -> None:
    company = company_actor()
    learner: User = person().user  # type: ignore[assignment]
    application = application_in(make_offer(company), start, learner)
    actor = person(learner) if action == "withdraw" else company
    with pytest.raises(OfferError) as error:
        application_decide(actor=actor, application=application, action=action, reason="other")
    assert error.value.message == message
    application.refresh_from_db()
    assert application.status == start


def test_only_the_offers_company_answers_and_only_the_applicant_withdraws() -> None:
    company = company_actor()
    learner = person()
    application = apply(make_offer(company), learner)
    for stranger in (company_actor(), learner, company_actor(OrganisationFactory(federation=True))):
        with pytest.raises(PermissionDenied):
            application_accept(actor=stranger, application=application)
    with pytest.raises(PermissionDenied):
        application_withdraw(actor=company, application=application)
    with pytest.raises(PermissionDenied):
        application_withdraw(actor=person(), application=application)
    application.refresh_from_db()
    assert application.status == S.NEW


def test_applications_under_way_are_still_answered_after_the_offer_closes() -> None:
    company = company_actor()
    offer = make_offer(company)
    application = apply(offer)
    offer_close(actor=company, offer=offer)
    application_accept(actor=company, application=application)
    assert application.status == S.ACCEPTED


def test_who_sees_an_application() -> None:
    company = company_actor()
    learner = person()
    application = apply(make_offer(company), learner)
    federation = company_actor(OrganisationFactory(federation=True))
    assert list(Application.objects.visible_to(learner)) == [application]
    assert list(Application.objects.visible_to(company)) == [application]
    assert list(Application.objects.visible_to(federation)) == [application]
    assert list(Application.objects.visible_to(company_actor())) == []
    assert list(Application.objects.visible_to(person())) == []
    assert (
        list(Application.objects.visible_to(company_actor(OrganisationFactory(provider=True))))
        == []
    )


def test_the_pipeline_puts_what_waits_first() -> None:
    from lakou.partnerships.services.applications import offer_pipeline

    offer = make_offer()
    accepted = application_in(offer, S.ACCEPTED)
    withdrawn = application_in(offer, S.WITHDRAWN)
    new = application_in(offer, S.NEW)
    examining = application_in(offer, S.EXAMINING)
    assert list(offer_pipeline(offer)) == [new, examining, accepted, withdrawn]
