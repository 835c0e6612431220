from __future__ import annotations

from typing import Any

from lakou.core.models import ImportJob
from tests.access import UrlAccess
from tests.accounts.factories import OrganisationFactory
from tests.territory.factories import CommuneFactory

NOT_FEDERATION = ("anonymous", "person", "epci", "company", "provider", "auditor", "association")
SIRET = "73282932000074"


def registry_company(world: Any) -> dict[str, Any]:
    OrganisationFactory(company=True, siret=SIRET, commune=CommuneFactory())
    return {"siret": SIRET}


def federation_import_job(world: Any) -> dict[str, Any]:
    job = ImportJob.objects.create(
        kind="companies",
        file_name="registre.csv",
        stored_name="absent.csv",
        user=world.users["federation"],
        organisation=world.organisations["federation"],
    )
    return {"pk": job.pk}


CASES = {
    "diagnostics:registry_list": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    "diagnostics:registry_import": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    # The superuser belongs to the federation too, but the job is not theirs.
    "diagnostics:registry_import_job": UrlAccess(
        allowed="federation", denied=(*NOT_FEDERATION, "superuser"), kwargs=federation_import_job
    ),
    "api-1.0.0:registry_company": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=registry_company
    ),
}
