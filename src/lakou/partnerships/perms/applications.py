"""Who may do what with an application: the learner applies and withdraws, the company decides.

The fetch helpers answer 404 for an application the actor cannot see
(`Application.objects.visible_to`); 403 is left for the learner on their own application when
the action is the company's, and for the company when the action is the learner's.
"""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.partnerships.models import Application


def can_apply(actor: Actor) -> bool:
    """A signed-in person acting for themself (not for an organisation) applies."""
    return actor.is_person


def is_applicant(actor: Actor, application: Application) -> bool:
    """The person who sent the application."""
    return actor.user is not None and application.learner_id == actor.user.pk


def can_decide(actor: Actor, application: Application) -> bool:
    """A member of the offer's company examines, accepts or refuses the application."""
    return (
        actor.user is not None
        and actor.is_company
        and application.offer.company_id == actor.organisation_id
    )


def can_confirm_hire(actor: Actor, application: Application) -> bool:
    """The offer's company confirms the hire of a job's accepted application, once."""
    return (
        can_decide(actor, application)
        and application.offer.is_job
        and application.status == Application.Status.ACCEPTED
        and application.hire_confirmed_at is None
    )


def can_read_cv(actor: Actor, application: Application) -> bool:
    """The CV is read by the applicant and by the offer's company, nobody else (not even the
    federation, which sees that an application waits, not the person's CV)."""
    return is_applicant(actor, application) or can_decide(actor, application)


def can_withdraw(actor: Actor, application: Application) -> bool:
    """Only the applicant withdraws their application."""
    return is_applicant(actor, application)


def can_see_flagged(actor: Actor) -> bool:
    """The federation follows the applications left unanswered across every company."""
    return actor.is_federation
