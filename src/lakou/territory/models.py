from __future__ import annotations

from django.db import models
from django.db.models import Count, Max, Min, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class EpciQuerySet(models.QuerySet["Epci"]):
    def with_population(self) -> EpciQuerySet:
        """Population sums of the member communes in one query; unknown populations are counted."""
        return self.annotate(
            population_sum=Sum("communes__population"),
            commune_count=Count("communes"),
            unknown_population_count=Count("communes", filter=Q(communes__population__isnull=True)),
            population_year_min=Min("communes__population_year"),
            population_year_max=Max("communes__population_year"),
        )


class Epci(models.Model):
    """A communauté d'agglomération (CACEM, CAP Nord Martinique, CAESM)."""

    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("nom court"), max_length=60)
    alt_short_name = models.CharField(_("autre nom court"), max_length=60, blank=True)
    seat_insee_code = models.CharField(_("commune siège"), max_length=5, blank=True)

    objects = EpciQuerySet.as_manager()

    class Meta:
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("territory:epci_detail", kwargs={"siren": self.siren})


def territory_q(code: str | None, commune: str = "commune") -> models.Q:
    """Rows whose `commune` field lies in the territory `code`.

    `code` is empty (all Martinique), an EPCI SIREN (9 digits) or a commune INSEE code.
    """
    if not code:
        return models.Q()
    if len(code) == 9:
        return models.Q(**{f"{commune}__epci__siren": code})
    return models.Q(**{f"{commune}__insee_code": code})


class CommuneQuerySet(models.QuerySet["Commune"]):
    def with_epci(self) -> CommuneQuerySet:
        return self.select_related("epci")

    def in_territory(self, code: str | None) -> CommuneQuerySet:
        """`code` is empty (all), an EPCI SIREN (9 digits) or a commune INSEE code (5 chars)."""
        if not code:
            return self
        if len(code) == 9:
            return self.filter(epci__siren=code)
        return self.filter(insee_code=code)


class Commune(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    epci = models.ForeignKey(
        Epci, verbose_name=_("EPCI"), on_delete=models.PROTECT, related_name="communes"
    )
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("année de référence"), null=True, blank=True
    )
    centroid_lat = models.FloatField(_("latitude du centre"), null=True, blank=True)
    centroid_lon = models.FloatField(_("longitude du centre"), null=True, blank=True)
    postal_codes = models.CharField(_("codes postaux"), max_length=60, blank=True)
    boundary = models.JSONField(_("contour (GeoJSON)"), null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territory:commune_detail", kwargs={"insee_code": self.insee_code})


class AgeGroup(models.TextChoices):
    """The census age groups of Insee table POP T0, plus the total of all ages."""

    FROM_0_TO_14 = "0-14", _("0 à 14 ans")
    FROM_15_TO_29 = "15-29", _("15 à 29 ans")
    FROM_30_TO_44 = "30-44", _("30 à 44 ans")
    FROM_45_TO_59 = "45-59", _("45 à 59 ans")
    FROM_60_TO_74 = "60-74", _("60 à 74 ans")
    FROM_75 = "75+", _("75 ans ou plus")
    TOTAL = "total", _("ensemble")


AGE_GROUP_ORDER = {value: index for index, value in enumerate(AgeGroup.values)}
SENIOR_AGE_GROUPS = (AgeGroup.FROM_60_TO_74.value, AgeGroup.FROM_75.value)


class AgeGroupPopulationQuerySet(models.QuerySet["AgeGroupPopulation"]):
    def regional(self) -> AgeGroupPopulationQuerySet:
        return self.filter(commune__isnull=True)

    def for_commune(self, commune: Commune) -> AgeGroupPopulationQuerySet:
        return self.filter(commune=commune)


class AgeGroupPopulation(models.Model):
    """Population by age group: per commune once imported, else the region's (commune empty)."""

    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="age_groups",
    )
    year = models.PositiveSmallIntegerField(_("année"))
    age_group = models.CharField(_("tranche d'âge"), max_length=10, choices=AgeGroup.choices)
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("adresse de la source"), max_length=300, blank=True)

    objects = AgeGroupPopulationQuerySet.as_manager()

    class Meta:
        verbose_name = _("population par âge")
        verbose_name_plural = _("populations par âge")
        ordering = ["commune__insee_code", "year", "age_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "age_group"],
                condition=models.Q(commune__isnull=False),
                name="unique_age_group_per_commune_year",
            ),
            models.UniqueConstraint(
                fields=["year", "age_group"],
                condition=models.Q(commune__isnull=True),
                name="unique_regional_age_group_per_year",
            ),
        ]

    def __str__(self) -> str:
        where = self.commune.name if self.commune is not None else "Martinique"
        return f"{where} {self.year} {self.age_group}"
