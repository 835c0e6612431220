"""A saved orientation plan: a target occupation, its competence gap and the pathway of sessions
that closes it, as the advisor explained it; shared with advisers only with the person's
consent."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lakou.matching.models.profiles import Profile
from lakou.skills.models import Occupation


class SavedPlan(models.Model):
    profile = models.ForeignKey(
        Profile, verbose_name=_("profil"), on_delete=models.CASCADE, related_name="plans"
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("métier visé"), on_delete=models.PROTECT, related_name="+"
    )
    # The gap, the chosen sessions (ids) and each step's reasons, as computed when saved.
    gap = models.JSONField(_("compétences à acquérir"), default=list)
    steps = models.JSONField(_("étapes"), default=list)
    opens = models.JSONField(_("ce que le parcours ouvre"), default=list, blank=True)
    shared_with_advisers = models.BooleanField(
        _("visible des conseillers et médiateurs"),
        default=False,
        help_text=_("Un conseiller ou un médiateur le voit seulement si vous le permettez."),
    )
    created_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("plan d'orientation")
        verbose_name_plural = _("plans d'orientation")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.profile} — {self.occupation}"
