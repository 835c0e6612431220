"""Lakou's own plain-French wording for reference labels that have no French version in `data/`.

These are not official translations: the loader stores them with `name_fr_is_own_wording=True`
and the pages say so. Keys are the codes used in `data/digcomp.json` and `data/ecf.json`.
"""

from __future__ import annotations

from dataclasses import dataclass

DIGCOMP = "digcomp"
ECF = "ecf"


@dataclass(frozen=True)
class FrameworkText:
    """What Lakou says about a framework: its French name, purpose, sources, licence, caveat."""

    name: str
    short_name: str
    description: str
    source_note: str
    licence_note: str
    caveat: str = ""


FRAMEWORK_TEXTS: dict[str, FrameworkText] = {
    DIGCOMP: FrameworkText(
        name="DigComp 2.2 — compétences numériques des citoyens",
        short_name="DigComp 2.2",
        description=(
            "Le cadre européen des compétences numériques pour tous les citoyens. Il décrit ce "
            "qu'il faut savoir faire pour vivre, apprendre et travailler avec le numérique, en "
            "5 domaines, 21 compétences et 8 niveaux de maîtrise. Lakou s'en sert pour les "
            "autodiagnostics des habitants, les ateliers de médiation et les formations de base."
        ),
        source_note=(
            "Vuorikari, R., Kluzer, S. et Punie, Y. (2022), DigComp 2.2: The Digital Competence "
            "Framework for Citizens, EUR 31006 EN, JRC128415, Commission européenne, Centre "
            "commun de recherche (JRC). Les intitulés des domaines et des compétences ont été "
            "recoupés sur plusieurs copies publiques ; le document PDF lui-même n'a pas pu être "
            "consulté. Les niveaux (domaine cognitif, autonomie) viennent d'un tableau DigComp 2.2 "
            "reproduit publiquement ; l'attribut « complexité des tâches » n'a pas été repris "
            "faute d'avoir pu vérifier sa formulation."
        ),
        licence_note=(
            "Publication du JRC, © Union européenne, réutilisable en principe sous licence "
            "CC BY 4.0 (politique de réutilisation de la Commission) ; non vérifié sur le PDF."
        ),
        caveat=(
            "Aucune traduction française officielle des 21 compétences n'a été trouvée : les "
            "libellés français sont rédigés par Lakou. Les noms français des 5 domaines viennent "
            "d'un site explicatif tiers (comprendredigcomp.com) et ne sont pas officiels. Ne pas "
            "confondre avec le référentiel français CRCN/Pix (16 compétences en 5 domaines)."
        ),
    ),
    ECF: FrameworkText(
        name="e-CF 3.0 — cadre européen des e-compétences",
        short_name="e-CF 3.0",
        description=(
            "Le cadre européen des compétences des professionnels du numérique (informatique et "
            "systèmes d'information). Il décrit 40 compétences en 5 domaines, du plan à la "
            "gestion, avec 5 niveaux de e-1 à e-5. Lakou s'en sert pour les besoins en "
            "compétences des entreprises et les formations qualifiantes aux métiers du numérique."
        ),
        source_note=(
            "Contenu du CEN : CWA 16234-1:2014 (e-CF 3.0), publié gratuitement sur "
            "ecompetences.eu ; les mêmes 40 compétences figurent dans la norme EN 16234-1:2016. "
            "Liste obtenue par l'export JSON-LD du dépôt openbadgenetwork/competence-directory "
            "(seuls les codes, les intitulés et les adresses URI ont été repris, pas les "
            "descriptions). Intitulés européens des niveaux e-1 à e-5 : page de présentation "
            "e-CF 3.0 du site ict-mastery.eu."
        ),
        licence_note=(
            "Contenu e-CF : CEN, CWA 16234-1:2014, diffusé gratuitement ; la norme EN 16234-1 "
            "est payante. Le code du dépôt source est sous licence GPL-3.0."
        ),
        caveat=(
            "Il s'agit de la version 3.0 de l'e-CF (40 compétences), et non de la version 4.0 "
            "(EN 16234-1:2019, 41 compétences jusqu'à E.10), dont la liste complète n'a pas été "
            "trouvée. Les libellés français sont rédigés par Lakou : aucune traduction officielle "
            "n'est reprise ici."
        ),
    ),
}

# e-CF areas have no French name in the data.
AREA_LABELS_FR: dict[str, dict[str, str]] = {
    ECF: {
        "A": "Planifier",
        "B": "Construire",
        "C": "Exploiter",
        "D": "Faciliter",
        "E": "Piloter",
    },
}

