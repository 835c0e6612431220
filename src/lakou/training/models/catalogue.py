"""Catalogue tables: programmes (with their audiences, fundings and competences) and sessions."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections, models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.expressions import Combinable
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import LONG_TEXT_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH, text_bound
from lakou.skills.text import search_stems, search_terms
from lakou.territory.models import territory_q

if TYPE_CHECKING:
    from lakou.core.actor import Actor


class Domain(models.TextChoices):
    DATA = "data", _("Données et intelligence artificielle")
    CLOUD = "cloud", _("Cloud")
    CYBERSECURITY = "cybersecurity", _("Cybersécurité")
    WEB = "web", _("Développement web")
    DIGITAL_BASICS = "digital_basics", _("Bases du numérique")
    OFFICE = "office", _("Bureautique")
    DESIGN = "design", _("Design")
    NETWORKS = "networks", _("Réseaux")
    OTHER = "other", _("Autre")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Tout public")
    SENIORS = "seniors", _("Seniors")
    CAREER_CHANGERS = "career_changers", _("Personnes en reconversion")
    JOB_SEEKERS = "job_seekers", _("Demandeurs d'emploi")
    YOUNG_PEOPLE = "young_people", _("Jeunes")
    EMPLOYEES = "employees", _("Salariés")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("En présentiel")
    E_LEARNING = "e_learning", _("À distance (e-learning)")
    HYBRID = "hybrid", _("Hybride")


class EntryLevel(models.TextChoices):
    """Levels of the 2019 French nomenclature of diplomas (the LHEO export converts them)."""

    NONE = "0", _("Sans niveau spécifique")
    LEVEL_3 = "3", _("Niveau 3 (CAP, BEP)")
    LEVEL_4 = "4", _("Niveau 4 (baccalauréat)")
    LEVEL_5 = "5", _("Niveau 5 (bac + 2)")
    LEVEL_6 = "6", _("Niveau 6 (bac + 3, licence)")
    LEVEL_7 = "7", _("Niveau 7 (bac + 5, master)")


class CertificationKind(models.TextChoices):
    NONE = "none", _("Non certifiante")
    RNCP = "rncp", _("RNCP")
    RS = "rs", _("Répertoire spécifique (RS)")


class Funding(models.TextChoices):
    CPF = "cpf", _("CPF")
    EMPLOYER = "employer", _("Employeur (plan de développement des compétences)")
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    REGION = "region", _("Collectivité territoriale de Martinique")
    FREE = "free", _("Gratuit")


# What a person types is bounded in the model too (the admin, `full_clean`), not only in forms.
LONG_TEXT = text_bound(LONG_TEXT_MAX_LENGTH)
SHORT_TEXT = text_bound(SHORT_TEXT_MAX_LENGTH)

# The PostgreSQL text search configuration of the catalogue: `french` with `unaccent` before the
# stemmer (migration 0004).
SEARCH_CONFIG = "french_unaccent"
# What a word found in each part of a programme weighs in the order of the results: PostgreSQL's
# default weights for A, B, C and D (1, 0.4, 0.2, 0.1), as the SQLite search counts them.
SEARCH_WEIGHTS = {"a": 10, "b": 4, "c": 2, "d": 1}


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def search(self, text: str) -> ProgrammeQuerySet:
        """Programmes with a word beginning with each word of `text` (French stems, accents and
        case ignored, stop words left out), the best match first, annotated `search_rank`.
        Title words weigh most, then audiences, domain, entry level, competences and occupations,
        then the objective, then the rest."""
        terms = search_terms(text)
        if not terms:
            return self.order_by("title", "pk")
        found = self
        rank: Combinable
        if connections[self.db].vendor == "postgresql":
            # The terms are normalised words ([0-9a-z]+): nothing in them is tsquery syntax.
            query = SearchQuery(
                " & ".join(f"'{term}':*" for term in terms), search_type="raw", config=SEARCH_CONFIG
            )
            found = found.filter(search_vector=query)
            rank = SearchRank(F("search_vector"), query)
        else:
            rank = Value(0)
            for word in search_stems(text):
                # `search_text` holds "weight:stem" pairs ("a:develop b:senior"): ":stem" begins
                # a stem, "a:stem" begins a title stem.
                found = found.filter(search_text__contains=f":{word}")
                rank += Case(
                    *(
                        When(search_text__contains=f"{weight}:{word}", then=Value(points))
                        for weight, points in SEARCH_WEIGHTS.items()
                    ),
                    default=Value(0),
                )
        return found.annotate(search_rank=rank).order_by("-search_rank", "title", "pk")

    def published(self) -> ProgrammeQuerySet:
        """In the public catalogue: the provider published it, whatever its label."""
        return self.filter(is_published=True)

    def labelled(self, *, on: date | None = None) -> ProgrammeQuerySet:
        """Labelled by the federation and the label still valid on `on` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(status=Programme.Status.LABELLED, label_expires_at__gte=on)

    def visible_to(self, actor: Actor) -> ProgrammeQuerySet:
        """Published ones for everyone; the provider's own drafts; all of them for the federation."""
        if actor.is_federation:
            return self
        if actor.is_provider:
            return self.filter(Q(is_published=True) | Q(provider_id=actor.organisation_id))
        return self.published()

    def of_provider(self, organisation_id: int | None) -> ProgrammeQuerySet:
        return self.filter(provider_id=organisation_id)

    def awaiting_label(self) -> ProgrammeQuerySet:
        return self.filter(status=Programme.Status.SUBMITTED)

    def for_audience(self, code: str) -> ProgrammeQuerySet:
        return self.filter(
            Exists(ProgrammeAudience.objects.filter(programme=OuterRef("pk"), audience=code))
        )

    def with_funding(self, code: str) -> ProgrammeQuerySet:
        return self.filter(
            Exists(ProgrammeFunding.objects.filter(programme=OuterRef("pk"), funding=code))
        )

    def certifying(self) -> ProgrammeQuerySet:
        return self.exclude(certification_kind=CertificationKind.NONE)

    def with_sessions_matching(self, sessions: models.QuerySet[Session]) -> ProgrammeQuerySet:
        # IN (subquery) rather than a correlated EXISTS: SQLite then reads the sessions once.
        return self.filter(pk__in=sessions.values("programme_id"))

    def for_catalogue(self) -> ProgrammeQuerySet:
        """What a catalogue card shows, in a fixed number of queries whatever the page length."""
        return self.select_related("provider").prefetch_related(
            models.Prefetch("audience_rows", queryset=ProgrammeAudience.objects.order_by("pk")),
            models.Prefetch("funding_rows", queryset=ProgrammeFunding.objects.order_by("pk")),
            models.Prefetch(
                "sessions",
                queryset=Session.objects.upcoming().with_place(),
                to_attr="upcoming_sessions",
            ),
        )


