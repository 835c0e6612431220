"""What each role can do next, shown on its home page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from lakou.core.actor import Actor

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class NextStep:
    title: str
    description: str
    url: str


@dataclass(frozen=True)
class HomePage:
    role: str
    heading: str
    intro: str
    steps: list[NextStep] = field(default_factory=list)
    empty_note: str = ""
    template: str = "core/home.html"


def _territory_steps() -> list[NextStep]:
    return [
        NextStep(
            _("Explorer le territoire"),
            _(
                "La carte des 34 communes et des 3 communautés d'agglomération, avec leur population."
            ),
            reverse("territory:overview"),
        ),
        NextStep(
            _("Consulter les référentiels de compétences"),
            _("DigComp 2.2, e-CF et les métiers du numérique du ROME 4.0."),
            reverse("skills:index"),
        ),
    ]


def _organisation_steps(actor: Actor) -> list[NextStep]:
    assert actor.organisation is not None
    return [
        NextStep(
            _("Voir mon organisation"),
            _("Les membres de %(name)s et leur rôle.") % {"name": actor.organisation.name},
            actor.organisation.get_absolute_url(),
        ),
        NextStep(
            _("Créer un jeton d'API"),
            _("Pour relier un autre logiciel à Lakou au nom de votre organisation."),
            reverse("accounts:token_list"),
        ),
    ]


ROLE_TEXTS: dict[str, tuple[StrOrPromise, StrOrPromise, StrOrPromise]] = {
    "public": (
        _l("Bienvenue sur Lakou"),
        _l(
            "Lakou rassemble l'offre de formation numérique de la Martinique, les ateliers près de chez "
            "vous et les besoins des entreprises du territoire."
        ),
        "",
    ),
    "person": (
        _l("Votre espace personnel"),
        _l("Ici, vous retrouverez vos formations, vos certificats et les conseils d'orientation."),
        _l(
            "Trouvez une formation dans le catalogue : vos demandes d'inscription et vos "
            "certificats apparaissent ensuite dans « Mes formations »."
        ),
    ),
    "federation": (
        _l("Espace de la fédération du numérique"),
        _l("Coordonnez les acteurs, qualifiez l'offre et suivez les indicateurs du territoire."),
        _l(
            "Aucune campagne de diagnostic n'est encore lancée. Commencez par vérifier le référentiel "
            "du territoire et des compétences."
        ),
    ),
    "epci": (
        _l("Espace de votre communauté d'agglomération"),
        _l(
            "Relayez les campagnes dans vos communes, accueillez les ateliers et suivez votre territoire."
        ),
        _l("Aucune campagne n'est encore relayée par votre EPCI."),
    ),
    "company": (
        _l("Espace entreprise"),
        _l(
            "Faites le point sur vos besoins en compétences numériques, proposez des stages et recrutez."
        ),
        _l("Votre entreprise n'a pas encore répondu à un diagnostic."),
    ),
    "provider": (
        _l("Espace organisme de formation"),
        _l(
            "Publiez vos programmes et sessions, inscrivez vos apprenants et délivrez des certificats."
        ),
        _l("Vous n'avez encore publié aucun programme."),
    ),
    "auditor": (
        _l("Espace cabinet d'audit"),
        _l("Réalisez les audits des entreprises et enregistrez leurs besoins en compétences."),
        _l("Aucun audit n'est encore enregistré par votre cabinet."),
    ),
    "association": (
        _l("Espace médiation numérique"),
        _l("Animez des ateliers dans les communes et suivez vos interventions."),
        _l("Aucun atelier n'est encore programmé."),
    ),
}


def _diagnostic_steps(actor: Actor) -> list[NextStep]:
    """Solution 1 (diagnostic of needs): what each role does there."""
    steps = {
        "federation": [
            NextStep(
                _("Campagnes de diagnostic"),
                _("Lancer et suivre les questionnaires auprès des entreprises et du public."),
                reverse("diagnostics:campaign_list"),
            ),
            NextStep(
                _("Questionnaires"),
                _("Les questionnaires fournis avec Lakou et les vôtres, import XLSForm."),
                reverse("diagnostics:questionnaire_list"),
            ),
            NextStep(
                _("Répertoire des entreprises"),
                _("Importer le fichier des entreprises (SIRENE) qui sert de base à l'indicateur."),
                reverse("diagnostics:registry_import"),
            ),
            NextStep(
                _("Carte des besoins"),
                _("Les besoins en compétences par commune, EPCI, secteur et domaine."),
                reverse("diagnostics:needs_map"),
            ),
            NextStep(
                _("Indicateur : entreprises diagnostiquées"),
                _("La part des entreprises diagnostiquées sur une période et un territoire."),
                reverse("diagnostics:indicator"),
            ),
        ],
        "epci": [
            NextStep(
                _("Campagnes relayées"),
                _("Les campagnes que votre EPCI relaie et leurs taux de réponse par commune."),
                reverse("diagnostics:campaign_list"),
            ),
            NextStep(
                _("Carte des besoins"),
                _("Les besoins en compétences de votre territoire."),
                reverse("diagnostics:needs_map"),
            ),
            NextStep(
                _("Indicateur : entreprises diagnostiquées"),
                _("La part des entreprises diagnostiquées dans vos communes."),
                reverse("diagnostics:indicator"),
            ),
        ],
        "auditor": [
            NextStep(
                _("Mes audits"),
                _("Enregistrer l'audit d'une entreprise : maturité, besoins, rapport PDF."),
                reverse("diagnostics:audit_list"),
            ),
        ],
        "company": [
            NextStep(
                _("Mes diagnostics"),
                _("Vos audits et vos résultats, comparés à votre secteur et à votre EPCI."),
                reverse("diagnostics:audit_list"),
            ),
        ],
    }.get(actor.role, [])
    return [
        *steps,
        NextStep(
            _("Les besoins du territoire"),
            _("La carte publique des besoins en compétences numériques des entreprises."),
            reverse("diagnostics:needs_map_public"),
        ),
    ]


def _training_steps(actor: Actor) -> list[NextStep]:
    """Solution 2 (training): a learner's own trainings, a provider's programmes and certificates."""
    if actor.is_provider:
        return [
            NextStep(
                _("Mes formations"),
                _("Vos programmes, leurs sessions et les inscriptions à traiter."),
                reverse("training:my_programmes"),
            ),
            NextStep(
                _("Certificats délivrés"),
                _("Les certificats signés par votre organisme ; les révoquer si besoin."),
                reverse("training:certificate_list"),
            ),
            NextStep(
                _("Suivis à six mois"),
                _(
                    "Ce que deviennent vos apprenants certifiés ; saisir une réponse prise par téléphone."
                ),
                reverse("training:followup_list"),
            ),
        ]
    if actor.is_federation:
        return [
            NextStep(
                _("Demandes de label"),
                _("Les formations qui attendent la décision de la fédération."),
                reverse("training:label_queue"),
            ),
            NextStep(
                _("Indicateur : personnes certifiées et emploi à six mois"),
                _("Par formation, organisme, domaine et EPCI, avec le taux de réponse."),
                reverse("training:indicators"),
            ),
        ]
    if actor.is_epci:
        return [
            NextStep(
                _("Indicateur : personnes certifiées et emploi à six mois"),
                _("Les résultats des formations suivies dans vos communes."),
                reverse("training:indicators"),
            ),
        ]
    if actor.is_person:
        return [
            NextStep(
                _("Mes formations"),
                _("Vos demandes d'inscription, leur réponse et vos certificats."),
                reverse("training:my_enrolments"),
            ),
            NextStep(
                _("Trouver une formation"),
                _("Le catalogue des formations au numérique en Martinique."),
                reverse("training:catalogue"),
            ),
        ]
    return []


def home_for(actor: Actor) -> HomePage:
    role = actor.role
    heading, intro, empty = ROLE_TEXTS.get(role, ROLE_TEXTS["person"])
    steps = _training_steps(actor) + _diagnostic_steps(actor) + _territory_steps()
    if actor.organisation is not None:
        steps = _organisation_steps(actor) + steps
    elif actor.user is not None:
        steps = [
            NextStep(
                _("Mon compte"),
                _("Votre adresse e-mail, la connexion par code et la sécurité du compte."),
                reverse("account_email"),
            ),
            *steps,
        ]
    return HomePage(
        role=role, heading=str(heading), intro=str(intro), steps=steps, empty_note=str(empty)
    )
