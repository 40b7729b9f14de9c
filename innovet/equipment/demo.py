"""Demo: two Diagnose Car sets in rotation (data/demo_sets.yaml). Schools apply, the owner builds the
rotation, the first school's handover is recorded step by step (so it has the set), and one school drops
out and is replaced from the waiting list."""

from datetime import timedelta
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.utils import timezone

from innovet.core.demo_registry import DEMO_PASSWORD
from innovet.organisations.models import Membership, Organisation, OrganisationKind, Role
from innovet.organisations.permissions import SCHOOL_STAFF_ROLES, forget_memberships

from . import services
from .models import EquipmentSet

DATA = Path(__file__).parent / "data" / "demo_sets.yaml"


def _school(town, used):
    for school in Organisation.objects.filter(kind=OrganisationKind.SCHOOL, municipality__icontains=town).order_by(
        "id"
    ):
        if school.pk not in used:
            return school
    return None


def _staff(school):
    m = (
        Membership.objects.filter(organisation=school, role__in=SCHOOL_STAFF_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return m.user if m else None


def load(ctx):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    owner = Organisation.objects.filter(name=data["owner"]).first()
    if owner is None:
        return
    account = data["account"]
    user = get_user_model().objects.filter(email=account["email"]).first()
    if user is None:
        user = get_user_model().objects.create_user(
            email=account["email"],
            password=DEMO_PASSWORD,
            first_name=account["first_name"],
            last_name=account["last_name"],
        )
    Membership.objects.get_or_create(
        user=user, organisation=owner, defaults={"role": Role.ORG_ADMIN, "is_manager": True}
    )
    forget_memberships(user)
    ctx.users["diagnosecar"] = user
    EquipmentSet.objects.filter(owner=owner).delete()
    started = timezone.localdate() - timedelta(weeks=6)
    for spec in data["sets"]:
        equipment = services.save_set(
            user,
            owner,
            {
                "name": spec["name"],
                "description": spec["description"],
                "rotation_months": spec["rotation_months"],
                "conditions": spec["conditions"],
                "requires_training": spec["requires_training"],
                "checklist": "\n".join(spec["checklist"]),
            },
        )
        used = set()
        for town in spec["schools"]:
            school = _school(town, used)
            applicant = _staff(school) if school else None
            if applicant is None:
                continue
            used.add(school.pk)
            application = services.apply(
                applicant, equipment, school, "Onze leerlingen autotechniek werken zo met een recente wagen.", True
            )
            if not application.conditions_met:
                services.set_conditions(user, application, True)
        turns = sorted(services.build_rotation(user, equipment, start=started), key=lambda t: t.starts_on)
        if not turns:
            continue
        for item in equipment.checklist.all():
            services.record_step(user, turns[0], item, "In orde bij aflevering.")
        if len(turns) > 3:
            # The third school drops out; a late application takes its place.
            late = _school("Brussel", used) or _school("Vilvoorde", used)
            late_staff = _staff(late) if late else None
            if late_staff:
                services.apply(late_staff, equipment, late, "Graag, als er een plaats vrijkomt.", True)
                services.set_conditions(user, equipment.applications.get(school=late, status="wachtend"), True)
            services.drop_out(user, turns[2], "De werkplaats wordt dit schooljaar verbouwd.")
    ctx.say(f"    {len(data['sets'])} sets gedeelde uitrusting in rotatie, account {account['email']}")
