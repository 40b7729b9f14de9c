"""Demo badges (data/demo_badges.yaml): defined by the issuers' managers, awarded by the rule engine."""

from datetime import timedelta
from pathlib import Path

import yaml
from django.utils import timezone

from innovet.organisations.models import Membership, Organisation
from innovet.participation import services as participation
from innovet.taxonomy.models import Term

from . import rules_engine, services
from .models import Achievement, Award

DATA = Path(__file__).with_name("data") / "demo_badges.yaml"


def _manager(organisation, ctx):
    membership = (
        Membership.objects.filter(organisation=organisation, is_manager=True).select_related("user").first()
        or Membership.objects.filter(organisation=organisation).select_related("user").first()
    )
    if membership is None:
        # No member yet (RTC West-Vlaanderen in the demo): the platform administrator sets the badge up.
        return ctx.users.get("admin")
    if not membership.is_manager:  # the demo gives one member of each issuer the right to issue
        Membership.objects.filter(pk=membership.pk).update(is_manager=True)
    from innovet.organisations.permissions import forget_memberships

    forget_memberships(membership.user)
    return membership.user


def load(ctx):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    by_name = {o.name: o for o in Organisation.objects.filter(name__in=_names(data))}
    today = timezone.localdate()
    for spec in data["placements"]:
        person = ctx.users.get(spec["person"])
        if person is None:
            continue
        participation.record_participation(
            person=person,
            activity=by_name[spec["company"]],
            kind="bedrijfsstage",
            title=spec["title"],
            date=today - timedelta(weeks=spec["weeks_ago"]),
            hours=spec["hours"],
            role=spec["role"],
            school=next((m.organisation for m in person.memberships.all() if m.organisation.is_school), None),
            organiser=by_name[spec["organiser"]],
            province=by_name[spec["organiser"]].province,
        )
    awarded = 0
    for spec in data["badges"]:
        issuer = by_name[spec["issuer"]]
        manager = _manager(issuer, ctx)
        if manager is None:
            continue
        Achievement.objects.filter(issuer=issuer, name=spec["name"], awards__isnull=True).delete()
        achievement = Achievement.objects.filter(issuer=issuer, name=spec["name"]).first()
        if achievement is None:
            achievement = services.create_achievement(
                manager,
                issuer,
                {
                    "name": spec["name"],
                    "description": spec["description"],
                    "criteria": spec["criteria"],
                    "valid_for_days": spec.get("valid_for_days"),
                    "skills": list(Term.objects.of("esco").filter(code__in=spec.get("skills", []))),
                },
            )
            for rule_spec in spec.get("rules", []):
                services.add_rule(manager, achievement, rule_spec, evaluate=False)
        for rule in achievement.rules.filter(is_active=True):
            awarded += rules_engine.evaluate_rule(rule)
        revoke = spec.get("revoke")
        if revoke and not achievement.awards.filter(revoked_at__isnull=False).exists():
            for award in Award.objects.valid().filter(achievement=achievement).order_by("-pk")[: revoke["count"]]:
                services.revoke_award(manager, award, revoke["reason"])
    ctx.say(f"    {len(data['badges'])} badges, {awarded} uitgereikt uit de deelnames en het lesmateriaal")


def _names(data):
    names = {b["issuer"] for b in data["badges"]}
    for p in data["placements"]:
        names |= {p["company"], p["organiser"]}
    return names
