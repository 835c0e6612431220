from __future__ import annotations

from django.contrib import admin

from lakou.partnerships.models import Action, Agreement, AgreementSignature, Booking, Resource


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin[Action]):
    list_display = ["title", "kind", "starts_at", "status", "commune"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["title"]
    autocomplete_fields = ["organisers"]


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


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin[Agreement]):
    list_display = ["__str__", "kind", "status", "starts_on", "ends_on"]
    list_filter = ["kind", "status"]
    readonly_fields = ["status", "signed_at", "activated_at", "ended_at"]
    raw_id_fields = ["application", "learner", "company", "school", "created_by"]


@admin.register(AgreementSignature)
class AgreementSignatureAdmin(admin.ModelAdmin[AgreementSignature]):
    list_display = ["agreement", "party", "signer_name", "signed_at", "voided_at"]
    readonly_fields = ["text_hash"]
    raw_id_fields = ["agreement", "signer"]
