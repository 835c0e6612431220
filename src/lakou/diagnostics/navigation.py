"""Solution 1 (diagnostic of needs) in the menus and on the homes of each role."""

from __future__ import annotations

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lakou.core.actor import Actor
from lakou.core.navigation import (
    HomePart,
    LiveItem,
    MenuEntry,
    NextStep,
    register_home,
    register_menu,
)
from lakou.diagnostics.models import Audience, Response
from lakou.diagnostics.services.audits import audits_visible_to
from lakou.diagnostics.services.overview import (
    CampaignProgress,
    open_campaigns_with_rates,
    open_company_campaigns,
    open_public_campaigns,
)

CAMPAIGN_VIEWS = (
    "diagnostics:campaign_create",
    "diagnostics:campaign_detail",
    "diagnostics:campaign_edit",
)
QUESTIONNAIRE_VIEWS = (
    "diagnostics:questionnaire_create",
    "diagnostics:xlsform_upload",
    "diagnostics:version_detail",
    "diagnostics:section_create",
    "diagnostics:dimension_create",
    "diagnostics:section_edit",
    "diagnostics:question_create",
    "diagnostics:question_edit",
)
AUDIT_VIEWS = (
    "diagnostics:audit_company_search",
    "diagnostics:audit_create",
    "diagnostics:audit_detail",
    "diagnostics:audit_edit",
    "diagnostics:response_result",
)
ANSWERING_VIEWS = (
    "diagnostics:campaign_short",
    "diagnostics:respond_resume",
    "diagnostics:respond_step",
    "diagnostics:respond_later",
    "diagnostics:respond_review",
    "diagnostics:respond_thanks",
)


def _staff_menu(actor: Actor) -> list[MenuEntry]:
    entries = [
        MenuEntry(
            _("Campagnes") if actor.is_federation else _("Campagnes relayées"),
            reverse("diagnostics:campaign_list"),
            order=10,
            views=CAMPAIGN_VIEWS,
        )
    ]
    if actor.is_federation:
        entries += [
            MenuEntry(
                _("Questionnaires"),
                reverse("diagnostics:questionnaire_list"),
                order=12,
                views=QUESTIONNAIRE_VIEWS,
            ),
            MenuEntry(
                _("Répertoire"),
                reverse("diagnostics:registry_list"),
                order=14,
                views=("diagnostics:registry_import",),
            ),
        ]
    return [
        *entries,
        MenuEntry(_("Carte des besoins"), reverse("diagnostics:needs_map"), order=50),
        MenuEntry(
            _("Indicateur diagnostic"),
            reverse("diagnostics:indicator"),
            order=60,
            group=_("Indicateurs"),
        ),
    ]


@register_menu
def menu(actor: Actor) -> list[MenuEntry]:
    if actor.is_federation or actor.is_epci:
        return _staff_menu(actor)
    public_needs = MenuEntry(
        _("Besoins des entreprises"), reverse("diagnostics:needs_map_public"), order=50
    )
    if actor.is_auditor or actor.is_company:
        label = _("Mes audits") if actor.is_auditor else _("Mes diagnostics")
        return [
            MenuEntry(label, reverse("diagnostics:audit_list"), order=10, views=AUDIT_VIEWS),
            public_needs,
        ]
    return [
        MenuEntry(
            _("Questionnaires ouverts"),
            reverse("diagnostics:open_questionnaires"),
            order=45,
            views=ANSWERING_VIEWS,
        ),
        public_needs,
    ]


# ---------------------------------------------------------------- homes


def _rate_text(progress: CampaignProgress) -> str:
    rate = progress.total.rate
    if rate is None:
        return _("Taux de réponse : inconnu (population ou répertoire manquant).")
    if progress.is_public:
        return _("Taux de réponse : %(rate)s réponses pour 1\u00a0000 habitants.") % {
            "rate": number_format(rate, 1)
        }
    return _("Taux de réponse : %(rate)s\u00a0%% des entreprises du territoire.") % {
        "rate": number_format(rate, 1)
    }


