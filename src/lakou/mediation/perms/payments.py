"""Who may do what with the rate table and the monthly statements: the federation keeps the
rates; a statement is read by the federation, by the EPCI that funds it and by its mediator, and
validated and marked paid by its funder or the federation.

A statement the actor may not read answers 404 (`visible_statements`); 403 is for a role that has
no statement page at all, or may read a statement but not validate it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from lakou.mediation.models import Mediator, Statement

if TYPE_CHECKING:
    from lakou.core.actor import Actor


def can_manage_rates(actor: Actor) -> bool:
    """The federation sets the rate table; nobody else reads or changes it."""
    return actor.is_federation


def can_prepare(actor: Actor) -> bool:
    """The funders prepare the month's statements: the federation for everyone, an EPCI for the
    mediators it funds."""
    return actor.is_federation or (actor.is_epci and actor.organisation_id is not None)


def own_mediator_id(actor: Actor) -> int | None:
    if actor.user is None:
        return None
    return Mediator.objects.filter(user_id=actor.user.pk).values_list("pk", flat=True).first()


def can_read_statements(actor: Actor) -> bool:
    """Funders, and any mediator (for their own statements)."""
    return can_prepare(actor) or own_mediator_id(actor) is not None


def visible_statements(actor: Actor) -> QuerySet[Statement]:
    """Every statement for the federation; those it funds for an EPCI; a mediator's own for a
    mediator (an EPCI agent who is also a mediator sees both); nothing for anyone else."""
    if actor.is_federation:
        return Statement.objects.all()
    statements = Statement.objects.none()
    if actor.is_epci and actor.organisation_id is not None:
        statements = Statement.objects.filter(funder_id=actor.organisation_id)
    mediator_id = own_mediator_id(actor)
    if mediator_id is not None:
        statements = statements | Statement.objects.filter(mediator_id=mediator_id)
    return statements


def can_validate(actor: Actor, statement: Statement) -> bool:
    """The organisation that funds it, or the federation (which funds those without an EPCI)."""
    if actor.is_federation:
        return True
    return (
        actor.is_epci
        and actor.organisation_id is not None
        and statement.funder_id == actor.organisation_id
    )