class Programme(models.Model):
    """A training programme, described with the LHEO fields that learners look for."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Sans label")
        SUBMITTED = "submitted", _("Label demandé")
        LABELLED = "labelled", _("Labellisé")
        REFUSED = "refused", _("Label refusé")

    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisme de formation"),
        on_delete=models.PROTECT,
        related_name="programmes",
        limit_choices_to={"kind": "provider"},
    )
    title = models.CharField(_("intitulé"), max_length=200)
    objective = models.TextField(_("objectif"), **LONG_TEXT)
    content = models.TextField(_("contenu"), blank=True, **LONG_TEXT)
    expected_results = models.TextField(_("résultats attendus"), blank=True, **LONG_TEXT)
    domain = models.CharField(_("domaine"), max_length=20, choices=Domain.choices)
    format = models.CharField(_("modalité"), max_length=12, choices=Format.choices)
    duration_hours = models.PositiveIntegerField(_("durée en heures"))
    entry_level = models.CharField(
        _("niveau d'entrée"), max_length=2, choices=EntryLevel.choices, default=EntryLevel.NONE
    )
    prerequisites = models.TextField(_("prérequis"), blank=True, **LONG_TEXT)
    certification_kind = models.CharField(
        _("certification"),
        max_length=6,
        choices=CertificationKind.choices,
        default=CertificationKind.NONE,
    )
    certification_code = models.CharField(
        _("code RNCP ou RS"), max_length=20, blank=True, help_text=_("Par exemple RNCP37827.")
    )
    certifier = models.CharField(_("certificateur"), max_length=200, blank=True)
    price = models.DecimalField(_("prix (euros)"), max_digits=9, decimal_places=2, default=0)
    accessibility = models.TextField(
        _("accessibilité"),
        blank=True,
        help_text=_("Accueil des personnes en situation de handicap, référent, aménagements."),
        **LONG_TEXT,
    )
    competences = models.ManyToManyField(
        "skills.Competence",
        verbose_name=_("compétences visées"),
        through="ProgrammeCompetence",
        related_name="programmes",
        blank=True,
    )
    occupations = models.ManyToManyField(
        "skills.Occupation",
        verbose_name=_("métiers visés (ROME)"),
        related_name="programmes",
        blank=True,
    )
    is_published = models.BooleanField(_("publiée dans le catalogue"), default=False)
    status = models.CharField(
        _("label"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("label demandé le"), null=True, blank=True)
    labelled_at = models.DateField(_("labellisée le"), null=True, blank=True)
    label_expires_at = models.DateField(_("label valable jusqu'au"), null=True, blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True, **SHORT_TEXT)
    # Both kept by `programme_reindex`: the stems of the SQLite search ("a:develop b:senior"),
    # the weighted vector of the PostgreSQL one (its GIN index is made by migration 0004, on
    # PostgreSQL only: SQLite has no such index).
    search_text = models.TextField(_("texte de recherche"), blank=True, editable=False)
    search_vector = SearchVectorField(_("index de recherche"), null=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        ordering = ["title", "pk"]
        indexes = [
            models.Index(fields=["is_published", "domain"], name="programme_published_domain"),
            models.Index(fields=["status", "label_expires_at"], name="programme_label_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:programme_detail", kwargs={"pk": self.pk})

    def label_valid_on(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return (
            self.status == self.Status.LABELLED
            and self.label_expires_at is not None
            and self.label_expires_at >= day
        )

    @property
    def is_labelled(self) -> bool:
        return self.label_valid_on()

    @property
    def is_certifying(self) -> bool:
        return self.certification_kind != CertificationKind.NONE

    def audience_codes(self) -> list[str]:
        return [row.audience for row in self.audience_rows.all()]

    def funding_codes(self) -> list[str]:
        return [row.funding for row in self.funding_rows.all()]

    def audience_labels(self) -> list[str]:
        return [str(Audience(code).label) for code in self.audience_codes()]

    def funding_labels(self) -> list[str]:
        return [str(Funding(code).label) for code in self.funding_codes()]


class ProgrammeAudience(models.Model):
    """One row per audience of a programme, so that filtering by audience uses an index."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="audience_rows")
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices)

    class Meta:
        verbose_name = _("public visé")
        verbose_name_plural = _("publics visés")
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "programme"], name="unique_programme_audience"
            ),
        ]

    def __str__(self) -> str:
        return self.get_audience_display()


