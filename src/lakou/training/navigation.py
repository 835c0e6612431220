"""Solution 2 (training) in the menus and on the homes of each role."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
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
from lakou.training.models import (
    CertificationKind,
    Enrolment,
    FollowUp,
    Programme,
    Session,
)
from lakou.training.services.followup import ListFilter

CATALOGUE_VIEWS = ("training:programme_detail", "training:session_detail")
PROVIDER_PROGRAMME_VIEWS = (
    "training:programme_create",
    "training:programme_edit",
    "training:programme_submit",
    "training:session_create",
    "training:session_edit",
    "training:session_cancel",
    "training:session_roster",
    "training:enrolment_decide",
    "training:enrolment_refuse",
    "training:certificate_issue",
)


def _catalogue() -> MenuEntry:
    return MenuEntry(
        _("Formations"), reverse("training:catalogue"), order=40, views=CATALOGUE_VIEWS
    )


def _certificate_check() -> MenuEntry:
    return MenuEntry(
        _("Vérifier un certificat"),
        reverse("training:certificate_check"),
        order=55,
        views=("training:certificate_verify",),
    )


def _indicators() -> MenuEntry:
    return MenuEntry(
        _("Indicateurs formation"),
        reverse("training:indicators"),
        order=61,
        group=_("Indicateurs"),
    )


def _public_results() -> MenuEntry:
    """Indicator 2 as everyone sees it, small counts kept secret."""
    return MenuEntry(
        _("Résultats des formations"),
        reverse("training:indicators"),
        order=58,
        group=_("Indicateurs"),
    )


@register_menu
def menu(actor: Actor) -> list[MenuEntry]:
    if actor.is_provider:
        return [
            MenuEntry(
                _("Mes formations"),
                reverse("training:my_programmes"),
                order=20,
                views=PROVIDER_PROGRAMME_VIEWS,
            ),
            MenuEntry(
                _("Certificats"),
                reverse("training:certificate_list"),
                order=22,
                views=("training:certificate_revoke",),
            ),
            MenuEntry(
                _("Suivis"),
                reverse("training:followup_list"),
                order=24,
                views=("training:followup_record", "training:followup_unreachable"),
            ),
            _catalogue(),
            _public_results(),
        ]
    if actor.is_federation:
        return [
            MenuEntry(
                _("Label"),
                reverse("training:label_queue"),
                order=20,
                views=("training:programme_label", "training:programme_refuse"),
            ),
            _catalogue(),
            _indicators(),
        ]
    if actor.is_epci:
        return [_catalogue(), _indicators()]
    if actor.is_person:
        return [
            MenuEntry(
                _("Mes formations"),
                reverse("training:my_enrolments"),
                order=20,
                views=("training:enrolment_cancel", "training:session_enrol"),
            ),
            _catalogue(),
            _certificate_check(),
            _public_results(),
        ]
    if actor.is_auditor:
        return [_catalogue(), _public_results()]
    return [_catalogue(), _certificate_check(), _public_results()]


# ---------------------------------------------------------------- homes


def _session_text(session: Session) -> str:
    return _("«\u00a0%(title)s\u00a0», session du %(date)s") % {
        "title": session.programme.title,
        "date": date_format(session.starts_on, "j F Y"),
    }


SESSIONS_SHOWN = 3


def _per_session_item(
    sessions: Sequence[Session],
    *,
    attribute: str,
    label: Callable[[int], str],
    empty: str,
    order: int,
) -> LiveItem:
    """One count over the provider's sessions, with a link to the rosters of the first ones."""
    waiting = [(session, getattr(session, attribute)) for session in sessions]
    waiting = [(session, n) for session, n in waiting if n]
    total = sum(n for _session, n in waiting)
    links = tuple(
        (
            _("%(session)s (%(count)s)") % {"session": _session_text(session), "count": n},
            reverse("training:session_roster", kwargs={"pk": session.pk}),
        )
        for session, n in waiting[:SESSIONS_SHOWN]
    )
    return LiveItem(
        label=label(total),
        url=reverse("training:my_programmes"),
        count=total,
        detail=ngettext(
            "Dans %(count)s session :",
            "Dans %(count)s sessions, dont les plus proches :",
            len(waiting),
        )
        % {"count": len(waiting)},
        links=links,
        empty=empty,
        empty_link=_("Voir mes formations"),
        order=order,
    )


def _provider_items(actor: Actor) -> list[LiveItem]:
    today = timezone.localdate()
    certifying = ~Q(programme__certification_kind=CertificationKind.NONE)
    sessions = list(
        Session.objects.filter(programme__provider_id=actor.organisation_id)
        .annotate(
            requested=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.REQUESTED)),
            to_certify=Count(
                "enrolments",
                filter=Q(
                    enrolments__status=Enrolment.Status.COMPLETED,
                    enrolments__certificate__isnull=True,
                )
                & certifying,
            ),
        )
        .filter(Q(requested__gt=0) | Q(to_certify__gt=0))
        .select_related("programme")
        .order_by("starts_on", "pk")
    )
    items = [
        _per_session_item(
            sessions,
            attribute="requested",
            label=lambda n: ngettext(
                "demande d'inscription à traiter", "demandes d'inscription à traiter", n
            ),
            empty=_("Aucune demande d'inscription n'attend votre réponse."),
            order=20,
        ),
        _per_session_item(
            sessions,
            attribute="to_certify",
            label=lambda n: ngettext("certificat à délivrer", "certificats à délivrer", n),
            empty="",
            order=21,
        ),
    ]
    due = (
        FollowUp.objects.of_provider(actor.organisation_id)
        .filter(state=FollowUp.State.DUE, due_on__lte=today)
        .count()
    )
    items.append(
        LiveItem(
            label=ngettext("suivi à six mois à recueillir", "suivis à six mois à recueillir", due),
            url=reverse("training:followup_list") + "?" + urlencode({"state": ListFilter.DUE}),
            count=due,
            detail=_(
                "Ce que deviennent vos apprenants certifiés ; une réponse prise par téléphone se saisit ici."
            ),
            order=22,
        )
    )
    programmes = Programme.objects.of_provider(actor.organisation_id).aggregate(
        published=Count("pk", filter=Q(is_published=True)),
        awaiting=Count("pk", filter=Q(status=Programme.Status.SUBMITTED)),
    )
    awaiting = programmes["awaiting"]
    items.append(
        LiveItem(
            label=ngettext(
                "programme publié au catalogue",
                "programmes publiés au catalogue",
                programmes["published"],
            ),
            url=reverse("training:my_programmes"),
            count=programmes["published"],
            detail=ngettext(
                "%(count)s attend la décision de label de la fédération.",
                "%(count)s attendent la décision de label de la fédération.",
                awaiting,
            )
            % {"count": awaiting}
            if awaiting
            else "",
            empty=_("Vous n'avez encore publié aucun programme."),
            empty_link=_("Créer un programme"),
            order=23,
        )
    )
    return items


