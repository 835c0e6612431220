"""Who may do what with an enrolment: the rules the views, the API and the services share.

The fetch helpers answer 404 for an enrolment the actor cannot see (`Enrolment.objects.visible_to`:
only the learner and the session's provider see one), whatever the action, exactly as for an
id that does not exist. 403 is left for the learner on their own enrolment when the action is
the provider's (decide, refuse, certify), and for someone who is not a provider on the roster of
a session they can see; another provider's session or enrolment is a 404.
"""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.training.models import Enrolment, Session


def can_enrol(actor: Actor) -> bool:
    """Any signed-in person enrols themself, whether acting alone or for an organisation."""
    return actor.user is not None


def can_manage_enrolments(actor: Actor, session: Session) -> bool:
    """A member of the session's provider decides on requests and follows the learners."""
    return actor.is_provider and session.programme.provider_id == actor.organisation_id


def is_learner(actor: Actor, enrolment: Enrolment) -> bool:
    """The person the enrolment is for."""
    return actor.user is not None and enrolment.learner_id == actor.user.pk


def can_cancel_enrolment(actor: Actor, enrolment: Enrolment) -> bool:
    """The learner cancels their own enrolment; the provider may cancel it for them."""
    return is_learner(actor, enrolment) or can_manage_enrolments(actor, enrolment.session)
