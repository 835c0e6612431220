"""Big imports as background work: the file waits in a private folder, a task runs the import
and writes how far it got, the job's page shows it, then the same report as a small import.

Still all or nothing: the worker checks every line outside any transaction (so its progress,
saved every `PROGRESS_EVERY` lines in short transactions of its own, can be read by the page
meanwhile), then writes everything in one transaction. While that transaction runs, nothing else
is saved: on SQLite the writer holds the only write lock, and a progress row saved in the same
transaction would stay invisible until the commit anyway.
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from lakou.core.actor import Actor
from lakou.core.imports import (
    Importer,
    ImportProblem,
    ImportReport,
    count_data_lines,
    importers,
    run_import,
)
from lakou.core.models import ImportJob

logger = logging.getLogger(__name__)

# A job's page lists this many problems, as a small import's page does; the count is complete.
PROBLEMS_KEPT = 500


def import_files_dir() -> Path:
    return Path(settings.IMPORT_FILES_DIR)


def import_file_save(upload: UploadedFile) -> Path:
    """Write the upload to the private folder under a random name (only the owner may read it)."""
    directory = import_files_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / f"{uuid.uuid4().hex}{Path(upload.name or '').suffix.lower()}"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        for chunk in upload.chunks():
            file.write(chunk)
    return path


def runs_in_background(path: Path) -> bool:
    """Whether the file has `IMPORT_BACKGROUND_FROM_LINES` lines or more (or cannot be counted).

    Counting stops there, so a small request never reads more than a few thousand lines."""
    threshold: int = settings.IMPORT_BACKGROUND_FROM_LINES
    lines = count_data_lines(path, stop_at=threshold)
    return lines is None or lines >= threshold


def import_job_start(
    *, actor: Actor, kind: str, path: Path, file_name: str, dry_run: bool
) -> ImportJob:
    """Keep the file (already in the private folder) for a job of the actor; the worker runs it."""
    if actor.user is None or actor.organisation is None or kind not in importers():
        raise ValueError("an import job needs a signed-in member and a known kind")
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            file_name=file_name[:255],
            stored_name=path.name,
            dry_run=dry_run,
            user=actor.user,
            organisation=actor.organisation,
        )
        job_id = str(job.pk)
        transaction.on_commit(lambda: run_import_job.enqueue(job_id=job_id))
    return job


def _actor_of(job: ImportJob) -> Actor | None:
    """The member who started the job, if they still belong to the organisation."""
    from lakou.accounts.models import Membership

    memberships = tuple(Membership.objects.active().for_user(job.user))
    membership = next((m for m in memberships if m.organisation_id == job.organisation_id), None)
    if membership is None or not job.user.is_active:
        return None
    return Actor(user=job.user, membership=membership, memberships=memberships)


def _save(job: ImportJob, **values: object) -> None:
    # An UPDATE of these columns alone, committed at once (the worker runs in autocommit).
    ImportJob.objects.filter(pk=job.pk).update(**values)


def _finish(job: ImportJob, report: ImportReport, status: str) -> None:
    _save(
        job,
        status=status,
        report=report.to_dict(),
        lines_read=report.rows_read,
        finished_at=timezone.now(),
    )


def _failure_report(job: ImportJob, reason: str) -> ImportReport:
    report = ImportReport(kind=job.kind, file_name=job.file_name, dry_run=job.dry_run)
    report.add_problems([ImportProblem(line=None, column="", reason=reason)])
    return report


def import_job_run(*, job: ImportJob) -> str:
    """Run the job's import, saving its progress then its report; the file is deleted after."""
    if job.status != ImportJob.Status.QUEUED:
        return str(job.status)  # already run (a task enqueued twice): leave it as it is
    path = import_files_dir() / job.stored_name
    try:
        status, report = _run(job, path)
    finally:
        path.unlink(missing_ok=True)
    _finish(job, report, status)
    return status


def _run(job: ImportJob, path: Path) -> tuple[ImportJob.Status, ImportReport]:
    actor = _actor_of(job)
    if actor is None:
        return ImportJob.Status.FAILED, _failure_report(
            job,
            _(
                "Import annulé : la personne qui l'a lancé n'agit plus pour cette organisation. "
                "Rien n'a été enregistré."
            ),
        )
    _save(
        job,
        status=ImportJob.Status.READING,
        started_at=timezone.now(),
        lines_total=count_data_lines(path),
    )

    def on_progress(lines_read: int, writing: bool) -> None:
        if writing:
            _save(job, status=ImportJob.Status.WRITING, lines_read=lines_read)
        else:
            _save(job, lines_read=lines_read)

    importer: Importer[object] = import_string(importers()[job.kind])()
    try:
        report = run_import(
            importer,
            path,
            actor=actor,
            dry_run=job.dry_run,
            file_name=job.file_name,
            on_progress=on_progress,
            keep_problems=PROBLEMS_KEPT,
        )
    except Exception:
        # The import's transaction was rolled back: say so on the page, keep the trace in the log.
        logger.exception("Import job %s failed", job.pk)
        return ImportJob.Status.FAILED, _failure_report(
            job,
            _(
                "L'import s'est arrêté sur une erreur inattendue. Rien n'a été enregistré ; "
                "relancez-le, et prévenez l'équipe technique si cela se reproduit."
            ),
        )
    return ImportJob.Status.DONE, report


def import_job_report(job: ImportJob) -> ImportReport | None:
    return ImportReport.from_dict(job.report) if job.finished and job.report else None


@task()
def run_import_job(*, job_id: str) -> str:
    job = ImportJob.objects.filter(pk=job_id).select_related("user").first()
    return import_job_run(job=job) if job else "missing"
