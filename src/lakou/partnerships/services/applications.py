"""Application services: a learner applies with a PDF CV, the company answers, nothing waits unseen.

States: new → being examined → accepted | refused (with a reason from a list, e-mailed to the
learner); new or being examined → withdrawn by the learner. An application still waiting 30 days
after it was sent (Martinique calendar days) is flagged, once, to the company and the federation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lakou.accounts.models import Membership
from lakou.accounts.services import federation_emails
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.notifications import notify_by_email
from lakou.core.throttle import Limit
from lakou.partnerships.models import Application, ApplicationQuerySet, Offer
from lakou.partnerships.perms import applications as perms
from lakou.partnerships.services.offers import OfferError, open_for_applications
from lakou.partnerships.services.signals import (
    application_accepted,
    application_refused,
    application_withdrawn,
    hire_confirmed,
)

Status = Application.Status
Reason = Application.RefusalReason

MARTINIQUE = ZoneInfo("America/Martinique")
CV_MAX_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
UNANSWERED_DAYS = 30
# Each application e-mails the company: a person sends a few a day, not dozens an hour. The
# application page and the API count in the same scope.
APPLY_THROTTLE_SCOPE = "partnerships-apply"
APPLY_LIMIT_PER_PERSON = 10
APPLY_LIMIT_PER_ADDRESS = 30

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.EXAMINING, Status.ACCEPTED, Status.REFUSED, Status.WITHDRAWN}),
    Status.EXAMINING: frozenset({Status.ACCEPTED, Status.REFUSED, Status.WITHDRAWN}),
    Status.ACCEPTED: frozenset(),
    Status.REFUSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
WAITING = (Status.NEW, Status.EXAMINING)
# The order of a pipeline: what waits for the company first.
PIPELINE = (Status.NEW, Status.EXAMINING, Status.ACCEPTED, Status.REFUSED, Status.WITHDRAWN)


def can_move(application: Application, to: str) -> bool:
    return to in TRANSITIONS.get(application.status, frozenset())


def _label(status: str) -> str:
    return str(Status(status).label)


def _check_transition(application: Application, to: str) -> None:
    if not can_move(application, to):
        raise OfferError(
            _("Une candidature « %(from)s » ne peut pas passer à « %(to)s ».")
            % {"from": _label(application.status), "to": _label(to)}
        )


# ---------------------------------------------------------------- the CV


def check_cv(cv: IO[bytes] | File[Any]) -> None:
    """A PDF (it starts with `%PDF-`, whatever its name says) of at most 5 MB."""
    size = getattr(cv, "size", None)
    if size is None:
        cv.seek(0, 2)
        size = cv.tell()
    if size == 0:
        raise OfferError(_("Le fichier du CV est vide."), field="cv")
    if size > CV_MAX_BYTES:
        raise OfferError(
            _("Le CV pèse %(size)s Mo : 5 Mo au plus. Enregistrez-le en PDF plus léger.")
            % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")},
            field="cv",
        )
    cv.seek(0)
    head = cv.read(len(PDF_MAGIC))
    cv.seek(0)
    if head != PDF_MAGIC:
        raise OfferError(
            _(
                "Ce fichier n'est pas un PDF. Enregistrez votre CV au format PDF "
                "(« Enregistrer sous » puis « PDF ») et envoyez-le de nouveau."
            ),
            field="cv",
        )


# ---------------------------------------------------------------- e-mails


def _company_emails(organisation_ids: list[int]) -> dict[int, list[str]]:
    rows = (
        Membership.objects.active()
        .filter(organisation_id__in=organisation_ids)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("organisation_id", "user__email")
    )
    emails: dict[int, list[str]] = defaultdict(list)
    for organisation_id, email in rows:
        emails[organisation_id].append(email)
    return emails


def _pipeline_url(offer: Offer) -> str:
    return settings.SITE_URL + reverse("partnerships:offer_applications", kwargs={"pk": offer.pk})


def _notify_company(application: Application, offer: Offer) -> None:
    recipients = _company_emails([offer.company_id]).get(offer.company_id, [])
    if not recipients:
        return
    notify_by_email(
        to=recipients,
        subject=_("Nouvelle candidature : %(title)s") % {"title": offer.title},
        template="partnerships/offers/emails/application_new.txt",
        context={
            "application": application,
            "offer": offer,
            "learner": application.learner,
            "pipeline_url": _pipeline_url(offer),
        },
    )


LEARNER_SUBJECTS = {
    "accepted": gettext_noop("Votre candidature à « %(title)s » est acceptée"),
    "refused": gettext_noop("Votre candidature à « %(title)s » n'est pas retenue"),
}


def _notify_learner(application: Application, offer: Offer, kind: str) -> None:
    learner = application.learner
    if not learner.email:
        return
    notify_by_email(
        to=[learner.email],
        subject=_(LEARNER_SUBJECTS[kind]) % {"title": offer.title},
        template=f"partnerships/offers/emails/application_{kind}.txt",
        context={
            "application": application,
            "offer": offer,
            "learner": learner,
            "reason": application.get_refusal_reason_display(),
            "my_applications_url": settings.SITE_URL + reverse("partnerships:my_applications"),
        },
    )


# ---------------------------------------------------------------- the learner applies


def application_submit(
    *, actor: Actor, offer: Offer, message: str, cv: File[Any] | None
) -> Application:
    """The person applies with a message and a PDF CV; the company's members get an e-mail."""
    if not perms.can_apply(actor):
        raise PermissionDenied(
            _("Connectez-vous en votre nom (pas pour une organisation) pour candidater.")
        )
    assert actor.user is not None
    message = message.strip()
    if not message:
        raise OfferError(_("Écrivez quelques mots à l'entreprise."), field="message")
    if len(message) > Application._meta.get_field("message").max_length:  # type: ignore[operator]
        raise OfferError(_("Le message est trop long."), field="message")
    if cv is None:
        raise OfferError(_("Joignez votre CV au format PDF."), field="cv")
    check_cv(cv)
    current = Offer.objects.select_related("company").get(pk=offer.pk)
    if not open_for_applications(current):
        raise OfferError(_("Cette offre ne reçoit plus de candidatures."))
    already = _("Vous avez déjà une candidature en cours pour cette offre.")
    if (
        Application.objects.filter(offer=current, learner=actor.user)
        .exclude(status=Status.WITHDRAWN)
        .exists()
    ):
        raise OfferError(already)
    try:
        with transaction.atomic():
            application = Application(offer=current, learner=actor.user, message=message)
            application.cv.save("cv.pdf", cv, save=False)
            application.save()
            audit_record(actor=actor, action="application.submit", obj=application)
            _notify_company(application, current)
    except IntegrityError as error:  # the same person applying twice at the same moment
        raise OfferError(already) from error
    return application


