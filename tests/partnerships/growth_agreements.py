"""One more of every list item of the agreement pages, for tests/test_query_counts.py."""

from __future__ import annotations

from typing import Any

from lakou.partnerships.models import Agreement, AgreementLink, Party, PlacementKind
from lakou.partnerships.services.agreements import evaluation_record, link_lookup
from tests.partnerships.factories_agreements import link_token, make_agreement, make_application


def grow(world: Any) -> None:
    parties = {
        "company": world.organisations["company"],
        "school": world.organisations["provider"],
        "learner": world.users["person"],
    }
    make_agreement(status=Agreement.Status.READY_TO_SIGN, **parties)
    make_agreement(status=Agreement.Status.SIGNED, kind=PlacementKind.APPRENTICESHIP, **parties)
    active = make_agreement(status=Agreement.Status.ACTIVE, **parties)
    link = link_lookup(link_token(active, Party.COMPANY, AgreementLink.Purpose.MID_EVALUATION)).link
    assert link is not None
    evaluation_record(link=link, evaluator_name="Fritz Dorval", assessment="Bon début.")
    make_application(
        company=world.organisations["company"],
        school=world.organisations["provider"],
        learner=world.users["person"],
    )
