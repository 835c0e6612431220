"""A person's orientation profile: saving it, its competences from the three sources (a short
DigComp self-assessment, the public questionnaire, Lakou certificates), consent, and the engine's
view of it (`engine_profile`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lakou.accounts.models import User
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.diagnostics.models import Answer, Question, Response
from lakou.diagnostics.models.questionnaires import Audience
from lakou.diagnostics.services.builtin import PUBLIC_SLUG
from lakou.matching import engine
from lakou.matching.models import (
    MAX_TRAVEL_MINUTES,
    CompetenceSource,
    Mobility,
    Profile,
    ProfileCompetence,
    Situation,
)
from lakou.matching.perms import profiles as perms
from lakou.skills.models import Competence, Occupation
from lakou.territory.models import Commune
from lakou.training.models import Certificate, Format, Funding, ProgrammeCompetence

DIGCOMP = "digcomp"

# The short self-assessment: eight DigComp 2.2 competences, the ones a person meets first (one or
# two per area), each answered in plain words.
KEY_COMPETENCES = ("1.1", "1.2", "2.1", "2.2", "3.1", "4.1", "4.2", "5.1")

SELF_UNKNOWN = "unknown"
SELF_CHOICES = (
    (SELF_UNKNOWN, gettext_lazy("Je ne sais pas")),
    ("beginner", gettext_lazy("Débutant")),
    ("intermediate", gettext_lazy("Intermédiaire")),
    ("advanced", gettext_lazy("Avancé")),
)
# Each answer is the lowest DigComp level of its band (foundation 1–2, intermediate 3–4,
# advanced 5–6): a declared level is the least the band promises. « Je ne sais pas » records
# nothing (and removes an earlier answer).
SELF_LEVELS: Mapping[str, int] = {"beginner": 1, "intermediate": 3, "advanced": 5}

# The built-in public questionnaire rates each DigComp area on four points (1 « Je ne sais pas
# faire » … 4 « Je suis à l'aise »); each question stands for the competences its wording names.
QUESTIONNAIRE_COMPETENCES: Mapping[str, tuple[str, ...]] = {
    "level_information": ("1.1", "1.2"),
    "level_communication": ("2.1",),
    "level_creation": ("3.1",),
    "level_security": ("4.1", "4.2"),
    "level_problems": ("5.1",),
}
# 1 « je ne sais pas faire »: nothing; 2 « avec de l'aide »: level 1 (with guidance);
# 3 « seul les choses simples »: level 3 (on my own, routine tasks); 4 « à l'aise »: level 4
# (independently, to my own needs).
QUESTIONNAIRE_LEVELS: Mapping[int, int] = {2: 1, 3: 3, 4: 4}
TOP_LEVEL = 8


class ProfileError(Exception):
    """A profile refused as a whole; the message is French and names the field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ProfileData:
    commune: Commune
    situation: str
    mobility: str = Mobility.CAR
    max_travel_minutes: int = 45
    available_from: date | None = None
    available_until: date | None = None
    target_occupations: Sequence[Occupation] = ()
    fundings: Sequence[str] = ()
    needs_funding: bool = False
    formats: Sequence[str] = ()


@dataclass(frozen=True)
class CompetenceRow:
    """One competence as the profile page shows it: its best level, verified or declared."""

    competence: Competence
    level: int
    sources: tuple[str, ...]
    certificate: Certificate | None = None
    declared_level: int | None = field(default=None)

    @property
    def is_verified(self) -> bool:
        return self.certificate is not None


# ---------------------------------------------------------------- reads


def profile_for(user: User | None) -> Profile | None:
    """The user's orientation profile, or None (also for an anonymous user)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Profile.objects.select_related("commune", "user")
        .defer("commune__boundary")
        .filter(user_id=user.pk)
        .first()
    )


def competence_key(competence: Competence) -> str:
    """The engine's key of a competence: "<framework code>:<competence code>" ("digcomp:1.1")."""
    return f"{competence.framework.code}:{competence.code}"


def profile_competences(profile: Profile) -> list[ProfileCompetence]:
    return list(
        ProfileCompetence.objects.filter(profile=profile)
        .select_related("competence__framework", "competence__area", "certificate")
        .order_by("competence__framework__position", "competence__position", "source")
    )


