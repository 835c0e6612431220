from __future__ import annotations

from django.contrib import admin

from lakou.partnerships.models import Action


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin[Action]):
    list_display = ["title", "kind", "starts_at", "status", "commune"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["title"]
    autocomplete_fields = ["organisers"]


from lakou.partnerships.models import Agreement, AgreementSignature  # noqa: E402


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
