from __future__ import annotations

from django.contrib import admin

from lakou.partnerships.models import Action


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin[Action]):
    list_display = ["title", "kind", "starts_at", "status", "commune"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["title"]
    autocomplete_fields = ["organisers"]


# ---------------------------------------------------------------- offers area
from lakou.partnerships.models import Application, Offer  # noqa: E402


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin[Offer]):
    list_display = ["title", "kind", "company", "commune", "status", "published_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "company__name"]
    raw_id_fields = ["company", "school", "occupation", "created_by"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ["offer", "learner", "status", "created_at", "flagged_at"]
    list_filter = ["status"]
    raw_id_fields = ["offer", "learner"]
    # The CV is read through the permission-checked page, never from the admin.
    exclude = ["cv"]