class ProgrammeFunding(models.Model):
    """One row per funding option of a programme, for the same reason as the audiences."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="funding_rows")
    funding = models.CharField(_("financement"), max_length=20, choices=Funding.choices)

    class Meta:
        verbose_name = _("financement possible")
        verbose_name_plural = _("financements possibles")
        constraints = [
            models.UniqueConstraint(
                fields=["funding", "programme"], name="unique_programme_funding"
            ),
        ]

    def __str__(self) -> str:
        return self.get_funding_display()


class ProgrammeCompetence(models.Model):
    """A competence a programme teaches, with the level a learner reaches (DigComp or e-CF)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="competence_rows"
    )
    competence = models.ForeignKey(
        "skills.Competence", verbose_name=_("compétence"), on_delete=models.PROTECT
    )
    level = models.ForeignKey(
        "skills.ProficiencyLevel",
        verbose_name=_("niveau visé"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("compétence visée")
        verbose_name_plural = _("compétences visées")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "competence"], name="unique_programme_competence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence} ({self.level or '—'})"


class SessionQuerySet(models.QuerySet["Session"]):
    def upcoming(self, *, on: date | None = None) -> SessionQuerySet:
        """Sessions not over yet and not cancelled, soonest first."""
        on = on or timezone.localdate()
        return (
            self.filter(ends_on__gte=on)
            .exclude(status__in=[Session.Status.CANCELLED, Session.Status.DONE])
            .order_by("starts_on", "pk")
        )

    def with_place(self) -> SessionQuerySet:
        """The commune's name without its boundary, a GeoJSON that is slow to decode."""
        return self.select_related("commune").defer("commune__boundary")

    def not_cancelled(self) -> SessionQuerySet:
        return self.exclude(status=Session.Status.CANCELLED)

    def in_territory(self, code: str | None) -> SessionQuerySet:
        """`code` is empty (all), an EPCI SIREN (9 digits) or a commune INSEE code (5 characters)."""
        return self.filter(territory_q(code))

    def visible_to(self, actor: Actor) -> SessionQuerySet:
        return self.filter(programme__in=Programme.objects.visible_to(actor))


class Session(models.Model):
    """A dated run of a programme, in a commune or remote."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        OPEN = "open", _("Inscriptions ouvertes")
        FULL = "full", _("Complète")
        CANCELLED = "cancelled", _("Annulée")
        DONE = "done", _("Terminée")

    programme = models.ForeignKey(
        Programme, verbose_name=_("formation"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    schedule = models.CharField(
        _("horaires"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : lundi et jeudi, 9 h – 12 h."),
    )
    is_remote = models.BooleanField(_("à distance"), default=False)
    commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_sessions",
    )
    venue = models.CharField(_("lieu"), max_length=200, blank=True)
    seats = models.PositiveIntegerField(_("places"))
    enrolment_deadline = models.DateField(_("date limite d'inscription"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    cancellation_reason = models.TextField(_("motif de l'annulation"), blank=True, **SHORT_TEXT)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_on", "pk"]
        indexes = [
            models.Index(fields=["programme", "starts_on"], name="session_programme_start"),
            models.Index(fields=["starts_on", "status"], name="session_start_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.starts_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("training:session_detail", kwargs={"pk": self.pk})

    @property
    def place(self) -> str:
        if self.is_remote:
            return str(_("À distance"))
        parts = [self.venue, self.commune.name if self.commune else ""]
        return ", ".join(part for part in parts if part)
