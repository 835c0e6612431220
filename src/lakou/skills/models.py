"""Skill frameworks (DigComp, e-CF, custom), their levels, and the ROME digital occupations."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lakou.skills.text import search_words


class SearchableQuerySet[M: models.Model](models.QuerySet[M]):
    def search(self, text: str) -> Self:
        """Every word of `text` appears in `search_text`; accents and case are ignored."""
        queryset = self
        for word in search_words(text):
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class FrameworkQuerySet(models.QuerySet["Framework"]):
    def with_counts(self) -> FrameworkQuerySet:
        return self.annotate(
            area_count=Count("areas", distinct=True),
            competence_count=Count("competences", distinct=True),
            level_count=Count("levels", distinct=True),
        )

    def with_contents(self) -> FrameworkQuerySet:
        """Areas with their competences, and levels, in three extra queries whatever the size."""
        return self.prefetch_related(
            Prefetch("areas", queryset=Area.objects.order_by("position")),
            Prefetch("areas__competences", queryset=Competence.objects.order_by("position")),
            Prefetch("levels", queryset=ProficiencyLevel.objects.order_by("rank")),
        )


class Framework(models.Model):
    """A competence framework: DigComp and e-CF from `data/`, or one the federation defines."""

    class Kind(models.TextChoices):
        DIGCOMP = "digcomp", _("DigComp")
        ECF = "ecf", _("e-CF")
        CUSTOM = "custom", _("Référentiel propre")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("nom court"), max_length=60)
    official_title = models.CharField(_("titre officiel"), max_length=300, blank=True)
    version = models.CharField(_("version"), max_length=100, blank=True)
    publisher = models.CharField(_("éditeur"), max_length=200, blank=True)
    reference = models.TextField(_("référence bibliographique"), blank=True)
    url = models.URLField(_("adresse de la source"), max_length=300, blank=True)
    description = models.TextField(_("à quoi il sert"), blank=True)
    source_note = models.TextField(_("sources"), blank=True)
    licence_note = models.TextField(_("licence"), blank=True)
    caveat = models.TextField(_("mise en garde"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("référentiel de compétences")
        verbose_name_plural = _("référentiels de compétences")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("skills:framework_detail", kwargs={"code": self.code})


class Area(models.Model):
    """A domain of a framework (DigComp "1 Information and data literacy", e-CF "A Plan")."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("référentiel"), on_delete=models.CASCADE, related_name="areas"
    )
    code = models.CharField(_("code"), max_length=10)
    name_en = models.CharField(_("intitulé officiel (anglais)"), max_length=200, blank=True)
    name_fr = models.CharField(_("intitulé en français"), max_length=200)
    name_fr_is_own_wording = models.BooleanField(
        _("libellé rédigé par Lakou"),
        default=False,
        help_text=_("Vrai quand la source ne donne aucun libellé français."),
    )
    name_fr_is_official = models.BooleanField(
        _("libellé français officiel"),
        default=False,
        help_text=_("Faux pour un libellé de Lakou ou repris d'un site tiers non officiel."),
    )
    name_fr_source = models.CharField(
        _("origine du libellé français"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple un site tiers non officiel."),
    )
    uri = models.URLField(_("adresse URI"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("domaine de compétences")
        verbose_name_plural = _("domaines de compétences")
        ordering = ["framework__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_area_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name_fr}"


class CompetenceQuerySet(SearchableQuerySet["Competence"]):
    def of_framework(self, code: str) -> CompetenceQuerySet:
        return self.filter(framework__code=code)

    def with_framework(self) -> CompetenceQuerySet:
        return self.select_related("framework", "area")


class Competence(models.Model):
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("référentiel"),
        on_delete=models.CASCADE,
        related_name="competences",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("domaine"), on_delete=models.CASCADE, related_name="competences"
    )
    code = models.CharField(_("code"), max_length=10)
    name_en = models.CharField(_("intitulé officiel (anglais)"), max_length=300, blank=True)
    name_fr = models.CharField(_("intitulé en français"), max_length=300)
    name_fr_is_own_wording = models.BooleanField(
        _("libellé rédigé par Lakou"),
        default=False,
        help_text=_("Vrai quand la source ne donne aucun libellé français."),
    )
    name_fr_source = models.CharField(_("origine du libellé français"), max_length=200, blank=True)
    uri = models.URLField(_("adresse URI"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    search_text = models.TextField(_("texte de recherche"), blank=True, editable=False)

    objects = CompetenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["framework__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_competence_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_fr}"

    def get_absolute_url(self) -> str:
        return reverse(
            "skills:competence_detail",
            kwargs={"framework_code": self.framework.code, "code": self.code},
        )


class ProficiencyLevel(models.Model):
    """A level of a framework: DigComp 1 to 8, e-CF e-1 to e-5."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("référentiel"), on_delete=models.CASCADE, related_name="levels"
    )
    code = models.CharField(_("code"), max_length=10)
    rank = models.PositiveSmallIntegerField(_("rang"), help_text=_("1 pour le niveau le plus bas."))
    name_en = models.CharField(_("intitulé officiel (anglais)"), max_length=200, blank=True)
    name_fr = models.CharField(_("intitulé en français"), max_length=200)
    name_fr_is_own_wording = models.BooleanField(_("libellé rédigé par Lakou"), default=False)
    cognitive_domain_en = models.CharField(
        _("domaine cognitif (anglais)"), max_length=100, blank=True
    )
    cognitive_domain_fr = models.CharField(_("domaine cognitif"), max_length=100, blank=True)
    autonomy_en = models.CharField(_("autonomie (anglais)"), max_length=200, blank=True)
    autonomy_fr = models.CharField(_("autonomie"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("niveau de maîtrise")
        verbose_name_plural = _("niveaux de maîtrise")
        ordering = ["framework__position", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_level_code"),
            models.UniqueConstraint(fields=["framework", "rank"], name="unique_level_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_fr}"


class OccupationQuerySet(SearchableQuerySet["Occupation"]):
    def in_domain(self, domain_code: str | None) -> OccupationQuerySet:
        if not domain_code:
            return self
        return self.filter(domain_code=domain_code)

    def with_title_count(self) -> OccupationQuerySet:
        # The GROUP BY of the count drops Meta.ordering, so the order is restated for pagination.
        return self.annotate(title_count=Count("titles")).order_by("code_rome")

    def with_titles(self) -> OccupationQuerySet:
        """Titles prefetched in one query, the principal title first."""
        return self.prefetch_related(
            Prefetch(
                "titles",
                queryset=OccupationTitle.objects.order_by("classification", "label_long"),
            )
        )

    def domains(self) -> list[tuple[str, str, int]]:
        """(code, label, number of occupations) for each professional domain, by code."""
        rows = (
            self.order_by()
            .values("domain_code", "domain_label")
            .annotate(occupations=Count("pk"))
            .order_by("domain_code")
        )
        return [(row["domain_code"], row["domain_label"], row["occupations"]) for row in rows]


class Occupation(models.Model):
    """A ROME 4.0 fiche (France Travail) flagged as linked to the digital transition."""

    code_rome = models.CharField(_("code ROME"), max_length=5, unique=True)
    label = models.CharField(_("intitulé"), max_length=200)
    parent_code = models.CharField(_("code ROME de la fiche parente"), max_length=5)
    parent_label = models.CharField(_("intitulé de la fiche parente"), max_length=200)
    parent_label_v3 = models.CharField(
        _("intitulé ROME 3 de la fiche parente"), max_length=200, blank=True
    )
    domain_code = models.CharField(_("code du domaine professionnel"), max_length=3)
    domain_label = models.CharField(_("domaine professionnel"), max_length=200)
    major_domain_code = models.CharField(_("code du grand domaine"), max_length=1)
    major_domain_label = models.CharField(_("grand domaine"), max_length=200)
    is_parent_fiche = models.BooleanField(_("fiche parente"), default=False)
    digital_transition = models.BooleanField(_("liée à la transition numérique"), default=False)
    executive_job = models.BooleanField(_("emploi cadre"), null=True, blank=True)
    regulated_job = models.BooleanField(_("emploi réglementé"), null=True, blank=True)
    code_ogr = models.CharField(_("code OGR"), max_length=10, blank=True)
    code_fiche_metier = models.CharField(_("code fiche métier"), max_length=10, blank=True)
    search_text = models.TextField(_("texte de recherche"), blank=True, editable=False)

    objects = OccupationQuerySet.as_manager()

    class Meta:
        verbose_name = _("métier (ROME)")
        verbose_name_plural = _("métiers (ROME)")
        ordering = ["code_rome"]
        indexes = [models.Index(fields=["domain_code"], name="occupation_domain_idx")]

    def __str__(self) -> str:
        return f"{self.code_rome} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("skills:occupation_detail", kwargs={"code_rome": self.code_rome})


class OccupationTitleQuerySet(SearchableQuerySet["OccupationTitle"]):
    def principal(self) -> OccupationTitleQuerySet:
        return self.filter(classification=OccupationTitle.Classification.PRINCIPAL)


class OccupationTitle(models.Model):
    """A ROME appellation: one of the job titles people use for an occupation."""

    class Classification(models.TextChoices):
        # Stored values sort the principal title first.
        PRINCIPAL = "principal", _("principale")
        SYNONYM = "synonym", _("synonyme")

    code_ogr = models.CharField(_("code OGR"), max_length=10, unique=True)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("métier"), on_delete=models.CASCADE, related_name="titles"
    )
    label_long = models.CharField(_("intitulé"), max_length=200)
    label_short = models.CharField(_("intitulé court"), max_length=100, blank=True)
    classification = models.CharField(
        _("classement"), max_length=10, choices=Classification.choices
    )
    digital_transition = models.BooleanField(
        _("liée à la transition numérique"), null=True, blank=True
    )
    executive_job = models.BooleanField(_("emploi cadre"), null=True, blank=True)
    rarely_used = models.BooleanField(_("peu usité"), default=False)
    search_text = models.TextField(_("texte de recherche"), blank=True, editable=False)

    objects = OccupationTitleQuerySet.as_manager()

    class Meta:
        verbose_name = _("appellation de métier")
        verbose_name_plural = _("appellations de métier")
        ordering = ["occupation__code_rome", "classification", "label_long"]

    def __str__(self) -> str:
        return self.label_long
