from __future__ import annotations

from django.contrib import admin

from lakou.skills.models import Competence, Framework, Occupation, OccupationTitle, ProficiencyLevel


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "version"]


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en", "framework", "name_fr_is_own_wording"]
    list_filter = ["framework", "name_fr_is_own_wording"]
    search_fields = ["code", "name_fr", "name_en"]
    list_select_related = ["framework"]


@admin.register(ProficiencyLevel)
class ProficiencyLevelAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "framework"]
    list_filter = ["framework"]


class OccupationTitleInline(admin.TabularInline):
    model = OccupationTitle
    extra = 0


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code_rome", "label", "domain_label"]
    list_filter = ["domain_label"]
    search_fields = ["code_rome", "label"]
    inlines = [OccupationTitleInline]