def _campaign_items(actor: Actor) -> list[LiveItem]:
    today = timezone.localdate()
    items = [
        LiveItem(
            label=ngettext(
                "réponse à «\u00a0%(title)s\u00a0»",
                "réponses à «\u00a0%(title)s\u00a0»",
                progress.submitted,
            )
            % {"title": progress.campaign.title},
            url=progress.campaign.get_absolute_url(),
            count=progress.submitted,
            detail=" ".join(
                [
                    _rate_text(progress),
                    _("Ouverte jusqu'au %(date)s.")
                    % {"date": date_format(progress.campaign.ends_on, "j F Y")},
                ]
            ),
            order=10,
        )
        for progress in open_campaigns_with_rates(actor, today=today)
    ]
    if items:
        return items
    if actor.is_federation:
        return [
            LiveItem(
                label=_("campagnes ouvertes"),
                url=reverse("diagnostics:campaign_create"),
                count=0,
                empty=_("Aucune campagne de diagnostic n'est ouverte en ce moment."),
                empty_link=_("Préparer une campagne"),
                order=10,
            )
        ]
    return [
        LiveItem(
            label=_("campagnes relayées"),
            url=reverse("diagnostics:campaign_list"),
            count=0,
            empty=_("Aucune campagne ouverte n'est relayée par votre EPCI en ce moment."),
            empty_link=_("Voir les campagnes relayées"),
            order=10,
        )
    ]


def _auditor_items(actor: Actor) -> list[LiveItem]:
    audits = audits_visible_to(actor).aggregate(total=Count("pk"), latest=Max("audited_on"))
    detail = ""
    if audits["latest"] is not None:
        detail = _("Le dernier le %(date)s.") % {"date": date_format(audits["latest"], "j F Y")}
    return [
        LiveItem(
            label=ngettext(
                "audit enregistré par votre cabinet",
                "audits enregistrés par votre cabinet",
                audits["total"],
            ),
            url=reverse("diagnostics:audit_list"),
            count=audits["total"],
            detail=detail,
            empty=_("Aucun audit n'est encore enregistré par votre cabinet."),
            empty_link=_("Auditer une entreprise"),
            order=10,
        )
    ]


def _company_items(actor: Actor) -> list[LiveItem]:
    today = timezone.localdate()
    items = []
    for row in open_company_campaigns(actor, today=today):
        landing = reverse(
            "diagnostics:campaign_short", kwargs={"short_code": row.campaign.short_code}
        )
        until = _("Ouvert jusqu'au %(date)s.") % {
            "date": date_format(row.campaign.ends_on, "j F Y")
        }
        if row.response_status == Response.Status.SUBMITTED:
            items.append(
                LiveItem(
                    label=_("Questionnaire «\u00a0%(title)s\u00a0» envoyé : voir vos résultats")
                    % {"title": row.campaign.title},
                    url=reverse("diagnostics:response_result", kwargs={"pk": row.response_id}),
                    order=12,
                )
            )
        elif row.response_status == Response.Status.DRAFT:
            items.append(
                LiveItem(
                    label=_("Reprendre le questionnaire «\u00a0%(title)s\u00a0»")
                    % {"title": row.campaign.title},
                    url=landing,
                    detail=_("Vos réponses sont enregistrées ; il reste à l'envoyer.")
                    + " "
                    + until,
                    order=10,
                )
            )
        else:
            items.append(
                LiveItem(
                    label=_("Répondre au questionnaire «\u00a0%(title)s\u00a0»")
                    % {"title": row.campaign.title},
                    url=landing,
                    detail=until,
                    order=10,
                )
            )
    sent = Response.objects.filter(
        company_id=actor.organisation_id,
        status=Response.Status.SUBMITTED,
        campaign__audience=Audience.COMPANIES,
    ).count()
    audits = audits_visible_to(actor).count()
    done = sent + audits
    items.append(
        LiveItem(
            label=ngettext(
                "diagnostic de votre entreprise (questionnaires envoyés et audits)",
                "diagnostics de votre entreprise (questionnaires envoyés et audits)",
                done,
            ),
            url=reverse("diagnostics:audit_list"),
            count=done,
            detail=_("Vos résultats comparés à votre secteur et à votre EPCI."),
            empty=_("Votre entreprise n'a pas encore répondu à un diagnostic."),
            empty_link=_("Voir mes diagnostics"),
            order=14,
        )
    )
    return items


