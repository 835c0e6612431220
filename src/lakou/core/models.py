from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def visible_to(self, actor: Any) -> AuditEntryQuerySet:
        if actor.is_federation:
            return self
        if actor.organisation_id is None:
            return self.none()
        return self.filter(organisation_id=actor.organisation_id)


class AuditEntry(models.Model):
    """Who, acting for which organisation, did what to which object, when."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("au nom de"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("type d'objet"), max_length=100, blank=True)
    object_id = models.CharField(_("identifiant"), max_length=64, blank=True)
    object_repr = models.CharField(_("objet"), max_length=200, blank=True)
    changes = models.JSONField(_("détails"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def of_actor(self, actor: Any) -> ImportJobQuerySet:
        """The jobs the actor started, acting for the same organisation; nobody else's."""
        if actor.user is None or actor.organisation_id is None:
            return self.none()
        return self.filter(user=actor.user, organisation_id=actor.organisation_id)


class ImportJob(models.Model):
    """An import run as background work: its file waits in a private folder until it ends."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        READING = "reading", _("lecture et vérification du fichier")
        WRITING = "writing", _("enregistrement")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échoué")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("type d'import"), max_length=40)
    file_name = models.CharField(_("fichier envoyé"), max_length=255)
    stored_name = models.CharField(_("fichier gardé"), max_length=100)
    dry_run = models.BooleanField(_("simulation"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancé par"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("au nom de"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    lines_total = models.PositiveIntegerField(_("lignes du fichier"), null=True, blank=True)
    lines_read = models.PositiveIntegerField(_("lignes lues"), default=0)
    report = models.JSONField(_("rapport"), default=dict, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fini le"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import en arrière-plan")
        verbose_name_plural = _("imports en arrière-plan")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
