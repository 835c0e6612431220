"""Certificates: public verification, downloads for the learner and the provider, provider pages."""

from __future__ import annotations

from typing import Any

from tests.access import UrlAccess
from tests.training.factories_certificates import (
    certifying_programme,
    completed_enrolment,
    issued_certificate,
)

NOT_PROVIDER = ("anonymous", "person", "federation", "company", "auditor", "epci")
# The learner is the world's "person"; everybody else but the provider must be refused.
STRANGERS = ("anonymous", "federation", "company", "other_company", "auditor", "epci")


def world_certificate(world: Any) -> dict[str, Any]:
    """A certificate the world's provider issued to the world's person."""
    actor = world.actor("provider")
    enrolment = completed_enrolment(
        certifying_programme(actor=actor), learner=world.users["person"]
    )
    return {"uid": issued_certificate(enrolment, actor=actor).uid}


def world_enrolment(world: Any) -> dict[str, Any]:
    """A completed enrolment, not certified yet, in a certifying programme of the provider."""
    actor = world.actor("provider")
    enrolment = completed_enrolment(
        certifying_programme(actor=actor), learner=world.users["person"]
    )
    return {"pk": enrolment.pk}


def api_enrolment(world: Any) -> dict[str, Any]:
    return {"enrolment_id": world_enrolment(world)["pk"]}


PUBLIC = {"allowed": "anonymous", "public": True}

CASES = {
    "training:certificate_check": UrlAccess(**PUBLIC),
    "training:certificate_verify": UrlAccess(**PUBLIC, kwargs=world_certificate),
    "training:certificate_pdf": UrlAccess(
        allowed="person", denied=(*STRANGERS, "association"), kwargs=world_certificate
    ),
    "training:certificate_jwt": UrlAccess(
        allowed="provider", denied=STRANGERS, kwargs=world_certificate
    ),
    "training:certificate_list": UrlAccess(allowed="provider", denied=NOT_PROVIDER),
    "training:certificate_revoke": UrlAccess(
        allowed="provider", denied=(*NOT_PROVIDER, "other_company"), kwargs=world_certificate
    ),
    "training:certificate_issue": UrlAccess(
        allowed="provider", denied=NOT_PROVIDER, kwargs=world_enrolment
    ),
    "api-1.0.0:training_certificate_status": UrlAccess(**PUBLIC, kwargs=world_certificate),
    "api-1.0.0:training_certificate_issue": UrlAccess(
        allowed="provider",
        denied=("anonymous", "person", "company", "federation"),
        method="post",
        kwargs=api_enrolment,
        ok_status=(400,),  # got in: a form-encoded body is not the JSON expected
    ),
    "api-1.0.0:training_certificate_revoke": UrlAccess(
        allowed="provider",
        denied=("anonymous", "person", "company", "federation"),
        method="post",
        kwargs=world_certificate,
        ok_status=(400,),  # got in: a form-encoded body is not the JSON expected
    ),
}
