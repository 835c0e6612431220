"""The demo's mediators: every kind, compensation and status, a home in every commune, the demo
mediator account active for its association, the same each time."""

from __future__ import annotations

import random

import pytest

from lakou.core.demo import SCALES, Scale
from lakou.mediation.demo.mediators import MEDIATOR_ACCOUNT, mediator_count, seed
from lakou.mediation.models import Compensation, Mediator, MediatorKind, MediatorStatus
from lakou.territory.models import Commune
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.mediation.factories_mediators import digcomp_areas
from tests.territory.factories import CommuneFactory, EpciFactory

pytestmark = pytest.mark.django_db

SMALL = Scale("small", companies=120, people=50, providers=2, auditors=1, associations=1)


def _territory() -> None:
    """34 communes in the three EPCI, the DigComp areas, the federation, the demo association
    and its mediator account, a few companies."""
    epcis = [EpciFactory(), EpciFactory(cap_nord=True), EpciFactory(caesm=True)]
    for n in range(1, 35):
        CommuneFactory(
            insee_code=f"972{n:02d}",
            name=f"Commune {n:02d}",
            epci=epcis[n % 3],
            population=n * 1000,
        )
    digcomp_areas()
    MembershipFactory(organisation=OrganisationFactory(federation=True))
    association = OrganisationFactory(
        association=True,
        name="Réseau Matnik Médiation",
        commune=Commune.objects.get(insee_code="97224"),
    )
    MembershipFactory(
        user=UserFactory(email=MEDIATOR_ACCOUNT, first_name="Rosette", last_name="Ursulet"),
        organisation=association,
    )
    for n in range(5):
        OrganisationFactory(company=True, name=f"Entreprise {n}")


def _snapshot() -> list[tuple[object, ...]]:
    return [
        (
            m.user.email,
            m.kind,
            m.status,
            m.compensation,
            m.home_commune.insee_code,
            m.employer.name if m.employer else "",
            tuple(c.insee_code for c in m.communes_served.order_by("insee_code")),
            tuple(a.code for a in m.topics.order_by("code")),
            m.weekly_hours,
        )
        for m in Mediator.objects.select_related("user", "home_commune", "employer").order_by(
            "user__email"
        )
    ]


def test_the_demo_network_has_every_kind_compensation_and_status_in_every_commune() -> None:
    _territory()

    counts = seed(scale=SCALES["demo"], rng=random.Random("lakou"))

    assert counts["médiateurs et médiatrices"] == Mediator.objects.count() == 40
    assert counts["médiateurs actifs"] == Mediator.objects.active().count() > 10
    assert set(Mediator.objects.values_list("kind", flat=True)) == set(MediatorKind.values)
    assert set(Mediator.objects.values_list("status", flat=True)) == set(MediatorStatus.values)
    assert set(Mediator.objects.values_list("compensation", flat=True)) == set(Compensation.values)
    assert Mediator.objects.values("home_commune").distinct().count() == 34
    for mediator in Mediator.objects.all():
        served = set(mediator.communes_served.all())
        assert mediator.home_commune in served
        assert {c.epci_id for c in served} == {mediator.home_commune.epci_id}
        assert 1 <= mediator.topics.count() <= 3
        assert mediator.speaks_french or mediator.speaks_creole
        assert (mediator.status_changed_at is None) == (mediator.status == "applicant")
        assert mediator.employer is None or mediator.kind in ("employee", "association")
    own = Mediator.objects.get(user__email=MEDIATOR_ACCOUNT)
    assert (own.kind, own.status, own.employer.name if own.employer else "") == (
        "association",
        "active",
        "Réseau Matnik Médiation",
    )
    assert own.user.get_full_name() == "Rosette Ursulet"


def test_the_demo_is_the_same_each_time_and_seeds_once() -> None:
    _territory()
    seed(scale=SCALES["demo"], rng=random.Random("lakou"))
    first = _snapshot()

    assert seed(scale=SCALES["demo"], rng=random.Random("other")) == {
        "médiateurs et médiatrices": 40,
        "médiateurs actifs": Mediator.objects.active().count(),
    }
    assert _snapshot() == first
    Mediator.objects.all().delete()
    seed(scale=SCALES["demo"], rng=random.Random("lakou"))
    assert _snapshot() == first


def test_a_small_demo_has_fewer_mediators_of_every_status() -> None:
    _territory()

    seed(scale=SMALL, rng=random.Random("lakou"))

    assert Mediator.objects.count() == mediator_count(SMALL) == 12
    assert set(Mediator.objects.values_list("status", flat=True)) == set(MediatorStatus.values)
    assert set(Mediator.objects.values_list("kind", flat=True)) == set(MediatorKind.values)
