from __future__ import annotations

from django.contrib import admin

from lakou.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "organisation", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
