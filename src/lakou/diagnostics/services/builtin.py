"""The two questionnaires that ship with Lakou, in plain French, loaded by `lakou load-reference`.

1. « Maturité numérique de l'entreprise » (companies): the six dimensions of the EU Digital
   Maturity Assessment, each scored 0–100 from the points of the chosen answers, then the
   skill needs. The needs section follows the codes read by `responses.NEED_QUESTIONS`:
   `train_skills` / `recruit_skills` (multiple choice; `digcomp-2-3` = DigComp competence 2.3,
   `rome-m1805` = ROME occupation M1805), `*_headcount` (number) and `*_horizon` (Horizon).
   Each chosen skill becomes one SkillNeed with that headcount, horizon and mode.
2. « Vos besoins numériques » (public): self-assessment on the five DigComp areas (scales of
   1 to 4, each point named in words, feeding one dimension per area), obstacles, preferred format, availability, commune
   and age band.
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from lakou.diagnostics.models import Audience, Horizon, NeedMode, Question, Questionnaire
from lakou.diagnostics.models.dimensions import MaturityDimension
from lakou.diagnostics.services.questionnaires import (
    ChoiceSpec,
    QuestionnaireSpec,
    QuestionSpec,
    SectionSpec,
    questionnaire_create_from_spec,
)

MATURITY_SLUG = "maturite-numerique-entreprise"
PUBLIC_SLUG = "besoins-numeriques"

K = Question.Kind


def _scored(
    code: str, label: str, dimension: str, choices: list[tuple[str, str, int]], help_text: str = ""
) -> QuestionSpec:
    """A single choice whose answers add points to one dimension."""
    return QuestionSpec(
        code=code,
        kind=K.SINGLE_CHOICE,
        label=label,
        help_text=help_text,
        choices=tuple(
            ChoiceSpec(value, text, dimension, Decimal(points)) for value, text, points in choices
        ),
    )


def _ticks(
    code: str, label: str, dimension: str, choices: list[tuple[str, str]], help_text: str = ""
) -> QuestionSpec:
    """A multiple choice where each ticked practice is worth one point."""
    return QuestionSpec(
        code=code,
        kind=K.MULTIPLE_CHOICE,
        label=label,
        help_text=help_text or "Cochez tout ce qui est vrai pour vous.",
        required=False,
        choices=tuple(ChoiceSpec(value, text, dimension, Decimal(1)) for value, text in choices),
    )


def _plain(
    code: str,
    kind: str,
    label: str,
    choices: list[tuple[str, str]] | None = None,
    **extra: object,
) -> QuestionSpec:
    return QuestionSpec(
        code=code,
        kind=kind,
        label=label,
        choices=tuple(ChoiceSpec(value, text) for value, text in choices or []),
        **extra,  # type: ignore[arg-type]
    )


YES_SOMETIMES_NO = [("no", "Non", 0), ("sometimes", "Parfois", 1), ("always", "Toujours", 2)]
HORIZONS = [(str(value), str(label)) for value, label in Horizon.choices]

TRAINING_TOPICS = [
    ("digcomp-1-1", "Chercher et trier l'information sur internet"),
    ("digcomp-1-3", "Ranger et utiliser des données (fichiers, tableurs)"),
    ("digcomp-2-1", "Communiquer en ligne (e-mail, visio, messagerie)"),
    ("digcomp-2-4", "Travailler à plusieurs en ligne"),
    ("digcomp-3-1", "Créer des contenus (textes, images, vidéos)"),
    ("digcomp-4-1", "Protéger les appareils"),
    ("digcomp-4-2", "Protéger les données personnelles"),
    ("digcomp-5-1", "Régler les problèmes techniques"),
]
RECRUITMENT_OCCUPATIONS = [
    ("rome-m1805", "Développeur ou développeuse informatique"),
    ("rome-e1101", "Community manager (réseaux sociaux)"),
    ("rome-d1438", "Assistant ou assistante e-commerce"),
    ("rome-e1205", "Designer graphique"),
    ("rome-e1405", "Référenceur ou référenceuse web"),
    ("rome-i1401", "Technicien ou technicienne de maintenance informatique"),
    ("rome-m1811", "Data engineer (données)"),
    ("rome-m1844", "Analyste en cybersécurité"),
]

MATURITY = QuestionnaireSpec(
    slug=MATURITY_SLUG,
    title="Maturité numérique de l'entreprise",
    audience=Audience.COMPANIES,
    description=(
        "Une vingtaine de questions simples pour faire le point sur le numérique dans votre "
        "entreprise. Comptez 15 minutes. Vous pouvez vous arrêter et reprendre plus tard. "
        "À la fin, vous obtenez une note sur 100 pour six thèmes, comme dans le diagnostic "
        "européen de maturité numérique."
    ),
    # The audits' dimensions, with the same names (dimensions.py holds them); the labels stay
    # lazy until a version is written, when Django stores them as text.
    dimensions=cast("tuple[tuple[str, str], ...]", tuple(MaturityDimension.choices)),
    sections=(
        SectionSpec(
            title="Votre entreprise",
            questions=(_plain("company_commune", K.COMMUNE, "Dans quelle commune êtes-vous ?"),),
        ),
        SectionSpec(
            title="Vos projets numériques",
            description="Le numérique a-t-il une place dans vos projets ?",
            questions=(
                _scored(
                    "strategy_plan",
                    "Avez-vous des projets numériques pour les deux prochaines années ?",
                    "strategy",
                    [
                        ("none", "Non, pas pour l'instant", 0),
                        ("ideas", "Oui, quelques idées, sans plan écrit", 1),
                        ("plan", "Oui, un plan écrit", 2),
                        ("plan_budget", "Oui, un plan écrit avec un budget", 3),
                    ],
                ),
                _scored(
                    "strategy_budget",
                    "Mettez-vous de l'argent de côté pour le numérique ?",
                    "strategy",
                    [
                        ("nothing", "Non, rien ou presque", 0),
                        ("when_needed", "Un peu, quand il le faut", 1),
                        ("every_year", "Oui, une somme prévue chaque année", 2),
                    ],
                    help_text="Matériel, logiciels, site internet, formation.",
                ),
                _ticks(
                    "strategy_online",
                    "Que faites-vous déjà sur internet ?",
                    "strategy",
                    [
                        ("website", "Nous avons un site internet"),
                        ("social", "Nous sommes sur les réseaux sociaux"),
                        ("booking", "Nos clients commandent ou réservent en ligne"),
                        ("payment", "Nos clients paient en ligne ou sans contact"),
                    ],
                ),
            ),
        ),
        SectionSpec(
            title="Votre équipement",
            questions=(
                _scored(
                    "readiness_equipment",
                    "Votre équipe a-t-elle le matériel qu'il faut ?",
                    "readiness",
                    [
                        ("no", "Non", 0),
                        ("partly", "En partie", 1),
                        ("yes", "Oui, pour tout le monde", 2),
                        ("yes_recent", "Oui, et il est à jour", 3),
                    ],
                    help_text="Ordinateur, téléphone, tablette, caisse.",
                ),
                _scored(
                    "readiness_connection",
                    "Votre connexion internet au travail est-elle fiable ?",
                    "readiness",
                    [
                        ("none", "Nous n'avons pas de connexion", 0),
                        ("weak", "Elle coupe souvent", 1),
                        ("good", "Elle marche bien", 2),
                        ("very_good", "Très bien (fibre ou équivalent)", 3),
                    ],
                ),
                _ticks(
                    "readiness_tools",
                    "Quels outils utilisez-vous ?",
                    "readiness",
                    [
                        ("invoicing", "Un logiciel de facturation ou de comptabilité"),
                        ("customers", "Un fichier clients sur ordinateur"),
                        ("sharing", "Le partage de documents en ligne"),
                        ("video", "La visioconférence"),
                    ],
                ),
            ),
        ),
        SectionSpec(
            title="Votre équipe",
            questions=(
                _scored(
                    "people_training",
                    "Qui a suivi une formation au numérique ces deux dernières années ?",
                    "human",
                    [
                        ("nobody", "Personne", 0),
                        ("some", "Quelques personnes", 1),
                        ("most", "La plupart", 2),
                        ("everyone", "Tout le monde", 3),
                    ],
                ),
                _scored(
                    "people_involved",
                    "Quand vous choisissez un nouvel outil, demandez-vous l'avis de l'équipe ?",
                    "human",
                    YES_SOMETIMES_NO,
                ),
                _scored(
                    "people_support",
                    "Quand quelqu'un bloque sur un outil, qui l'aide ?",
                    "human",
                    [
                        ("nobody", "Personne", 0),
                        ("colleague", "Un collègue, quand il a le temps", 1),
                        ("referent", "Une personne chargée de cela, chez nous ou à l'extérieur", 2),
                    ],
                ),
            ),
        ),
        SectionSpec(
            title="Vos données",
            questions=(
                _scored(
                    "data_backup",
                    "Faites-vous des copies de sauvegarde de vos fichiers ?",
                    "data",
                    [
                        ("never", "Jamais", 0),
                        ("sometimes", "De temps en temps", 1),
                        ("automatic", "Oui, automatiquement", 2),
                        ("checked", "Oui, automatiquement, et nous vérifions qu'elles marchent", 3),
                    ],
                ),
                _ticks(
                    "data_protection",
                    "Comment protégez-vous vos données ?",
                    "data",
                    [
                        ("passwords", "Un mot de passe différent pour chaque service"),
                        ("two_factor", "Un code de vérification en plus du mot de passe"),
                        ("updates", "Un antivirus et des mises à jour régulières"),
                        ("gdpr", "Un registre RGPD pour les données de vos clients"),
                    ],
                ),
                _scored(
                    "data_decisions",
                    "Vos chiffres (ventes, clients) vous aident-ils à décider ?",
                    "data",
                    [
                        ("no", "Non", 0),
                        ("sometimes", "Parfois", 1),
                        ("dashboards", "Oui, nous suivons des tableaux de bord", 2),
                    ],
                ),
            ),
        ),
        SectionSpec(
            title="Automatisation et intelligence artificielle",
            questions=(
                _ticks(
                    "automation_tasks",
                    "Quelles tâches se font toutes seules, sans tout retaper ?",
                    "automation",
                    [
                        ("invoices", "Les factures et les relances"),
                        ("stock", "Les stocks ou les commandes"),
                        ("planning", "Le planning et les rendez-vous"),
                        ("accounting", "L'envoi des chiffres à la comptabilité"),
                    ],
                ),
                _scored(
                    "automation_ai",
                    "Utilisez-vous l'intelligence artificielle ?",
                    "automation",
                    [
                        ("no", "Non", 0),
                        ("tried", "Nous avons essayé", 1),
                        ("regular", "Oui, souvent, pour écrire ou résumer des textes", 2),
                        ("business", "Oui, dans notre métier (tri, prévisions, service client)", 3),
                    ],
                    help_text="Par exemple un assistant qui écrit des textes ou répond aux clients.",
                ),
            ),
        ),
        SectionSpec(
            title="Numérique responsable",
            questions=(
                _scored(
                    "green_old_equipment",
                    "Que devient votre matériel numérique usagé ?",
                    "green",
                    [
                        ("bin", "Il part à la poubelle ou reste dans un placard", 0),
                        ("recycled", "Il est recyclé", 1),
                        ("second_life", "Nous le réparons ou lui donnons une seconde vie", 2),
                    ],
                ),
                _scored(
                    "green_buying",
                    "Quand vous achetez du matériel, pensez-vous à sa consommation et à sa durée "
                    "de vie ?",
                    "green",
                    YES_SOMETIMES_NO,
                ),
                _ticks(
                    "green_habits",
                    "Quelles habitudes avez-vous prises ?",
                    "green",
                    [
                        ("switch_off", "Éteindre le matériel le soir"),
                        ("less_paper", "Imprimer moins"),
                        ("refurbished", "Acheter du matériel reconditionné"),
                        ("clean_up", "Faire le tri dans les fichiers et les e-mails"),
                    ],
                ),
            ),
        ),
        SectionSpec(
            title="Vos besoins en compétences",
            description="Ces réponses aident à organiser des formations près de chez vous.",
            questions=(
                _plain(
                    "has_needs",
                    K.YES_NO,
                    "Avez-vous besoin de nouvelles compétences numériques dans l'entreprise ?",
                ),
                _plain(
                    "need_mode",
                    K.MULTIPLE_CHOICE,
                    "Comment voulez-vous y répondre ?",
                    [(str(value), str(label)) for value, label in NeedMode.choices],
                    shown_if_question="has_needs",
                    shown_if_value="yes",
                    help_text="Vous pouvez cocher les deux.",
                ),
                _plain(
                    "train_skills",
                    K.MULTIPLE_CHOICE,
                    "Sur quels sujets voulez-vous former votre personnel ?",
                    TRAINING_TOPICS,
                    shown_if_question="need_mode",
                    shown_if_value=NeedMode.TRAIN.value,
                ),
                _plain(
                    "train_headcount",
                    K.NUMBER,
                    "Combien de personnes voulez-vous former ?",
                    min_value=1,
                    max_value=500,
                    shown_if_question="need_mode",
                    shown_if_value=NeedMode.TRAIN.value,
                ),
                _plain(
                    "train_horizon",
                    K.SINGLE_CHOICE,
                    "Pour quand ?",
                    HORIZONS,
                    shown_if_question="need_mode",
                    shown_if_value=NeedMode.TRAIN.value,
                ),
                _plain(
                    "recruit_skills",
                    K.MULTIPLE_CHOICE,
                    "Quels métiers voulez-vous recruter ?",
                    RECRUITMENT_OCCUPATIONS,
                    shown_if_question="need_mode",
                    shown_if_value=NeedMode.RECRUIT.value,
                ),
                _plain(
                    "recruit_headcount",
                    K.NUMBER,
                    "Combien de personnes voulez-vous recruter ?",
                    min_value=1,
                    max_value=500,
                    shown_if_question="need_mode",
                    shown_if_value=NeedMode.RECRUIT.value,
                ),
                _plain(
                    "recruit_horizon",
                    K.SINGLE_CHOICE,
                    "Pour quand ?",
                    HORIZONS,
                    shown_if_question="need_mode",
                    shown_if_value=NeedMode.RECRUIT.value,
                ),
            ),
        ),
    ),
)

# The words of the four points of the self-assessment scales, shown on the answer buttons.
LEVEL_WORDS = (
    ("1", "Je ne sais pas faire"),
    ("2", "Je fais avec de l'aide"),
    ("3", "Je fais seul les choses simples"),
    ("4", "Je suis à l'aise"),
)


def _level(code: str, label: str, area: str) -> QuestionSpec:
    return QuestionSpec(
        code=code,
        kind=K.SCALE,
        label=label,
        min_value=1,
        max_value=4,
        scale_dimension=area,
        choices=tuple(ChoiceSpec(value, words) for value, words in LEVEL_WORDS),
    )


PUBLIC = QuestionnaireSpec(
    slug=PUBLIC_SLUG,
    title="Vos besoins numériques",
    audience=Audience.PUBLIC,
    description=(
        "Dites-nous ce que vous savez faire avec un téléphone ou un ordinateur, et ce qui vous "
        "aiderait. Cela prend 5 minutes. Vos réponses restent anonymes."
    ),
    dimensions=(
        ("digcomp-1", "Informations et données"),
        ("digcomp-2", "Communication et collaboration"),
        ("digcomp-3", "Création de contenus"),
        ("digcomp-4", "Sécurité"),
        ("digcomp-5", "Résolution de problèmes"),
    ),
    sections=(
        SectionSpec(
            title="Ce que vous savez faire",
            description="Pour chaque ligne, choisissez ce qui vous ressemble le plus.",
            questions=(
                _level(
                    "level_information",
                    "Chercher une information sur internet et savoir si elle est sûre",
                    "digcomp-1",
                ),
                _level(
                    "level_communication",
                    "Envoyer un message ou un e-mail, faire un appel vidéo",
                    "digcomp-2",
                ),
                _level(
                    "level_creation",
                    "Écrire un courrier, prendre une photo et l'envoyer",
                    "digcomp-3",
                ),
                _level(
                    "level_security",
                    "Protéger votre téléphone et vos mots de passe, repérer une arnaque",
                    "digcomp-4",
                ),
                _level(
                    "level_problems",
                    "Régler un petit problème : une mise à jour, une connexion, une appli qui bloque",
                    "digcomp-5",
                ),
            ),
        ),
        SectionSpec(
            title="Ce qui vous freine",
            questions=(
                _plain(
                    "obstacles",
                    K.MULTIPLE_CHOICE,
                    "Qu'est-ce qui vous freine avec le numérique ?",
                    [
                        ("equipment", "Je n'ai pas d'appareil qui convient"),
                        ("connection", "Ma connexion internet est mauvaise ou absente"),
                        ("confidence", "Je n'ose pas, j'ai peur de me tromper"),
                        ("cost", "Cela coûte trop cher"),
                        ("time", "Je n'ai pas le temps"),
                        ("other", "Autre chose"),
                        ("nothing", "Rien ne me freine"),
                    ],
                    help_text="Cochez tout ce qui vous concerne.",
                ),
                _plain(
                    "obstacle_other",
                    K.SHORT_TEXT,
                    "Qu'est-ce qui vous freine d'autre ?",
                    required=False,
                    shown_if_question="obstacles",
                    shown_if_value="other",
                ),
            ),
        ),
        SectionSpec(
            title="Pour apprendre",
            questions=(
                _plain(
                    "preferred_format",
                    K.SINGLE_CHOICE,
                    "Comment aimeriez-vous apprendre ?",
                    [
                        ("in_person", "En groupe, près de chez moi"),
                        ("online", "Seul, sur internet, à mon rythme"),
                        ("hybrid", "Un peu des deux"),
                    ],
                ),
                _plain(
                    "availability",
                    K.MULTIPLE_CHOICE,
                    "Quand êtes-vous disponible ?",
                    [
                        ("weekday_morning", "En semaine, le matin"),
                        ("weekday_afternoon", "En semaine, l'après-midi"),
                        ("evening", "Le soir"),
                        ("saturday", "Le samedi"),
                    ],
                    help_text="Cochez tout ce qui vous va.",
                ),
            ),
        ),
        SectionSpec(
            title="Vous",
            questions=(
                _plain("commune", K.COMMUNE, "Dans quelle commune habitez-vous ?"),
                _plain(
                    "age_band",
                    K.SINGLE_CHOICE,
                    "Quel âge avez-vous ?",
                    [
                        ("under_25", "Moins de 25 ans"),
                        ("25_44", "De 25 à 44 ans"),
                        ("45_59", "De 45 à 59 ans"),
                        ("60_74", "De 60 à 74 ans"),
                        ("75_plus", "75 ans ou plus"),
                    ],
                ),
            ),
        ),
    ),
)

BUILTIN = (MATURITY, PUBLIC)


def load_builtin_questionnaires() -> dict[str, int]:
    """Create the built-in questionnaires that are missing; an existing one is left as it is."""
    created = 0
    for spec in BUILTIN:
        if Questionnaire.objects.filter(slug=spec.slug).exists():
            continue
        version = questionnaire_create_from_spec(actor=None, spec=spec, is_builtin=True)
        version.is_published = True
        version.save(update_fields=["is_published"])
        created += 1
    return {"questionnaires intégrés créés": created}
