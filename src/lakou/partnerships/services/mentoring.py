"""Mentoring services: mentors and mentees declare themselves, the federation forms pairs from the
suggestions, either side logs meetings and ends the pair.

A pair is formed under a lock on the mentor's profile row, so that two decisions at once never
put a mentor over capacity (on PostgreSQL; SQLite serialises all writes anyway).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.notifications import notify_by_email
from lakou.core.validators import past_date_problem
from lakou.partnerships import assignment
from lakou.partnerships.models import (
    Meeting,
    MenteeRequest,
    MenteeWish,
    MentorCompetence,
    MentoringPair,
    MentoringPairQuerySet,
    MentorProfile,
    Slot,
)
from lakou.partnerships.models.mentoring import GOALS_MAX_LENGTH, MAX_CAPACITY, NOTE_MAX_LENGTH
from lakou.partnerships.perms import mentoring as perms
from lakou.skills.models import Competence, ProficiencyLevel
from lakou.territory.map import polygons_of
from lakou.territory.models import Commune

MAX_COMPETENCES = 12
SUGGESTIONS_SHOWN = 300


class MentoringError(Exception):
    """A change refused as a whole; the message is French and shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# ---------------------------------------------------------------- the mentor's profile


@dataclass(frozen=True)
class MentorProfileData:
    capacity: int
    availability: int
    competences: Sequence[tuple[Competence, ProficiencyLevel]]
    communes: Sequence[Commune] = ()
    accepts_remote: bool = False
    presentation: str = ""
    is_active: bool = True


def _check_competences(
    pairs: Sequence[tuple[Competence, ProficiencyLevel | None]], *, field: str = "competences"
) -> None:
    if not pairs:
        raise MentoringError(_("Choisissez au moins une compétence."), field=field)
    if len(pairs) > MAX_COMPETENCES:
        raise MentoringError(
            _("Choisissez au plus %(n)s compétences.") % {"n": MAX_COMPETENCES}, field=field
        )
    if len({competence.pk for competence, _level in pairs}) != len(pairs):
        raise MentoringError(_("Une compétence est choisie deux fois."), field=field)
    for competence, level in pairs:
        if level is not None and level.framework_id != competence.framework_id:
            raise MentoringError(
                _("Le niveau « %(level)s » n'appartient pas au référentiel de « %(competence)s ».")
                % {"level": level, "competence": competence},
                field=field,
            )


def _check_availability(mask: int) -> None:
    if not 0 < mask <= assignment.ALL_SLOTS:
        raise MentoringError(
            _("Cochez au moins une demi-journée où vous êtes disponible."), field="availability"
        )


def mentor_profile_save(*, actor: Actor, data: MentorProfileData) -> MentorProfile:
    """Create or update the actor's mentor profile for the company they act for."""
    if not perms.can_mentor(actor):
        raise PermissionDenied(_("Seuls les membres d'une entreprise proposent du mentorat."))
    assert actor.user is not None
    if not 1 <= data.capacity <= MAX_CAPACITY:
        raise MentoringError(
            _("Indiquez de 1 à %(n)s mentorés.") % {"n": MAX_CAPACITY}, field="capacity"
        )
    _check_availability(data.availability)
    _check_competences(list(data.competences))
    if not data.communes and not data.accepts_remote:
        raise MentoringError(
            _(
                "Choisissez au moins une commune de rencontre, ou acceptez les rencontres à distance."
            ),
            field="communes",
        )
    with transaction.atomic():
        profile, created = MentorProfile.objects.select_for_update().get_or_create(
            user=actor.user,
            organisation=actor.organisation,
            defaults={"capacity": data.capacity, "availability": data.availability},
        )
        active = profile.pairs.active().count()
        if data.capacity < active:
            raise MentoringError(
                ngettext(
                    "Vous accompagnez déjà %(n)s personne : indiquez au moins %(n)s.",
                    "Vous accompagnez déjà %(n)s personnes : indiquez au moins %(n)s.",
                    active,
                )
                % {"n": active},
                field="capacity",
            )
        profile.capacity = data.capacity
        profile.availability = data.availability
        profile.accepts_remote = data.accepts_remote
        profile.presentation = data.presentation.strip()
        profile.is_active = data.is_active
        profile.save()
        profile.communes.set(data.communes)
        profile.competences.all().delete()
        MentorCompetence.objects.bulk_create(
            MentorCompetence(mentor=profile, competence=competence, level=level)
            for competence, level in data.competences
        )
        audit_record(
            actor=actor,
            action="mentoring.mentor_profile." + ("create" if created else "update"),
            obj=profile,
            changes={
                "capacity": profile.capacity,
                "competences": [c.code for c, _level in data.competences],
            },
        )
    return profile


