from __future__ import annotations

import factory

from lakou.accounts.models import Membership, Organisation, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.mq")
    first_name = "Line"
    last_name = "Jean-Baptiste"
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-de-test")

    @factory.post_generation
    def verified(self, create: bool, extracted: object, **kwargs: object) -> None:
        """Allauth requires a verified address to log in; test users have one."""
        if not create:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )
        self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COMPANY

    class Params:
        federation = factory.Trait(
            kind=Organisation.Kind.FEDERATION, name="Fédération du numérique"
        )
        epci = factory.Trait(kind=Organisation.Kind.EPCI)
        company = factory.Trait(kind=Organisation.Kind.COMPANY, size_band=Organisation.SizeBand.TPE)
        provider = factory.Trait(
            kind=Organisation.Kind.PROVIDER,
            activity_number="97970123497",
            street_address="12 rue Victor Hugo",
            commune=factory.SubFactory("tests.territory.factories.CommuneFactory"),
        )
        auditor = factory.Trait(kind=Organisation.Kind.AUDITOR)
        association = factory.Trait(kind=Organisation.Kind.ASSOCIATION)
        town_hall = factory.Trait(kind=Organisation.Kind.TOWN_HALL, name="Ville du Lamentin")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.ADMIN
