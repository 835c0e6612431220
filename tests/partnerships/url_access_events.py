"""Contest and hackathon pages and API: public reads, participants, jurors, organisers."""

from __future__ import annotations

from typing import Any

from lakou.partnerships.models import Event, Participant
from tests.access import UrlAccess
from tests.partnerships.factories_events import (
    make_criteria,
    make_event,
    make_submission,
    make_team,
    register,
)

CONFIRMED = {"confirme": "oui"}
NOT_ORGANISER = ("anonymous", "person", "company", "other_company", "epci", "provider")
NOT_JUROR = ("anonymous", "person", "other_company", "federation")
NOT_PARTICIPANT = ("anonymous", "company", "federation")


def world_event(world: Any, phase: str = "registration") -> Event:
    """An event the federation organises; the person is registered, the company user is a juror."""
    from lakou.partnerships.models import Juror

    event = make_event(organiser=world.organisations["federation"], phase=phase)
    Juror.objects.create(
        event=event, user=world.users["company"], organisation=world.organisations["company"]
    )
    return event


def public_event(world: Any) -> dict[str, Any]:
    return {"pk": world_event(world).pk}


def registered_without_team(world: Any) -> dict[str, Any]:
    event = world_event(world)
    register(event, world.users["person"])
    return {"pk": event.pk}


def in_a_team(world: Any) -> dict[str, Any]:
    event = world_event(world, phase="submission")
    team = make_team(event, looking_for="Une graphiste")
    register(event, world.users["person"], team=team)
    return {"pk": event.pk}


def join_data(world: Any) -> dict[str, Any]:
    event = Event.objects.latest("pk")
    return {"join-code": make_team(event).code}


def api_join_data(world: Any) -> dict[str, Any]:
    event = Event.objects.latest("pk")
    return {"code": make_team(event).code}


def judged(world: Any) -> Event:
    event = world_event(world, phase="judging")
    make_criteria(event, 2, 1)
    make_submission(make_team(event, members=2))
    return event


def jury(world: Any) -> dict[str, Any]:
    return {"pk": judged(world).pk}


def scored_submission(world: Any) -> dict[str, Any]:
    event = judged(world)
    return {"pk": event.pk, "submission_pk": event.teams.get().submission.pk}


def api_scored_submission(world: Any) -> dict[str, Any]:
    kwargs = scored_submission(world)
    return {"pk": kwargs["pk"], "submission_id": kwargs["submission_pk"]}


def score_data(world: Any) -> dict[str, Any]:
    event = Event.objects.latest("pk")
    return {f"criterion_{c.pk}": 7 for c in event.criteria.all()}


def page_score_data(world: Any) -> dict[str, Any]:
    return score_data(world)


def challenge_data(world: Any) -> dict[str, Any]:
    company = world.organisations["company"]
    company.siret = "73282932000074"
    company.save(update_fields=["siret"])
    return {
        "challenge-partner": company.siret,
        "challenge-title": "Prendre rendez-vous en mairie",
        "challenge-description": "Une application simple pour les seniors.",
        "challenge-prize": "1 000 € et un accompagnement",
    }


def organised(world: Any) -> dict[str, Any]:
    return {"pk": world_event(world).pk}


def action_without_event(world: Any) -> dict[str, Any]:
    """A hackathon the federation organises, whose registration is not opened yet."""
    event = world_event(world)
    action = event.action
    event.delete()
    return {"pk": action.pk}


def seated_juror(world: Any) -> dict[str, Any]:
    event = world_event(world)
    return {"pk": event.pk, "juror_pk": event.jurors.get().pk}


def publishable(world: Any) -> dict[str, Any]:
    event = judged(world)
    for participant in Participant.objects.filter(event=event).select_related("user"):
        participant.user.first_name, participant.user.last_name = "Léa", "Joseph"
        participant.user.save()
    return {"pk": event.pk}


PUBLIC = {"allowed": "anonymous", "public": True}

