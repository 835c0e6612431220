"""Partnership actions: members' pages, the public calendar and feed, statements, indicator 3,
and the API under /partenariats."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.access import UrlAccess
from tests.partnerships.factories_actions import make_action, make_contribution, make_partner

PUBLIC = {"allowed": "anonymous", "public": True}
NOT_ORGANISER = ("anonymous", "person", "other_company", "provider", "epci", "auditor")
NOT_MEMBER = ("anonymous", "person")
NOT_THE_PARTNER = ("anonymous", "person", "other_company", "provider", "epci")


def own_action(world: Any) -> dict[str, Any]:
    """A planned action that the world's company organises."""
    return {"pk": make_action(actor=world.actor("company"), title="Job dating de Lakay").pk}


def started_action(world: Any) -> dict[str, Any]:
    start = timezone.now() - timedelta(hours=3)
    action = make_action(
        actor=world.actor("company"), starts_at=start, ends_at=start + timedelta(hours=2)
    )
    return {"pk": action.pk}


def public_action(world: Any) -> dict[str, Any]:
    return {"pk": make_action(actor=world.actor("federation"), title="Hackathon ouvert").pk}


def own_partner(world: Any) -> dict[str, Any]:
    action = make_action(actor=world.actor("company"))
    return {
        "pk": make_partner(action, world.organisations["provider"], actor=world.actor("company")).pk
    }


def own_contribution(world: Any) -> dict[str, Any]:
    action = make_action(actor=world.actor("company"))
    partner = make_partner(action, world.organisations["provider"], actor=world.actor("company"))
    return {"pk": make_contribution(partner, actor=world.actor("company")).pk}


def company_statement(world: Any) -> dict[str, Any]:
    """The world's company is a partner of a federation action, with a contribution this year."""
    partner = make_partner(
        make_action(actor=world.actor("federation")), world.organisations["company"]
    )
    make_contribution(partner, actor=world.actor("federation"))
    return {"pk": world.organisations["company"].pk, "year": timezone.localdate().year}


def api_statement(world: Any) -> dict[str, Any]:
    return company_statement(world)


CASES = {
    "partnerships:action_list": UrlAccess(allowed="company", denied=NOT_MEMBER),
    "partnerships:action_create": UrlAccess(allowed="company", denied=NOT_MEMBER),
    "partnerships:action_detail": UrlAccess(**PUBLIC, kwargs=public_action),
    "partnerships:action_edit": UrlAccess(
        allowed="company", denied=NOT_ORGANISER, kwargs=own_action
    ),
    "partnerships:action_held": UrlAccess(
        allowed="company", denied=NOT_ORGANISER, kwargs=started_action
    ),
    "partnerships:action_cancel": UrlAccess(
        allowed="company", denied=NOT_ORGANISER, kwargs=own_action
    ),
    "partnerships:partner_add": UrlAccess(
        allowed="company", denied=NOT_ORGANISER, kwargs=own_action
    ),
    "partnerships:partner_remove": UrlAccess(
        allowed="company", denied=NOT_ORGANISER, kwargs=own_partner
    ),
    "partnerships:contribution_add": UrlAccess(
        allowed="company", denied=NOT_ORGANISER, kwargs=own_partner
    ),
    "partnerships:contribution_remove": UrlAccess(
        allowed="company", denied=NOT_ORGANISER, kwargs=own_contribution
    ),
    "partnerships:calendar": UrlAccess(**PUBLIC),
    "partnerships:calendar_ics": UrlAccess(**PUBLIC),
    "partnerships:statements": UrlAccess(allowed="company", denied=NOT_MEMBER),
    "partnerships:statement": UrlAccess(
        allowed="company", denied=NOT_THE_PARTNER, kwargs=company_statement
    ),
    "partnerships:statement_pdf": UrlAccess(
        allowed="company", denied=NOT_THE_PARTNER, kwargs=company_statement
    ),
    "partnerships:statement_xlsx": UrlAccess(
        allowed="company", denied=NOT_THE_PARTNER, kwargs=company_statement
    ),
    "partnerships:indicators": UrlAccess(**PUBLIC),
    "api-1.0.0:partnerships_actions": UrlAccess(**PUBLIC),
    "api-1.0.0:partnerships_action": UrlAccess(**PUBLIC, kwargs=public_action),
    # The API's writes also read a form body, so the table's client reaches them; JSON is
    # tested in test_actions_api.py.
    "api-1.0.0:partnerships_action_held": UrlAccess(
        allowed="company",
        denied=NOT_ORGANISER,
        method="post",
        kwargs=started_action,
        data=lambda w: {"participants": "25", "hires": "2"},
    ),
    "api-1.0.0:partnerships_action_cancel": UrlAccess(
        allowed="company",
        denied=NOT_ORGANISER,
        method="post",
        kwargs=own_action,
        data=lambda w: {"reason": "Alerte météo."},
    ),
    "api-1.0.0:partnerships_action_partners": UrlAccess(
        allowed="company",
        denied=NOT_ORGANISER,
        method="post",
        kwargs=own_action,
        data=lambda w: {"organisation": str(w.organisations["provider"].pk)},
        ok_status=(201,),
    ),
    "api-1.0.0:partnerships_partner_remove": UrlAccess(
        allowed="company", denied=NOT_ORGANISER, method="post", kwargs=own_partner, ok_status=(204,)
    ),
    "api-1.0.0:partnerships_partner_contributions": UrlAccess(
        allowed="company",
        denied=NOT_ORGANISER,
        method="post",
        kwargs=own_partner,
        data=lambda w: {
            "kind": "expertise",
            "date": timezone.localdate().isoformat(),
            "description": "Jury",
            "hours": 4,
            "hourly_value": 60,
        },
        ok_status=(201,),
    ),
    "api-1.0.0:partnerships_contribution_remove": UrlAccess(
        allowed="company",
        denied=NOT_ORGANISER,
        method="post",
        kwargs=own_contribution,
        ok_status=(204,),
    ),
    "api-1.0.0:partnerships_statement": UrlAccess(
        allowed="company", denied=NOT_THE_PARTNER, kwargs=api_statement
    ),
    "api-1.0.0:partnerships_indicator": UrlAccess(
        **PUBLIC,
        kwargs=lambda w: {"indicator_id": "placements-hosted"},
        data=lambda w: {"period": "2026"},
    ),
}