def _public_items() -> list[LiveItem]:
    return [
        LiveItem(
            label=_("Répondre au questionnaire «\u00a0%(title)s\u00a0»")
            % {"title": campaign.title},
            url=reverse("diagnostics:campaign_short", kwargs={"short_code": campaign.short_code}),
            detail=_("Ouvert à tous jusqu'au %(date)s.")
            % {"date": date_format(campaign.ends_on, "j F Y")},
            order=30,
        )
        for campaign in open_public_campaigns(today=timezone.localdate())
    ]


def _steps(actor: Actor) -> list[NextStep]:
    steps = {
        "federation": [
            NextStep(
                _("Campagnes de diagnostic"),
                _("Lancer et suivre les questionnaires auprès des entreprises et du public."),
                reverse("diagnostics:campaign_list"),
                order=10,
            ),
            NextStep(
                _("Questionnaires"),
                _("Les questionnaires fournis avec Lakou et les vôtres, import XLSForm."),
                reverse("diagnostics:questionnaire_list"),
                order=11,
            ),
            NextStep(
                _("Répertoire des entreprises"),
                _("Importer le fichier des entreprises (SIRENE) qui sert de base à l'indicateur."),
                reverse("diagnostics:registry_import"),
                order=12,
            ),
            NextStep(
                _("Carte des besoins"),
                _("Les besoins en compétences par commune, EPCI, secteur et domaine."),
                reverse("diagnostics:needs_map"),
                order=13,
            ),
            NextStep(
                _("Indicateur : entreprises diagnostiquées"),
                _("La part des entreprises diagnostiquées sur une période et un territoire."),
                reverse("diagnostics:indicator"),
                order=14,
            ),
        ],
        "epci": [
            NextStep(
                _("Campagnes relayées"),
                _("Les campagnes que votre EPCI relaie et leurs taux de réponse par commune."),
                reverse("diagnostics:campaign_list"),
                order=10,
            ),
            NextStep(
                _("Carte des besoins"),
                _("Les besoins en compétences de votre territoire."),
                reverse("diagnostics:needs_map"),
                order=13,
            ),
            NextStep(
                _("Indicateur : entreprises diagnostiquées"),
                _("La part des entreprises diagnostiquées dans vos communes."),
                reverse("diagnostics:indicator"),
                order=14,
            ),
        ],
        "auditor": [
            NextStep(
                _("Auditer une entreprise"),
                _(
                    "Trouver l'entreprise dans le répertoire, puis saisir sa maturité et ses besoins."
                ),
                reverse("diagnostics:audit_company_search"),
                order=10,
            ),
        ],
        "company": [
            NextStep(
                _("Mes diagnostics"),
                _("Vos audits et vos résultats, comparés à votre secteur et à votre EPCI."),
                reverse("diagnostics:audit_list"),
                order=10,
            ),
        ],
    }.get(actor.role, [])
    if actor.is_federation or actor.is_epci:
        return steps
    return [
        *steps,
        NextStep(
            _("Les besoins du territoire"),
            _("La carte publique des besoins en compétences numériques des entreprises."),
            reverse("diagnostics:needs_map_public"),
            order=50,
        ),
    ]


@register_home
def home(actor: Actor) -> HomePart:
    if actor.is_federation or actor.is_epci:
        items = _campaign_items(actor)
    elif actor.is_auditor:
        items = _auditor_items(actor)
    elif actor.is_company:
        items = _company_items(actor)
    elif actor.is_provider:
        items = []
    else:
        items = _public_items()
    return HomePart(items=items, steps=_steps(actor))
