from __future__ import annotations

from django.contrib import admin

from lakou.partnerships.models import Action


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin[Action]):
    list_display = ["title", "kind", "starts_at", "status", "commune"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["title"]
    autocomplete_fields = ["organisers"]
