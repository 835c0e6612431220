from __future__ import annotations

from django.contrib import admin

from lakou.territory.models import AgeGroupPopulation, Commune, Epci


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "siren"]
    search_fields = ["name", "short_name", "siren"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "epci", "population", "population_year"]
    list_filter = ["epci"]
    search_fields = ["name", "insee_code", "postal_codes"]
    list_select_related = ["epci"]
    exclude = ["boundary"]


@admin.register(AgeGroupPopulation)
class AgeGroupPopulationAdmin(admin.ModelAdmin):
    list_display = ["commune", "year", "age_group", "population"]
    list_filter = ["year", "age_group"]
    list_select_related = ["commune"]