# ---------------------------------------------------------------- the mentee's request


@dataclass(frozen=True)
class MenteeRequestData:
    goals: str
    commune: Commune
    availability: int
    wishes: Sequence[tuple[Competence, ProficiencyLevel | None]]
    accepts_remote: bool = False


def live_request(user_id: int | None) -> MenteeRequest | None:
    """The person's request that waits for or has a mentor, if any."""
    return (
        MenteeRequest.objects.of_learner(user_id)
        .filter(status__in=MenteeRequest.LIVE_STATUSES)
        .select_related("commune")
        .defer("commune__boundary")
        .first()
    )


def mentee_request_save(*, actor: Actor, data: MenteeRequestData) -> MenteeRequest:
    """Send a request for a mentor, or update the one that waits (or has its mentor)."""
    if not perms.can_ask_for_mentor(actor):
        raise PermissionDenied(
            _("Une demande de mentorat se fait en votre nom, sans organisation.")
        )
    assert actor.user is not None
    goals = data.goals.strip()
    if not goals:
        raise MentoringError(
            _("Dites en quelques mots ce que vous voulez apprendre."), field="goals"
        )
    if len(goals) > GOALS_MAX_LENGTH:
        raise MentoringError(
            _("Vos objectifs tiennent en %(n)s caractères au plus.") % {"n": GOALS_MAX_LENGTH},
            field="goals",
        )
    _check_availability(data.availability)
    _check_competences(list(data.wishes), field="wishes")
    try:
        with transaction.atomic():
            request = live_request(actor.user.pk)
            created = request is None
            if request is None:
                request = MenteeRequest(learner=actor.user)
            request.goals = goals
            request.commune = data.commune
            request.availability = data.availability
            request.accepts_remote = data.accepts_remote
            request.save()
            request.wishes.all().delete()
            MenteeWish.objects.bulk_create(
                MenteeWish(request=request, competence=competence, level=level)
                for competence, level in data.wishes
            )
            audit_record(
                actor=actor,
                action="mentoring.request." + ("create" if created else "update"),
                obj=request,
                changes={"competences": [c.code for c, _level in data.wishes]},
            )
    except IntegrityError as error:  # the same person sending twice at the same moment
        raise MentoringError(_("Vous avez déjà une demande de mentorat en cours.")) from error
    return request


def mentee_request_withdraw(*, actor: Actor, request: MenteeRequest) -> MenteeRequest:
    """The learner withdraws a request that still waits for a mentor."""
    if not perms.owns_request(actor, request):
        raise PermissionDenied(_("Seule la personne qui a fait la demande peut la retirer."))
    with transaction.atomic():
        locked = MenteeRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != MenteeRequest.Status.OPEN:
            raise MentoringError(
                _(
                    "Seule une demande qui attend un mentor peut être retirée : terminez d'abord le binôme."
                )
            )
        locked.status = MenteeRequest.Status.CLOSED
        locked.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="mentoring.request.withdraw", obj=locked)
    request.refresh_from_db()
    return request


# ---------------------------------------------------------------- suggestions


def _centroid(commune: Commune) -> tuple[float, float] | None:
    if commune.centroid_lat is not None and commune.centroid_lon is not None:
        return commune.centroid_lat, commune.centroid_lon
    if commune.boundary:
        return assignment.polygon_centroid(polygons_of(commune.boundary))
    return None


def commune_centroids() -> tuple[dict[int, tuple[float, float]], dict[int, str]]:
    """(lat, lon) of each commune (stored centre, else computed from its outline), and names."""
    centroids: dict[int, tuple[float, float]] = {}
    names: dict[int, str] = {}
    for commune in Commune.objects.all():
        names[commune.pk] = commune.name
        point = _centroid(commune)
        if point is not None:
            centroids[commune.pk] = point
    return centroids, names


