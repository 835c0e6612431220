"""Background work. Tasks stay thin: they receive plain values and call a function."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task

from lakou.core.import_jobs import import_job_run
from lakou.core.models import ImportJob


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    return send_mail(subject, body, None, to)


@task()
def run_import_job(*, job_id: str) -> str:
    job = ImportJob.objects.filter(pk=job_id).select_related("user").first()
    return import_job_run(job=job) if job else "missing"