def competence_rows(profile: Profile) -> list[CompetenceRow]:
    """One row per competence: the certified level when a certificate proves it, else the best
    declared one; the declared level is kept alongside when it is higher than the proof."""
    by_competence: dict[int, list[ProfileCompetence]] = {}
    for row in profile_competences(profile):
        by_competence.setdefault(row.competence_id, []).append(row)
    rows = []
    for items in by_competence.values():
        certified = [r for r in items if r.is_verified]
        declared = [r for r in items if not r.is_verified]
        best_declared = max((r.level for r in declared), default=None)
        sources = tuple(r.source for r in items)
        if certified:
            proof = max(certified, key=lambda r: r.level)
            rows.append(
                CompetenceRow(
                    competence=proof.competence,
                    level=proof.level,
                    sources=sources,
                    certificate=proof.certificate,
                    declared_level=best_declared
                    if best_declared is not None and best_declared > proof.level
                    else None,
                )
            )
        else:
            rows.append(
                CompetenceRow(
                    competence=items[0].competence, level=best_declared or 1, sources=sources
                )
            )
    return rows


def key_competences() -> list[Competence]:
    """The self-assessment's competences that the DigComp reference holds, in its order."""
    return list(
        Competence.objects.of_framework(DIGCOMP)
        .filter(code__in=KEY_COMPETENCES)
        .select_related("framework", "area")
        .order_by("position")
    )


REMOTE_FORMATS = frozenset({Format.E_LEARNING, Format.HYBRID})
IN_PERSON_FORMATS = frozenset({Format.IN_PERSON, Format.HYBRID})
ENGINE_MODES: Mapping[str, str] = {
    Mobility.CAR: "car",
    Mobility.BUS: "bus",
    Mobility.WALK: "walk",
    Mobility.NONE: "none",
}


def engine_profile(
    profile: Profile,
    *,
    competence_keys: Mapping[int, str] | None = None,
    occupation_levels: Mapping[str, Mapping[str, int]] | None = None,
    target_levels: Mapping[str, int] | None = None,
) -> engine.Profile:
    """The pure engine's view of a profile: the one place that translates it.

    It reads `profile.competences` and `profile.target_occupations` through `.all()`, so a batch
    that prefetched them runs no query per profile. `competence_keys` (Competence pk → engine
    key, as the opportunity table holds it) spares reading each competence's framework; a
    competence it does not know is left out. The target occupations' levels come from
    `target_levels` when given, else from `occupation_levels` (ROME code → competence key →
    level, the table's requirements of each occupation), else none."""
    declared: dict[str, int] = {}
    certified: dict[str, int] = {}
    rows = profile.competences.all()
    if competence_keys is None:
        rows = rows.select_related("competence__framework")
    for row in rows:
        key = (
            competence_keys.get(row.competence_id)
            if competence_keys is not None
            else competence_key(row.competence)
        )
        if key is None:
            continue
        held = certified if row.is_verified else declared
        held[key] = max(held.get(key, 0), row.level)
    targets = tuple(sorted(o.code_rome for o in profile.target_occupations.all()))
    levels: dict[str, int] = dict(target_levels or {})
    if target_levels is None:
        for code in targets:
            for key, level in (occupation_levels or {}).get(code, {}).items():
                levels[key] = max(levels.get(key, 0), level)
    formats = set(profile.formats or [])
    commune = profile.commune.insee_code if profile.commune_id else None
    return engine.Profile(
        commune=int(commune) if commune and commune.isdigit() else None,
        mode=ENGINE_MODES.get(profile.mobility, "car"),
        max_minutes=float(profile.max_travel_minutes),
        available_from=profile.available_from,
        available_until=profile.available_until,
        situation=profile.situation,
        declared=declared,
        certified=certified,
        targets=targets,
        target_levels=levels,
        fundings=frozenset(f for f in (profile.fundings or []) if f in engine.FUNDINGS),
        needs_funding=profile.needs_funding,
        # No format ticked: every format suits.
        accepts_remote=not formats or bool(formats & REMOTE_FORMATS),
        accepts_in_person=not formats or bool(formats & IN_PERSON_FORMATS),
    )


# ---------------------------------------------------------------- writes


def _check(data: ProfileData) -> None:
    if data.situation not in Situation.values:
        raise ProfileError(_("Choisissez votre situation dans la liste."), field="situation")
    if data.mobility not in Mobility.values:
        raise ProfileError(_("Choisissez comment vous vous déplacez."), field="mobility")
    if not 0 <= data.max_travel_minutes <= MAX_TRAVEL_MINUTES:
        raise ProfileError(
            _("Le temps de trajet va de 0 à %(max)d minutes.") % {"max": MAX_TRAVEL_MINUTES},
            field="max_travel_minutes",
        )
    if (
        data.available_from is not None
        and data.available_until is not None
        and data.available_until < data.available_from
    ):
        raise ProfileError(
            _("La date de fin de disponibilité doit venir après la date de début."),
            field="available_until",
        )
    unknown_fundings = set(data.fundings) - set(Funding.values)
    if unknown_fundings:
        raise ProfileError(_("Choisissez les financements dans la liste."), field="fundings")
    if set(data.formats) - set(Format.values):
        raise ProfileError(_("Choisissez les formats dans la liste."), field="formats")