def _mentor_value(profile: MentorProfile, active: int) -> assignment.Mentor:
    return assignment.Mentor(
        id=profile.pk,
        levels={mc.competence_id: mc.level.rank for mc in profile.competences.all()},
        capacity_left=max(0, profile.capacity - active),
        communes=tuple(commune.pk for commune in profile.communes.all()),
        accepts_remote=profile.accepts_remote,
        availability=profile.availability,
    )


def _mentee_value(request: MenteeRequest) -> assignment.Mentee:
    return assignment.Mentee(
        id=request.pk,
        wants={w.competence_id: (w.level.rank if w.level else 1) for w in request.wishes.all()},
        commune=request.commune_id,
        accepts_remote=request.accepts_remote,
        availability=request.availability,
    )


def _mentors_with_load() -> list[MentorProfile]:
    return list(
        MentorProfile.objects.active()
        .annotate(active_pairs=Count("pairs", filter=Q(pairs__status=MentoringPair.Status.ACTIVE)))
        .select_related("user", "organisation")
        .prefetch_related(
            Prefetch("competences", queryset=MentorCompetence.objects.select_related("level")),
            Prefetch("communes", queryset=Commune.objects.only("pk", "name")),
        )
        .order_by("pk")
    )


def _waiting_requests() -> list[MenteeRequest]:
    return list(
        MenteeRequest.objects.waiting()
        .select_related("learner", "commune")
        .defer("commune__boundary")
        .prefetch_related(Prefetch("wishes", queryset=MenteeWish.objects.select_related("level")))
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class SuggestionView:
    """A suggestion as the federation reads it: who, the score, and the reasons in French."""

    request: MenteeRequest
    mentor: MentorProfile
    score: float
    reasons: list[str]
    data: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.request.pk}-{self.mentor.pk}"


@dataclass
class Suggestions:
    items: list[SuggestionView] = field(default_factory=list)
    waiting: int = 0
    unmatched: list[MenteeRequest] = field(default_factory=list)
    mentors: int = 0
    places: int = 0


