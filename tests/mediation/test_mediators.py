"""Mediators' services: an application writes an account and a mediator or nothing, a second one
changes nothing, the federation moves the statuses along the allowed transitions, and the
applicant, the federation and the mediator are told by e-mail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from lakou.accounts.models import User
from lakou.core.actor import ANONYMOUS, Actor
from lakou.core.models import AuditEntry
from lakou.mediation.models import Mediator, MediatorKind, MediatorStatus
from lakou.mediation.perms.mediators import visible_mediators, visible_statuses
from lakou.mediation.services import mediators as services
from lakou.mediation.services.mediators import (
    AlreadyApplied,
    MediatorError,
    mediator_apply,
    mediator_move,
    mediators_filtered,
)
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.mediation.factories_mediators import (
    application,
    digcomp_areas,
    epci_actor,
    federation_actor,
    fort_de_france,
    lamentin,
    make_mediator,
    marigot,
)
from tests.skills.factories import AreaFactory, FrameworkFactory
from tests.tasks import run_worker

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- applying


def test_a_newcomer_applies_without_an_account_and_gets_one_without_a_password() -> None:
    mediator = mediator_apply(actor=ANONYMOUS, application=application())

    user = mediator.user
    assert (user.email, user.first_name, user.last_name) == (
        "rosette.ursulet@exemple.mq",
        "Rosette",
        "Ursulet",
    )
    assert not user.has_usable_password()
    assert not user.emailaddress_set.get().verified  # verified by the first e-mailed code
    assert mediator.status == MediatorStatus.APPLICANT
    assert mediator.phone == "+596696123456"
    assert sorted(c.name for c in mediator.communes_served.all()) == [
        "Fort-de-France",
        "Le Lamentin",
    ]
    assert [a.code for a in mediator.topics.order_by("code")] == ["1", "2"]
    assert mediator.languages == ["français", "créole"]
    entry = AuditEntry.objects.get(action="mediator.apply")
    assert entry.user is None
    assert entry.object_id == str(mediator.pk)


def test_an_existing_account_is_used_and_keeps_its_names() -> None:
    known = UserFactory(email="rosette.ursulet@exemple.mq", first_name="Rose", last_name="U.")

    mediator = mediator_apply(
        actor=ANONYMOUS, application=application(email="Rosette.Ursulet@Exemple.mq ")
    )

    assert mediator.user == known
    known.refresh_from_db()
    assert (known.first_name, known.last_name) == ("Rose", "U.")
    assert known.has_usable_password()
    assert User.objects.count() == 1


def test_a_signed_in_person_applies_with_their_own_account_and_names() -> None:
    person = UserFactory(email="ginette@exemple.mq", first_name="", last_name="")

    mediator = mediator_apply(
        actor=Actor(user=person), application=application(email="", first_name="Ginette")
    )

    assert mediator.user == person
    person.refresh_from_db()
    assert person.get_full_name() == "Ginette Ursulet"
    assert AuditEntry.objects.get(action="mediator.apply").user == person


def test_a_second_application_from_the_same_address_changes_nothing() -> None:
    first = mediator_apply(actor=ANONYMOUS, application=application(weekly_hours=6))

    with pytest.raises(AlreadyApplied):
        mediator_apply(actor=ANONYMOUS, application=application(weekly_hours=30))

    assert Mediator.objects.get() == first
    first.refresh_from_db()
    assert first.weekly_hours == 6
    assert AuditEntry.objects.filter(action="mediator.apply").count() == 1


def test_a_signed_in_mediator_is_told_they_already_applied() -> None:
    mediator = make_mediator()

    with pytest.raises(AlreadyApplied, match="déjà envoyé une candidature"):
        mediator_apply(actor=Actor(user=mediator.user), application=application(email=""))


def test_an_employer_is_kept_for_an_association_employee() -> None:
    association = OrganisationFactory(association=True, siret="90556789700012")

    mediator = mediator_apply(actor=ANONYMOUS, application=application(employer=association))

    assert mediator.employer == association


def _ecf_area() -> Any:
    return AreaFactory(framework=FrameworkFactory(ecf=True), code="A", name_fr="Planifier")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda: {"email": ""}, "email", "adresse e-mail"),
        (lambda: {"last_name": " "}, "last_name", "prénom et votre nom"),
        (lambda: {"phone": "06 12"}, "phone", "0696 12 34 56"),
        (lambda: {"kind": "astronaut"}, "kind", "profil"),
        (
            lambda: {"kind": MediatorKind.FREELANCER, "employer": OrganisationFactory()},
            "employer",
            "laissez ce champ vide",
        ),
        (lambda: {"communes_served": ()}, "communes_served", "au moins une commune"),
        (lambda: {"topics": ()}, "topics", "au moins un domaine"),
        (lambda: {"topics": (_ecf_area(),)}, "topics", "DigComp"),
        (
            lambda: {"speaks_french": False, "speaks_creole": False},
            "languages",
            "au moins une langue",
        ),
        (lambda: {"weekly_hours": 0}, "weekly_hours", "de 1 à 48 heures"),
        (lambda: {"weekly_hours": 49}, "weekly_hours", "de 1 à 48 heures"),
        (lambda: {"compensation": "salary"}, "compensation", "rémunération"),
        (lambda: {"motivation": "x" * 2001}, "motivation", "2000 caractères"),
    ],
)
def test_an_incomplete_application_is_refused_on_its_field_and_writes_nothing(
    change: Any, field: str, message: str
) -> None:
    with pytest.raises(MediatorError) as refused:
        mediator_apply(actor=ANONYMOUS, application=application(**change()))

    assert refused.value.field == field
    assert message in refused.value.message
    assert not User.objects.exists()
    assert not Mediator.objects.exists()


def test_an_application_that_fails_halfway_leaves_no_account_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(services, "audit_record", broken)

    with pytest.raises(RuntimeError):
        mediator_apply(actor=ANONYMOUS, application=application())

    assert not User.objects.exists()
    assert not Mediator.objects.exists()


# ---------------------------------------------------------------- statuses


def test_the_federation_moves_a_mediator_along_the_whole_path() -> None:
    federation = federation_actor()
    mediator = make_mediator()
    path = ["in_training", "active", "paused", "active", "left"]

    for status in path:
        mediator_move(actor=federation, mediator=mediator, to=status)
        assert mediator.status == status
        assert mediator.status_changed_at is not None

    entries = AuditEntry.objects.filter(action="mediator.move").order_by("pk")
    assert [(e.changes["from"], e.changes["to"]) for e in entries] == list(
        zip(["applicant", *path[:-1]], path, strict=True)
    )
    assert {e.user for e in entries} == {federation.user}


@pytest.mark.parametrize(
    ("current", "to", "reason"),
    [
        ("applicant", "active", "passe d'abord par la formation : choisissez « En formation »"),
        ("applicant", "paused", "on ne passe qu'à : « En formation », « Parti »"),
        ("active", "in_training", "on ne passe qu'à : « En pause », « Parti »"),
        ("active", "active", "Le statut est déjà « Actif »"),
        ("left", "active", "« Parti » est un statut définitif"),
        ("paused", "retired", "n'est pas un statut"),
    ],
)
def test_a_refused_move_says_why_and_changes_nothing(current: str, to: str, reason: str) -> None:
    mediator = make_mediator(status=current)

    with pytest.raises(MediatorError) as refused:
        mediator_move(actor=federation_actor(), mediator=mediator, to=to)

    assert reason in refused.value.message
    mediator.refresh_from_db()
    assert mediator.status == current
    assert mediator.status_changed_at is None
    assert not AuditEntry.objects.filter(action="mediator.move").exists()


@pytest.mark.parametrize("who", ["epci", "person", "anonymous"])
def test_only_the_federation_moves_a_mediator(who: str) -> None:
    mediator = make_mediator()
    actor = {
        "epci": epci_actor,
        "person": lambda: Actor(user=UserFactory()),
        "anonymous": lambda: ANONYMOUS,
    }[who]()

    with pytest.raises(PermissionDenied):
        mediator_move(actor=actor, mediator=mediator, to="in_training")

    mediator.refresh_from_db()
    assert mediator.status == "applicant"


# ---------------------------------------------------------------- who sees whom


def test_an_epci_sees_the_network_mediators_serving_its_communes_only() -> None:
    cacem = epci_actor()
    serving = make_mediator(status="active", served=(lamentin(),))
    training = make_mediator(
        UserFactory(), status="in_training", served=(marigot(), fort_de_france())
    )
    make_mediator(UserFactory(), status="active", served=(marigot(),))  # CAP Nord only
    make_mediator(UserFactory(), status="applicant", served=(lamentin(),))  # not vetted
    make_mediator(UserFactory(), status="left", served=(lamentin(),))  # gone

    assert set(visible_mediators(cacem)) == {serving, training}
    assert visible_statuses(cacem) == ("in_training", "active", "paused")
    assert visible_mediators(federation_actor()).count() == 5
    assert not visible_mediators(Actor(user=UserFactory())).exists()


def test_an_epci_organisation_without_its_territory_sees_nobody() -> None:
    make_mediator(status="active")
    actor = epci_actor()
    assert actor.organisation is not None
    actor.organisation.epci = None

    assert not visible_mediators(actor).exists()
    assert visible_statuses(actor) == ()


def test_the_list_filters_by_status_kind_and_where_they_serve() -> None:
    north = make_mediator(status="active", served=(marigot(),), kind="freelancer")
    centre = make_mediator(UserFactory(), status="active", served=(lamentin(), fort_de_france()))
    waiting = make_mediator(UserFactory(), served=(fort_de_france(),))
    everyone = Mediator.objects.all()

    assert set(mediators_filtered(everyone, status="active")) == {north, centre}
    assert set(mediators_filtered(everyone, kind="freelancer")) == {north}
    assert set(mediators_filtered(everyone, territory="97213")) == {centre}
    assert list(mediators_filtered(everyone, territory="249720061")) == [centre, waiting]
    assert list(mediators_filtered(everyone, territory="200041788")) == [north]


# ---------------------------------------------------------------- e-mails


@pytest.mark.django_db(transaction=True)
def test_the_applicant_and_the_federation_staff_are_told_of_an_application() -> None:
    federation = federation_actor()
    assert federation.user is not None

    mediator = mediator_apply(actor=ANONYMOUS, application=application())
    assert mail.outbox == []  # nothing leaves before the worker runs
    run_worker()

    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipient) == {("rosette.ursulet@exemple.mq",), (federation.user.email,)}
    to_applicant = by_recipient[("rosette.ursulet@exemple.mq",)]
    assert "Votre candidature de médiateur ou médiatrice numérique" in to_applicant.subject
    assert "Bonjour Rosette" in to_applicant.body
    assert "6 heures par semaine" in to_applicant.body
    assert "demandez un code de connexion" in to_applicant.body
    to_staff = by_recipient[(federation.user.email,)]
    assert "Nouvelle candidature de médiation numérique : Rosette Ursulet" in to_staff.subject
    assert "Fort-de-France, Le Lamentin" in to_staff.body
    assert f"/mediation/mediateurs/{mediator.pk}/" in to_staff.body


@pytest.mark.django_db(transaction=True)
def test_a_repeated_public_application_is_told_to_the_address_owner_only() -> None:
    federation_actor()
    mediator_apply(actor=ANONYMOUS, application=application())
    run_worker()
    mail.outbox.clear()

    with pytest.raises(AlreadyApplied):
        mediator_apply(actor=ANONYMOUS, application=application(first_name="Quelqu'un"))
    run_worker()

    assert [m.to for m in mail.outbox] == [["rosette.ursulet@exemple.mq"]]
    assert "rien n'a changé" in mail.outbox[0].body
    assert "Son statut : « Candidature »" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_repeat_is_told_on_the_page_not_by_e_mail() -> None:
    mediator = make_mediator()

    with pytest.raises(AlreadyApplied):
        mediator_apply(actor=Actor(user=mediator.user), application=application(email=""))
    run_worker()

    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("current", "to", "text"),
    [
        ("applicant", "in_training", "Votre candidature est retenue"),
        ("in_training", "active", "Vous pouvez intervenir dans les communes"),
        ("active", "paused", "Vous n'intervenez plus pour le moment"),
        ("applicant", "left", "Votre candidature n'est pas retenue"),
        ("active", "left", "Vous ne faites plus partie du réseau"),
    ],
)
def test_the_mediator_is_told_of_each_new_status(current: str, to: str, text: str) -> None:
    mediator = make_mediator(
        UserFactory(email="joel@exemple.mq", first_name="Joël"), status=current
    )

    mediator_move(actor=federation_actor(), mediator=mediator, to=to)
    run_worker()

    assert [m.to for m in mail.outbox] == [["joel@exemple.mq"]]
    label = MediatorStatus(to).label
    assert f"votre statut est « {label} »" in mail.outbox[0].subject
    assert "Bonjour Joël" in mail.outbox[0].body
    assert text in mail.outbox[0].body


def test_the_topics_are_the_digcomp_areas_in_their_order() -> None:
    digcomp_areas()
    _ecf_area()

    assert [a.code for a in services.topic_areas()] == ["1", "2", "3", "4", "5"]