def _federation_items() -> list[LiveItem]:
    awaiting = Programme.objects.awaiting_label().count()
    return [
        LiveItem(
            label=ngettext("demande de label à décider", "demandes de label à décider", awaiting),
            url=reverse("training:label_queue"),
            count=awaiting,
            detail=_("Les formations qui attendent la décision de la fédération."),
            empty=_("Aucune demande de label n'attend votre décision."),
            empty_link=_("Voir la file du label"),
            order=20,
        )
    ]


def _learner_items(actor: Actor) -> list[LiveItem]:
    mine = Enrolment.objects.of_learner(actor.user.pk if actor.user else None).aggregate(
        ongoing=Count(
            "pk",
            filter=Q(
                status__in=(
                    Enrolment.Status.REQUESTED,
                    Enrolment.Status.WAITLISTED,
                    Enrolment.Status.ACCEPTED,
                    Enrolment.Status.ATTENDING,
                )
            ),
        ),
        certified=Count("certificate", filter=Q(certificate__revoked_at__isnull=True)),
    )
    url = reverse("training:my_enrolments")
    return [
        LiveItem(
            label=ngettext("inscription en cours", "inscriptions en cours", mine["ongoing"]),
            url=url,
            count=mine["ongoing"],
            detail=_(
                "Demandes envoyées, places acceptées ou sur liste d'attente, formations suivies."
            ),
            empty=_("Vous n'êtes inscrit à aucune formation pour l'instant."),
            empty_link=_("Trouver une formation"),
            order=20,
        ),
        LiveItem(
            label=ngettext("certificat obtenu", "certificats obtenus", mine["certified"]),
            url=url,
            count=mine["certified"],
            detail=_("À télécharger en PDF, vérifiables par un employeur."),
            order=21,
        ),
    ]


def _catalogue_item() -> LiveItem:
    published = Programme.objects.published().count()
    return LiveItem(
        label=ngettext(
            "formation au numérique au catalogue", "formations au numérique au catalogue", published
        ),
        url=reverse("training:catalogue"),
        count=published,
        detail=_("Par domaine, public, commune et financement."),
        order=40,
    )


def _steps(actor: Actor) -> list[NextStep]:
    if actor.is_provider:
        return [
            NextStep(
                _("Mes formations"),
                _("Vos programmes, leurs sessions et les inscriptions à traiter."),
                reverse("training:my_programmes"),
                order=20,
            ),
            NextStep(
                _("Certificats délivrés"),
                _("Les certificats signés par votre organisme ; les révoquer si besoin."),
                reverse("training:certificate_list"),
                order=21,
            ),
            NextStep(
                _("Suivis à six mois"),
                _(
                    "Ce que deviennent vos apprenants certifiés ; saisir une réponse prise par téléphone."
                ),
                reverse("training:followup_list"),
                order=22,
            ),
        ]
    indicators = NextStep(
        _("Indicateur : personnes certifiées et emploi à six mois"),
        _("Par formation, organisme, domaine et EPCI, avec le taux de réponse."),
        reverse("training:indicators"),
        order=21,
    )
    if actor.is_federation:
        return [
            NextStep(
                _("Demandes de label"),
                _("Les formations qui attendent la décision de la fédération."),
                reverse("training:label_queue"),
                order=20,
            ),
            indicators,
        ]
    if actor.is_epci:
        return [indicators]
    steps = [
        NextStep(
            _("Trouver une formation"),
            _("Le catalogue des formations au numérique en Martinique."),
            reverse("training:catalogue"),
            order=40,
        ),
        NextStep(
            _("Vérifier un certificat"),
            _("Un certificat délivré dans Lakou se vérifie ici, par son lien ou son fichier."),
            reverse("training:certificate_check"),
            order=55,
        ),
    ]
    if actor.is_person:
        steps.insert(
            0,
            NextStep(
                _("Mes formations"),
                _("Vos demandes d'inscription, leur réponse et vos certificats."),
                reverse("training:my_enrolments"),
                order=20,
            ),
        )
    return steps


@register_home
def home(actor: Actor) -> HomePart:
    if actor.is_provider:
        items = _provider_items(actor)
    elif actor.is_federation:
        items = _federation_items()
    elif actor.is_person:
        items = _learner_items(actor)
    elif actor.is_epci or actor.is_auditor or actor.is_company:
        items = []
    else:
        items = [_catalogue_item()]
    return HomePart(items=items, steps=_steps(actor))