def _and(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s et %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def reason_sentences(
    suggestion: assignment.Suggestion,
    competence_names: dict[int, str],
    commune_names: dict[int, str],
) -> list[str]:
    """« 2 compétences en commun : … », « 12 km entre … et … », « disponibles tous deux le … »."""
    sentences = []
    shared = [competence_names.get(c, "?") for c in suggestion.shared_competences]
    if shared:
        sentences.append(
            ngettext(
                "%(n)s compétence en commun : %(list)s",
                "%(n)s compétences en commun : %(list)s",
                len(shared),
            )
            % {"n": len(shared), "list": ", ".join(shared)}
        )
    else:
        sentences.append(_("aucune compétence en commun au niveau demandé"))
    mentee_place = commune_names.get(suggestion.mentee_commune or 0, "")
    meeting_place = commune_names.get(suggestion.meeting_commune or 0, "")
    if suggestion.remote:
        sentences.append(_("rencontres à distance, acceptées des deux côtés"))
    elif suggestion.distance_km is None:
        sentences.append(_("pas de commune de rencontre commune"))
    elif suggestion.mentee_commune == suggestion.meeting_commune:
        sentences.append(_("tous deux à %(place)s") % {"place": mentee_place})
    else:
        sentences.append(
            _("%(km)s km entre %(a)s et %(b)s")
            % {"km": f"{suggestion.distance_km:.0f}", "a": mentee_place, "b": meeting_place}
        )
    slots = [f"le {Slot(code).label}" for code in suggestion.common_slots]
    if slots:
        sentences.append(_("disponibles tous deux %(slots)s") % {"slots": _and(slots)})
    else:
        sentences.append(_("aucune demi-journée de disponibilité en commun"))
    return sentences


def _reasons_data(suggestion: assignment.Suggestion) -> dict[str, Any]:
    return {
        "shared_competences": list(suggestion.shared_competences),
        "remote": suggestion.remote,
        "distance_km": suggestion.distance_km,
        "mentee_commune": suggestion.mentee_commune,
        "meeting_commune": suggestion.meeting_commune,
        "common_slots": list(suggestion.common_slots),
    }


def _competence_names(ids: Iterable[int]) -> dict[int, str]:
    return {c.pk: f"{c.code} {c.name_fr}" for c in Competence.objects.filter(pk__in=set(ids))}


def _past_pairs() -> list[tuple[int, int]]:
    return list(MentoringPair.objects.values_list("mentee_id", "mentor_id"))


def mentoring_suggestions() -> Suggestions:
    """The best set of pairs for every waiting request, in a fixed number of queries."""
    requests = _waiting_requests()
    profiles = _mentors_with_load()
    mentors = [_mentor_value(p, p.active_pairs) for p in profiles]  # type: ignore[attr-defined]
    centroids, names = commune_centroids()
    results = assignment.suggest(
        [_mentee_value(r) for r in requests], mentors, centroids, excluded=_past_pairs()
    )
    competence_names = _competence_names(c for s in results for c in s.shared_competences)
    by_request = {r.pk: r for r in requests}
    by_mentor = {p.pk: p for p in profiles}
    items = [
        SuggestionView(
            request=by_request[s.mentee_id],
            mentor=by_mentor[s.mentor_id],
            score=s.score,
            reasons=reason_sentences(s, competence_names, names),
            data=_reasons_data(s),
        )
        for s in results
    ]
    suggested = {s.mentee_id for s in results}
    return Suggestions(
        items=items,
        waiting=len(requests),
        unmatched=[r for r in requests if r.pk not in suggested],
        mentors=len(profiles),
        places=sum(m.capacity_left for m in mentors),
    )


def pair_reasons(
    request: MenteeRequest, mentor: MentorProfile
) -> tuple[assignment.Suggestion, list[str]]:
    """The reasons of one chosen pair (also when the federation picks it by hand)."""
    mentee_value = _mentee_value(request)
    mentor_value = _mentor_value(mentor, 0)
    centroids, names = commune_centroids()
    scores = assignment.score_pairs([mentee_value], [mentor_value], centroids)
    suggestion = assignment.explain(scores, 0, 0)
    return suggestion, reason_sentences(
        suggestion, _competence_names(suggestion.shared_competences), names
    )


# ---------------------------------------------------------------- forming pairs


def _notify_pair_formed(pair: MentoringPair, reasons: list[str]) -> None:
    url = settings.SITE_URL + pair.get_absolute_url()
    mentor_user, learner = pair.mentor.user, pair.mentee.learner
    context = {
        "pair": pair,
        "mentor": mentor_user,
        "learner": learner,
        "reasons": reasons,
        "url": url,
    }
    if mentor_user.email:
        notify_by_email(
            to=[mentor_user.email],
            subject=_("Vous accompagnez désormais %(name)s") % {"name": learner.display_name},
            template="partnerships/mentoring/emails/pair_formed_mentor.txt",
            context=context,
        )
    if learner.email:
        notify_by_email(
            to=[learner.email],
            subject=_("Votre mentor : %(name)s") % {"name": mentor_user.display_name},
            template="partnerships/mentoring/emails/pair_formed_mentee.txt",
            context=context,
        )


def pair_create(*, actor: Actor, request: MenteeRequest, mentor: MentorProfile) -> MentoringPair:
    """The federation forms a pair; refused when the mentor is full or the request taken."""
    if not perms.can_manage_mentoring(actor):
        raise PermissionDenied(_("Seule la fédération forme les binômes de mentorat."))
    taken = _("Cette demande a déjà un mentor.")
    try:
        with transaction.atomic():
            locked_mentor = (
                MentorProfile.objects.select_for_update(of=("self",))
                .select_related("user", "organisation")
                .get(pk=mentor.pk)
            )
            locked = (
                MenteeRequest.objects.select_for_update(of=("self",))
                .select_related("learner", "commune")
                .get(pk=request.pk)
            )
            if locked.status != MenteeRequest.Status.OPEN:
                raise MentoringError(
                    taken
                    if locked.status == MenteeRequest.Status.PAIRED
                    else _("Cette demande est close.")
                )
            if not locked_mentor.is_active:
                raise MentoringError(
                    _("%(name)s n'accepte plus de nouveau mentoré.")
                    % {"name": locked_mentor.user.display_name}
                )
            if locked_mentor.user_id == locked.learner_id:
                raise MentoringError(_("Une personne ne peut pas être son propre mentor."))
            active = locked_mentor.pairs.active().count()
            if active >= locked_mentor.capacity:
                raise MentoringError(
                    ngettext(
                        "%(name)s accompagne déjà %(n)s personne, son maximum.",
                        "%(name)s accompagne déjà %(n)s personnes, son maximum.",
                        active,
                    )
                    % {"name": locked_mentor.user.display_name, "n": active}
                )
            suggestion, sentences = pair_reasons(locked, locked_mentor)
            pair = MentoringPair.objects.create(
                mentor=locked_mentor,
                mentee=locked,
                score=suggestion.score,
                reasons=_reasons_data(suggestion) | {"sentences": sentences},
                created_by=actor.user,
            )
            locked.status = MenteeRequest.Status.PAIRED
            locked.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=actor,
                action="mentoring.pair.create",
                obj=pair,
                changes={"mentor": locked_mentor.pk, "request": locked.pk, "score": pair.score},
            )
            _notify_pair_formed(pair, sentences)
    except IntegrityError as error:  # another decision took the request at the same moment
        raise MentoringError(taken) from error
    return pair


