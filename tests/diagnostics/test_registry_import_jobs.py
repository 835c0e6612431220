"""Big registry imports run as background work: a job page with a progress bar, then the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lakou.accounts.models import Membership, Organisation
from lakou.core.models import AuditEntry, ImportJob
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.tasks import run_worker
from tests.territory.factories import CommuneFactory
from tests.world import World

# The worker commits and closes its connection: these tests need real transactions.
pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "siret;denomination;naf;codeCommuneEtablissement;etatAdministratifEtablissement\n"
LINES = [
    "73282932000074;Boulangerie du Bourg;10.71C;97209;A\n",
    "44306184100047;Informatique Caraïbes;6201Z;97213;A\n",
    "12345678200010;Garage du Marigot;45.20A;97209;F\n",
    "55203253400646;Pêcherie du Robert;03.11Z;97213;A\n",
]
BIG = HEADER + "".join(LINES)
REFRESH = 'hx-trigger="every 2s"'
NOSCRIPT_REFRESH = '<noscript><meta http-equiv="refresh" content="2"></noscript>'


@pytest.fixture
def world(settings: Any, tmp_path: Path) -> World:
    settings.IMPORT_BACKGROUND_FROM_LINES = 3
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    CommuneFactory()
    CommuneFactory(lamentin=True)
    return World.build()


def upload(client: Client, content: str, **extra: Any) -> Any:
    return client.post(
        reverse("diagnostics:registry_import"),
        {"file": SimpleUploadedFile("registre.csv", content.encode()), **extra},
    )


def start_job(world: World, content: str = BIG, **extra: Any) -> tuple[ImportJob, Any]:
    """Upload a big file as federation staff; the job, and its page before the worker runs."""
    client = world.client("federation")
    response = upload(client, content, **extra)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("diagnostics:registry_import_job", kwargs={"pk": job.pk})
    return job, client.get(response.url)


def kept_files(settings: Any) -> list[str]:
    directory = Path(settings.IMPORT_FILES_DIR)
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


def test_a_big_file_gives_a_job_page_with_a_progress_bar_and_writes_nothing_yet(
    world: World, settings: Any
) -> None:
    job, page = start_job(world)

    html = page.content.decode()
    assert page.status_code == 200
    assert "<progress" in html
    assert "En attente" in html
    assert job.file_name == "registre.csv"
    assert (job.user, job.organisation) == (
        world.users["federation"],
        world.organisations["federation"],
    )
    assert kept_files(settings) == [job.stored_name]
    assert not Organisation.objects.filter(siret="73282932000074").exists()


def test_the_worker_runs_the_job_and_the_page_then_shows_the_report(
    world: World, settings: Any
) -> None:
    job, _page = start_job(world)

    run_worker()
    page = world.client("federation").get(reverse("diagnostics:registry_import_job", args=[job.pk]))

    html = page.content.decode()
    assert "Import réussi : 4 ligne(s) lue(s), 4 créée(s)" in html
    assert "<progress" not in html
    assert (
        Organisation.objects.companies()
        .filter(siret__in=["73282932000074", "55203253400646"])
        .count()
        == 2
    )
    entry = AuditEntry.objects.get(action="company_registry.import")
    assert (entry.user, entry.changes["file"]) == (world.users["federation"], "registre.csv")
    assert kept_files(settings) == []


def test_the_page_reloads_itself_while_the_job_runs_and_not_after(world: World) -> None:
    job, page = start_job(world)
    url = reverse("diagnostics:registry_import_job", args=[job.pk])
    client = world.client("federation")

    assert REFRESH in page.content.decode()
    assert NOSCRIPT_REFRESH in page.content.decode()
    assert "Content-Security-Policy" in page.headers
    stopped = client.get(url, {"actualiser": "non"}).content.decode()
    assert REFRESH not in stopped
    assert "refresh" not in stopped
    run_worker()
    done = client.get(url).content.decode()
    assert REFRESH not in done
    assert "refresh" not in done


def test_the_progress_bar_says_how_many_lines_are_read_out_of_how_many(world: World) -> None:
    job, _page = start_job(world)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.READING, lines_read=12_000, lines_total=200_000
    )

    page = world.client("federation").get(reverse("diagnostics:registry_import_job", args=[job.pk]))

    html = page.content.decode()
    assert (
        '<progress aria-labelledby="avancement" max="200000" value="12000">6 %</progress>' in html
    )
    assert "12\xa0000 lignes lues sur 200\xa0000" in html
    assert REFRESH in html


def test_a_bad_line_in_a_big_file_writes_nothing_and_the_page_shows_the_line(
    world: World, settings: Any
) -> None:
    job, _page = start_job(world, BIG + "73282932000075;Boulangerie;10.71C;97299;A\n")

    run_worker()
    page = world.client("federation").get(reverse("diagnostics:registry_import_job", args=[job.pk]))

    html = page.content.decode()
    assert "Import refusé : 2 problème(s) dans « registre.csv »" in html
    assert '<td class="num" data-label="Ligne">6</td>' in html
    assert "code commune inconnu « 97299 »" in html
    assert not Organisation.objects.filter(siret="73282932000074").exists()
    assert not AuditEntry.objects.filter(action="company_registry.import").exists()
    assert kept_files(settings) == []


def test_a_very_wrong_big_file_lists_500_problems_and_counts_them_all(world: World) -> None:
    job, _page = start_job(world, HEADER + "1;;;;\n" * 300)

    run_worker()
    page = world.client("federation").get(reverse("diagnostics:registry_import_job", args=[job.pk]))

    html = page.content.decode()
    # Five problems a line: SIRET, name, NAF, commune and state.
    assert "Import refusé : 1500 problème(s)" in html
    assert html.count('<td class="num" data-label="Ligne">') == 500
    assert "Seules les 500 premières lignes à corriger sont affichées sur 1\xa0500" in html


def test_a_simulation_in_the_background_counts_and_writes_nothing(world: World) -> None:
    job, page = start_job(world, dry_run="on")

    assert "simulation : rien ne sera enregistré" in page.content.decode()
    run_worker()
    page = world.client("federation").get(reverse("diagnostics:registry_import_job", args=[job.pk]))

    assert "Un import réel créerait 4 ligne(s)" in page.content.decode()
    assert not Organisation.objects.filter(siret="73282932000074").exists()


def test_a_small_file_still_gets_its_report_at_once(world: World, settings: Any) -> None:
    response = upload(world.client("federation"), HEADER + "".join(LINES[:2]))

    assert response.status_code == 200
    assert "Import réussi : 2 ligne(s) lue(s)" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert kept_files(settings) == []


@pytest.mark.parametrize("actor", ["superuser", "company"])
def test_someone_else_gets_404_on_the_job_page(world: World, actor: str) -> None:
    job, _page = start_job(world)

    response = world.client(actor).get(reverse("diagnostics:registry_import_job", args=[job.pk]))

    assert response.status_code == 404


def test_the_same_person_acting_for_another_organisation_gets_404(world: World) -> None:
    job, _page = start_job(world)
    other = OrganisationFactory(federation=True, name="Autre fédération")
    MembershipFactory(user=world.users["federation"], organisation=other)
    client = world.client("federation")
    session = client.session
    session["lakou_organisation_id"] = other.pk
    session.save()

    response = client.get(reverse("diagnostics:registry_import_job", args=[job.pk]))

    assert response.status_code == 404


def test_the_job_of_someone_who_left_the_organisation_is_not_run(
    world: World, settings: Any
) -> None:
    job, _page = start_job(world)
    Membership.objects.filter(user=world.users["federation"]).update(is_active=False)

    run_worker()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "n'agit plus pour cette organisation" in job.report["problems"][0][2]
    assert not Organisation.objects.filter(siret="73282932000074").exists()
    assert kept_files(settings) == []


def test_an_unexpected_error_while_writing_leaves_nothing_and_says_so(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lakou.diagnostics.services import registry

    def write_then_fail(**kwargs: Any) -> None:
        OrganisationFactory(company=True, siret="73282932000074")
        raise RuntimeError("disque plein")

    monkeypatch.setattr(registry, "company_registry_upsert", write_then_fail)
    job, _page = start_job(world)

    run_worker()
    page = world.client("federation").get(reverse("diagnostics:registry_import_job", args=[job.pk]))

    assert "erreur inattendue. Rien n&#x27;a été enregistré" in page.content.decode()
    assert not Organisation.objects.filter(siret="73282932000074").exists()
