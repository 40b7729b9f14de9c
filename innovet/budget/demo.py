"""Demo: two schools with a nascholingsbudget, parts per vakgroep or teacher, costs in every state and a
nascholingsplan whose priorities answer the school's needs (from data/demo_budgets.yaml, through the services)."""

from pathlib import Path

import yaml
from django.contrib.auth import get_user_model

from innovet.core.demo_registry import DEMO_PASSWORD
from innovet.organisations.models import Membership, Organisation, Role
from innovet.taxonomy.models import Term

from . import services
from .models import Cost, CostStatus, SchoolBudget, current_school_year

DATA = Path(__file__).parent / "data" / "demo_budgets.yaml"


def _director(spec, school):
    User = get_user_model()
    user = User.objects.filter(email=spec["director"]).first()
    if user is None:
        first, last = spec.get("director_name", ["Directeur", "Demo"])
        user = User.objects.create_user(
            email=spec["director"], password=DEMO_PASSWORD, first_name=first, last_name=last
        )
    Membership.objects.get_or_create(
        user=user, organisation=school, defaults={"role": Role.DIRECTOR, "is_manager": True}
    )
    return user


def _offer(word):
    from innovet.catalogue.models import Offer

    return Offer.objects.published().filter(title__icontains=word).order_by("id").first() if word else None


def load(ctx):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    User = get_user_model()
    themes = {t.code: t for t in Term.objects.of("thema")}
    year = current_school_year()
    for spec in data["schools"]:
        school = Organisation.objects.filter(slug=spec["school"]).first()
        if school is None:
            continue
        SchoolBudget.objects.filter(school=school, school_year=year).delete()
        director = _director(spec, school)
        budget = services.set_budget(director, school, year, spec["amount"], spec["threshold"])
        for allocation in spec.get("allocations", []):
            person = User.objects.filter(email=allocation.get("person", "")).first()
            services.set_allocation(
                director, budget, allocation["amount"], person=person, vakgroep=allocation.get("vakgroep", "")
            )
        plan = spec["plan"]
        services.save_plan(director, budget, plan["introduction"])
        priorities = []
        for p in plan["priorities"]:
            theme = themes.get(p.get("theme"))
            needs = list(school.needs.filter(themes=theme)[:3]) if theme else []
            priorities.append(
                services.add_priority(
                    director, budget, title=p["title"], description=p.get("description", ""), theme=theme, needs=needs
                )
            )
        for c in spec.get("costs", []):
            offer = _offer(c.get("offer"))
            cost = services.add_cost(
                director,
                budget,
                title=c["title"],
                amount=c["amount"],
                person=User.objects.filter(email=c.get("person", "")).first(),
                vakgroep=c.get("vakgroep", ""),
                theme=themes.get(c.get("theme")),
                priority=priorities[c["priority"] - 1] if c.get("priority") else None,
                source=offer,
                url=offer.get_absolute_url() if offer else "",
            )
            wanted = c.get("status", CostStatus.PLANNED)
            if wanted in (CostStatus.COMMITTED, CostStatus.SPENT) and cost.status == CostStatus.PLANNED:
                services.approve_cost(director, cost)
            if wanted == CostStatus.SPENT:
                services.mark_spent(director, Cost.objects.get(pk=cost.pk))
        ctx.say(f"    nascholingsbudget {year} voor {school.name}")