@dataclass
class BatchResult:
    created: list[MentoringPair] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def pairs_create(*, actor: Actor, keys: Iterable[str]) -> BatchResult:
    """Form the suggested pairs named `<request id>-<mentor id>`; each one stands alone."""
    if not perms.can_manage_mentoring(actor):
        raise PermissionDenied(_("Seule la fédération forme les binômes de mentorat."))
    wanted: list[tuple[int, int]] = []
    for key in keys:
        request_part, _dash, mentor_part = key.partition("-")
        if request_part.isdigit() and mentor_part.isdigit():
            wanted.append((int(request_part), int(mentor_part)))
    requests = MenteeRequest.objects.in_bulk([r for r, _m in wanted])
    mentors = MentorProfile.objects.in_bulk([m for _r, m in wanted])
    result = BatchResult()
    for request_id, mentor_id in wanted:
        request, mentor = requests.get(request_id), mentors.get(mentor_id)
        if request is None or mentor is None:
            result.refused.append(_("Une suggestion n'existe plus."))
            continue
        try:
            result.created.append(pair_create(actor=actor, request=request, mentor=mentor))
        except MentoringError as error:
            result.refused.append(error.message)
    return result


# ---------------------------------------------------------------- meetings and the end


def meeting_log(
    *, actor: Actor, pair: MentoringPair, held_on: date, duration_minutes: int, note: str = ""
) -> Meeting:
    """Either side records a meeting that took place."""
    if not perms.is_pair_party(actor, pair):
        raise PermissionDenied(_("Seuls le mentor et le mentoré notent leurs rencontres."))
    if not pair.is_active:
        raise MentoringError(_("Ce binôme est terminé : plus de rencontre à noter."))
    problem = past_date_problem(held_on)
    if problem:
        raise MentoringError(problem, field="held_on")
    if held_on < timezone.localdate(pair.started_at):
        raise MentoringError(
            _("La rencontre ne peut pas précéder la formation du binôme (%(date)s).")
            % {"date": timezone.localdate(pair.started_at).strftime("%d/%m/%Y")},
            field="held_on",
        )
    if not 5 <= duration_minutes <= 480:
        raise MentoringError(_("Indiquez une durée de 5 à 480 minutes."), field="duration_minutes")
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise MentoringError(
            _("La note tient en %(n)s caractères au plus.") % {"n": NOTE_MAX_LENGTH}, field="note"
        )
    with transaction.atomic():
        meeting = Meeting.objects.create(
            pair=pair,
            held_on=held_on,
            duration_minutes=duration_minutes,
            note=note,
            logged_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="mentoring.meeting.log",
            obj=meeting,
            changes={"pair": pair.pk, "held_on": held_on.isoformat()},
        )
    return meeting