@transaction.atomic
def profile_save(*, actor: Actor, data: ProfileData) -> Profile:
    """Create or update the actor's own profile."""
    if not perms.can_have_profile(actor) or actor.user is None:
        raise ProfileError(_("Seule une personne connectée en son nom a un profil d'orientation."))
    _check(data)
    values = {
        "commune": data.commune,
        "situation": data.situation,
        "mobility": data.mobility,
        "max_travel_minutes": data.max_travel_minutes,
        "available_from": data.available_from,
        "available_until": data.available_until,
        "fundings": [value for value in Funding.values if value in set(data.fundings)],
        "needs_funding": data.needs_funding,
        "formats": [value for value in Format.values if value in set(data.formats)],
    }
    profile, created = Profile.objects.select_for_update().update_or_create(
        user=actor.user, defaults=values
    )
    profile.target_occupations.set(data.target_occupations)
    audit_record(
        actor=actor,
        action="profile.create" if created else "profile.update",
        obj=profile,
        changes={
            "commune": data.commune.insee_code,
            "situation": data.situation,
            "targets": sorted(o.code_rome for o in data.target_occupations),
        },
    )
    return profile


def _owned(actor: Actor, profile: Profile) -> None:
    if not perms.can_edit_profile(actor, profile):
        raise ProfileError(_("Ce profil n'est pas le vôtre."))


@transaction.atomic
def profile_self_assess(*, actor: Actor, profile: Profile, answers: Mapping[str, str]) -> int:
    """Record the short DigComp self-assessment (competence code → one of SELF_CHOICES) as
    declared competences; returns how many are recorded. « Je ne sais pas » removes one."""
    _owned(actor, profile)
    competences = {c.code: c for c in key_competences()}
    known = {value for value, _label in SELF_CHOICES}
    keep: list[ProfileCompetence] = []
    drop: list[int] = []
    for code, answer in answers.items():
        competence = competences.get(code)
        if competence is None:
            continue
        if answer not in known:
            raise ProfileError(_("Choisissez une réponse pour chaque ligne."), field=code)
        if answer == SELF_UNKNOWN:
            drop.append(competence.pk)
        else:
            keep.append(
                ProfileCompetence(
                    profile=profile,
                    competence=competence,
                    level=SELF_LEVELS[answer],
                    source=CompetenceSource.SELF,
                )
            )
    if drop:
        ProfileCompetence.objects.filter(
            profile=profile, source=CompetenceSource.SELF, competence_id__in=drop
        ).delete()
    _upsert(keep)
    audit_record(
        actor=actor,
        action="profile.self_assess",
        obj=profile,
        changes={row.competence.code: row.level for row in keep},
    )
    return len(keep)


def _upsert(rows: list[ProfileCompetence]) -> None:
    if rows:
        ProfileCompetence.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["profile", "competence", "source"],
            update_fields=["level", "certificate", "updated_at"],
        )


