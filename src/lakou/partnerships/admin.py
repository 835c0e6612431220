from __future__ import annotations

from django.contrib import admin

from lakou.partnerships.models import (  # actions
    Action,
    ActionPartner,
    Agreement,
    AgreementSignature,
    Booking,
    Contribution,
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


@admin.register(ActionPartner)
class ActionPartnerAdmin(admin.ModelAdmin[ActionPartner]):
    list_display = ["organisation", "action", "role"]
    search_fields = ["organisation__name", "action__title"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["action"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin[Contribution]):
    list_display = ["description", "kind", "date", "value", "partner"]
    list_filter = ["kind"]
    search_fields = ["description", "partner__organisation__name"]
    raw_id_fields = ["partner"]
