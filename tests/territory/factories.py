from __future__ import annotations

import factory

from lakou.territory.models import AgeGroupPopulation, Commune, Epci


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci
        django_get_or_create = ("siren",)

    class Params:
        cap_nord = factory.Trait(
            siren="200041788",
            name="Communauté d'agglomération du Pays Nord Martinique",
            short_name="CAP Nord Martinique",
            alt_short_name="CAP Nord",
            seat_insee_code="97216",
        )
        caesm = factory.Trait(
            siren="249720053",
            name="Communauté d'agglomération de l'Espace Sud de la Martinique",
            short_name="CAESM",
            alt_short_name="Espace Sud Martinique",
            seat_insee_code="97227",
        )

    siren = "249720061"
    name = "Communauté d'agglomération du Centre de la Martinique"
    short_name = "CACEM"
    seat_insee_code = "97209"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("insee_code",)

    class Params:
        lamentin = factory.Trait(insee_code="97213", name="Le Lamentin", population=39000)
        marigot = factory.Trait(
            insee_code="97216",
            name="Le Marigot",
            population=3187,
            epci=factory.SubFactory(EpciFactory, cap_nord=True),
        )

    insee_code = "97209"
    name = "Fort-de-France"
    epci = factory.SubFactory(EpciFactory)
    population = 75506
    population_year = 2023
    postal_codes = "97200 97234"
    boundary = factory.LazyAttribute(
        lambda o: {
            "type": "Polygon",
            "coordinates": [[[-61.1, 14.6], [-61.0, 14.6], [-61.0, 14.7], [-61.1, 14.6]]],
        }
    )


class AgeGroupPopulationFactory(factory.django.DjangoModelFactory):
    """Regional by default (no commune), as the reference loader stores them."""

    class Meta:
        model = AgeGroupPopulation

    commune = None
    year = 2020
    age_group = "0-14"
    population = 57527
    source = "Insee POP T0"