CASES = {
    "partnerships:event_list": UrlAccess(**PUBLIC),
    "partnerships:event_detail": UrlAccess(**PUBLIC, kwargs=public_event),
    "partnerships:event_register": UrlAccess(**PUBLIC, kwargs=public_event),
    "partnerships:event_mine": UrlAccess(allowed="person", denied=("anonymous",)),
    "partnerships:event_manage_list": UrlAccess(
        allowed="federation", denied=("anonymous", "person")
    ),
    "partnerships:event_my_team": UrlAccess(
        allowed="person", denied=NOT_PARTICIPANT, kwargs=in_a_team
    ),
    "partnerships:event_team_create": UrlAccess(
        allowed="person",
        denied=NOT_PARTICIPANT,
        method="post",
        kwargs=registered_without_team,
        data=lambda w: {"create-name": "Les Colibris"},
        ok_status=(302,),
    ),
    "partnerships:event_team_join": UrlAccess(
        allowed="person",
        denied=NOT_PARTICIPANT,
        method="post",
        kwargs=registered_without_team,
        data=join_data,
        ok_status=(302,),
    ),
    "partnerships:event_team_update": UrlAccess(
        allowed="person",
        denied=NOT_PARTICIPANT,
        method="post",
        kwargs=in_a_team,
        data=lambda w: {"update-looking_for": "Un développeur"},
        ok_status=(302,),
    ),
    "partnerships:event_team_leave": UrlAccess(
        allowed="person", denied=NOT_PARTICIPANT, kwargs=in_a_team
    ),
    "partnerships:event_submission": UrlAccess(
        allowed="person", denied=NOT_PARTICIPANT, kwargs=in_a_team
    ),
    "partnerships:event_jury": UrlAccess(allowed="company", denied=NOT_JUROR, kwargs=jury),
    "partnerships:event_jury_score": UrlAccess(
        allowed="company", denied=NOT_JUROR, kwargs=scored_submission
    ),
    "partnerships:event_manage": UrlAccess(
        allowed="federation", denied=NOT_ORGANISER, kwargs=organised
    ),
    "partnerships:event_criterion_add": UrlAccess(
        allowed="federation",
        denied=NOT_ORGANISER,
        method="post",
        kwargs=organised,
        data=lambda w: {"criterion-name": "Impact pour les habitants", "criterion-weight": 2},
        ok_status=(302,),
    ),
    "partnerships:event_challenge_add": UrlAccess(
        allowed="federation",
        denied=NOT_ORGANISER,
        method="post",
        kwargs=organised,
        data=challenge_data,
        ok_status=(302,),
    ),
    "partnerships:event_juror_add": UrlAccess(
        allowed="federation",
        denied=NOT_ORGANISER,
        method="post",
        kwargs=organised,
        data=lambda w: {"juror-email": "provider@exemple.mq"},
        ok_status=(302,),
    ),
    "partnerships:event_create": UrlAccess(
        allowed="federation", denied=NOT_ORGANISER, kwargs=action_without_event
    ),
    "partnerships:event_juror_remove": UrlAccess(
        allowed="federation", denied=NOT_ORGANISER, kwargs=seated_juror
    ),
    "partnerships:event_results_publish": UrlAccess(
        allowed="federation", denied=NOT_ORGANISER, kwargs=publishable
    ),
    "api-1.0.0:partnerships_events": UrlAccess(**PUBLIC),
    "api-1.0.0:partnerships_event": UrlAccess(**PUBLIC, kwargs=public_event),
    "api-1.0.0:partnerships_event_register": UrlAccess(
        allowed="person",
        denied=("anonymous",),
        method="post",
        kwargs=public_event,
        ok_status=(201,),
    ),
    "api-1.0.0:partnerships_event_teams": UrlAccess(
        allowed="person",
        denied=NOT_PARTICIPANT,
        method="post",
        kwargs=registered_without_team,
        data=lambda w: {"name": "Les Colibris"},
        ok_status=(201,),
    ),
    "api-1.0.0:partnerships_event_team_join": UrlAccess(
        allowed="person",
        denied=NOT_PARTICIPANT,
        method="post",
        kwargs=registered_without_team,
        data=api_join_data,
    ),
    "api-1.0.0:partnerships_event_jury": UrlAccess(
        allowed="company", denied=NOT_JUROR, kwargs=jury
    ),
    "api-1.0.0:partnerships_event_jury_score": UrlAccess(
        allowed="company",
        denied=NOT_JUROR,
        method="post",
        kwargs=api_scored_submission,
        data=score_data,
    ),
    "api-1.0.0:partnerships_event_results": UrlAccess(
        allowed="federation",
        denied=NOT_ORGANISER,
        method="post",
        kwargs=publishable,
    ),
}


def submission_with_file(world: Any) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    kwargs = scored_submission(world)
    submission = Event.objects.get(pk=kwargs["pk"]).teams.get().submission
    submission.file.save("projet.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
    return kwargs


CASES["partnerships:event_submission_file"] = UrlAccess(
    allowed="company",
    denied=("anonymous", "person", "other_company", "epci", "provider"),
    kwargs=submission_with_file,
)

CASES["api-1.0.0:partnerships_event_project"] = UrlAccess(
    allowed="person",
    denied=NOT_PARTICIPANT,
    method="post",
    kwargs=in_a_team,
    data=lambda w: {"title": "Allo Mairie", "description": "Un assistant vocal."},
)
