from __future__ import annotations

from django.contrib import admin

from lakou.partnerships.models import (
    Action,
    MenteeRequest,
    MentorCompetence,
    MentoringPair,
    MentorProfile,
)


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin[Action]):
    list_display = ["title", "kind", "starts_at", "status", "commune"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["title"]
    autocomplete_fields = ["organisers"]


# ---------------------------------------------------------------- mentoring


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
