"""Background work shared by every app. Tasks stay thin: they receive plain values and call a
function. A task that runs one service lives beside it (e.g. `import_jobs.run_import_job`)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task

from lakou.core.sms import send_sms


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    return send_mail(subject, body, None, to)


@task()
def send_sms_task(*, to: str, text: str) -> None:
    send_sms(to, text)
