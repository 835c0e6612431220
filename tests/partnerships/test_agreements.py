"""The agreement's life: creation from an accepted application, every transition and the refused
ones, signatures voided by a change, the hash of the signed text, the links, the daily task, the
stipend rule, break-off and evaluations."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lakou.partnerships.models import (
    Agreement,
    AgreementEvaluation,
    AgreementLink,
    AgreementSignature,
    Application,
    Party,
    PlacementKind,
)
from lakou.partnerships.services import agreements as services
from lakou.partnerships.services.agreements import AgreementError
from tests.accounts.factories import OrganisationFactory
from tests.partnerships.factories_agreements import (
    link_token,
    make_agreement,
    make_application,
    org_actor,
    person_actor,
    sign,
)

pytestmark = pytest.mark.django_db
Status = Agreement.Status


def company_of(agreement: Agreement):  # type: ignore[no-untyped-def]
    return org_actor(agreement.company)


# ---------------------------------------------------------------- creation


def test_an_accepted_application_becomes_a_draft_prefilled_from_the_offer() -> None:
    application = make_application(starts_on=date(2026, 9, 1), duration_weeks=10)
    agreement = services.agreement_create(
        actor=org_actor(application.offer.company), application=application
    )
    assert agreement.status == Status.DRAFT
    assert agreement.learner == application.learner
    assert agreement.company == application.offer.company
    assert agreement.title == application.offer.title
    assert agreement.activities == application.offer.description
    assert agreement.starts_on == date(2026, 9, 1)
    assert agreement.ends_on == date(2026, 11, 9)
    assert agreement.total_hours == Decimal("350.0")
    assert agreement.stipend_monthly == Decimal("660.00")


def test_only_an_accepted_application_of_the_company_becomes_an_agreement() -> None:
    pending = make_application(status=Application.Status.EXAMINING)
    with pytest.raises(AgreementError, match="candidature acceptée"):
        services.agreement_create(actor=org_actor(pending.offer.company), application=pending)
    accepted = make_application()
    other = org_actor(OrganisationFactory(company=True))
    with pytest.raises(AgreementError, match="Seule l'entreprise"):
        services.agreement_create(actor=other, application=accepted)
    actor = org_actor(accepted.offer.company)
    services.agreement_create(actor=actor, application=accepted)
    with pytest.raises(AgreementError, match="déjà sa convention"):
        services.agreement_create(actor=actor, application=accepted)


def test_an_apprenticeship_is_prefilled_with_the_cerfa_identities() -> None:
    agreement = make_agreement(kind=PlacementKind.APPRENTICESHIP, complete=False)
    assert agreement.employer_siret == agreement.company.siret != ""
    assert agreement.apprentice_last_name == "Théodore"
    assert agreement.cfa_name == "Lycée de Bellevue"
    assert agreement.stipend_monthly is None


# ---------------------------------------------------------------- the state machine


def test_the_whole_way_draft_to_ended() -> None:
    agreement = make_agreement(status=Status.READY_TO_SIGN)
    assert agreement.ready_at is not None
    sign(agreement, Party.LEARNER)
    assert Agreement.objects.get(pk=agreement.pk).status == Status.PARTLY_SIGNED
    sign(agreement, Party.SCHOOL)
    assert Agreement.objects.get(pk=agreement.pk).status == Status.PARTLY_SIGNED
    sign(agreement, Party.COMPANY)
    agreement.refresh_from_db()
    assert agreement.status == Status.SIGNED
    assert agreement.signed_at is not None
    assert services.agreements_activate_due(today=agreement.starts_on) == 1
    agreement.refresh_from_db()
    assert agreement.status == Status.ACTIVE
    services.agreement_end(actor=company_of(agreement), agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.status == Status.ENDED


def test_a_draft_with_missing_legal_fields_is_not_sent_to_signature() -> None:
    agreement = make_agreement(complete=False)
    with pytest.raises(AgreementError, match="Champs manquants") as error:
        services.agreement_submit(actor=company_of(agreement), agreement=agreement)
    assert "e-mail du tuteur" in error.value.message
    assert "congés et autorisations d'absence" in error.value.message
    agreement.refresh_from_db()
    assert agreement.status == Status.DRAFT


def test_an_apprenticeship_needs_the_cerfa_fields() -> None:
    agreement = make_agreement(kind=PlacementKind.APPRENTICESHIP, complete=False)
    with pytest.raises(AgreementError) as error:
        services.agreement_submit(actor=company_of(agreement), agreement=agreement)
    for label in ("code RNCP du diplôme", "numéro UAI du CFA", "effectif salarié"):
        assert label in error.value.message


@pytest.mark.parametrize(
    ("state", "action", "message"),
    [
        (Status.DRAFT, "sign", "Impossible de signer : la convention est « Brouillon »"),
        (Status.SIGNED, "sign", "Impossible de signer : la convention est « Signée »"),
        (Status.ACTIVE, "sign", "« En cours »"),
        (Status.READY_TO_SIGN, "submit", "Impossible de l'envoyer à la signature"),
        (Status.SIGNED, "submit", "l'envoyer à la signature"),
        (Status.DRAFT, "back_to_draft", "Impossible de revenir au brouillon"),
        (Status.ACTIVE, "back_to_draft", "revenir au brouillon : la convention est « En cours »"),
        (Status.ENDED, "back_to_draft", "« Terminée »"),
        (Status.DRAFT, "break_off", "Impossible de la rompre : la convention est « Brouillon »"),
        (Status.PARTLY_SIGNED, "break_off", "la rompre"),
        (Status.ENDED, "break_off", "la rompre"),
        (Status.BROKEN_OFF, "break_off", "« Rompue »"),
        (Status.SIGNED, "end", "Impossible de la clore : la convention est « Signée »"),
        (Status.BROKEN_OFF, "end", "la clore"),
        (Status.DRAFT, "resend", "renvoyer les liens"),
        (Status.SIGNED, "resend", "renvoyer les liens"),
        (Status.DRAFT, "mid_evaluation", "envoyer ce lien d'évaluation"),
        (Status.ENDED, "mid_evaluation", "envoyer ce lien d'évaluation"),
        (Status.SIGNED, "final_evaluation", "envoyer ce lien d'évaluation"),
    ],
)
def test_every_refused_transition_says_why_in_french(state: str, action: str, message: str) -> None:
    agreement = make_agreement(status=state)
    company = company_of(agreement)
    learner = person_actor(agreement.learner)
    actions = {
        "sign": lambda: services.agreement_sign(
            agreement=agreement, actor=learner, signer_name="Mélissa", signer_role="Stagiaire"
        ),
        "submit": lambda: services.agreement_submit(actor=company, agreement=agreement),
        "back_to_draft": lambda: services.agreement_back_to_draft(
            actor=company, agreement=agreement, reason="Dates"
        ),
        "break_off": lambda: services.agreement_break_off(
            actor=company, agreement=agreement, on=agreement.starts_on, reason="Départ"
        ),
        "end": lambda: services.agreement_end(actor=company, agreement=agreement),
        "resend": lambda: services.agreement_resend_links(actor=company, agreement=agreement),
        "mid_evaluation": lambda: services.evaluation_send_link(
            actor=company, agreement=agreement, kind="mid"
        ),
        "final_evaluation": lambda: services.evaluation_send_link(
            actor=company, agreement=agreement, kind="final"
        ),
    }
    with pytest.raises(AgreementError) as error:
        actions[action]()
    assert message in error.value.message
    assert Agreement.objects.get(pk=agreement.pk).status == state


def test_a_party_cannot_sign_twice_and_an_outsider_cannot_sign() -> None:
    agreement = make_agreement(status=Status.READY_TO_SIGN)
    learner = person_actor(agreement.learner)
    services.agreement_sign(
        agreement=agreement, actor=learner, signer_name="Mélissa Théodore", signer_role="Stagiaire"
    )
    with pytest.raises(AgreementError, match="déjà signé"):
        services.agreement_sign(
            agreement=agreement, actor=learner, signer_name="Mélissa", signer_role="Stagiaire"
        )
    with pytest.raises(AgreementError, match="lien reçu par e-mail"):
        services.agreement_sign(
            agreement=agreement,
            actor=company_of(agreement),
            signer_name="Fritz",
            signer_role="Gérant",
        )
    with pytest.raises(AgreementError, match="Tapez votre nom"):
        services.agreement_sign(
            agreement=agreement, actor=learner, signer_name="  ", signer_role="Stagiaire"
        )


# ---------------------------------------------------------------- hash, change, back to draft


def test_a_signature_keeps_the_sha256_of_the_canonical_text() -> None:
    agreement = make_agreement(status=Status.PARTLY_SIGNED)
    [signature] = AgreementSignature.objects.filter(agreement=agreement)
    text = services.canonical_text(agreement)
    assert signature.text_hash == hashlib.sha256(text.encode()).hexdigest()
    assert services.signature_is_valid(signature)
    # Stable: the same agreement always renders the same text, field by field.
    assert services.canonical_text(Agreement.objects.get(pk=agreement.pk)) == text
    assert "tutor_email: tuteur@exemple.mq" in text
    assert "starts_on: " + agreement.starts_on.isoformat() in text


def test_verification_fails_when_the_text_changed_behind_the_services_back() -> None:
    agreement = make_agreement(status=Status.SIGNED)
    signatures = list(AgreementSignature.objects.filter(agreement=agreement))
    assert all(services.signature_is_valid(s) for s in signatures)
    Agreement.objects.filter(pk=agreement.pk).update(stipend_monthly=Decimal("1.00"))
    for signature in AgreementSignature.objects.filter(agreement=agreement):
        assert not services.signature_is_valid(signature)


def test_a_change_after_a_signature_is_refused() -> None:
    agreement = make_agreement(status=Status.PARTLY_SIGNED)
    with pytest.raises(AgreementError, match="ne peut plus être modifiée"):
        services.agreement_update(
            actor=company_of(agreement), agreement=agreement, changes={"schedule": "Le soir"}
        )
    agreement.refresh_from_db()
    assert agreement.schedule.startswith("Du lundi")


def test_back_to_draft_voids_every_signature_then_the_change_is_allowed() -> None:
    agreement = make_agreement(status=Status.SIGNED)
    company = company_of(agreement)
    services.agreement_back_to_draft(
        actor=person_actor(agreement.learner), agreement=agreement, reason="Les horaires changent."
    )
    agreement.refresh_from_db()
    assert agreement.status == Status.DRAFT
    assert agreement.draft_reason == "Les horaires changent."
    assert agreement.signed_at is None
    signatures = AgreementSignature.objects.filter(agreement=agreement)
    assert signatures.count() == 3
    assert all(s.voided_at is not None for s in signatures)
    assert not any(services.signature_is_valid(s) for s in signatures)
    updated = services.agreement_update(
        actor=company, agreement=agreement, changes={"schedule": "8 h – 15 h"}
    )
    assert updated.schedule == "8 h – 15 h"
    # Sent again, everyone signs anew; the voided signatures stay as history.
    services.agreement_submit(actor=company, agreement=updated)
    for party in (Party.LEARNER, Party.COMPANY, Party.SCHOOL):
        sign(updated, party)
    assert Agreement.objects.get(pk=agreement.pk).status == Status.SIGNED
    assert AgreementSignature.objects.filter(agreement=agreement).count() == 6


def test_back_to_draft_needs_a_reason_and_a_party() -> None:
    agreement = make_agreement(status=Status.READY_TO_SIGN)
    with pytest.raises(AgreementError, match="Dites ce qui doit changer"):
        services.agreement_back_to_draft(
            actor=company_of(agreement), agreement=agreement, reason=" "
        )
    outsider = org_actor(OrganisationFactory(company=True))
    with pytest.raises(AgreementError, match="trois parties"):
        services.agreement_back_to_draft(actor=outsider, agreement=agreement, reason="Non")


def test_back_to_draft_from_a_link_makes_the_other_links_stop_working() -> None:
    agreement = make_agreement(status=Status.READY_TO_SIGN)
    school_token = link_token(agreement, Party.SCHOOL)
    company_token = link_token(agreement, Party.COMPANY)
    link = services.link_lookup(school_token).link
    assert link is not None
    services.agreement_back_to_draft(agreement=agreement, link=link, reason="Mauvais référent")
    assert Agreement.objects.get(pk=agreement.pk).status == Status.DRAFT
    assert services.link_lookup(company_token).state == services.LinkState.REVOKED


# ---------------------------------------------------------------- links


def test_a_link_works_once_until_it_expires_and_only_with_its_token() -> None:
    agreement = make_agreement(status=Status.READY_TO_SIGN)
    token = link_token(agreement, Party.COMPANY)
    stored = AgreementLink.objects.get(token_hash=hashlib.sha256(token.encode()).hexdigest())
    assert token not in stored.token_hash
    assert services.link_lookup(token).ok
    for wrong in ("", "inconnu", token[:-1], stored.token_hash):
        assert services.link_lookup(wrong).state == services.LinkState.UNKNOWN
    later = stored.expires_at + timedelta(seconds=1)
    assert services.link_lookup(token, now=later).state == services.LinkState.EXPIRED
    services.agreement_sign(
        agreement=agreement, link=stored, signer_name="Fritz Dorval", signer_role="Gérant"
    )
    assert services.link_lookup(token).state == services.LinkState.USED
    with pytest.raises(AgreementError, match="déjà servi"):
        services.agreement_sign(
            agreement=agreement, link=stored, signer_name="Fritz", signer_role="Gérant"
        )


def test_an_expired_link_is_refused_by_the_service() -> None:
    agreement = make_agreement(status=Status.READY_TO_SIGN)
    token = link_token(agreement, Party.SCHOOL)
    AgreementLink.objects.filter(party=Party.SCHOOL, agreement=agreement).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    link = services.link_lookup(token).link
    assert link is not None
    with pytest.raises(AgreementError, match="expiré"):
        services.agreement_sign(
            agreement=agreement, link=link, signer_name="Nadège", signer_role="Directrice"
        )


def test_a_newer_link_replaces_the_older_one() -> None:
    agreement = make_agreement(status=Status.READY_TO_SIGN)
    first = link_token(agreement, Party.LEARNER)
    services.agreement_resend_links(actor=company_of(agreement), agreement=agreement)
    assert services.link_lookup(first).state == services.LinkState.REVOKED


# ---------------------------------------------------------------- the daily task


def test_active_from_the_start_date_in_martinique_time() -> None:
    agreement = make_agreement(status=Status.SIGNED, starts_on=date(2026, 9, 1))
    # 31 August, 23:30 in Martinique is already 1 September in UTC: not yet.
    evening = datetime(2026, 8, 31, 23, 30, tzinfo=ZoneInfo("America/Martinique"))
    assert timezone.localdate(evening) == date(2026, 8, 31)
    run = services.agreements_daily(today=timezone.localdate(evening))
    assert run.activated == 0
    assert Agreement.objects.get(pk=agreement.pk).status == Status.SIGNED
    run = services.agreements_daily(today=date(2026, 9, 1))
    assert run.activated == 1
    assert Agreement.objects.get(pk=agreement.pk).status == Status.ACTIVE
    # Run again: nothing more.
    assert services.agreements_daily(today=date(2026, 9, 1)).activated == 0


def test_the_periodic_task_calls_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    from lakou.core.periodic import periodic_tasks
    from lakou.partnerships import tasks

    assert any(t.path == tasks.run_agreements_daily.module_path for t in periodic_tasks())
    make_agreement(status=Status.SIGNED, starts_on=timezone.localdate())
    result = tasks.run_agreements_daily.call()
    assert result["activated"] == 1


def test_the_daily_task_sends_the_mid_term_link_and_ends_finished_agreements() -> None:
    agreement = make_agreement(status=Status.ACTIVE, starts_on=date(2026, 9, 1))
    middle = services.midpoint(agreement)
    assert services.agreements_daily(today=middle - timedelta(days=1)).mid_evaluation_links == 0
    assert services.agreements_daily(today=middle).mid_evaluation_links == 1
    assert services.agreements_daily(today=middle).mid_evaluation_links == 0
    run = services.agreements_daily(today=agreement.ends_on + timedelta(days=1))
    assert run.ended == 1
    agreement.refresh_from_db()
    assert agreement.status == Status.ENDED
    assert AgreementLink.objects.filter(
        agreement=agreement, purpose=AgreementLink.Purpose.FINAL_EVALUATION
    ).exists()


# ---------------------------------------------------------------- break-off


def test_break_off_records_its_date_and_reason() -> None:
    agreement = make_agreement(status=Status.ACTIVE)
    school = org_actor(agreement.school)  # type: ignore[arg-type]
    with pytest.raises(AgreementError, match="motif"):
        services.agreement_break_off(
            actor=school, agreement=agreement, on=agreement.starts_on, reason=""
        )
    with pytest.raises(AgreementError, match="dépasser la date de fin"):
        services.agreement_break_off(
            actor=school,
            agreement=agreement,
            on=agreement.ends_on + timedelta(days=1),
            reason="Déménagement",
        )
    with pytest.raises(AgreementError, match="précéder le début"):
        services.agreement_break_off(
            actor=school,
            agreement=agreement,
            on=agreement.starts_on - timedelta(days=1),
            reason="Déménagement",
        )
    with pytest.raises(AgreementError, match="l'entreprise et l'école"):
        services.agreement_break_off(
            actor=person_actor(agreement.learner),
            agreement=agreement,
            on=agreement.starts_on,
            reason="Déménagement",
        )
    on = agreement.starts_on + timedelta(days=10)
    services.agreement_break_off(actor=school, agreement=agreement, on=on, reason="Déménagement")
    agreement.refresh_from_db()
    assert (agreement.status, agreement.broken_off_on, agreement.break_reason) == (
        Status.BROKEN_OFF,
        on,
        "Déménagement",
    )


# ---------------------------------------------------------------- evaluations


def test_mid_term_and_final_evaluations_through_the_tutor_link() -> None:
    agreement = make_agreement(status=Status.ACTIVE)
    mid = link_token(agreement, Party.COMPANY, AgreementLink.Purpose.MID_EVALUATION)
    link = services.link_lookup(mid).link
    assert link is not None
    evaluation = services.evaluation_record(
        link=link, evaluator_name="Fritz Dorval", assessment="Très bon début.", attendance="partly"
    )
    assert evaluation.kind == AgreementEvaluation.Kind.MID
    assert evaluation.attendance == ""  # only the final one says how it went
    with pytest.raises(AgreementError, match="déjà servi"):
        services.evaluation_record(link=link, evaluator_name="Fritz", assessment="Encore")
    services.agreement_end(actor=company_of(agreement), agreement=agreement)
    final = services.link_lookup(
        link_token(agreement, Party.COMPANY, AgreementLink.Purpose.FINAL_EVALUATION)
    ).link
    assert final is not None
    with pytest.raises(AgreementError, match="effectué"):
        services.evaluation_record(link=final, evaluator_name="Fritz", assessment="Bien")
    with pytest.raises(AgreementError, match="embauche"):
        services.evaluation_record(
            link=final, evaluator_name="Fritz", assessment="Bien", attendance="completed"
        )
    done = services.evaluation_record(
        link=final,
        evaluator_name="Fritz Dorval",
        assessment="Stage réussi.",
        attendance="completed",
        job_offer="cdd",
    )
    assert (done.kind, done.attendance, done.job_offer) == ("final", "completed", "cdd")
    with pytest.raises(AgreementError, match="déjà remplie"):
        services.evaluation_send_link(
            actor=company_of(agreement), agreement=agreement, kind="final"
        )


def test_a_sign_link_does_not_open_an_evaluation() -> None:
    agreement = make_agreement(status=Status.ACTIVE)
    link = services.link_lookup(link_token(agreement, Party.COMPANY)).link
    assert link is not None
    with pytest.raises(AgreementError, match="ne sert pas"):
        services.evaluation_record(link=link, evaluator_name="Fritz", assessment="Bien")


# ---------------------------------------------------------------- stipend rule


def test_the_minimum_stipend_is_a_setting_with_its_source(settings) -> None:  # type: ignore[no-untyped-def]
    kwargs = dict(
        kind=PlacementKind.INTERNSHIP,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 18),
        total_hours=Decimal("525"),
        weekly_hours=Decimal("35"),
    )
    # 35 h × 52 / 12 = 151.67 h a month; × 4.35 € = 659.76 €.
    assert services.monthly_hours(Decimal("35")) == Decimal("151.67")
    assert services.minimum_monthly_stipend(Decimal("35")) == Decimal("659.76")
    assert services.stipend_problem_for(**kwargs, stipend_monthly=Decimal("659.76")) == ""
    problem = services.stipend_problem_for(**kwargs, stipend_monthly=Decimal("600"))
    assert "659,76" in problem
    assert "art. L124-6" in problem
    assert services.stipend_problem_for(**kwargs, stipend_monthly=None) != ""
    settings.INTERNSHIP_MIN_HOURLY_STIPEND = "4.50"
    settings.INTERNSHIP_MIN_HOURLY_STIPEND_SOURCE = "Source de test"
    assert services.stipend_problem_for(**kwargs, stipend_monthly=Decimal("659.76")).endswith(
        "Source de test)."
    )


def test_no_stipend_is_due_for_two_months_or_less() -> None:
    short = dict(
        kind=PlacementKind.INTERNSHIP,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 30),
        total_hours=Decimal("300"),
        weekly_hours=Decimal("35"),
        stipend_monthly=None,
    )
    assert services.stipend_problem_for(**short) == ""
    assert services.stipend_problem_for(**{**short, "ends_on": date(2026, 11, 1)}) != ""
    assert services.stipend_problem_for(**{**short, "total_hours": Decimal("309")}) != ""
    assert services.stipend_problem_for(**{**short, "kind": PlacementKind.APPRENTICESHIP}) == ""


def test_the_service_refuses_a_stipend_below_the_minimum() -> None:
    agreement = make_agreement()
    with pytest.raises(AgreementError, match="obligatoirement gratifié") as error:
        services.agreement_update(
            actor=company_of(agreement),
            agreement=agreement,
            changes={"stipend_monthly": Decimal("300")},
        )
    assert error.value.field == "stipend_monthly"


def test_formats_of_siret_uai_and_rncp_are_checked() -> None:
    agreement = make_agreement(kind=PlacementKind.APPRENTICESHIP)
    company = company_of(agreement)
    for field, value, message in (
        ("cfa_uai", "972082X", "7 chiffres suivis d'une lettre"),
        ("diploma_rncp", "37674", "RNCP suivi de chiffres"),
        ("employer_siret", "90223456600014", "clé de contrôle"),
        ("employer_naf", "6201", "62.01Z"),
    ):
        with pytest.raises(AgreementError, match=message) as error:
            services.agreement_update(actor=company, agreement=agreement, changes={field: value})
        assert error.value.field == field


def test_the_daily_task_reads_the_day_in_martinique_not_in_utc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    agreement = make_agreement(status=Status.SIGNED, starts_on=date(2026, 9, 1))
    utc = ZoneInfo("UTC")
    # 1 September 03:00 UTC is still 31 August, 23:00 in Martinique (UTC-4).
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 9, 1, 3, 0, tzinfo=utc))
    assert services.agreements_daily().activated == 0
    assert Agreement.objects.get(pk=agreement.pk).status == Status.SIGNED
    # 04:30 UTC is 00:30 on 1 September in Martinique: the first day has come.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 9, 1, 4, 30, tzinfo=utc))
    assert services.agreements_daily().activated == 1
    assert Agreement.objects.get(pk=agreement.pk).status == Status.ACTIVE
