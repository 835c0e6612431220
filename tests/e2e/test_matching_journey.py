"""The orientation journey in Chromium (issue 13): a person builds a profile on a phone, gets
advice with a pathway, says « Cela m'intéresse » to the session it proposes, the provider accepts
the enrolment on its roster, and the match counts as successful in indicator 5."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Locator, Page, expect

from lakou.core.indicators import compute
from lakou.matching.indicators import SUCCESSFUL_MATCHES
from lakou.matching.models import (
    CompetenceSource,
    Match,
    MatchStatus,
    OpportunityKind,
    Origin,
    Profile,
)
from lakou.skills.models import Competence
from lakou.training.models import Enrolment
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.e2e.helpers import (
    DESKTOP,
    assert_no_axe_violations,
    open_menu,
    phone_problems,
    sign_in,
)
from tests.e2e.test_agreements import patient_expect, site_url, slow_tolerant
from tests.matching.factories_profiles import key_competences, level
from tests.matching.factories_suggestions import commune
from tests.partnerships.factories_offers import company_actor, make_offer
from tests.skills.factories import OccupationFactory
from tests.training.factories import make_programme, make_session, provider_actor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

__all__ = ["patient_expect", "site_url"]  # fixtures used by name

PHONE = {"width": 360, "height": 740}
LEARNER = "Maëva Joseph"
PROVIDER = "Campus Numérique Caraïbes"
PROGRAMME = "Intégrateur web"
OCCUPATION = "Développeur / Développeuse web"
CODE = "M1805"
JOB = "Développeur web junior"


class World:
    """A provider's session teaching two DigComp competences that a company's job requires,
    in Le Lamentin, a person of Fort-de-France with no profile yet."""

    def __init__(self) -> None:
        self.fort_de_france = commune("97209")
        self.lamentin = commune("97213")
        competences = {c.code: c for c in key_competences()}
        for rank in range(1, 9):  # the DigComp scale: the engine reads its top level
            level(rank)
        self.creation: Competence = competences["3.1"]
        self.problems: Competence = competences["5.1"]
        self.browsing: Competence = competences["1.1"]
        self.occupation = OccupationFactory(code_rome=CODE, label=OCCUPATION)
        self.provider = OrganisationFactory(provider=True, name=PROVIDER)
        self.staff = provider_actor(self.provider)
        programme = make_programme(
            actor=self.staff,
            title=PROGRAMME,
            fundings=("france_travail",),
            price=Decimal("1200.00"),
            duration_hours=70,
            competences=((self.creation, level(4)), (self.problems, level(3))),
            occupations=(self.occupation,),
        )
        self.session = make_session(programme, commune=self.lamentin, starts_in_days=20)
        self.company = company_actor(OrganisationFactory(company=True, name="Karukera Web"))
        self.offer = make_offer(
            self.company,
            kind="job_permanent",
            title=JOB,
            duration_weeks=None,
            monthly_pay=Decimal("2100.00"),
            commune=self.fort_de_france,
            occupation=self.occupation,
            competences=(self.browsing, self.creation),
        )
        self.person = UserFactory(email="maeva@exemple.mq", first_name="Maëva", last_name="Joseph")


def open_orientation(page: Page, entry: str) -> None:
    """An entry of the « Orientation » group of the main menu, as a person reaches it."""
    page.goto("/")
    open_menu(page)
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.locator("summary", has_text="Orientation").click()
    menu.get_by_role("link", name=entry, exact=True).click()


def quarters_around(day: date) -> tuple[str, str]:
    """The quarter of `day` and the one before it, as indicators name them (2026-Q3)."""
    quarter = (day.month - 1) // 3 + 1
    before = (day.year, quarter - 1) if quarter > 1 else (day.year - 1, 4)
    return f"{day.year}-Q{quarter}", f"{before[0]}-Q{before[1]}"


def fact(item: Locator, term: str) -> Locator:
    """The value of one fact (« Où en est-elle ») of a match in the list."""
    return (
        item.locator("dl.facts > div")
        .filter(has=item.page.locator("dt", has_text=term))
        .locator("dd")
    )


def subjects_to(outbox: list[Any], email: str) -> list[str]:
    """The subjects of the e-mails sent to `email`, without the site's « [Lakou] » prefix."""
    return [message.subject.removeprefix("[Lakou] ") for message in outbox if email in message.to]


def fits_the_screen(page: Page) -> None:
    """Nothing a person on a 360 px phone would trip over: no sideways scroll, no button off
    the screen (helpers.PHONE_PROBLEMS)."""
    assert not phone_problems(page), f"{page.url} : {phone_problems(page)}"


