"""Signatures and changes that arrive at once (PostgreSQL only): the last two parties signing
together make the agreement signed; a signature racing a request for a change never survives it
as a live signature of a draft; one link signs once.

SQLite serialises every write, so it cannot show the race; these tests run with
DATABASE_URL=postgres://... and are skipped otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lakou.partnerships.models import Agreement, AgreementLink, AgreementSignature, Party
from lakou.partnerships.services import agreements as services
from lakou.partnerships.services.agreements import AgreementError
from tests.concurrency import POSTGRES_ONLY
from tests.concurrency import at_once as threads_at_once
from tests.partnerships.factories_agreements import link_token, make_agreement, person_actor

pytestmark = [
    pytest.mark.django_db(transaction=True),
    POSTGRES_ONLY,
]
Status = Agreement.Status


def at_once(jobs: list[Callable[[], object]]) -> list[str]:
    return threads_at_once(jobs, AgreementError)


def link_of(agreement: Agreement, party: str) -> AgreementLink:
    link = services.link_lookup(link_token(agreement, party)).link
    assert link is not None
    return link


def signing(agreement: Agreement, link: AgreementLink) -> Callable[[], object]:
    return lambda: services.agreement_sign(
        agreement=agreement, link=link, signer_name="Nom Prénom", signer_role="Signataire"
    )


def test_the_last_two_signatures_at_once_make_it_signed() -> None:
    agreement = make_agreement(status=Status.PARTLY_SIGNED)
    company, school = link_of(agreement, Party.COMPANY), link_of(agreement, Party.SCHOOL)
    outcomes = at_once([signing(agreement, company), signing(agreement, school)])
    assert outcomes == ["ok", "ok"]
    agreement.refresh_from_db()
    assert agreement.status == Status.SIGNED
    assert agreement.signatures.filter(voided_at__isnull=True).count() == 3


def test_one_link_used_twice_at_once_signs_once() -> None:
    agreement = make_agreement(status=Status.READY_TO_SIGN)
    link = link_of(agreement, Party.COMPANY)
    outcomes = at_once([signing(agreement, link) for _ in range(4)])
    assert outcomes.count("ok") == 1
    assert all("déjà" in o for o in outcomes if o != "ok")
    assert AgreementSignature.objects.filter(agreement=agreement).count() == 1


def test_a_signature_racing_a_change_request_leaves_no_live_signature_on_a_draft() -> None:
    agreement = make_agreement(status=Status.PARTLY_SIGNED)
    company = link_of(agreement, Party.COMPANY)
    learner = person_actor(agreement.learner)
    outcomes = at_once(
        [
            signing(agreement, company),
            lambda: services.agreement_back_to_draft(
                agreement=agreement, actor=learner, reason="Les dates changent."
            ),
        ]
    )
    agreement.refresh_from_db()
    assert agreement.status == Status.DRAFT
    assert agreement.signatures.filter(voided_at__isnull=True).count() == 0
    # Either the signature came first (then voided), or its link was revoked first.
    assert outcomes[1] == "ok"
    assert outcomes[0] in ("ok", "Ce lien a été remplacé par un lien plus récent.")
