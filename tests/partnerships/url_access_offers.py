"""Offer and application pages and API: public search, the company's offers, the learner's
applications, the private CV, the federation's list of unanswered applications."""

from __future__ import annotations

from typing import Any

from lakou.partnerships.models import Application
from tests.access import UrlAccess
from tests.partnerships.factories_offers import application_in, make_offer

NOT_COMPANY = ("anonymous", "person", "federation", "provider", "auditor", "epci", "association")
NOT_PERSON = ("anonymous", "company", "federation", "provider", "epci")


def published_offer(world: Any) -> dict[str, Any]:
    return {"pk": make_offer(world.actor("company")).pk}


def own_draft(world: Any) -> dict[str, Any]:
    return {"pk": make_offer(world.actor("company"), publish=False).pk}


def own_offer_with_application(world: Any) -> dict[str, Any]:
    offer = make_offer(world.actor("company"))
    application_in(offer, Application.Status.NEW)
    return {"pk": offer.pk}


def new_application(world: Any) -> dict[str, Any]:
    offer = make_offer(world.actor("company"))
    return {"pk": application_in(offer, Application.Status.NEW).pk}


def accepted_job_application(world: Any) -> dict[str, Any]:
    offer = make_offer(
        world.actor("company"),
        kind="job_permanent",
        title="Développeur full stack (H/F)",
        duration_weeks=None,
    )
    return {"pk": application_in(offer, Application.Status.ACCEPTED).pk}


def persons_application(world: Any) -> dict[str, Any]:
    offer = make_offer(world.actor("company"))
    return {"pk": application_in(offer, Application.Status.NEW, world.users["person"]).pk}


def application_body(world: Any) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lakou.partnerships.demo.offers import minimal_pdf

    cv = SimpleUploadedFile("cv.pdf", minimal_pdf("CV"), content_type="application/pdf")
    return {"message": "Je prépare un BTS SIO.", "cv": cv}


def confirmed(world: Any) -> dict[str, Any]:
    return {"confirme": "oui"}


def offer_form(world: Any) -> dict[str, Any]:
    from tests.territory.factories import CommuneFactory

    return {
        "kind": "internship",
        "title": "Stage développeur web",
        "description": "Développer des pages.",
        "commune": CommuneFactory().pk,
        "starts_on": "2030-01-15",
        "duration_weeks": "12",
        "weekly_hours": "35",
    }


CASES = {
    "partnerships:offer_search": UrlAccess(allowed="anonymous", public=True),
    "partnerships:offer_detail": UrlAccess(
        allowed="anonymous", public=True, kwargs=published_offer
    ),
    "partnerships:my_offers": UrlAccess(allowed="company", denied=NOT_COMPANY),
    "partnerships:offer_create": UrlAccess(allowed="company", denied=NOT_COMPANY),
    "partnerships:offer_edit": UrlAccess(
        allowed="company", denied=(*NOT_COMPANY, "other_company"), kwargs=own_draft
    ),
    "partnerships:offer_publish": UrlAccess(
        allowed="company",
        denied=(*NOT_COMPANY, "other_company"),
        method="post",
        kwargs=own_draft,
        ok_status=(302,),
    ),
    "partnerships:offer_close": UrlAccess(
        allowed="company",
        denied=(*NOT_COMPANY, "other_company"),
        method="post",
        kwargs=published_offer,
        data=confirmed,
        ok_status=(302,),
    ),
    "partnerships:offer_applications": UrlAccess(
        allowed="company",
        denied=(*NOT_COMPANY, "other_company"),
        kwargs=own_offer_with_application,
    ),
    "partnerships:offer_apply": UrlAccess(
        allowed="person", denied=NOT_PERSON, kwargs=published_offer
    ),
    "partnerships:my_applications": UrlAccess(allowed="person", denied=("anonymous",)),
    "partnerships:application_withdraw": UrlAccess(
        allowed="person",
        denied=("anonymous", "company", "other_company", "federation", "provider"),
        method="post",
        kwargs=persons_application,
        data=confirmed,
        ok_status=(302,),
    ),
    "partnerships:application_cv": UrlAccess(
        allowed="company",
        denied=("anonymous", "person", "other_company", "federation", "provider", "epci"),
        kwargs=new_application,
    ),
    "partnerships:application_decide": UrlAccess(
        allowed="company",
        denied=(*NOT_COMPANY, "other_company"),
        method="post",
        kwargs=new_application,
        data=lambda w: {"action": "examine"},
        ok_status=(302,),
    ),
    "partnerships:application_confirm_hire": UrlAccess(
        allowed="company",
        denied=(*NOT_COMPANY, "other_company"),
        kwargs=accepted_job_application,
    ),
    "partnerships:application_refuse": UrlAccess(
        allowed="company",
        denied=(*NOT_COMPANY, "other_company"),
        method="post",
        kwargs=new_application,
        data=lambda w: {"reason": "dates"},
        ok_status=(302,),
    ),
    "partnerships:applications_flagged": UrlAccess(
        allowed="federation",
        denied=("anonymous", "person", "company", "provider", "epci", "auditor"),
    ),
    "api-1.0.0:partnerships_offers": UrlAccess(allowed="anonymous", public=True),
    "api-1.0.0:partnerships_offer": UrlAccess(
        allowed="anonymous", public=True, kwargs=published_offer
    ),
    "api-1.0.0:partnerships_my_offers": UrlAccess(
        allowed="company", denied=("anonymous", "person", "federation", "provider")
    ),
    "api-1.0.0:partnerships_offer_status": UrlAccess(
        allowed="company",
        denied=("anonymous", "person", "federation", "provider"),
        method="post",
        kwargs=own_draft,
        data=lambda w: {"action": "publish"},
        # The table's client posts a form body: the company reaches validation (400); another
        # company's offer is a 404 with JSON, in test_offers_api.py.
        ok_status=(400,),
    ),
    "api-1.0.0:partnerships_offer_apply": UrlAccess(
        allowed="person",
        denied=("anonymous", "company", "federation", "provider", "epci"),
        method="post",
        kwargs=published_offer,
        data=application_body,
        ok_status=(201,),
    ),
    "api-1.0.0:partnerships_offer_applications": UrlAccess(
        allowed="company",
        denied=("anonymous", "person", "federation", "provider", "other_company"),
        kwargs=own_offer_with_application,
    ),
    "api-1.0.0:partnerships_my_applications": UrlAccess(
        allowed="person", denied=("anonymous", "company", "federation", "provider")
    ),
    "api-1.0.0:partnerships_application_decision": UrlAccess(
        allowed="company",
        denied=("anonymous", "person", "federation", "provider", "other_company"),
        method="post",
        kwargs=new_application,
        data=lambda w: {"action": "examine"},
    ),
}
