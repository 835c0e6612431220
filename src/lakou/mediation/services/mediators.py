"""Digital mediators: a person applies on the public form, no account needed; the federation
moves them along their statuses (applicant → in training → active → paused | left).

An application creates or reuses the account of its e-mail address, without a password, and
writes the mediator in one transaction; the applicant and the federation are e-mailed once it
commits. A second application from the same address changes nothing. Sent by a visitor, it gets
the same answer as a first one and the address's owner is told by e-mail: the public form tells
no stranger who applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.accounts.models import Organisation
from lakou.accounts.services import federation_emails, registered_user
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.notifications import notify_by_email
from lakou.core.validators import SHORT_TEXT_MAX_LENGTH, PhoneError, normalise_phone
from lakou.mediation.models import (
    MAX_WEEKLY_HOURS,
    TRANSITIONS,
    Compensation,
    Mediator,
    MediatorKind,
    MediatorQuerySet,
    MediatorStatus,
)
from lakou.mediation.perms import mediators as perms
from lakou.skills.models import Area
from lakou.territory.models import Commune

# The topics a mediator helps with are the areas of this framework.
TOPICS_FRAMEWORK = "digcomp"
# Kinds of mediator who work for an organisation, whose SIRET they may give.
EMPLOYER_KINDS = frozenset({MediatorKind.EMPLOYEE, MediatorKind.ASSOCIATION})


class MediatorError(Exception):
    """A change refused as a whole; the message is French and shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # the form field the message belongs to, if one


class AlreadyApplied(MediatorError):
    """The account already has its mediator (a public page must not tell it to a stranger)."""


@dataclass(frozen=True)
class MediatorApplication:
    """What the applicant writes on the form. `email` only when nobody is signed in: a signed-in
    person applies with their own account."""

    first_name: str
    last_name: str
    kind: str
    home_commune: Commune
    weekly_hours: int
    compensation: str
    communes_served: tuple[Commune, ...] = ()
    topics: tuple[Area, ...] = ()
    email: str = ""
    phone: str = ""
    employer: Organisation | None = None
    speaks_french: bool = True
    speaks_creole: bool = False
    motivation: str = ""


def topic_areas() -> QuerySet[Area]:
    """The areas a mediator may choose, in the framework's order."""
    return Area.objects.filter(framework__code=TOPICS_FRAMEWORK).order_by("position", "code")


# ---------------------------------------------------------------- application


def _check(application: MediatorApplication, *, signed_in: bool) -> str:
    """The phone number in E.164; the first problem of the application as a MediatorError on
    its form field."""
    if not (application.first_name.strip() and application.last_name.strip()):
        raise MediatorError(_("Indiquez votre prénom et votre nom."), field="last_name")
    if not signed_in and not application.email.strip():
        raise MediatorError(_("Indiquez votre adresse e-mail."), field="email")
    try:
        phone = normalise_phone(application.phone)
    except PhoneError as error:
        raise MediatorError(str(error), field="phone") from error
    if application.kind not in MediatorKind.values:
        raise MediatorError(_("Choisissez votre profil."), field="kind")
    if application.employer is not None and application.kind not in EMPLOYER_KINDS:
        raise MediatorError(
            _(
                "Seul(e) un(e) salarié(e) d'une entreprise ou d'une association indique un "
                "employeur : laissez ce champ vide."
            ),
            field="employer",
        )
    if not application.communes_served:
        raise MediatorError(
            _("Choisissez au moins une commune où intervenir."), field="communes_served"
        )
    if not application.topics:
        raise MediatorError(_("Choisissez au moins un domaine d'aide."), field="topics")
    chosen = {area.pk for area in application.topics}
    if topic_areas().filter(pk__in=chosen).count() != len(chosen):
        raise MediatorError(_("Choisissez des domaines du référentiel DigComp."), field="topics")
    if not (application.speaks_french or application.speaks_creole):
        raise MediatorError(_("Cochez au moins une langue."), field="languages")
    if not 1 <= application.weekly_hours <= MAX_WEEKLY_HOURS:
        raise MediatorError(
            _("La disponibilité va de 1 à %(max)s heures par semaine.") % {"max": MAX_WEEKLY_HOURS},
            field="weekly_hours",
        )
    if application.compensation not in Compensation.values:
        raise MediatorError(_("Choisissez une rémunération."), field="compensation")
    if len(application.motivation) > SHORT_TEXT_MAX_LENGTH:
        raise MediatorError(
            _("Votre motivation tient en %(max)s caractères au plus.")
            % {"max": SHORT_TEXT_MAX_LENGTH},
            field="motivation",
        )
    return phone


