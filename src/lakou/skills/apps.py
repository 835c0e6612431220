from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "lakou.skills"
    label = "skills"
    verbose_name = _("Compétences et métiers")