def pair_end(*, actor: Actor, pair: MentoringPair, reason: str, note: str = "") -> MentoringPair:
    """End an active pair with a reason. « Objectifs atteints » closes the request; any other
    reason puts it back among the waiting ones, for another mentor."""
    if not perms.can_end_pair(actor, pair):
        raise PermissionDenied(
            _("Seuls le mentor, le mentoré et la fédération terminent un binôme.")
        )
    if reason not in MentoringPair.EndReason.values:
        raise MentoringError(_("Choisissez la raison de la fin du binôme."), field="reason")
    note = note.strip()
    if reason == MentoringPair.EndReason.OTHER and not note:
        raise MentoringError(_("Précisez la raison en quelques mots."), field="note")
    with transaction.atomic():
        locked = MentoringPair.objects.select_for_update(of=("self",)).with_people().get(pk=pair.pk)
        if not locked.is_active:
            raise MentoringError(_("Ce binôme est déjà terminé."))
        locked.status = MentoringPair.Status.ENDED
        locked.ended_at = timezone.now()
        locked.ended_by = actor.user
        locked.end_reason = reason
        locked.end_note = note
        locked.save(update_fields=["status", "ended_at", "ended_by", "end_reason", "end_note"])
        goals_reached = reason == MentoringPair.EndReason.GOALS_REACHED
        MenteeRequest.objects.filter(pk=locked.mentee_id).update(
            status=MenteeRequest.Status.CLOSED if goals_reached else MenteeRequest.Status.OPEN,
            updated_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="mentoring.pair.end",
            obj=locked,
            changes={"reason": reason, "note": note},
        )
        _notify_pair_ended(actor, locked)
    pair.refresh_from_db()
    return pair


def _notify_pair_ended(actor: Actor, pair: MentoringPair) -> None:
    """The other side (both, when the federation ends it) learns why."""
    people = [pair.mentor.user, pair.mentee.learner]
    recipients = [p for p in people if actor.user is None or p.pk != actor.user.pk]
    for person in recipients:
        if not person.email:
            continue
        notify_by_email(
            to=[person.email],
            subject=_("Votre binôme de mentorat est terminé"),
            template="partnerships/mentoring/emails/pair_ended.txt",
            context={
                "pair": pair,
                "person": person,
                "reason": pair.get_end_reason_display(),
                "note": pair.end_note,
                "url": settings.SITE_URL + reverse("partnerships:mentoring_mine"),
            },
        )


# ---------------------------------------------------------------- reads


def pairs_with_meetings(queryset: MentoringPairQuerySet) -> MentoringPairQuerySet:
    return queryset.with_people().prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.select_related("logged_by"))
    )


def mentor_profile_of(actor: Actor) -> MentorProfile | None:
    return (
        MentorProfile.objects.of_actor(actor)
        .prefetch_related(
            Prefetch(
                "competences",
                queryset=MentorCompetence.objects.select_related("competence", "level"),
            ),
            Prefetch("communes", queryset=Commune.objects.only("pk", "name")),
        )
        .first()
    )


def request_wishes(request: MenteeRequest) -> list[MenteeWish]:
    return list(request.wishes.select_related("competence", "level"))


def mentor_choices(request: MenteeRequest) -> list[tuple[MentorProfile, float, list[str]]]:
    """Every active mentor with a place left, for a pair formed by hand: score and reasons,
    the feasible ones first."""
    profiles = [p for p in _mentors_with_load() if p.active_pairs < p.capacity]  # type: ignore[attr-defined]
    mentors = [_mentor_value(p, p.active_pairs) for p in profiles]  # type: ignore[attr-defined]
    centroids, names = commune_centroids()
    scores = assignment.score_pairs([_mentee_value(request)], mentors, centroids)
    explained = [assignment.explain(scores, 0, j) for j in range(len(profiles))]
    competence_names = _competence_names(c for s in explained for c in s.shared_competences)
    rows = [
        (
            profile,
            float(scores.score[0, j]),
            reason_sentences(explained[j], competence_names, names),
            bool(scores.feasible[0, j]),
        )
        for j, profile in enumerate(profiles)
        if profile.user_id != request.learner_id
    ]
    rows.sort(key=lambda row: (not row[3], -row[1], row[0].pk))
    return [(profile, score, reasons) for profile, score, reasons, _ok in rows]
