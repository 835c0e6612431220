from __future__ import annotations

from django.contrib import admin

from lakou.partnerships.models import Action


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin[Action]):
    list_display = ["title", "kind", "starts_at", "status", "commune"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["title"]
    autocomplete_fields = ["organisers"]


# ---------------------------------------------------------------- events

from lakou.partnerships.models import (  # noqa: E402
    Challenge,
    Criterion,
    Event,
    Juror,
    Participant,
    Team,
)


class CriterionInline(admin.TabularInline[Criterion, Event]):
    model = Criterion
    extra = 0


class ChallengeInline(admin.StackedInline[Challenge, Event]):
    model = Challenge
    extra = 0
    raw_id_fields = ["partner"]


class JurorInline(admin.TabularInline[Juror, Event]):
    model = Juror
    extra = 0
    raw_id_fields = ["user", "organisation"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["action", "registration_opens_at", "submission_deadline", "capacity"]
    raw_id_fields = ["action", "results_published_by"]
    readonly_fields = ["results_published_at", "results_published_by"]
    inlines = [CriterionInline, ChallengeInline, JurorInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "event", "code"]
    search_fields = ["name", "code"]
    raw_id_fields = ["event", "challenge"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin[Participant]):
    list_display = ["user", "event", "team"]
    raw_id_fields = ["user", "event", "team"]
