"""Catalogue pages, provider pages, the label queue, calendar feeds and the catalogue API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from lakou.training.services.catalogue import programme_submit_for_label
from tests.access import UrlAccess
from tests.training.factories import make_programme, make_session

NOT_PROVIDER = ("anonymous", "person", "federation", "company", "auditor", "epci")
NOT_FEDERATION = ("anonymous", "person", "provider", "company", "auditor", "epci")


def own_programme(world: Any) -> dict[str, Any]:
    """A programme of the world's provider: others must not write to it."""
    return {"pk": make_programme(actor=world.actor("provider")).pk}


def own_session(world: Any) -> dict[str, Any]:
    programme = make_programme(actor=world.actor("provider"))
    return {"pk": make_session(programme).pk}


def published_programme(world: Any) -> dict[str, Any]:
    return {"pk": make_programme().pk}


def published_session(world: Any) -> dict[str, Any]:
    return {"pk": make_session(make_programme()).pk}


def submitted_programme(world: Any) -> dict[str, Any]:
    actor = world.actor("provider")
    programme = make_programme(actor=actor)
    programme_submit_for_label(actor=actor, programme=programme)
    return {"pk": programme.pk}


def provider(world: Any) -> dict[str, Any]:
    return {"pk": world.organisations["provider"].pk}


def session_form(world: Any) -> dict[str, Any]:
    starts_on = timezone.localdate() + timedelta(days=10)
    return {
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + timedelta(days=2)).isoformat(),
        "is_remote": "on",
        "seats": "10",
        "status": "open",
    }


PUBLIC_PAGE = {"allowed": "anonymous", "public": True}


# The confirmation page's button; without it a POST only shows the page again.
def confirmed(world: Any) -> dict[str, Any]:
    return {"confirme": "oui"}


CASES = {
    "training:catalogue": UrlAccess(**PUBLIC_PAGE),
    "training:programme_detail": UrlAccess(**PUBLIC_PAGE, kwargs=published_programme),
    "training:session_detail": UrlAccess(**PUBLIC_PAGE, kwargs=published_session),
    "training:programme_ics": UrlAccess(**PUBLIC_PAGE, kwargs=published_programme),
    "training:provider_ics": UrlAccess(**PUBLIC_PAGE, kwargs=provider),
    "training:my_programmes": UrlAccess(allowed="provider", denied=NOT_PROVIDER),
    "training:programme_create": UrlAccess(allowed="provider", denied=NOT_PROVIDER),
    "training:programme_edit": UrlAccess(
        allowed="provider", denied=NOT_PROVIDER, kwargs=own_programme
    ),
    "training:programme_submit": UrlAccess(
        allowed="provider",
        denied=NOT_PROVIDER,
        method="post",
        kwargs=own_programme,
        ok_status=(302,),
    ),
    "training:session_create": UrlAccess(
        allowed="provider",
        denied=NOT_PROVIDER,
        method="post",
        kwargs=own_programme,
        data=session_form,
        ok_status=(302,),
    ),
    "training:session_edit": UrlAccess(allowed="provider", denied=NOT_PROVIDER, kwargs=own_session),
    "training:session_cancel": UrlAccess(
        allowed="provider",
        denied=NOT_PROVIDER,
        method="post",
        kwargs=own_session,
        data=confirmed,
        ok_status=(302,),
    ),
    "training:label_queue": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    "training:programme_label": UrlAccess(
        allowed="federation",
        denied=NOT_FEDERATION,
        method="post",
        kwargs=submitted_programme,
        ok_status=(302,),
    ),
    "training:programme_refuse": UrlAccess(
        allowed="federation",
        denied=NOT_FEDERATION,
        method="post",
        kwargs=submitted_programme,
        data=lambda w: {"reason": "Le programme ne précise pas les modalités d'évaluation."},
        ok_status=(302,),
    ),
    "api-1.0.0:training_catalogue": UrlAccess(**PUBLIC_PAGE),
    "api-1.0.0:training_programme": UrlAccess(**PUBLIC_PAGE, kwargs=published_programme),
}
