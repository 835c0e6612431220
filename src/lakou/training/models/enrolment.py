"""Enrolments: a learner's place in a session, from the request to completion."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import validate_phone
from lakou.training.models.catalogue import SHORT_TEXT, Session

if TYPE_CHECKING:
    from lakou.core.actor import Actor


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def holding_a_seat(self) -> EnrolmentQuerySet:
        """Accepted, attending or completed: the enrolments counted against the seats."""
        return self.filter(status__in=Enrolment.SEAT_STATUSES)

    def waitlist(self) -> EnrolmentQuerySet:
        """Waiting for a seat, first come first served."""
        return self.filter(status=Enrolment.Status.WAITLISTED).order_by("waitlisted_at", "pk")

    def of_learner(self, user_id: int | None) -> EnrolmentQuerySet:
        return self.filter(learner_id=user_id)

    def of_provider(self, organisation_id: int | None) -> EnrolmentQuerySet:
        return self.filter(session__programme__provider_id=organisation_id)

    def visible_to(self, actor: Actor) -> EnrolmentQuerySet:
        """The actor's own enrolments, and a provider's those in its sessions; nobody else sees one."""
        visible = Q(learner_id=actor.user.pk) if actor.user is not None else Q(pk__in=[])
        if actor.is_provider:
            visible |= Q(session__programme__provider_id=actor.organisation_id)
        return self.filter(visible)

    def live(self) -> EnrolmentQuerySet:
        """Not refused, not cancelled: a learner has at most one of these per session."""
        return self.exclude(status__in=Enrolment.CLOSED_STATUSES)


class Enrolment(models.Model):
    """A learner's place in a session, from the request to completion.

    asked → accepted | refused (with a reason) | waitlisted → attending → completed | dropped;
    an accepted or waitlisted learner may cancel, which frees the seat for the waitlist.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Demande envoyée")
        WAITLISTED = "waitlisted", _("Sur liste d'attente")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")
        ATTENDING = "attending", _("En formation")
        COMPLETED = "completed", _("Formation terminée")
        DROPPED = "dropped", _("Abandon")
        CANCELLED = "cancelled", _("Annulée")

    SEAT_STATUSES = (Status.ACCEPTED, Status.ATTENDING, Status.COMPLETED)
    CLOSED_STATUSES = (Status.REFUSED, Status.CANCELLED)

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="enrolments"
    )
    learner = models.ForeignKey(
        "accounts.User",
        verbose_name=_("apprenant"),
        on_delete=models.PROTECT,
        related_name="training_enrolments",
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    message = models.TextField(_("message de l'apprenant"), blank=True, **SHORT_TEXT)
    # E.164 (+596696123456), as `normalise_phone` writes it.
    phone = models.CharField(_("téléphone"), max_length=30, blank=True, validators=[validate_phone])
    refusal_reason = models.TextField(_("motif du refus"), blank=True, **SHORT_TEXT)
    requested_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    waitlisted_at = models.DateTimeField(_("mise en attente le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    completed_on = models.DateField(_("terminée le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["requested_at", "pk"]
        indexes = [
            models.Index(fields=["session", "status"], name="enrolment_session_status"),
            models.Index(fields=["learner", "status"], name="enrolment_learner_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"],
                condition=~Q(status__in=["refused", "cancelled"]),
                name="one_live_enrolment_per_learner_and_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} — {self.session}"

    @property
    def holds_a_seat(self) -> bool:
        return self.status in self.SEAT_STATUSES
