"""Who may do what with partnership actions, their partners and the partners' statements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lakou.partnerships.models import Action

if TYPE_CHECKING:
    from lakou.core.actor import Actor


def can_see_member_actions(actor: Actor) -> bool:
    """Members of any organisation see every action, public or not, in every state."""
    return actor.organisation_id is not None


def can_create_action(actor: Actor) -> bool:
    """The federation and any member organisation propose actions (they become an organiser)."""
    return actor.organisation_id is not None


def can_edit_action(actor: Actor, action: Action) -> bool:
    """The federation edits every action; an organiser the actions it organises."""
    if actor.is_federation:
        return True
    if actor.organisation_id is None:
        return False
    return any(organiser.pk == actor.organisation_id for organiser in action.organisers.all())


def can_choose_organisers(actor: Actor) -> bool:
    """Only the federation names the organisers of an action; others organise their own."""
    return actor.is_federation


def can_see_statement(actor: Actor, organisation_id: int) -> bool:
    """A partner's yearly statement: its own members and the federation."""
    return actor.is_federation or (
        actor.organisation_id is not None and actor.organisation_id == organisation_id
    )


def can_see_exact_indicators(actor: Actor) -> bool:
    """Federation staff see placement counts under 5; everyone else sees them as secret."""
    return actor.is_federation
