"""The training pages pass axe-core (no serious or critical violation) and fit a 320 px phone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from lakou.accounts.models import Organisation, User
from lakou.training.models import Certificate, Enrolment, Programme, Session, Situation
from lakou.training.services.certificates import certificate_issue, certificate_revoke
from lakou.training.services.followup import follow_up_new_token
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.e2e.helpers import DESKTOP, PHONE, assert_no_axe_violations, sign_in
from tests.territory.factories import CommuneFactory
from tests.training.factories import make_programme, make_session, provider_actor
from tests.training.factories_certificates import certifying_programme
from tests.training.factories_enrolment import enrolment_in
from tests.training.factories_indicators import answer, certify, learner

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Développeur web et web mobile"
PROVIDER = "Campus Numérique Caraïbes"
LEARNER = "Mélissa Théodore"
PAST_YEAR = dt.date(2024, 2, 1)  # certificates of the indicator page, answered long ago


@dataclass(frozen=True)
class TrainingSite:
    """What the pages show: a provider, a programme, a session with a roster, two certificates."""

    provider: Organisation
    staff: User
    programme: Programme
    session: Session
    learner: User
    visitor: User
    valid: Certificate
    revoked: Certificate
    follow_up_token: str


def build_site() -> TrainingSite:
    provider = OrganisationFactory(provider=True, name=PROVIDER)
    staff = provider_actor(provider)
    programme = certifying_programme(actor=staff, title=TITLE)
    make_programme(actor=staff, title="Bureautique pour les seniors", domain="office")
    session = make_session(programme, commune=CommuneFactory(lamentin=True))
    person = UserFactory(email="melissa@exemple.mq", first_name="Mélissa", last_name="Théodore")
    certified = enrolment_in(session, Enrolment.Status.COMPLETED, learner=person)
    valid = certificate_issue(actor=staff, enrolment=certified)
    withdrawn = enrolment_in(
        session,
        Enrolment.Status.COMPLETED,
        learner=UserFactory(email="jordan@exemple.mq", first_name="Jordan", last_name="Édouard"),
    )
    revoked = certificate_revoke(
        actor=staff,
        certificate=certificate_issue(actor=staff, enrolment=withdrawn),
        reason="Épreuve finale annulée par le certificateur.",
    )
    for index, status in enumerate(
        (
            Enrolment.Status.REQUESTED,
            Enrolment.Status.WAITLISTED,
            Enrolment.Status.ACCEPTED,
            Enrolment.Status.ATTENDING,
            Enrolment.Status.COMPLETED,
            Enrolment.Status.REFUSED,
        )
    ):
        enrolment_in(
            session,
            status,
            learner=UserFactory(
                email=f"apprenant{index}@exemple.mq", first_name="Alex", last_name=f"Joseph-{index}"
            ),
        )
    # The indicator page shows figures only from 5 people: six certified in 2024, four answered.
    past = make_programme(
        provider=provider,
        title="Technicien réseaux",
        certification_kind="rncp",
        certification_code="RNCP37682",
    )
    commune = CommuneFactory(lamentin=True)
    for index in range(6):
        certificate = certify(learner(f"Cert{index}"), past, issued_on=PAST_YEAR, commune=commune)
        if index < 4:
            situation = Situation.PERMANENT if index < 3 else Situation.JOB_SEEKING
            answer(certificate, situation, on=dt.date(2024, 8, 20))
    staff_user = staff.user
    assert staff_user is not None
    return TrainingSite(
        provider=provider,
        staff=staff_user,
        programme=programme,
        session=session,
        learner=person,
        visitor=UserFactory(email="visiteur@exemple.mq", first_name="Rose", last_name="Marie"),
        valid=valid,
        revoked=revoked,
        follow_up_token=follow_up_new_token(valid.follow_up),
    )


@dataclass(frozen=True)
class TrainingPage:
    """A page to audit: who opens it, its address, what it must show before axe-core runs."""

    who: str  # "anonymous", "learner", "visitor" or "provider"
    url: Callable[[TrainingSite], str]
    heading: str | Callable[[TrainingSite], str]
    then: Callable[[Page], None] | None = None


def _submit_empty_follow_up(page: Page) -> None:
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_role("alert")).to_contain_text("Choisissez votre situation.")


PAGES: dict[str, TrainingPage] = {
    "catalogue-filtered": TrainingPage(
        "anonymous",
        lambda s: "/formations/?q=developpeur&domain=web&certifying=on",
        "Catalogue des formations au numérique",
        lambda page: expect(page.get_by_text("1 formation trouvée")).to_be_visible(),
    ),
    "programme": TrainingPage("anonymous", lambda s: s.programme.get_absolute_url(), TITLE),
    "session-anonymous": TrainingPage(
        "anonymous",
        lambda s: s.session.get_absolute_url(),
        lambda s: f"{TITLE} : session du {s.session.starts_on:%d/%m/%Y}",
        lambda page: expect(
            page.get_by_role("link", name="Se connecter pour s'inscrire")
        ).to_be_visible(),
    ),
    "session-enrol-form": TrainingPage(
        "visitor",
        lambda s: s.session.get_absolute_url(),
        lambda s: f"{TITLE} : session du {s.session.starts_on:%d/%m/%Y}",
        lambda page: expect(page.get_by_role("button", name="S'inscrire")).to_be_visible(),
    ),
    "verification-valid": TrainingPage(
        "anonymous", lambda s: s.valid.get_absolute_url(), "Certificat valide"
    ),
    "verification-revoked": TrainingPage(
        "anonymous",
        lambda s: s.revoked.get_absolute_url(),
        lambda s: f"Certificat révoqué le {timezone.localtime(s.revoked.revoked_at):%d/%m/%Y}",
    ),
    "learner-trainings": TrainingPage(
        "learner",
        lambda s: "/formations/mes-inscriptions/",
        "Mes formations",
        lambda page: expect(
            page.get_by_role("link", name=f"Vérifier le certificat — {LEARNER}")
        ).to_be_visible(),
    ),
    "provider-roster": TrainingPage(
        "provider",
        lambda s: f"/formations/sessions/{s.session.pk}/inscriptions/",
        lambda s: f"Inscriptions : {TITLE}, session du {s.session.starts_on:%d/%m/%Y}",
        lambda page: expect(
            page.get_by_role("button", name="Accepter — Alex Joseph-0")
        ).to_be_visible(),
    ),
    "follow-up": TrainingPage(
        "anonymous",
        lambda s: f"/formations/suivi/{s.follow_up_token}/",
        "Six mois après votre formation",
    ),
    "follow-up-errors": TrainingPage(
        "anonymous",
        lambda s: f"/formations/suivi/{s.follow_up_token}/",
        "Six mois après votre formation",
        _submit_empty_follow_up,
    ),
    "indicators": TrainingPage(
        "anonymous",
        lambda s: "/formations/indicateurs/?period=2024",
        "Personnes certifiées et emploi à six mois",
        lambda page: expect(page.get_by_text("6 personnes certifiées")).to_be_visible(),
    ),
    "open-data": TrainingPage(
        "anonymous",
        lambda s: "/formations/donnees-ouvertes/",
        "Données ouvertes du catalogue des formations",
    ),
}

SCREENS = {"desktop": DESKTOP, "phone-320": PHONE}


def _overflowing(page: Page) -> list[str]:
    """The outermost elements sticking out of the viewport (tables scroll in their wrapper)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
            .filter(e => !e.closest(".table-wrap"))
            .filter(e => !(e.parentElement.getBoundingClientRect().right > innerWidth + 0.5))
            .map(e => `${e.tagName.toLowerCase()}#${e.id}.${[...e.classList].join(".")}`
                      + ` (${Math.round(e.getBoundingClientRect().right)} px)`)"""
    )


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("name", PAGES)
def test_the_training_page_has_no_serious_axe_violation_and_fits_the_screen(
    new_context: Callable[..., BrowserContext], live_server: Any, name: str, screen: str
) -> None:
    site = build_site()
    audited = PAGES[name]
    context = new_context(viewport=SCREENS[screen], bypass_csp=True)
    if audited.who == "provider":
        sign_in(context, live_server.url, site.staff, site.provider)
    elif audited.who != "anonymous":
        sign_in(context, live_server.url, getattr(site, audited.who))
    page = context.new_page()

    page.goto(audited.url(site))
    heading = audited.heading if isinstance(audited.heading, str) else audited.heading(site)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    if audited.then is not None:
        audited.then(page)

    assert_no_axe_violations(page)
    if screen == "phone-320":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (
            f"{name} défile horizontalement à 320 px ({width} px) : {_overflowing(page)}"
        )
