"""Campaign pages, answering pages and the campaigns API: who may open them."""

from __future__ import annotations

from typing import Any

from lakou.core.actor import ANONYMOUS
from lakou.diagnostics.models import Audience, Campaign
from lakou.diagnostics.services.responses import response_start
from tests.access import UrlAccess
from tests.diagnostics.factories_campaigns import open_campaign

NOT_STAFF = ("anonymous", "person", "company", "provider", "auditor", "association")
# The world's EPCI staff work for an EPCI organisation that relays no campaign.
NOT_FEDERATION = (*NOT_STAFF, "epci")


def campaign(world: Any, **fields: Any) -> dict[str, Any]:
    return {"pk": open_campaign(owner=world.organisations["federation"], **fields).pk}


def draft_campaign(world: Any) -> dict[str, Any]:
    return campaign(world, status=Campaign.Status.DRAFT)


def company_campaign(world: Any) -> dict[str, Any]:
    return campaign(world, audience=Audience.COMPANIES)


def short_code(world: Any) -> dict[str, Any]:
    return {"short_code": open_campaign().short_code}


def resume_token(world: Any) -> dict[str, Any]:
    _response, raw = response_start(actor=ANONYMOUS, campaign=open_campaign())
    return {"token": raw}


def company_response(world: Any) -> dict[str, Any]:
    response, _raw = response_start(
        actor=world.actor("company"),
        campaign=open_campaign(audience=Audience.COMPANIES),
        company=world.organisations["company"],
    )
    return {"pk": response.pk}


def company_response_step(world: Any) -> dict[str, Any]:
    return {**company_response(world), "step": 1}


def campaign_id(world: Any) -> dict[str, Any]:
    return {"campaign_id": open_campaign().pk}


OTHERS_OF_A_RESPONSE = ("anonymous", "other_company", "person", "federation")


# The confirmation page's button; without it a POST only shows the page again.
def confirmed(world: Any) -> dict[str, Any]:
    return {"confirme": "oui"}


CASES = {
    "diagnostics:campaign_list": UrlAccess(allowed="federation", denied=NOT_STAFF),
    "diagnostics:campaign_create": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    "diagnostics:campaign_detail": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=campaign
    ),
    "diagnostics:campaign_edit": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=campaign
    ),
    "diagnostics:campaign_open": UrlAccess(
        allowed="federation",
        denied=NOT_FEDERATION,
        method="post",
        kwargs=draft_campaign,
        ok_status=(302,),
    ),
    "diagnostics:campaign_close": UrlAccess(
        allowed="federation",
        denied=NOT_FEDERATION,
        method="post",
        kwargs=campaign,
        data=confirmed,
        ok_status=(302,),
    ),
    "diagnostics:campaign_invite": UrlAccess(
        allowed="federation",
        denied=NOT_FEDERATION,
        method="post",
        kwargs=company_campaign,
        data=confirmed,
        ok_status=(302,),
    ),
    "diagnostics:campaign_remind": UrlAccess(
        allowed="federation",
        denied=NOT_FEDERATION,
        method="post",
        kwargs=company_campaign,
        ok_status=(302,),
    ),
    "diagnostics:campaign_poster": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=campaign
    ),
    "diagnostics:campaign_short": UrlAccess(allowed="anonymous", public=True, kwargs=short_code),
    "diagnostics:respond_start": UrlAccess(
        allowed="anonymous", public=True, method="post", kwargs=short_code, ok_status=(302,)
    ),
    "diagnostics:respond_resume": UrlAccess(
        allowed="anonymous", public=True, kwargs=resume_token, ok_status=(302,)
    ),
    "diagnostics:respond_step": UrlAccess(
        allowed="company", denied=OTHERS_OF_A_RESPONSE, kwargs=company_response_step
    ),
    "diagnostics:respond_later": UrlAccess(
        allowed="company", denied=OTHERS_OF_A_RESPONSE, kwargs=company_response
    ),
    "diagnostics:respond_review": UrlAccess(
        allowed="company", denied=OTHERS_OF_A_RESPONSE, kwargs=company_response
    ),
    "diagnostics:respond_submit": UrlAccess(
        allowed="company",
        denied=OTHERS_OF_A_RESPONSE,
        method="post",
        kwargs=company_response,
        ok_status=(400,),  # got in: the empty response is refused for its missing answers
    ),
    "diagnostics:respond_thanks": UrlAccess(
        allowed="company",
        denied=OTHERS_OF_A_RESPONSE,
        kwargs=company_response,
        ok_status=(302,),  # a draft is sent back to its first step
    ),
    "api-1.0.0:diagnostic_campaign_list": UrlAccess(allowed="federation", denied=("anonymous",)),
    "api-1.0.0:diagnostic_response_push": UrlAccess(
        allowed="federation",
        denied=("anonymous", "company", "provider", "person"),
        method="post",
        kwargs=campaign_id,
        ok_status=(400,),  # got in: a form-encoded body is not a JSON response
    ),
}