def mediator_apply(*, actor: Actor, application: MediatorApplication) -> Mediator:
    """Write the application of the signed-in person, or of the account of `application.email`
    (created without a password if there is none). AlreadyApplied if it has one already."""
    signed_in = actor.user is not None
    phone = _check(application, signed_in=signed_in)
    already = _("Vous avez déjà envoyé une candidature de médiateur ou médiatrice numérique.")
    try:
        mediator = _create(actor, application, phone)
    # IntegrityError: two applications from one address at the same moment.
    except (AlreadyApplied, IntegrityError) as error:
        if not signed_in:
            _notify_already_applied(application.email)
        raise AlreadyApplied(already) from error
    return mediator


def _create(actor: Actor, application: MediatorApplication, phone: str) -> Mediator:
    first_name, last_name = application.first_name.strip(), application.last_name.strip()
    with transaction.atomic():
        if actor.user is not None:
            user = actor.user
            if Mediator.objects.filter(user=user).exists():
                raise AlreadyApplied("")
            if (user.first_name, user.last_name) != (first_name, last_name):
                user.first_name, user.last_name = first_name, last_name
                user.save(update_fields=["first_name", "last_name"])
        else:
            user = registered_user(
                email=application.email, first_name=first_name, last_name=last_name
            )
            if Mediator.objects.filter(user=user).exists():
                raise AlreadyApplied("")
        mediator = Mediator.objects.create(
            user=user,
            kind=application.kind,
            employer=application.employer,
            phone=phone,
            home_commune=application.home_commune,
            speaks_french=application.speaks_french,
            speaks_creole=application.speaks_creole,
            weekly_hours=application.weekly_hours,
            compensation=application.compensation,
            motivation=application.motivation.strip(),
            status=MediatorStatus.APPLICANT,
        )
        mediator.communes_served.set(application.communes_served)
        mediator.topics.set(application.topics)
        audit_record(
            actor=actor if actor.user is not None else None,
            action="mediator.apply",
            obj=mediator,
            changes={"user": user.pk, "kind": mediator.kind},
        )
        _notify_application(mediator)
    return mediator


# ---------------------------------------------------------------- statuses


def _label(status: str) -> str:
    return str(MediatorStatus(status).label)


def move_problem(mediator: Mediator, to: str) -> str:
    """Why `mediator` cannot move to `to`, in French; "" when it can."""
    if to not in MediatorStatus.values:
        return _("« %(status)s » n'est pas un statut de médiateur.") % {"status": to}
    allowed = TRANSITIONS.get(mediator.status, ())
    if to in allowed:
        return ""
    current = _label(mediator.status)
    if to == mediator.status:
        return _("Le statut est déjà « %(status)s ».") % {"status": current}
    if not allowed:
        return _("« %(status)s » est un statut définitif : il ne change plus.") % {
            "status": current
        }
    if mediator.status == MediatorStatus.APPLICANT and to == MediatorStatus.ACTIVE:
        return _(
            "Une candidature passe d'abord par la formation : choisissez « %(training)s », puis "
            "« %(active)s » une fois la formation suivie."
        ) % {
            "training": _label(MediatorStatus.IN_TRAINING),
            "active": _label(MediatorStatus.ACTIVE),
        }
    return _("Du statut « %(current)s », on ne passe qu'à : %(allowed)s.") % {
        "current": current,
        "allowed": ", ".join(f"« {_label(s)} »" for s in allowed),
    }


def mediator_move(*, actor: Actor, mediator: Mediator, to: str) -> Mediator:
    """Move the mediator to the status `to` along TRANSITIONS; the mediator is told by e-mail."""
    if not perms.can_manage_mediators(actor):
        raise PermissionDenied(_("Seule la fédération change le statut d'un médiateur."))
    with transaction.atomic():
        locked = Mediator.objects.select_for_update().get(pk=mediator.pk)
        problem = move_problem(locked, to)
        if problem:
            raise MediatorError(problem)
        before = locked.status
        locked.status = to
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_changed_at"])
        audit_record(
            actor=actor, action="mediator.move", obj=locked, changes={"from": before, "to": to}
        )
        _notify_status(locked, before=before)
    mediator.refresh_from_db()
    return mediator


