from __future__ import annotations

from django.contrib import admin

from lakou.partnerships.models import (
    Action,
    Agreement,
    AgreementSignature,
    Booking,
    MenteeRequest,
    MentorCompetence,
    MentoringPair,
    MentorProfile,
    Resource,
)


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


class MentorCompetenceInline(admin.TabularInline[MentorCompetence, MentorProfile]):
    model = MentorCompetence
    extra = 0
    raw_id_fields = ["competence", "level"]


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin[MentorProfile]):
    list_display = ["user", "organisation", "capacity", "is_active"]
    list_filter = ["is_active", "accepts_remote"]
    raw_id_fields = ["user", "organisation"]
    inlines = [MentorCompetenceInline]


@admin.register(MenteeRequest)
class MenteeRequestAdmin(admin.ModelAdmin[MenteeRequest]):
    list_display = ["learner", "commune", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["learner"]


@admin.register(MentoringPair)
class MentoringPairAdmin(admin.ModelAdmin[MentoringPair]):
    list_display = ["__str__", "status", "started_at", "end_reason"]
    list_filter = ["status", "end_reason"]
    raw_id_fields = ["mentor", "mentee", "created_by", "ended_by"]
