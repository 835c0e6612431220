from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lakou.training.models import (
    Programme,
    ProgrammeAudience,
    ProgrammeCompetence,
    ProgrammeFunding,
    Session,
)
from lakou.training.services.catalogue import programme_reindex


class AudienceInline(admin.TabularInline[ProgrammeAudience, Programme]):
    model = ProgrammeAudience
    extra = 0


class FundingInline(admin.TabularInline[ProgrammeFunding, Programme]):
    model = ProgrammeFunding
    extra = 0


class CompetenceInline(admin.TabularInline[ProgrammeCompetence, Programme]):
    model = ProgrammeCompetence
    extra = 0
    autocomplete_fields = ["competence"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["title", "provider", "domain", "is_published", "status", "label_expires_at"]
    list_filter = ["status", "is_published", "domain", "format"]
    search_fields = ["title", "provider__name"]
    readonly_fields = [
        "status",
        "labelled_at",
        "label_expires_at",
        "refusal_reason",
        "submitted_at",
    ]
    raw_id_fields = ["provider"]
    filter_horizontal = ["occupations"]
    inlines = [AudienceInline, FundingInline, CompetenceInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The catalogue search reads the audiences, competences and occupations saved above.
        programme_reindex(form.instance)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin[Session]):
    list_display = ["programme", "starts_on", "ends_on", "commune", "seats", "status"]
    list_filter = ["status", "is_remote"]
    raw_id_fields = ["programme"]
    date_hierarchy = "starts_on"
