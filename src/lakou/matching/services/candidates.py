"""Employers and providers: the visible profiles ranked for one of their opportunities (with the
engine's reasons, never an e-mail), contact through Lakou (the person's e-mail shows only once
they answer), and the companies likely to hire in an occupation."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lakou.accounts.models import Organisation
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.notifications import notify_by_email
from lakou.core.throttle import Limit, throttle_hit
from lakou.core.validators import SHORT_TEXT_MAX_LENGTH
from lakou.diagnostics.models import NeedMode, SkillNeed
from lakou.matching import engine
from lakou.matching.models import ContactRequest, Profile
from lakou.matching.services.learning import weights_in_force
from lakou.matching.services.opportunities import CachedTable, OpportunityRef, opportunity_table
from lakou.matching.services.suggestions import engine_profile_of
from lakou.partnerships.models import Agreement, Offer
from lakou.skills.models import Occupation
from lakou.training.models import FollowUp
from lakou.training.models.followup import EMPLOYED_SITUATIONS

CANDIDATES_SHOWN = 30
MESSAGE_MAX_LENGTH = SHORT_TEXT_MAX_LENGTH
# An organisation writes to at most this many people a day (a message e-mails a person).
CONTACTS_PER_DAY = 20
DAY = 24 * 3600


class ContactError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Candidate:
    profile: Profile
    score: float
    texts: tuple[str, ...]
    contact: ContactRequest | None = None


def display_name(profile: Profile) -> str:
    """First name and initial: enough to tell candidates apart, not to find them elsewhere."""
    user = profile.user
    first = (user.first_name or "").strip()
    last = (user.last_name or "").strip()
    if not first:
        return _("Candidat n° %(n)s") % {"n": profile.pk}
    return f"{first} {last[:1]}." if last else first


def candidates_for(
    *, organisation_id: int, ref: OpportunityRef, cached: CachedTable | None = None
) -> list[Candidate]:
    """The visible profiles the engine ranks for this opportunity, best first (hard rules
    applied: too far, not available, not for them are left out). Empty when the opportunity is
    not open."""
    cached = cached or opportunity_table()
    rows = cached.rows_of.get(ref, [])
    if not rows:
        return []
    profiles = list(
        Profile.objects.visible()
        .select_related("user", "commune")
        .defer("commune__boundary")
        .prefetch_related("competences", "target_occupations")
    )
    if not profiles:
        return []
    people = [engine_profile_of(p, cached) for p in profiles]
    # The opportunity alone, on the big table's vocabulary and communes.
    opportunities = [cached.table.opportunities[row] for row in rows]
    small = engine.OpportunityTable(
        [dataclasses.replace(o, id=i) for i, o in enumerate(opportunities)],
        vocabulary=cached.table.vocabulary,
        centroids=cached.centroids,
        today=cached.table.today,
        occupation_parents=cached.table.parents,
    )
    scores = small.scores(people, weights_in_force())
    best = scores.max(axis=0)
    where = scores.argmax(axis=0)
    order = [int(j) for j in sorted(range(len(people)), key=lambda j: (-best[j], profiles[j].pk))]
    kept = [j for j in order if best[j] > engine.EXCLUDED][:CANDIDATES_SHOWN]
    contacts = {
        c.profile_id: c
        for c in ContactRequest.objects.filter(
            organisation_id=organisation_id, profile_id__in=[profiles[j].pk for j in kept]
        ).order_by("created_at", "pk")
    }
    out = []
    for j in kept:
        reasons = engine.reasons(people[j], small, int(where[j]))
        out.append(
            Candidate(
                profile=profiles[j],
                score=float(best[j]),
                texts=tuple(
                    _third_person(t)
                    for t in engine.render_reasons(reasons, occupations=cached.occupation_labels)
                ),
                contact=contacts.get(profiles[j].pk),
            )
        )
    return out


# The engine speaks to the person; the organisation reads about them.
_THIRD_PERSON = (
    ("de chez vous", "de chez elle"),
    ("dans votre commune", "dans sa commune"),
    ("le métier que vous visez", "le métier qu'elle vise"),
    ("celui que vous visez", "celui qu'elle vise"),
    ("qui vous manquent", "qui lui manquent"),
    ("qui vous manque", "qui lui manque"),
    ("votre métier visé", "son métier visé"),
    ("vos métiers visés", "ses métiers visés"),
    ("de vos disponibilités", "de ses disponibilités"),
    ("où vous êtes disponible", "où elle est disponible"),
    ("gratuit pour vous", "gratuit pour elle"),
    ("que vous pouvez utiliser", "qu'elle peut utiliser"),
    ("votre CPF", "son CPF"),
    ("votre employeur", "son employeur"),
)


def _third_person(text: str) -> str:
    for you, they in _THIRD_PERSON:
        text = text.replace(you, they)
    return text


# ---------------------------------------------------------------- contact


def _clean_message(message: str) -> str:
    message = message.strip()
    if not message:
        raise ContactError(_("Écrivez votre message."), field="message")
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ContactError(
            _("Le message tient en %(n)s caractères au plus.") % {"n": MESSAGE_MAX_LENGTH},
            field="message",
        )
    return message


def contact_request_create(*, actor: Actor, profile: Profile, message: str) -> ContactRequest:
    """An organisation writes to a visible person through Lakou; the person gets an e-mail with
    a link to answer. Refused: a hidden profile, a second unanswered message, more than
    CONTACTS_PER_DAY a day."""
    if actor.organisation_id is None or actor.user is None:
        raise ContactError(_("Seule une organisation écrit à un candidat."))
    message = _clean_message(message)
    with transaction.atomic():
        locked = Profile.objects.select_for_update().select_related("user").get(pk=profile.pk)
        if not locked.is_visible:
            raise ContactError(
                _("Cette personne ne montre plus son profil : vous ne pouvez pas lui écrire.")
            )
        if ContactRequest.objects.filter(
            profile=locked, organisation_id=actor.organisation_id, answered_at__isnull=True
        ).exists():
            raise ContactError(
                _("Vous lui avez déjà écrit : attendez sa réponse avant d'écrire à nouveau."),
                field="message",
            )
        if throttle_hit(
            "matching-contact",
            [Limit("organisation", str(actor.organisation_id), CONTACTS_PER_DAY, window=DAY)],
        ):
            raise ContactError(
                _("Votre organisation a écrit à %(n)s personnes aujourd'hui : réessayez demain.")
                % {"n": CONTACTS_PER_DAY}
            )
        contact = ContactRequest.objects.create(
            profile=locked,
            organisation_id=actor.organisation_id,
            sender=actor.user,
            message=message,
        )
        audit_record(actor=actor, action="matching.contact", obj=contact)
        if locked.user.email:
            notify_by_email(
                to=[locked.user.email],
                subject=_("Une organisation souhaite vous contacter"),
                template="matching/suggestions/emails/contact.txt",
                context={
                    "organisation": actor.organisation.name if actor.organisation else "",
                    "message": message,
                    "url": settings.SITE_URL
                    + reverse("matching:contact_answer", kwargs={"pk": contact.pk}),
                },
            )
    return contact


def contact_answer(*, actor: Actor, contact: ContactRequest, answer: str) -> ContactRequest:
    """The person answers on Lakou: from then on the organisation sees their e-mail."""
    if actor.user is None or contact.profile.user_id != actor.user.pk:
        raise ContactError(_("Seule la personne à qui le message est adressé y répond."))
    answer = answer.strip()
    if not answer:
        raise ContactError(_("Écrivez votre réponse."), field="answer")
    if len(answer) > MESSAGE_MAX_LENGTH:
        raise ContactError(
            _("La réponse tient en %(n)s caractères au plus.") % {"n": MESSAGE_MAX_LENGTH},
            field="answer",
        )
    with transaction.atomic():
        locked = ContactRequest.objects.select_for_update().get(pk=contact.pk)
        if locked.answered_at is not None:
            raise ContactError(_("Vous avez déjà répondu à ce message."))
        locked.answer = answer
        locked.answered_at = timezone.now()
        locked.save(update_fields=["answer", "answered_at"])
        audit_record(actor=actor, action="matching.contact_answer", obj=locked)
        if locked.sender is not None and locked.sender.email:
            notify_by_email(
                to=[locked.sender.email],
                subject=_("Une personne vous a répondu"),
                template="matching/suggestions/emails/answered.txt",
                context={
                    "answer": answer,
                    "email": actor.user.email,
                    "url": settings.SITE_URL + reverse("matching:contacts_sent"),
                },
            )
    return locked


# ---------------------------------------------------------------- companies likely to hire


@dataclass
class CompanyLead:
    organisation: Organisation
    score: float = 0.0
    texts: list[str] = field(default_factory=list)


# What each sign weighs: a declared recruitment need counts most, then an open offer.
NEED_POINTS = 3.0
OPEN_OFFER_POINTS = 3.0
PAST_OFFER_POINTS = 1.0
PLACEMENT_POINTS = 2.0
FOLLOW_UP_POINTS = 2.0
LOOKBACK_DAYS = 2 * 365
COMPANIES_SHOWN = 20


def companies_for_occupation(
    *, occupation: Occupation, commune_id: int | None = None
) -> list[CompanyLead]:
    """Companies to approach with a spontaneous application in this occupation (its ROME fiche
    and those of the same parent), from Lakou's own data, best first, with reasons."""
    since = timezone.localdate() - timedelta(days=LOOKBACK_DAYS)
    family = Q(code_rome=occupation.code_rome) | Q(parent_code=occupation.parent_code or "-")
    codes = list(Occupation.objects.filter(family).values_list("pk", flat=True))
    leads: dict[int, CompanyLead] = {}
    facts: defaultdict[int, dict[str, int]] = defaultdict(dict)

    for company_id, headcount in (
        SkillNeed.objects.filter(
            mode=NeedMode.RECRUIT, occupation_id__in=codes, recorded_on__gte=since
        )
        .values("company_id")
        .annotate(n=Sum("headcount"))
        .values_list("company_id", "n")
    ):
        facts[company_id]["need"] = int(headcount or 0)
    for company_id, open_count, past_count in (
        Offer.objects.filter(occupation_id__in=codes)
        .exclude(status=Offer.Status.DRAFT)
        .filter(Q(status=Offer.Status.PUBLISHED) | Q(closed_at__date__gte=since))
        .values("company_id")
        .annotate(
            open=Count("pk", filter=Q(status=Offer.Status.PUBLISHED)),
            past=Count("pk", filter=~Q(status=Offer.Status.PUBLISHED)),
        )
        .values_list("company_id", "open", "past")
    ):
        facts[company_id]["open"] = open_count
        facts[company_id]["past"] = past_count
    placements = Agreement.objects.filter(
        application__offer__occupation_id__in=codes,
        status__in=[
            Agreement.Status.SIGNED,
            Agreement.Status.ACTIVE,
            Agreement.Status.ENDED,
        ],
        ends_on__gte=since,
    )
    for company_id, n in (
        placements.values("company_id").annotate(n=Count("pk")).values_list("company_id", "n")
    ):
        facts[company_id]["placements"] = n
    # Six-month follow-ups: a person employed in the occupation who had a placement with the
    # company (the follow-up does not name the employer; the placement says where they were).
    employed = FollowUp.objects.answered().filter(
        situation__in=EMPLOYED_SITUATIONS, occupation_id__in=codes, answered_at__date__gte=since
    )
    for company_id, n in (
        Agreement.objects.filter(
            learner_id__in=employed.values("certificate__learner_id"),
            status__in=[Agreement.Status.ACTIVE, Agreement.Status.ENDED],
        )
        .values("company_id")
        .annotate(n=Count("learner_id", distinct=True))
        .values_list("company_id", "n")
    ):
        facts[company_id]["follow_ups"] = n

    companies = (
        Organisation.objects.filter(pk__in=list(facts), kind=Organisation.Kind.COMPANY)
        .select_related("commune")
        .defer("commune__boundary")
    )
    for company in companies:
        lead = CompanyLead(organisation=company)
        f = facts[company.pk]
        if f.get("need"):
            lead.score += NEED_POINTS * min(f["need"], 5)
            lead.texts.append(
                ngettext(
                    "a déclaré vouloir recruter %(n)s personne dans ce métier",
                    "a déclaré vouloir recruter %(n)s personnes dans ce métier",
                    f["need"],
                )
                % {"n": f["need"]}
            )
        if f.get("open"):
            lead.score += OPEN_OFFER_POINTS * min(f["open"], 3)
            lead.texts.append(
                ngettext(
                    "%(n)s offre ouverte sur Lakou dans ce métier",
                    "%(n)s offres ouvertes sur Lakou dans ce métier",
                    f["open"],
                )
                % {"n": f["open"]}
            )
        if f.get("past"):
            lead.score += PAST_OFFER_POINTS * min(f["past"], 3)
            lead.texts.append(
                ngettext(
                    "a déjà publié %(n)s offre dans ce métier",
                    "a déjà publié %(n)s offres dans ce métier",
                    f["past"],
                )
                % {"n": f["past"]}
            )
        if f.get("placements"):
            lead.score += PLACEMENT_POINTS * min(f["placements"], 3)
            lead.texts.append(
                ngettext(
                    "a accueilli %(n)s stagiaire ou alternant dans ce métier",
                    "a accueilli %(n)s stagiaires ou alternants dans ce métier",
                    f["placements"],
                )
                % {"n": f["placements"]}
            )
        if f.get("follow_ups"):
            lead.score += FOLLOW_UP_POINTS * min(f["follow_ups"], 3)
            lead.texts.append(
                ngettext(
                    "%(n)s personne passée chez elle en stage ou en alternance travaille dans ce métier six mois après sa formation",
                    "%(n)s personnes passées chez elle en stage ou en alternance travaillent dans ce métier six mois après leur formation",
                    f["follow_ups"],
                )
                % {"n": f["follow_ups"]}
            )
        if commune_id is not None and company.commune_id == commune_id:
            lead.score += 1.0
            lead.texts.append(_("dans votre commune"))
        leads[company.pk] = lead
    ranked = sorted(leads.values(), key=lambda lead: (-lead.score, lead.organisation.name))
    return ranked[:COMPANIES_SHOWN]


def sent_contacts(organisation_id: int) -> Sequence[ContactRequest]:
    """What the organisation wrote, newest first, with the person (the e-mail is shown only
    for an answered one: see the template)."""
    return list(
        ContactRequest.objects.filter(organisation_id=organisation_id)
        .select_related("profile__user")
        .order_by("-created_at", "-pk")
    )
