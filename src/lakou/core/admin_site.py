from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class LakouAdminSite(admin.AdminSite):
    site_header = _("Administration de Lakou")
    site_title = _("Lakou")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        """Only superusers who belong to the federation reach the admin."""
        from lakou.accounts.perms import can_use_admin

        actor = getattr(request, "actor", None)
        return super().has_permission(request) and actor is not None and can_use_admin(actor)


class LakouAdminConfig(AdminConfig):
    default_site = "lakou.core.admin_site.LakouAdminSite"
