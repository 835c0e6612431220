"""One more of every list item of the diagnostic pages, for tests/test_query_counts.py."""

from __future__ import annotations

from typing import Any

from lakou.diagnostics.models import Campaign
from tests.diagnostics.factories import CampaignFactory, QuestionnaireFactory, ResponseFactory
from tests.diagnostics.factories_audits import AuditFactory, RegistryCompanyFactory


def grow(world: Any) -> None:
    company = RegistryCompanyFactory()
    QuestionnaireFactory()
    for owner in ("federation", "epci"):
        CampaignFactory(owner=world.organisations[owner])
    for campaign in Campaign.objects.all():
        ResponseFactory(campaign=campaign, company=company)
    AuditFactory(auditor=world.organisations["auditor"], company=company)
    AuditFactory(auditor=world.organisations["auditor"], company=world.organisations["company"])