def apply_limits(actor: Actor, address: str) -> list[Limit]:
    """The limits one application counts against: the person's and the connection's."""
    assert actor.user is not None
    return [
        Limit("person", str(actor.user.pk), APPLY_LIMIT_PER_PERSON),
        Limit("address", address, APPLY_LIMIT_PER_ADDRESS),
    ]


def application_withdraw(*, actor: Actor, application: Application) -> Application:
    """The learner takes back an application the company has not answered."""
    if not perms.can_withdraw(actor, application):
        raise PermissionDenied(_("Seule la personne qui a candidaté retire sa candidature."))
    with transaction.atomic():
        withdrawn = _change(actor, application, Status.WITHDRAWN, "withdraw")
        transaction.on_commit(
            lambda: application_withdrawn.send(sender=Application, instance=withdrawn, actor=actor)
        )
    return withdrawn


# ---------------------------------------------------------------- the company answers


def _require_company(actor: Actor, application: Application) -> None:
    if not perms.can_decide(actor, application):
        raise PermissionDenied(_("Seule l'entreprise de l'offre répond aux candidatures."))


def _change(
    actor: Actor, application: Application, to: str, action: str, **fields: Any
) -> Application:
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("offer__company", "learner")
            .get(pk=application.pk)
        )
        _check_transition(locked, to)
        before = locked.status
        locked.status = to
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *fields, "updated_at"])
        audit_record(
            actor=actor,
            action=f"application.{action}",
            obj=locked,
            changes={"from": before, "to": to, **{k: str(v) for k, v in fields.items()}},
        )
        if to in (Status.ACCEPTED, Status.REFUSED):
            _notify_learner(locked, locked.offer, to)
    application.refresh_from_db()
    return application


