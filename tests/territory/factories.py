from __future__ import annotations

import factory

from lakou.territory.models import Commune, Epci


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci
        django_get_or_create = ("siren",)

    siren = "249720061"
    name = "Communauté d'agglomération du Centre de la Martinique"
    short_name = "CACEM"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("insee_code",)

    insee_code = "97209"
    name = "Fort-de-France"
    epci = factory.SubFactory(EpciFactory)
    population = 75506
    population_year = 2023
