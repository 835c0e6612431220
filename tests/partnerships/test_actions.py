"""Services and permissions of the partnership actions: create, edit, partners, contributions,
held and cancelled, each with its audit entry and its refusals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from lakou.core.actor import Actor
from lakou.core.models import AuditEntry
from lakou.partnerships.models import Action, Contribution
from lakou.partnerships.perms.actions import (
    can_create_action,
    can_edit_action,
    can_see_exact_indicators,
    can_see_member_actions,
    can_see_statement,
)
from lakou.partnerships.services.actions import (
    ActionError,
    ContributionData,
    action_cancel,
    action_mark_held,
    action_update,
    contribution_add,
    contribution_remove,
    contribution_value,
    partner_remove,
)
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.partnerships.factories_actions import (
    action_data,
    federation_actor,
    make_action,
    make_contribution,
    make_partner,
    member_actor,
)

pytestmark = pytest.mark.django_db


def audited(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def started(actor: Actor) -> Action:
    start = timezone.now() - timedelta(hours=3)
    return make_action(actor=actor, starts_at=start, ends_at=start + timedelta(hours=2))


class TestCreateAndEdit:
    def test_a_company_member_creates_an_action_it_organises(self) -> None:
        company = member_actor()
        action = make_action(actor=company)
        assert list(action.organisers.all()) == [company.organisation]
        assert action.status == Action.Status.PLANNED
        assert action.created_by == company.user
        assert audited("action.create") == 1

    def test_the_federation_names_the_organisers(self) -> None:
        federation = federation_actor()
        company = OrganisationFactory(company=True)
        provider = OrganisationFactory(provider=True)
        action = make_action(actor=federation, organisers=(company, provider))
        assert set(action.organisers.all()) == {company, provider}
        assert can_edit_action(member_actor(company), action)

    def test_a_company_cannot_name_other_organisers(self) -> None:
        company = member_actor()
        action = make_action(actor=company, organisers=(OrganisationFactory(company=True),))
        assert list(action.organisers.all()) == [company.organisation]

    def test_a_person_without_organisation_cannot_create(self) -> None:
        person = Actor(user=UserFactory())
        assert not can_create_action(person)
        with pytest.raises(ActionError):
            make_action(actor=person)

    def test_the_end_comes_after_the_start_and_a_place_is_needed(self) -> None:
        start = timezone.now()
        with pytest.raises(ActionError) as error:
            make_action(starts_at=start, ends_at=start - timedelta(hours=1))
        assert error.value.field == "ends_at"
        with pytest.raises(ActionError) as error:
            make_action(commune=None)
        assert error.value.field == "commune"
        online = make_action(is_online=True, venue="Salle 1")
        assert online.commune is None
        assert online.venue == ""
        assert online.place == "En ligne"

    def test_an_organiser_edits_another_member_may_not(self) -> None:
        company = member_actor()
        action = make_action(actor=company)
        action_update(actor=company, action=action, data=action_data(title="Nouveau titre"))
        action.refresh_from_db()
        assert action.title == "Nouveau titre"
        assert audited("action.update") == 1
        other = member_actor()
        assert not can_edit_action(other, action)
        with pytest.raises(ActionError):
            action_update(actor=other, action=action, data=action_data())

    def test_an_organiser_keeps_its_organisers_when_editing(self) -> None:
        company = member_actor()
        action = make_action(actor=company)
        action_update(
            actor=company,
            action=action,
            data=action_data(organisers=(OrganisationFactory(company=True),)),
        )
        assert list(action.organisers.all()) == [company.organisation]


class TestHeldAndCancelled:
    def test_marking_held_records_the_outcome(self) -> None:
        company = member_actor()
        action = started(company)
        action_mark_held(
            actor=company, action=action, participants=40, hires=3, outcome_notes=" Bien. "
        )
        assert action.status == Action.Status.HELD
        assert (action.participants, action.hires, action.outcome_notes) == (40, 3, "Bien.")
        entry = AuditEntry.objects.get(action="action.held")
        assert entry.changes["from"] == "planned"
        # The outcome of a held action can be corrected.
        action_mark_held(actor=company, action=action, participants=42)
        assert action.participants == 42
        assert action.hires is None

    def test_an_action_not_started_cannot_be_held(self) -> None:
        company = member_actor()
        action = make_action(actor=company)
        with pytest.raises(ActionError):
            action_mark_held(actor=company, action=action)
        action.refresh_from_db()
        assert action.status == Action.Status.PLANNED

    def test_negative_or_huge_figures_are_refused(self) -> None:
        company = member_actor()
        action = started(company)
        with pytest.raises(ActionError) as error:
            action_mark_held(actor=company, action=action, participants=-1)
        assert error.value.field == "participants"

    def test_cancelling_needs_a_reason_and_is_final(self) -> None:
        company = member_actor()
        action = make_action(actor=company)
        with pytest.raises(ActionError):
            action_cancel(actor=company, action=action, reason="  ")
        action_cancel(actor=company, action=action, reason="Alerte météo")
        assert action.status == Action.Status.CANCELLED
        assert action.cancellation_reason == "Alerte météo"
        assert audited("action.cancel") == 1
        for attempt in (
            lambda: action_cancel(actor=company, action=action, reason="encore"),
            lambda: action_mark_held(actor=company, action=action),
            lambda: action_update(actor=company, action=action, data=action_data()),
            lambda: make_partner(action, actor=company),
        ):
            with pytest.raises(ActionError):
                attempt()

    def test_a_held_action_cannot_be_cancelled(self) -> None:
        company = member_actor()
        action = started(company)
        action_mark_held(actor=company, action=action)
        with pytest.raises(ActionError):
            action_cancel(actor=company, action=action, reason="Trop tard")

    def test_a_stranger_cannot_cancel(self) -> None:
        action = make_action(actor=member_actor())
        with pytest.raises(ActionError):
            action_cancel(actor=member_actor(), action=action, reason="Non")


class TestPartnersAndContributions:
    def test_a_partner_once_per_action(self) -> None:
        action = make_action()
        organisation = OrganisationFactory(company=True)
        make_partner(action, organisation)
        with pytest.raises(ActionError) as error:
            make_partner(action, organisation)
        assert error.value.field == "organisation"
        assert audited("action.partner_add") == 1

    def test_the_three_kinds_of_contribution_and_their_values(self) -> None:
        partner = make_partner(make_action())
        money = make_contribution(partner, amount=Decimal("1500"))
        in_kind = make_contribution(
            partner, kind="in_kind", description="Prêt de la salle", amount=Decimal("450.50")
        )
        hours = make_contribution(
            partner,
            kind="expertise",
            description="Jury",
            amount=Decimal("999"),  # ignored: the value is hours × hourly value
            hours=Decimal("7.5"),
            hourly_value=Decimal("60"),
        )
        assert money.value == Decimal("1500.00")
        assert money.hours is None
        assert in_kind.value == Decimal("450.50")
        assert hours.value == Decimal("450.00")
        assert (hours.hours, hours.hourly_value) == (Decimal("7.5"), Decimal("60"))
        assert audited("action.contribution_add") == 3

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            (ContributionData("money", timezone.localdate(), "Don"), "amount"),
            (ContributionData("money", timezone.localdate(), "Don", amount=Decimal(0)), "amount"),
            (ContributionData("expertise", timezone.localdate(), "Jury"), "hours"),
            (
                ContributionData("expertise", timezone.localdate(), "Jury", hours=Decimal(3)),
                "hourly_value",
            ),
            (ContributionData("gift", timezone.localdate(), "?", amount=Decimal(1)), "kind"),
        ],
    )
    def test_a_contribution_without_its_figures_is_refused(
        self, data: ContributionData, field: str
    ) -> None:
        with pytest.raises(ActionError) as error:
            contribution_value(data)
        assert error.value.field == field

    def test_the_database_refuses_hours_on_a_money_contribution(self) -> None:
        partner = make_partner(make_action())
        contribution = make_contribution(partner)
        with pytest.raises(IntegrityError):
            Contribution.objects.filter(pk=contribution.pk).update(hours=Decimal(3))

    def test_removing_a_partner_removes_its_contributions(self) -> None:
        partner = make_partner(make_action())
        make_contribution(partner)
        partner_remove(actor=federation_actor(), partner=partner)
        assert Contribution.objects.count() == 0
        entry = AuditEntry.objects.get(action="action.partner_remove")
        assert entry.changes["contributions"] == 1

    def test_only_editors_add_or_remove_contributions(self) -> None:
        company = member_actor()
        partner = make_partner(make_action(actor=company), actor=company)
        contribution = make_contribution(partner, actor=company)
        stranger = member_actor()
        with pytest.raises(ActionError):
            contribution_add(
                actor=stranger,
                partner=partner,
                data=ContributionData("money", timezone.localdate(), "Don", amount=Decimal(1)),
            )
        with pytest.raises(ActionError):
            contribution_remove(actor=stranger, contribution=contribution)
        contribution_remove(actor=company, contribution=contribution)
        assert audited("action.contribution_remove") == 1


class TestPermissions:
    @pytest.mark.parametrize(
        ("traits", "member", "exact"),
        [
            ({"federation": True}, True, True),
            ({"epci": True}, True, False),
            ({"company": True}, True, False),
            ({"provider": True}, True, False),
            ({"auditor": True}, True, False),
            ({"association": True}, True, False),
        ],
    )
    def test_each_role(self, traits: dict[str, bool], member: bool, exact: bool) -> None:
        actor = member_actor(**traits)
        assert can_see_member_actions(actor) is member
        assert can_create_action(actor) is member
        assert can_see_exact_indicators(actor) is exact
        action = make_action()
        assert can_edit_action(actor, action) is exact  # the federation edits every action

    def test_the_public_and_persons(self) -> None:
        for actor in (Actor(user=None), Actor(user=UserFactory())):
            assert not can_see_member_actions(actor)
            assert not can_edit_action(actor, make_action())
            assert not can_see_statement(actor, OrganisationFactory().pk)

    def test_statements_are_for_the_partner_and_the_federation(self) -> None:
        company = member_actor()
        assert company.organisation is not None
        assert can_see_statement(company, company.organisation.pk)
        assert not can_see_statement(member_actor(), company.organisation.pk)
        assert can_see_statement(federation_actor(), company.organisation.pk)

    def test_visibility_of_actions(self) -> None:
        public = make_action(title="Publique")
        private = make_action(title="Privée", is_public=False)
        cancelled = make_action(title="Annulée")
        Action.objects.filter(pk=cancelled.pk).update(status=Action.Status.CANCELLED)
        anonymous = set(Action.objects.visible_to(Actor(user=None)))
        assert anonymous == {public}
        assert set(Action.objects.visible_to(member_actor())) == {public, private, cancelled}
