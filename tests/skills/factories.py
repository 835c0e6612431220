from __future__ import annotations

import factory

from lakou.skills.models import (
    Area,
    Competence,
    Framework,
    Occupation,
    OccupationTitle,
    ProficiencyLevel,
)
from lakou.skills.text import normalise


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ("code",)

    code = "digcomp"
    kind = Framework.Kind.DIGCOMP
    name = "DigComp 2.2 — compétences numériques des citoyens"
    short_name = "DigComp 2.2"
    version = "2.2"

    class Params:
        ecf = factory.Trait(
            code="ecf",
            kind=Framework.Kind.ECF,
            name="e-CF 3.0 — cadre européen des e-compétences",
            short_name="e-CF 3.0",
            version="3.0",
            caveat="Il s'agit de la version 3.0 de l'e-CF, et non de la version 4.0.",
        )
        custom = factory.Trait(
            code=factory.Sequence(lambda n: f"propre-{n}"),
            kind=Framework.Kind.CUSTOM,
            name="Référentiel de la fédération",
            short_name="Fédération",
            version="",
        )


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("framework", "code")

    framework = factory.SubFactory(FrameworkFactory)
    code = "1"
    name_en = "Information and data literacy"
    name_fr = "Informations et données"
    name_fr_source = "comprendredigcomp.com (unofficial)"


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence
        django_get_or_create = ("framework", "code")

    area = factory.SubFactory(AreaFactory)
    framework = factory.SelfAttribute("area.framework")
    code = factory.Sequence(lambda n: f"1.{n + 1}")
    name_en = "Evaluating data, information and digital content"
    name_fr = "Évaluer des données, des informations et des contenus numériques"
    name_fr_is_own_wording = True
    position = factory.Sequence(lambda n: n)
    search_text = factory.LazyAttribute(lambda o: normalise(f"{o.code} {o.name_fr} {o.name_en}"))


class ProficiencyLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProficiencyLevel
        django_get_or_create = ("framework", "code")

    framework = factory.SubFactory(FrameworkFactory)
    rank = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda o: str(o.rank))
    name_en = "Foundation"
    name_fr = "Fondamental"
    name_fr_is_own_wording = True


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation
        django_get_or_create = ("code_rome",)

    code_rome = factory.Sequence(lambda n: f"M{1900 + n % 100:04d}")
    label = factory.Sequence(lambda n: f"Métier numérique {n}")
    parent_code = factory.SelfAttribute("code_rome")
    parent_label = factory.SelfAttribute("label")
    domain_code = "M18"
    domain_label = "Systèmes d'information et de télécommunication"
    major_domain_code = "M"
    major_domain_label = "Support à l'entreprise"
    is_parent_fiche = True
    digital_transition = True
    executive_job = True
    regulated_job = False
    search_text = factory.LazyAttribute(lambda o: normalise(f"{o.code_rome} {o.label}"))

    class Params:
        developer = factory.Trait(
            code_rome="M1805",
            label="Développeur / Développeuse informatique",
            parent_label_v3="Études et développement informatique",
        )
        cyber_analyst = factory.Trait(
            code_rome="M1844",
            label="Analyste en cybersécurité",
            parent_code="M1805",
            parent_label="Développeur / Développeuse informatique",
            is_parent_fiche=False,
        )
        community_manager = factory.Trait(
            code_rome="E1101",
            label="Community manager",
            domain_code="E11",
            domain_label="Edition et communication",
            major_domain_code="E",
            major_domain_label="Communication, média et multimédia",
            executive_job=None,
        )


class OccupationTitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OccupationTitle
        django_get_or_create = ("code_ogr",)

    code_ogr = factory.Sequence(lambda n: str(900000 + n))
    occupation = factory.SubFactory(OccupationFactory)
    label_long = factory.Sequence(lambda n: f"Appellation {n}")
    label_short = factory.SelfAttribute("label_long")
    classification = OccupationTitle.Classification.SYNONYM
    search_text = factory.LazyAttribute(lambda o: normalise(f"{o.label_long} {o.label_short}"))