def application_examine(*, actor: Actor, application: Application) -> Application:
    """The company says it is reading the application (the learner sees it in their list)."""
    _require_company(actor, application)
    return _change(actor, application, Status.EXAMINING, "examine")


def application_accept(*, actor: Actor, application: Application) -> Application:
    """The company takes the learner; for a placement the agreement is drawn up next (agreements
    area), for a job the company confirms the hire (`application_confirm_hire`). Sends
    `application_accepted` after commit."""
    _require_company(actor, application)
    with transaction.atomic():
        accepted = _change(actor, application, Status.ACCEPTED, "accept", decided_at=timezone.now())
        transaction.on_commit(
            lambda: application_accepted.send(sender=Application, instance=accepted, actor=actor)
        )
    return accepted


def application_confirm_hire(*, actor: Actor, application: Application) -> Application:
    """For a job (CDI, CDD, freelance mission), the company confirms that the person it accepted
    was hired; once. Sends `hire_confirmed` after commit."""
    _require_company(actor, application)
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("offer")
            .get(pk=application.pk)
        )
        if not locked.offer.is_job:
            raise OfferError(
                _(
                    "Seule une offre d'emploi se conclut par une embauche : établissez la convention."
                )
            )
        if locked.status != Status.ACCEPTED:
            raise OfferError(_("Acceptez d'abord la candidature, puis confirmez l'embauche."))
        if locked.hire_confirmed_at is not None:
            raise OfferError(_("L'embauche est déjà confirmée."))
        locked.hire_confirmed_at = timezone.now()
        locked.save(update_fields=["hire_confirmed_at", "updated_at"])
        audit_record(actor=actor, action="application.confirm_hire", obj=locked)
        transaction.on_commit(
            lambda: hire_confirmed.send(sender=Application, instance=locked, actor=actor)
        )
    application.refresh_from_db()
    return application


def application_refuse(*, actor: Actor, application: Application, reason: str) -> Application:
    """The company declines, with one reason of the list; the learner reads it by e-mail."""
    _require_company(actor, application)
    if reason not in Reason.values:
        raise OfferError(_("Choisissez le motif du refus dans la liste."), field="reason")
    with transaction.atomic():
        refused = _change(
            actor,
            application,
            Status.REFUSED,
            "refuse",
            refusal_reason=reason,
            decided_at=timezone.now(),
        )
        label = str(Reason(reason).label)
        transaction.on_commit(
            lambda: application_refused.send(
                sender=Application, instance=refused, actor=actor, reason=label
            )
        )
    return refused


ACTIONS: dict[str, str] = {
    "examine": Status.EXAMINING,
    "accept": Status.ACCEPTED,
    "refuse": Status.REFUSED,
    "withdraw": Status.WITHDRAWN,
}


def application_decide(
    *, actor: Actor, application: Application, action: str, reason: str = ""
) -> Application:
    """Run the service named by `action` (examine, accept, refuse, withdraw, confirm_hire)."""
    if action == "confirm_hire":
        return application_confirm_hire(actor=actor, application=application)
    if action == "examine":
        return application_examine(actor=actor, application=application)
    if action == "accept":
        return application_accept(actor=actor, application=application)
    if action == "refuse":
        return application_refuse(actor=actor, application=application, reason=reason)
    if action == "withdraw":
        return application_withdraw(actor=actor, application=application)
    raise OfferError(_("Action inconnue : « %(a)s ».") % {"a": action})


# ---------------------------------------------------------------- unanswered for 30 days


def unanswered_limit(today: date) -> datetime:
    """Applications sent before this instant are unanswered for 30 days or more on `today`.

    Counted in Martinique calendar days: an application sent on 1 March at 23:30 (local time,
    already 2 March in UTC) is flagged from 31 March.
    """
    first_day_not_due = today - timedelta(days=UNANSWERED_DAYS - 1)
    return datetime.combine(first_day_not_due, time.min, tzinfo=MARTINIQUE)


