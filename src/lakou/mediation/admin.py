from __future__ import annotations

from django.contrib import admin

from lakou.mediation.models import Mediator, QualifyingProgramme, Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin[Venue]):
    list_display = ["name", "kind", "commune", "is_published", "updated_at"]
    list_filter = ["kind", "is_published", "commune__epci"]
    search_fields = ["name", "address", "carrier_name", "carrier_number"]
    raw_id_fields = ["manager"]


@admin.register(Mediator)
class MediatorAdmin(admin.ModelAdmin[Mediator]):
    list_display = ["__str__", "kind", "compensation", "status", "home_commune"]
    list_filter = ["status", "kind", "compensation"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    raw_id_fields = ["user", "employer"]
    filter_horizontal = ["communes_served", "topics"]


@admin.register(QualifyingProgramme)
class QualifyingProgrammeAdmin(admin.ModelAdmin[QualifyingProgramme]):
    list_display = ["programme", "added_at"]
    raw_id_fields = ["programme"]
