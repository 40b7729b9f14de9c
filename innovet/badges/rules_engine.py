"""Automatic awarding: which people meet a rule, read from the participation ledger (or materials).

Evaluation is idempotent: people who already hold the badge are excluded in SQL, and the unique
constraint (achievement, recipient) is the backstop when two workers evaluate at once.
"""

from django.contrib.auth import get_user_model
from django.db.models import CharField, Count
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from innovet.participation import selectors as participation
from innovet.participation.models import ActivityKind

from .models import Award, AwardRule, RuleKind


def _event_kind_labels():
    from innovet.events.models import EventKind

    return dict(EventKind.choices)


def describe_rule(rule):
    if rule.kind == RuleKind.MATERIAL:
        text = _("mee-auteur van lesmateriaal dat een pedagogisch begeleider goedkeurde")
    else:
        what = (
            dict(ActivityKind.choices).get(rule.activity_kind, _("een activiteit"))
            if rule.activity_kind
            else _("een activiteit")
        )
        text = _("deelgenomen aan %(what)s") % {"what": str(what).lower()}
        if rule.event_kind:
            text += _(" van de soort '%(kind)s'") % {"kind": _event_kind_labels().get(rule.event_kind, rule.event_kind)}
        if rule.title_contains:
            text += _(" met '%(t)s' in de titel") % {"t": rule.title_contains}
        if rule.active_role_required:
            text += _(", met een actieve rol")
        if rule.organised_by_issuer:
            text += _(", georganiseerd door %(org)s") % {"org": rule.achievement.issuer.name}
        if rule.min_count > 1:
            text += _(" (minstens %(n)d keer)") % {"n": rule.min_count}
    if rule.since:
        text += _(", vanaf %(d)s") % {"d": rule.since.strftime("%d/%m/%Y")}
    return text


def qualifying_person_ids(rule, person=None):
    """Ids of people who meet the rule and do not hold the badge yet."""
    holders = Award.objects.filter(achievement_id=rule.achievement_id, recipient__isnull=False).values("recipient_id")
    if rule.kind == RuleKind.MATERIAL:
        from innovet.materials.models import Author, Review

        qs = Author.objects.filter(material__versions__reviews__decision=Review.Decision.APPROVED, user__is_active=True)
        if rule.since:
            qs = qs.filter(material__versions__reviews__created_at__date__gte=rule.since)
        if person is not None:
            qs = qs.filter(user=person)
        return set(qs.exclude(user_id__in=holders).values_list("user_id", flat=True).distinct())

    qs = participation.participations(
        person=person,
        organiser=rule.achievement.issuer if rule.organised_by_issuer else None,
        kind=rule.activity_kind or None,
        since=rule.since,
    ).exclude(person=None)
    if rule.active_role_required:
        qs = qs.active_roles()
    if rule.title_contains:
        qs = qs.filter(title__icontains=rule.title_contains)
    if rule.event_kind:
        # The ledger points at a session (generic reference); the kind lives on its event.
        from innovet.events.models import Session

        sessions = Session.objects.filter(slot__day__event__kind=rule.event_kind).values(
            pk_text=Cast("pk", CharField())
        )
        qs = qs.filter(kind=ActivityKind.EVENT_SESSION, activity_id__in=sessions)
    rows = (
        qs.exclude(person_id__in=holders)
        .filter(person__is_active=True)
        .order_by()
        .values("person_id")
        .annotate(n=Count("id"))
        .filter(n__gte=rule.min_count)
    )
    return {row["person_id"] for row in rows}


def evaluate_rule(rule, person=None):
    """Award the rule's badge to everyone who now meets it. Returns how many were awarded."""
    from . import services

    if not (rule.is_active and rule.achievement.is_active):
        return 0
    ids = qualifying_person_ids(rule, person=person)
    awarded = 0
    for user in get_user_model().objects.filter(pk__in=ids).order_by("pk"):
        _award, created = services.award_by_rule(rule, user)
        awarded += created
    return awarded


def active_rules():
    return AwardRule.objects.filter(is_active=True, achievement__is_active=True).select_related(
        "achievement", "achievement__issuer"
    )


def evaluate_all(person=None, kind=None):
    rules = active_rules()
    if kind is not None:
        rules = rules.filter(kind=kind)
    return sum(evaluate_rule(rule, person=person) for rule in rules)
