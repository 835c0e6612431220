from __future__ import annotations

from django.contrib import admin

from lakou.partnerships.models import Action, ActionPartner, Contribution  # actions


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin[Action]):
    list_display = ["title", "kind", "starts_at", "status", "commune"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["title"]
    autocomplete_fields = ["organisers"]


# ---------------------------------------------------------------- actions: partners and contributions


@admin.register(ActionPartner)
class ActionPartnerAdmin(admin.ModelAdmin[ActionPartner]):
    list_display = ["organisation", "action", "role"]
    search_fields = ["organisation__name", "action__title"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["action"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin[Contribution]):
    list_display = ["description", "kind", "date", "value", "partner"]
    list_filter = ["kind"]
    search_fields = ["description", "partner__organisation__name"]
    raw_id_fields = ["partner"]