@dataclass(frozen=True)
class FlagReport:
    flagged: int
    companies: int


def applications_flag_unanswered(*, now: datetime | None = None) -> FlagReport:
    """Flag the applications waiting for 30 days, e-mail each company its list and the federation
    a summary. An application is flagged once: the rows are claimed (locked, `flagged_at` set) in
    one transaction, so two runs at the same time never send the same one twice."""
    now = now or timezone.now()
    today = now.astimezone(MARTINIQUE).date()
    with transaction.atomic():
        due = list(
            Application.objects.open()
            .filter(flagged_at__isnull=True, created_at__lt=unanswered_limit(today))
            .select_for_update(of=("self",), skip_locked=True)
            .select_related("offer__company", "learner")
            .order_by("offer__company_id", "created_at", "pk")
        )
        if not due:
            return FlagReport(flagged=0, companies=0)
        Application.objects.filter(pk__in=[a.pk for a in due]).update(
            flagged_at=now, updated_at=now
        )
        by_company: dict[int, list[Application]] = defaultdict(list)
        for application in due:
            application.flagged_at = now
            by_company[application.offer.company_id].append(application)
        audit_record(
            actor=None,
            action="application.flag_unanswered",
            changes={"applications": [a.pk for a in due]},
        )
        emails = _company_emails(list(by_company))
        for company_id, applications in by_company.items():
            company = applications[0].offer.company
            if emails.get(company_id):
                notify_by_email(
                    to=emails[company_id],
                    subject=_("Candidatures sans réponse depuis 30 jours"),
                    template="partnerships/offers/emails/unanswered_company.txt",
                    context={
                        "company": company,
                        "applications": applications,
                        "days": UNANSWERED_DAYS,
                        "my_offers_url": settings.SITE_URL + reverse("partnerships:my_offers"),
                    },
                )
        federation = federation_emails()
        if federation:
            notify_by_email(
                to=federation,
                subject=_("%(count)s candidatures sans réponse depuis 30 jours")
                % {"count": len(due)},
                template="partnerships/offers/emails/unanswered_federation.txt",
                context={
                    "companies": [
                        (applications[0].offer.company, len(applications))
                        for applications in by_company.values()
                    ],
                    "count": len(due),
                    "days": UNANSWERED_DAYS,
                    "flagged_url": settings.SITE_URL + reverse("partnerships:applications_flagged"),
                },
            )
    return FlagReport(flagged=len(due), companies=len(by_company))


# ---------------------------------------------------------------- reads


def offer_pipeline(offer: Offer) -> ApplicationQuerySet:
    """An offer's applications, the waiting ones first, oldest first, with the agreement an
    accepted one became (the pipeline links to it)."""
    rank = Case(
        *(When(status=status, then=Value(position)) for position, status in enumerate(PIPELINE)),
        default=Value(len(PIPELINE)),
        output_field=IntegerField(),
    )
    return (
        Application.objects.filter(offer=offer)
        .select_related("learner", "agreement")
        .order_by(rank, "created_at", "pk")
    )


@dataclass(frozen=True)
class PipelineCounts:
    new: int
    examining: int
    accepted: int
    refused: int
    withdrawn: int


def pipeline_counts(offer: Offer) -> PipelineCounts:
    counts = Application.objects.filter(offer=offer).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values}
    )
    return PipelineCounts(**counts)


def learner_applications(user_id: int) -> ApplicationQuerySet:
    return (
        Application.objects.of_learner(user_id)
        .select_related("offer__company", "offer__commune")
        .defer("offer__commune__boundary")
        .order_by("-created_at", "-pk")
    )


def flagged_applications(*, company_id: int | None = None) -> ApplicationQuerySet:
    """Applications flagged and still waiting, for one company or (federation) all of them."""
    applications = Application.objects.flagged()
    if company_id is not None:
        applications = applications.of_company(company_id)
    return applications.select_related("offer__company", "learner").order_by("created_at", "pk")
