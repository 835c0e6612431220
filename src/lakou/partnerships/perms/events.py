"""Who may do what in a contest or hackathon: shared by the views, the API and the services."""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.partnerships.models import Event, Juror, Participant


def can_manage_event(actor: Actor, event: Event) -> bool:
    """The federation and the organisers of the event's action manage it (jurors, criteria,
    challenges, results)."""
    if actor.is_federation:
        return True
    if actor.organisation_id is None:
        return False
    return any(o.pk == actor.organisation_id for o in event.action.organisers.all())


def can_take_part(actor: Actor) -> bool:
    """A signed-in person acting for themselves registers and forms teams."""
    return actor.user is not None


def can_read_submission(actor: Actor, event: Event, team_id: int) -> bool:
    """The team's members, the event's organisers and its jurors read a handed-in project (a
    juror's conflicts are checked by the caller, which knows the team's members)."""
    participant = participant_of(actor, event)
    if participant is not None and participant.team_id == team_id:
        return True
    return can_manage_event(actor, event) or juror_of(actor, event) is not None


def participant_of(actor: Actor, event: Event) -> Participant | None:
    """The actor's registration to the event, if any."""
    if actor.user is None:
        return None
    return (
        Participant.objects.select_related("team")
        .filter(event=event, user_id=actor.user.pk)
        .first()
    )


def juror_of(actor: Actor, event: Event) -> Juror | None:
    """The actor's seat on the event's jury, if any (whatever organisation they act for)."""
    if actor.user is None:
        return None
    return (
        Juror.objects.select_related("organisation")
        .filter(event=event, user_id=actor.user.pk)
        .first()
    )
