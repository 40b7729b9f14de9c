"""Demo: substitution offers from data/demo_offers.yaml (Syntra-like activities, sector offers, a pool of
substitutes), a leerplan note by the demo pedagogical adviser, and requests: one for the demo teacher's
placement (open), one confirmed."""

from pathlib import Path

import yaml

from innovet.geo.models import Province
from innovet.organisations.models import Organisation
from innovet.placements.models import Application, ApplicationStatus
from innovet.taxonomy.models import Term

from . import services
from .models import SubstitutionOffer, SubstitutionRequest

DATA = Path(__file__).parent / "data" / "demo_offers.yaml"


def load(ctx):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    by_name = {o.name: o for o in Organisation.objects.all()}
    provinces = {p.slug: p for p in Province.objects.all()}
    terms = {(t.vocabulary.code, t.code): t for t in Term.objects.select_related("vocabulary")}
    admin = ctx.users["admin"]
    offers = []
    for spec in data["offers"]:
        provider = by_name.get(spec["provider"])
        if provider is None:
            continue
        offer = SubstitutionOffer.objects.filter(provider=provider, title=spec["title"]).first()
        if offer is None:
            offer = services.create_offer(
                admin,
                provider,
                {
                    "kind": spec["kind"],
                    "title": spec["title"],
                    "description": spec["description"],
                    "subjects": spec["subjects"],
                    "conditions": spec["conditions"],
                    "free": spec["free"],
                    "cost_note": spec.get("cost_note", ""),
                    "lead_days": spec["lead_days"],
                    "contact_email": spec["contact_email"],
                    "provinces": [provinces[s] for s in spec["provinces"]],
                    "studiedomeinen": [terms[("studiedomein", c)] for c in spec["studiedomeinen"]],
                    "graden": [terms[("graad", str(c))] for c in spec["graden"]],
                    "onderwijsvormen": [terms[("onderwijsvorm", c)] for c in spec["onderwijsvormen"]],
                },
                publish=True,
            )
        adviser = ctx.users.get("pbd")
        if "fit" in spec and adviser is not None:
            services.annotate_fit(adviser, offer, spec["fit"][0], spec["fit"][1])
        offers.append(offer)

    # The Hasselt teacher's accepted placement: substitution asked, accepted and confirmed.
    accepted = Application.objects.filter(
        status=ApplicationStatus.ACCEPTED, teacher=ctx.users.get("leerkracht2")
    ).first()
    pool = next((o for o in offers if o.kind == "vervangerspool"), None)
    if (
        accepted is not None
        and pool is not None
        and not SubstitutionRequest.objects.filter(source_id=str(accepted.pk)).exists()
    ):
        request = services.create_request(
            accepted.teacher, "bedrijfsstage", accepted, {"subject": "Praktijk bouw", "class_group": "5BO"}
        )
        services.propose(accepted.teacher, request, pool)
        services.answer(admin, request, True)
        services.confirm(admin, request)
    ctx.say(f"    {len(offers)} vervangingsaanbiedingen, {SubstitutionRequest.objects.count()} aanvragen")