def test_a_person_builds_a_profile_follows_the_advice_and_the_match_succeeds(
    new_context: Callable[..., BrowserContext],
    site_url: str,
    patient_expect: None,
    outbox: list[Any],
) -> None:
    world = World()
    assert world.staff.user is not None
    staff_email = world.staff.user.email
    starts = f"{world.session.starts_on:%d/%m/%Y}"

    # 1. On a phone, the person creates « Mon profil d'orientation ».
    phone = slow_tolerant(new_context(viewport=PHONE, bypass_csp=True))
    sign_in(phone, site_url, world.person)
    page = phone.new_page()
    open_orientation(page, "Mon profil d'orientation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil d'orientation")
    expect(page.get_by_text("Vous n'avez pas encore de profil.")).to_be_visible()
    page.get_by_role("link", name="Créer mon profil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer mon profil")
    page.get_by_label("Votre commune").select_option(label="Fort-de-France")
    page.get_by_label("En recherche d'emploi").check()
    page.get_by_label("En voiture").check()
    page.get_by_label("Temps de trajet au plus, en minutes").fill("40")
    page.get_by_label("Disponible à partir du").fill(f"{timezone.localdate():%Y-%m-%d}")
    page.get_by_label("En présentiel").check()
    page.get_by_label("France Travail").check()
    page.get_by_label("J'ai besoin d'un financement pour me former").check()
    page.locator("summary", has_text="Systèmes d'information et de télécommunication").click()
    page.get_by_label(f"{OCCUPATION} ({CODE})").check()
    fits_the_screen(page)
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_text("Votre profil est enregistré.")).to_be_visible()
    expect(page.get_by_text("Votre profil est privé : vous seul(e) le voyez.")).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Fort-de-France")
    expect(facts).to_contain_text("En voiture, 40 minutes de trajet au plus")
    expect(facts).to_contain_text("France Travail — j'ai besoin d'un financement")
    expect(page.get_by_role("link", name=OCCUPATION)).to_be_visible()

    # The short DigComp self-assessment: at ease when browsing, a beginner at creating.
    page.get_by_role("link", name="Faire ou refaire l'auto-évaluation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce que je sais faire")
    for competence in key_competences():
        answer = {"1.1": "Intermédiaire", "3.1": "Débutant"}.get(competence.code, "Je ne sais pas")
        group = page.get_by_role("group", name=competence.name_fr)
        group.get_by_label(answer, exact=True).check()
    fits_the_screen(page)
    page.get_by_role("button", name="Enregistrer mes réponses").click()
    expect(
        page.get_by_text("Auto-évaluation enregistrée : 2 compétence(s) déclarée(s).")
    ).to_be_visible()
    table = page.get_by_role("table", name="Mes compétences")
    expect(table.get_by_role("row", name=re.compile(world.browsing.name_fr))).to_contain_text(
        "Niveau 3"
    )
    expect(table.get_by_role("row", name=re.compile(world.creation.name_fr))).to_contain_text(
        "Niveau 1"
    )

    # Visible to employers and providers, as the page confirms.
    page.get_by_role(
        "button", name="Rendre mon profil visible des employeurs et des organismes"
    ).click()
    expect(
        page.get_by_text("Votre profil est maintenant visible des employeurs et des organismes.")
    ).to_be_visible()
    expect(
        page.get_by_text("Votre profil est visible des employeurs et des organismes de formation.")
    ).to_be_visible()
    fits_the_screen(page)
    assert_no_axe_violations(page)

    profile = Profile.objects.get(user=world.person)
    assert profile.is_visible
    assert (profile.commune, profile.mobility, profile.max_travel_minutes) == (
        world.fort_de_france,
        "car",
        40,
    )
    assert list(profile.target_occupations.all()) == [world.occupation]
    assert {
        (row.competence.code, row.level)
        for row in profile.competences.filter(source=CompetenceSource.SELF)
    } == {("1.1", 3), ("3.1", 1)}

    # 2. Still on the phone, the advice: the occupation, its gap, the pathway through the session.
    open_orientation(page, "Conseils d'orientation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conseils d'orientation")
    card = page.locator("li.card", has=page.get_by_role("heading", name=OCCUPATION))
    expect(card).to_contain_text("vous visez ce métier")
    expect(card).to_contain_text("2 compétences à acquérir.")
    fits_the_screen(page)
    assert_no_axe_violations(page)
    card.get_by_role("link", name=f"Voir le parcours — {OCCUPATION}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OCCUPATION)
    expect(
        page.get_by_text(
            f"{world.creation.name_fr} : niveau 4 demandé, vous avez le niveau 1 (déclaré)"
        )
    ).to_be_visible()
    expect(
        page.get_by_text(f"{world.problems.name_fr} : niveau 3 demandé, pas encore acquis")
    ).to_be_visible()
    expect(page.get_by_text(f"{world.browsing.name_fr} : niveau")).to_have_count(0)
    expect(
        page.get_by_text(
            "1 session, gratuit, 70 h : elle couvre les 2 compétences qui vous manquent."
        )
    ).to_be_visible()
    pathway = page.locator("ol.pathway")
    expect(pathway.get_by_role("listitem")).to_have_count(1)
    expect(pathway.get_by_role("link", name=PROGRAMME, exact=True)).to_be_visible()
    expect(pathway).to_contain_text(PROVIDER)
    expect(page.get_by_role("link", name=re.compile(f"Emploi « {JOB} »"))).to_be_visible()
    fits_the_screen(page)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Enregistrer ce plan").click()
    expect(page.get_by_text("Plan enregistré. Il reste privé")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Plan : {OCCUPATION}")
    expect(
        page.locator("ol.pathway").get_by_role("link", name=PROGRAMME, exact=True)
    ).to_be_visible()
    [plan] = profile.plans.all()
    assert [step["session"] for step in plan.steps] == [world.session.pk]

    # 3. At a desk now: Lakou's proposals name the same session; the person says « Cela
    # m'intéresse » on the step of the saved plan.
    page.set_viewport_size(DESKTOP)
    plan_url = page.url
    open_orientation(page, "Propositions pour moi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Propositions pour moi")
    trainings = page.get_by_role("region", name="Session de formation")
    expect(trainings.get_by_role("heading", level=3)).to_have_text([PROGRAMME])
    page.goto(plan_url)
    page.locator("ol.pathway").get_by_role("link", name=f"Cela m'intéresse — {PROGRAMME}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Cela vous intéresse : « {PROGRAMME} » ?"
    )
    expect(
        page.get_by_text("Une demande d'inscription part vers l'organisme de formation.")
    ).to_be_visible()
    page.get_by_role("button", name="Oui, cela m'intéresse").click()
    expect(page.get_by_text("C'est noté : votre demande est partie.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes mises en relation")
    live = page.get_by_role("region", name="En cours")
    expect(live.get_by_role("listitem").filter(has_text=PROGRAMME)).to_contain_text(
        "Acceptée par la personne"
    )
    match = Match.objects.get(profile=profile)
    assert (match.kind, match.origin, match.session) == (
        OpportunityKind.TRAINING,
        Origin.ENGINE,
        world.session,
    )
    assert match.status == MatchStatus.PERSON_ACCEPTED
    assert match.enrolment is not None
    assert match.enrolment.status == Enrolment.Status.REQUESTED
    # The training app's own service sent the request: the provider's staff is told by e-mail.
    assert f"Nouvelle demande d'inscription : {PROGRAMME}" in subjects_to(outbox, staff_email)

    # 4. The provider's staff accepts the enrolment request on the session's roster.
    desk = slow_tolerant(new_context())
    sign_in(desk, site_url, world.staff.user, world.provider)
    office = desk.new_page()
    office.goto("/")
    office.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mes formations"
    ).click()
    office.get_by_role("link", name=f"Session du {starts}").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(
        f"Inscriptions : {PROGRAMME}, session du {starts}"
    )
    expect(office.get_by_role("row", name=re.compile(LEARNER))).to_contain_text("Demande envoyée")
    office.get_by_role("button", name=f"Accepter — {LEARNER}").click()
    expect(office.get_by_role("status")).to_contain_text(f"{LEARNER} : Acceptée.")
    assert f"Votre inscription à « {PROGRAMME} » est acceptée" in subjects_to(
        outbox, world.person.email
    )

    # 5. The person sees the match succeeded; the database and indicator 5 agree.
    open_orientation(page, "Mes mises en relation")
    expect(page.get_by_role("region", name="En cours")).to_contain_text(
        "Aucune mise en relation en cours pour le moment."
    )
    done = (
        page.get_by_role("region", name="Terminées")
        .get_by_role("listitem")
        .filter(has_text=PROGRAMME)
    )
    expect(fact(done, "Où en est-elle")).to_have_text("Réussie")
    expect(fact(done, "Type")).to_have_text("Session de formation")
    expect(fact(done, "Origine")).to_have_text("Proposée par Lakou")
    expect(fact(done, "Lieu")).to_have_text("Le Lamentin")
    assert_no_axe_violations(page)

    match.refresh_from_db()
    assert match.status == MatchStatus.SUCCESSFUL
    assert match.successful_at is not None
    assert match.enrolment.status == Enrolment.Status.ACCEPTED
    # Indicator 5, through the registry the cockpit, the API and `lakou indicators` read.
    quarter, previous = quarters_around(timezone.localtime(match.successful_at).date())
    counted = compute(SUCCESSFUL_MATCHES, quarter)
    assert counted["matches"] == 1
    by_kind = {row["key"]: row["matches"] for row in counted["breakdowns"]["kind"]}
    assert by_kind[OpportunityKind.TRAINING] == 1
    assert sum(by_kind.values()) == 1
    assert compute(SUCCESSFUL_MATCHES, previous)["matches"] == 0
