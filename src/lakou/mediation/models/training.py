"""Which training programmes qualify a mediator: completing one of them with a Lakou certificate
is what makes a mediator « formé(e) » (shown on their page, verifiable like any certificate)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lakou.training.models import Programme


class QualifyingProgramme(models.Model):
    programme = models.OneToOneField(
        Programme,
        verbose_name=_("formation"),
        on_delete=models.CASCADE,
        related_name="qualifies_mediators",
    )
    added_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("formation qui qualifie les médiateurs")
        verbose_name_plural = _("formations qui qualifient les médiateurs")
        ordering = ["programme__title"]

    def __str__(self) -> str:
        return str(self.programme)