def funder_choices() -> QuerySet[Organisation]:
    """Who may fund a mediator besides the federation: the EPCI organisations of a territory."""
    return Organisation.objects.filter(kind=Organisation.Kind.EPCI, epci__isnull=False).order_by(
        "name"
    )


def mediator_set_funder(
    *, actor: Actor, mediator: Mediator, funder: Organisation | None
) -> Mediator:
    """The EPCI that funds the mediator's acts (None: the federation). The statements already
    made keep their funder; the next ones, and the EPCI's review of acts, follow the new one."""
    if not perms.can_manage_mediators(actor):
        raise PermissionDenied(_("Seule la fédération choisit le financeur d'un médiateur."))
    if funder is not None and not funder_choices().filter(pk=funder.pk).exists():
        raise MediatorError(_("Le financeur est la fédération ou l'un des trois EPCI."))
    with transaction.atomic():
        locked = Mediator.objects.select_for_update().get(pk=mediator.pk)
        before = locked.funder_id
        locked.funder = funder
        locked.save(update_fields=["funder"])
        audit_record(
            actor=actor,
            action="mediator.funder",
            obj=locked,
            changes={"from": before, "to": funder.pk if funder else None},
        )
    mediator.refresh_from_db()
    return mediator


# ---------------------------------------------------------------- e-mails


def _detail_url(mediator: Mediator) -> str:
    return settings.SITE_URL + reverse("mediation:mediator_detail", kwargs={"pk": mediator.pk})


def _notify_application(mediator: Mediator) -> None:
    user = mediator.user
    notify_by_email(
        to=[user.email],
        subject=_("Votre candidature de médiateur ou médiatrice numérique"),
        template="mediation/emails/application_received.txt",
        context={"mediator": mediator, "user": user, "site_url": settings.SITE_URL},
    )
    staff = federation_emails()
    if staff:
        notify_by_email(
            to=staff,
            subject=_("Nouvelle candidature de médiation numérique : %(name)s")
            % {"name": user.display_name},
            template="mediation/emails/application_new.txt",
            context={
                "mediator": mediator,
                "user": user,
                "communes": list(mediator.communes_served.order_by("name")),
                "detail_url": _detail_url(mediator),
            },
        )


def _notify_already_applied(email: str) -> None:
    """Tell the address's owner, and them only, that a new application changed nothing."""
    mediator = (
        Mediator.objects.filter(user__email__iexact=email.strip()).select_related("user").first()
    )
    if mediator is None:
        return
    notify_by_email(
        to=[mediator.user.email],
        subject=_("Votre candidature de médiateur ou médiatrice numérique"),
        template="mediation/emails/application_repeated.txt",
        context={"mediator": mediator, "user": mediator.user},
    )


def _notify_status(mediator: Mediator, *, before: str) -> None:
    user = mediator.user
    notify_by_email(
        to=[user.email],
        subject=_("Médiation numérique : votre statut est « %(status)s »")
        % {"status": mediator.get_status_display()},
        template="mediation/emails/status_changed.txt",
        context={"mediator": mediator, "user": user, "before": before, "Status": MediatorStatus},
    )


# ---------------------------------------------------------------- reads


def mediators_filtered(
    mediators: MediatorQuerySet, *, status: str = "", kind: str = "", territory: str = ""
) -> MediatorQuerySet:
    """`territory`: where they serve, an EPCI's SIREN (9 digits) or a commune's INSEE code."""
    if status:
        mediators = mediators.filter(status=status)
    if kind:
        mediators = mediators.filter(kind=kind)
    if territory:
        served = Mediator.communes_served.through.objects.filter(
            **(
                {"commune__epci__siren": territory}
                if len(territory) == 9
                else {"commune__insee_code": territory}
            )
        )
        mediators = mediators.filter(pk__in=served.values("mediator_id"))
    return mediators


def with_details(mediators: MediatorQuerySet) -> MediatorQuerySet:
    """What the list and the page show of each mediator, in a fixed number of queries."""
    return mediators.select_related("user", "home_commune", "employer", "funder").prefetch_related(
        "communes_served", "topics"
    )
