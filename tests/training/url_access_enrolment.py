"""Enrolment pages and API: learners ask and cancel, the session's provider runs the roster."""

from __future__ import annotations

from typing import Any

from lakou.training.models import Enrolment
from tests.access import UrlAccess
from tests.training.factories import make_programme, make_session
from tests.training.factories_enrolment import enrolment_in

NOT_PROVIDER = ("anonymous", "person", "federation", "company", "auditor", "epci")


def published_session(world: Any) -> dict[str, Any]:
    return {"pk": make_session(make_programme()).pk}


def own_session(world: Any) -> dict[str, Any]:
    """A session of the world's provider, with one pending request."""
    session = make_session(make_programme(actor=world.actor("provider")))
    enrolment_in(session, Enrolment.Status.REQUESTED)
    return {"pk": session.pk}


def request_to_own_session(world: Any) -> dict[str, Any]:
    session = make_session(make_programme(actor=world.actor("provider")))
    return {"pk": enrolment_in(session, Enrolment.Status.REQUESTED).pk}


def persons_enrolment(world: Any) -> dict[str, Any]:
    """The world's person is accepted in a session; only they and its provider may cancel."""
    session = make_session(make_programme(actor=world.actor("provider")))
    return {"pk": enrolment_in(session, Enrolment.Status.ACCEPTED, world.users["person"]).pk}


SIGNED_IN_ONLY = ("anonymous",)


# The confirmation page's button; without it a POST only shows the page again.
def confirmed(world: Any) -> dict[str, Any]:
    return {"confirme": "oui"}


CASES = {
    "training:session_enrol": UrlAccess(
        allowed="person",
        denied=SIGNED_IN_ONLY,
        method="post",
        kwargs=published_session,
        data=lambda w: {
            "first_name": "Line",
            "last_name": "Jean-Baptiste",
            "message": "",
            "phone": "",
        },
        ok_status=(302,),
    ),
    "training:my_enrolments": UrlAccess(allowed="person", denied=SIGNED_IN_ONLY),
    "training:enrolment_cancel": UrlAccess(
        allowed="person",
        denied=("anonymous", "other_company", "company", "federation", "epci"),
        method="post",
        kwargs=persons_enrolment,
        data=confirmed,
        ok_status=(302,),
    ),
    "training:session_roster": UrlAccess(
        allowed="provider", denied=NOT_PROVIDER, kwargs=own_session
    ),
    "training:session_roster_csv": UrlAccess(
        allowed="provider", denied=NOT_PROVIDER, kwargs=own_session
    ),
    "training:session_roster_xlsx": UrlAccess(
        allowed="provider", denied=NOT_PROVIDER, kwargs=own_session
    ),
    "training:enrolment_decide": UrlAccess(
        allowed="provider",
        denied=NOT_PROVIDER,
        method="post",
        kwargs=request_to_own_session,
        data=lambda w: {"action": "accept"},
        ok_status=(302,),
    ),
    "training:enrolment_refuse": UrlAccess(
        allowed="provider",
        denied=NOT_PROVIDER,
        method="post",
        kwargs=request_to_own_session,
        data=lambda w: {"reason": "Les prérequis ne sont pas remplis."},
        ok_status=(302,),
    ),
    "api-1.0.0:training_session_enrolments": UrlAccess(
        allowed="provider", denied=NOT_PROVIDER, kwargs=own_session
    ),
    "api-1.0.0:training_enrolment_decision": UrlAccess(
        allowed="provider",
        denied=NOT_PROVIDER,
        method="post",
        kwargs=request_to_own_session,
        # A form body is read too, so the table's client reaches the decision; JSON is tested
        # in test_enrolment_api.py.
        data=lambda w: {"action": "accept"},
    ),
}