COMPETENCE_LABELS_FR: dict[str, dict[str, str]] = {
    DIGCOMP: {
        "1.1": "Naviguer, rechercher et filtrer des données, des informations et des contenus "
        "numériques",
        "1.2": "Évaluer des données, des informations et des contenus numériques",
        "1.3": "Gérer des données, des informations et des contenus numériques",
        "2.1": "Interagir au moyen des technologies numériques",
        "2.2": "Partager au moyen des technologies numériques",
        "2.3": "Exercer sa citoyenneté au moyen des technologies numériques",
        "2.4": "Collaborer au moyen des technologies numériques",
        "2.5": "Nétiquette : les règles de bonne conduite en ligne",
        "2.6": "Gérer son identité numérique",
        "3.1": "Créer des contenus numériques",
        "3.2": "Intégrer et retravailler des contenus numériques",
        "3.3": "Droit d'auteur et licences",
        "3.4": "Programmer",
        "4.1": "Protéger ses appareils",
        "4.2": "Protéger ses données personnelles et sa vie privée",
        "4.3": "Protéger sa santé et son bien-être",
        "4.4": "Protéger l'environnement",
        "5.1": "Résoudre des problèmes techniques",
        "5.2": "Identifier des besoins et les réponses technologiques adaptées",
        "5.3": "Utiliser les technologies numériques de façon créative",
        "5.4": "Repérer ses lacunes en compétences numériques",
    },
    ECF: {
        "A.1": "Aligner la stratégie du système d'information sur celle de l'entreprise",
        "A.2": "Gérer les niveaux de service",
        "A.3": "Élaborer le plan d'affaires",
        "A.4": "Planifier les produits et les services",
        "A.5": "Concevoir l'architecture",
        "A.6": "Concevoir les applications",
        "A.7": "Assurer la veille technologique",
        "A.8": "Développement durable",
        "A.9": "Innover",
        "B.1": "Développer des applications",
        "B.2": "Intégrer des composants",
        "B.3": "Tester",
        "B.4": "Déployer des solutions",
        "B.5": "Rédiger la documentation",
        "B.6": "Ingénierie des systèmes",
        "C.1": "Assister les utilisateurs",
        "C.2": "Accompagner les évolutions",
        "C.3": "Fournir les services",
        "C.4": "Gérer les problèmes",
        "D.1": "Élaborer la stratégie de sécurité de l'information",
        "D.2": "Élaborer la stratégie qualité des systèmes informatiques",
        "D.3": "Assurer l'enseignement et la formation",
        "D.4": "Gérer les achats",
        "D.5": "Élaborer les propositions commerciales",
        "D.6": "Gérer les canaux de distribution",
        "D.7": "Piloter les ventes",
        "D.8": "Gérer les contrats",
        "D.9": "Développer les compétences du personnel",
        "D.10": "Gérer l'information et les connaissances",
        "D.11": "Identifier les besoins",
        "D.12": "Marketing numérique",
        "E.1": "Établir des prévisions",
        "E.2": "Gérer les projets et le portefeuille de projets",
        "E.3": "Gérer les risques",
        "E.4": "Gérer les relations avec les partenaires",
        "E.5": "Améliorer les processus",
        "E.6": "Gérer la qualité des systèmes informatiques",
        "E.7": "Conduire le changement dans l'organisation",
        "E.8": "Gérer la sécurité de l'information",
        "E.9": "Gouvernance du système d'information",
    },
}

# DigComp levels: the data gives the English group name, cognitive domain and autonomy.
DIGCOMP_LEVEL_GROUPS_FR: dict[str, str] = {
    "Foundation": "Fondamental",
    "Intermediate": "Intermédiaire",
    "Advanced": "Avancé",
    "Highly specialised": "Hautement spécialisé",
}

DIGCOMP_COGNITIVE_DOMAINS_FR: dict[str, str] = {
    "Remembering": "Se souvenir",
    "Understanding": "Comprendre",
    "Applying": "Appliquer",
    "Evaluating": "Évaluer",
    "Creating": "Créer",
}

DIGCOMP_AUTONOMY_FR: dict[str, str] = {
    "With guidance": "Avec de l'aide",
    "Autonomy and with guidance where needed": "Seul, avec de l'aide si besoin",
    "On my own": "Seul",
    "Independent and according to my needs": "En autonomie, selon ses propres besoins",
    "Guiding others": "En guidant les autres",
    "Able to adapt to others in a complex context": (
        "En sachant s'adapter aux autres dans un contexte complexe"
    ),
    "Integrate to contribute to the professional practice and to guide others": (
        "En contribuant à la pratique professionnelle et en guidant les autres"
    ),
    "Propose new ideas and processes to the field": (
        "En proposant au domaine des idées et des méthodes nouvelles"
    ),
}

# e-CF levels: the data gives the European title only.
ECF_LEVELS_FR: dict[str, str] = {
    "e-1": "Associé",
    "e-2": "Professionnel",
    "e-3": "Professionnel confirmé / manager",
    "e-4": "Professionnel référent / manager senior",
    "e-5": "Principal",
}
