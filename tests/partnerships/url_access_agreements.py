"""Placement agreements: the three parties see theirs, the federation all; the e-mailed links are
public (their token is the key)."""

from __future__ import annotations

from typing import Any

from lakou.partnerships.models import Agreement, Party, PlacementKind
from tests.access import UrlAccess
from tests.partnerships.factories_agreements import link_token, make_agreement, make_application

Status = Agreement.Status
NOT_A_PARTY = ("anonymous", "other_company", "epci", "auditor", "association")


def world_agreement(world: Any, status: str = Status.DRAFT, **fields: Any) -> Agreement:
    """An agreement between the World's person, company and provider."""
    return make_agreement(
        status=status,
        company=world.organisations["company"],
        school=world.organisations["provider"],
        learner=world.users["person"],
        **fields,
    )


def pk_of(status: str = Status.DRAFT, **fields: Any) -> Any:
    return lambda world: {"pk": world_agreement(world, status, **fields).pk}


def accepted_application(world: Any) -> dict[str, Any]:
    application = make_application(
        company=world.organisations["company"],
        school=world.organisations["provider"],
        learner=world.users["person"],
    )
    return {"application_pk": application.pk}


def cerfa(world: Any) -> dict[str, Any]:
    agreement = world_agreement(world, Status.SIGNED, kind=PlacementKind.APPRENTICESHIP)
    return {"pk": agreement.pk, "export_format": "xlsx"}


def evaluation(world: Any) -> dict[str, Any]:
    return {"pk": world_agreement(world, Status.ACTIVE).pk, "kind": "mid"}


def sign_token(world: Any) -> dict[str, Any]:
    agreement = world_agreement(world, Status.READY_TO_SIGN)
    return {"token": link_token(agreement, Party.COMPANY)}


CASES = {
    "partnerships:agreement_list": UrlAccess(
        allowed="company", denied=("anonymous", "epci", "auditor", "association")
    ),
    "partnerships:agreement_placements": UrlAccess(
        allowed="company", denied=("anonymous", "person", "epci", "auditor", "association")
    ),
    "partnerships:agreement_create": UrlAccess(
        allowed="company",
        denied=("anonymous", "person", "other_company", "provider", "federation"),
        kwargs=accepted_application,
    ),
    "partnerships:agreement_detail": UrlAccess(
        allowed="company", denied=NOT_A_PARTY, kwargs=pk_of(Status.SIGNED)
    ),
    "partnerships:agreement_edit": UrlAccess(
        allowed="company", denied=(*NOT_A_PARTY, "person", "provider"), kwargs=pk_of()
    ),
    "partnerships:agreement_submit": UrlAccess(
        allowed="company", denied=(*NOT_A_PARTY, "person", "provider"), kwargs=pk_of()
    ),
    "partnerships:agreement_resend": UrlAccess(
        allowed="company",
        denied=(*NOT_A_PARTY, "person", "provider"),
        method="post",
        kwargs=pk_of(Status.READY_TO_SIGN),
        ok_status=(302,),
    ),
    "partnerships:agreement_sign": UrlAccess(
        allowed="person",
        denied=(*NOT_A_PARTY, "company", "provider"),
        kwargs=pk_of(Status.READY_TO_SIGN),
    ),
    "partnerships:agreement_back_to_draft": UrlAccess(
        allowed="provider", denied=NOT_A_PARTY, kwargs=pk_of(Status.PARTLY_SIGNED)
    ),
    "partnerships:agreement_break_off": UrlAccess(
        allowed="provider", denied=(*NOT_A_PARTY, "person"), kwargs=pk_of(Status.ACTIVE)
    ),
    "partnerships:agreement_end": UrlAccess(
        allowed="company",
        denied=(*NOT_A_PARTY, "person", "provider"),
        method="post",
        kwargs=pk_of(Status.ACTIVE),
        ok_status=(302,),
    ),
    "partnerships:agreement_evaluation_send": UrlAccess(
        allowed="company",
        denied=(*NOT_A_PARTY, "person", "provider"),
        method="post",
        kwargs=evaluation,
        ok_status=(302,),
    ),
    "partnerships:agreement_pdf": UrlAccess(
        allowed="company", denied=NOT_A_PARTY, kwargs=pk_of(Status.SIGNED)
    ),
    "partnerships:agreement_cerfa": UrlAccess(allowed="provider", denied=NOT_A_PARTY, kwargs=cerfa),
    "partnerships:agreement_link": UrlAccess(allowed="anonymous", public=True, kwargs=sign_token),
    "partnerships:agreement_link_change": UrlAccess(
        allowed="anonymous", public=True, kwargs=sign_token
    ),
    "partnerships:agreement_link_done": UrlAccess(allowed="anonymous", public=True),
    "api-1.0.0:partnerships_agreement_list": UrlAccess(allowed="company", denied=("anonymous",)),
    "api-1.0.0:partnerships_agreement_detail": UrlAccess(
        allowed="company", denied=NOT_A_PARTY, kwargs=pk_of(Status.SIGNED)
    ),
    "api-1.0.0:partnerships_agreement_cerfa": UrlAccess(
        allowed="company", denied=NOT_A_PARTY, kwargs=lambda w: {"pk": cerfa(w)["pk"]}
    ),
    "api-1.0.0:partnerships_agreement_create": UrlAccess(
        allowed="company",
        denied=("anonymous", "person", "provider", "federation"),
        method="post",
        data=lambda w: {},
        # The table's client posts a form body: the company reaches validation (400 or 422);
        # tests/partnerships/test_agreements_api.py posts real JSON.
        ok_status=(400, 422),
    ),
    "api-1.0.0:partnerships_agreement_submit": UrlAccess(
        allowed="company", denied=NOT_A_PARTY, method="post", kwargs=pk_of()
    ),
    "api-1.0.0:partnerships_agreement_back_to_draft": UrlAccess(
        allowed="company",
        denied=("anonymous",),
        method="post",
        kwargs=pk_of(Status.READY_TO_SIGN),
        data=lambda w: {},
        ok_status=(400, 422),
    ),
    "api-1.0.0:partnerships_agreement_break_off": UrlAccess(
        allowed="company",
        denied=("anonymous",),
        method="post",
        kwargs=pk_of(Status.ACTIVE),
        data=lambda w: {},
        ok_status=(400, 422),
    ),
}
