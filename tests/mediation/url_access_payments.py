"""Payment pages: the federation's rate table; the statements, read by their funder, the
federation and their mediator, validated and marked paid by the funder or the federation."""

from __future__ import annotations

from typing import Any

from lakou.mediation.models import Statement
from lakou.mediation.services.payments import statement_validate
from tests.access import UrlAccess
from tests.mediation.factories_payments import a_statement, paid_mediator

NOT_FUNDER = ("anonymous", "person", "company", "provider", "auditor", "association")
CONFIRM = {"confirme": "oui"}


def epci_funded(world: Any) -> Statement:
    """A draft statement of a mediator the world's EPCI funds."""
    return a_statement(paid_mediator(funder=world.organisations["epci"]))


def a_draft(world: Any) -> dict[str, Any]:
    return {"pk": epci_funded(world).pk}


def a_validated(world: Any) -> dict[str, Any]:
    statement = epci_funded(world)
    return {"pk": statement_validate(actor=world.actor("epci"), statement=statement).pk}


CASES = {
    "mediation:rate_list": UrlAccess(allowed="federation", denied=(*NOT_FUNDER, "epci")),
    "mediation:rate_create": UrlAccess(allowed="federation", denied=(*NOT_FUNDER, "epci")),
    "mediation:statement_list": UrlAccess(allowed="epci", denied=NOT_FUNDER),
    "mediation:statement_prepare": UrlAccess(allowed="federation", denied=NOT_FUNDER),
    "mediation:statement_detail": UrlAccess(allowed="epci", denied=NOT_FUNDER, kwargs=a_draft),
    "mediation:statement_refresh": UrlAccess(
        allowed="epci", denied=NOT_FUNDER, method="post", kwargs=a_draft, ok_status=(302,)
    ),
    "mediation:statement_validate": UrlAccess(
        allowed="federation", denied=NOT_FUNDER, kwargs=a_draft
    ),
    "mediation:statement_pay": UrlAccess(
        allowed="epci",
        denied=NOT_FUNDER,
        method="post",
        kwargs=a_validated,
        data=lambda world: CONFIRM,
        ok_status=(302,),
    ),
    "mediation:statement_csv": UrlAccess(allowed="epci", denied=NOT_FUNDER, kwargs=a_draft),
    "mediation:statement_pdf": UrlAccess(allowed="federation", denied=NOT_FUNDER, kwargs=a_draft),
}
