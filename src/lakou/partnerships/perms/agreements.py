"""Who may do what with a placement agreement."""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.partnerships.models import Agreement, Application, Party


def can_list_agreements(actor: Actor) -> bool:
    """The federation, companies, schools and providers, and learners have agreements to see."""
    return actor.is_federation or actor.is_company or actor.is_provider or actor.is_person


def can_create_agreement(actor: Actor, application: Application) -> bool:
    """The host company establishes the agreement of a placement's application it accepted (a
    job has no agreement: the company confirms the hire)."""
    return (
        actor.is_company
        and actor.organisation_id == application.offer.company_id
        and application.status == Application.Status.ACCEPTED
        and not application.offer.is_job
    )


def can_view_agreement(actor: Actor, agreement: Agreement) -> bool:
    return Agreement.objects.visible_to(actor).filter(pk=agreement.pk).exists()


def is_company_of(actor: Actor, agreement: Agreement) -> bool:
    """A member of the host company."""
    return actor.is_company and actor.organisation_id == agreement.company_id


def is_school_of(actor: Actor, agreement: Agreement) -> bool:
    """A member of the agreement's school or training provider."""
    return actor.is_provider and actor.organisation_id == agreement.school_id


def is_learner_of(actor: Actor, agreement: Agreement) -> bool:
    return actor.is_person and actor.user is not None and actor.user.pk == agreement.learner_id


def can_edit_agreement(actor: Actor, agreement: Agreement) -> bool:
    """The host company writes the agreement and sends it to the signatures."""
    return is_company_of(actor, agreement)


def party_of(actor: Actor, agreement: Agreement) -> str | None:
    """Which party the signed-in actor stands for, if any."""
    if is_company_of(actor, agreement):
        return Party.COMPANY
    if is_school_of(actor, agreement):
        return Party.SCHOOL
    if is_learner_of(actor, agreement):
        return Party.LEARNER
    return None


def can_request_change(actor: Actor, agreement: Agreement) -> bool:
    """Any of the three parties may ask for a change (back to draft)."""
    return party_of(actor, agreement) is not None


def can_break_off(actor: Actor, agreement: Agreement) -> bool:
    """The company or the school records a break-off; the federation may too."""
    return actor.is_federation or is_company_of(actor, agreement) or is_school_of(actor, agreement)