def questionnaire_response(user: User) -> Response | None:
    """The person's latest submitted answers to a public questionnaire, when they answered while
    signed in (an anonymous answer is linked to no one, on purpose)."""
    return (
        Response.objects.filter(
            user_id=user.pk,
            status=Response.Status.SUBMITTED,
            version__questionnaire__audience=Audience.PUBLIC,
        )
        .select_related("version__questionnaire")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def questionnaire_levels(response: Response) -> dict[int, int]:
    """Competence id → level from a public response: the built-in questionnaire's four-point
    scales (QUESTIONNAIRE_COMPETENCES) and any « niveau de compétence » question (0: unknown)."""
    answers = Answer.objects.filter(response=response).select_related("question")
    builtin = response.version.questionnaire.slug == PUBLIC_SLUG
    by_code: dict[str, int] = {}
    by_competence_id: dict[int, int] = {}
    for answer in answers:
        question = answer.question
        value = answer.value
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        if question.kind == Question.Kind.SKILL_LEVEL and question.competence_id is not None:
            if 1 <= value <= TOP_LEVEL:
                by_competence_id[question.competence_id] = value
        elif builtin and question.code in QUESTIONNAIRE_COMPETENCES:
            level = QUESTIONNAIRE_LEVELS.get(value)
            if level is not None:
                for code in QUESTIONNAIRE_COMPETENCES[question.code]:
                    by_code[code] = max(by_code.get(code, 0), level)
    if by_code:
        for competence_id, code in (
            Competence.objects.of_framework(DIGCOMP)
            .filter(code__in=by_code)
            .values_list("pk", "code")
        ):
            by_competence_id[competence_id] = max(
                by_competence_id.get(competence_id, 0), by_code[code]
            )
    return by_competence_id


@transaction.atomic
def profile_import_questionnaire(*, actor: Actor, profile: Profile) -> int:
    """Replace the profile's questionnaire competences with the self-ratings of the person's
    latest public questionnaire; returns how many are recorded."""
    _owned(actor, profile)
    response = questionnaire_response(profile.user)
    if response is None:
        raise ProfileError(
            _(
                "Nous ne trouvons pas de questionnaire public rempli avec votre compte. "
                "Répondez au questionnaire en étant connecté(e), puis revenez ici."
            )
        )
    levels = questionnaire_levels(response)
    ProfileCompetence.objects.filter(
        profile=profile, source=CompetenceSource.QUESTIONNAIRE
    ).exclude(competence_id__in=levels).delete()
    _upsert(
        [
            ProfileCompetence(
                profile=profile,
                competence_id=competence_id,
                level=level,
                source=CompetenceSource.QUESTIONNAIRE,
            )
            for competence_id, level in sorted(levels.items())
        ]
    )
    audit_record(
        actor=actor,
        action="profile.import_questionnaire",
        obj=profile,
        changes={"response": response.pk, "competences": len(levels)},
    )
    return len(levels)


def valid_certificates(user_id: int) -> list[Certificate]:
    """The user's training certificates valid today (not revoked, not expired), newest first."""
    today = timezone.localdate()
    return list(
        Certificate.objects.of_learner(user_id)
        .of_trainings()
        .not_revoked()
        .filter(programme__isnull=False)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("-issued_on", "-pk")
    )


@transaction.atomic
def profile_sync_certificates(profile: Profile) -> int:
    """Make the profile's verified competences those of the person's valid certificates: each
    competence their programme teaches, at its level (the first level when the programme names
    none), proved by the newest certificate among those that give the highest level. Returns the
    number of rows added, changed or removed."""
    newest: dict[int, Certificate] = {}  # programme → its newest valid certificate
    for certificate in valid_certificates(profile.user_id):
        if certificate.programme_id is not None:
            newest.setdefault(certificate.programme_id, certificate)
    taught: dict[int, list[tuple[int, int | None]]] = {}
    for taught_in, competence_id, rank in (
        ProgrammeCompetence.objects.filter(programme_id__in=list(newest))
        .values_list("programme_id", "competence_id", "level__rank")
        .order_by("pk")
    ):
        taught.setdefault(taught_in, []).append((competence_id, rank))
    wanted: dict[int, tuple[int, int]] = {}  # competence → (level, certificate)
    for programme_id, certificate in newest.items():  # newest first: it keeps equal levels
        for competence_id, level_rank in taught.get(programme_id, []):
            level = min(max(level_rank or 1, 1), TOP_LEVEL)
            current = wanted.get(competence_id)
            if current is None or level > current[0]:
                wanted[competence_id] = (level, certificate.pk)
    existing = {
        row.competence_id: row
        for row in ProfileCompetence.objects.filter(
            profile=profile, source=CompetenceSource.CERTIFICATE
        )
    }
    stale = [row.pk for competence_id, row in existing.items() if competence_id not in wanted]
    changed = [
        ProfileCompetence(
            profile=profile,
            competence_id=competence_id,
            level=level,
            source=CompetenceSource.CERTIFICATE,
            certificate_id=certificate_id,
        )
        for competence_id, (level, certificate_id) in wanted.items()
        if competence_id not in existing
        or (existing[competence_id].level, existing[competence_id].certificate_id)
        != (level, certificate_id)
    ]
    if stale:
        ProfileCompetence.objects.filter(pk__in=stale).delete()
    _upsert(changed)
    return len(stale) + len(changed)


@transaction.atomic
def profile_set_visibility(*, actor: Actor, profile: Profile, visible: bool) -> Profile:
    """Let employers and providers see the profile, or stop at once: a withdrawn profile leaves
    `Profile.objects.visible()` in the same transaction."""
    _owned(actor, profile)
    locked = Profile.objects.select_for_update().get(pk=profile.pk)
    if locked.is_visible == visible:
        profile.is_visible, profile.visible_since = locked.is_visible, locked.visible_since
        return profile
    since = timezone.now() if visible else None
    Profile.objects.filter(pk=profile.pk).update(is_visible=visible, visible_since=since)
    profile.is_visible, profile.visible_since = visible, since
    audit_record(
        actor=actor,
        action="profile.show" if visible else "profile.hide",
        obj=profile,
    )
    return profile
