from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache


class LakouAdminSite(admin.AdminSite):
    site_header = _("Administration de Lakou")
    site_title = _("Lakou")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        """Federation superusers whose login went through their authenticator app."""
        from lakou.accounts.perms import can_use_admin, passed_second_factor

        actor = getattr(request, "actor", None)
        return (
            super().has_permission(request)
            and actor is not None
            and can_use_admin(actor)
            and passed_second_factor(request)
        )

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """No password form here: the site login asks for the second factor and counts failures."""
        # Inner imports: this module loads with the app registry, before the auth models.
        from django.contrib.auth.views import redirect_to_login

        from lakou.accounts.perms import can_use_admin

        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(next_url, reverse("account_login"))
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        actor = getattr(request, "actor", None)
        if actor is not None and can_use_admin(actor):
            # Signed in without the authenticator code (e.g. right after setting it up): ask it now.
            return redirect_to_login(next_url, reverse("mfa_reauthenticate"))
        raise PermissionDenied


class LakouAdminConfig(AdminConfig):
    default_site = "lakou.core.admin_site.LakouAdminSite"
