from __future__ import annotations

from typing import Any

from tests.access import UrlAccess
from tests.accounts.factories import OrganisationFactory
from tests.territory.factories import CommuneFactory

NOT_FEDERATION = ("anonymous", "person", "epci", "company", "provider", "auditor", "association")
SIRET = "73282932000074"


def registry_company(world: Any) -> dict[str, Any]:
    OrganisationFactory(company=True, siret=SIRET, commune=CommuneFactory())
    return {"siret": SIRET}


CASES = {
    "diagnostics:registry_list": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    "diagnostics:registry_import": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    "api-1.0.0:registry_company": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=registry_company
    ),
}
