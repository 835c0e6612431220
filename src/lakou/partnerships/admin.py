from __future__ import annotations

from django.contrib import admin

from lakou.partnerships.models import Action, Booking, Resource


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin[Action]):
    list_display = ["title", "kind", "starts_at", "status", "commune"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["title"]
    autocomplete_fields = ["organisers"]


# ---------------------------------------------------------------- resources


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin[Resource]):
    list_display = ["title", "kind", "owner", "quantity", "is_shared"]
    list_filter = ["kind", "is_shared", "licence"]
    search_fields = ["title", "owner__name"]
    autocomplete_fields = ["owner"]
    raw_id_fields = ["commune", "created_by"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin[Booking]):
    list_display = ["resource", "booker", "starts_on", "ends_on", "quantity", "status"]
    list_filter = ["status"]
    search_fields = ["resource__title", "booker__name"]
    raw_id_fields = ["resource", "booker", "requested_by", "decided_by"]
    date_hierarchy = "starts_on"
