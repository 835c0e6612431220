"""Six-month follow-up: the learner's link is public (its token is the key), the rest is the provider's."""

from __future__ import annotations

from typing import Any

from lakou.training.models import FollowUp
from tests.access import UrlAccess
from tests.training.factories_followup import answer_token, make_follow_up

NOT_PROVIDER = ("anonymous", "person", "federation", "company", "auditor", "epci")


def due_token(world: Any) -> dict[str, Any]:
    return {"token": answer_token(make_follow_up())}


def answered_token(world: Any) -> dict[str, Any]:
    answered = make_follow_up(state=FollowUp.State.ANSWERED, situation="permanent")
    return {"token": answer_token(answered)}


def own_follow_up(world: Any) -> dict[str, Any]:
    return {"pk": make_follow_up(provider=world.organisations["provider"]).pk}


CASES = {
    "training:followup_answer": UrlAccess(allowed="anonymous", public=True, kwargs=due_token),
    "training:followup_thanks": UrlAccess(allowed="anonymous", public=True, kwargs=answered_token),
    "training:followup_list": UrlAccess(allowed="provider", denied=NOT_PROVIDER),
    "training:followup_record": UrlAccess(
        allowed="provider", denied=NOT_PROVIDER, kwargs=own_follow_up
    ),
    "training:followup_unreachable": UrlAccess(
        allowed="provider",
        denied=NOT_PROVIDER,
        method="post",
        kwargs=own_follow_up,
        ok_status=(302,),
    ),
    "api-1.0.0:training_followup_list": UrlAccess(
        allowed="provider", denied=("anonymous", "person", "federation", "company")
    ),
    "api-1.0.0:training_followup_record": UrlAccess(
        allowed="provider",
        denied=("anonymous", "person", "federation", "company"),
        method="post",
        kwargs=own_follow_up,
        data=lambda w: {},
        # The table's client posts a form body: the provider reaches validation (400 or 422);
        # tests/training/test_followup_api.py posts real JSON.
        ok_status=(400, 422),
    ),
}
