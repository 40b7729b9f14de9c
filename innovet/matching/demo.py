"""Demo needs, willingness to collaborate and brokered matches, after the examples in the study
(warmtepompen and zonnepanelen in installatietechniek, BIM in de bouw, cobots in mechatronica, Diagnose
Car lending cars to schools, digital skills in zorg, the 'zachte' sectors that are easily forgotten)."""

from datetime import timedelta

from django.utils import timezone

from innovet.organisations.models import OrganisationKind

from . import services, sources
from .models import Introduction, Need, Suggestion

# (organisation slug, title, description, resources, themes, studiedomeinen, region, radius, capacity)
WILLINGNESS = [
    (
        "elektro-vermeulen",
        "Leerkrachten meedraaien op werven met zonnepanelen en thuisbatterijen",
        "Een leerkracht loopt een week mee met onze installateurs en krijgt een aanspreekpunt voor vragen achteraf.",
        ["stageplaatsen", "personeel"],
        ["zonnepanelen", "energieopslag", "smart-grids"],
        ["stem"],
        "straal",
        40,
        3,
    ),
    (
        "bouwbedrijf-de-smet",
        "BIM-werf openstellen voor leerkrachten bouw",
        "Onze BIM-coördinator toont hoe een werf digitaal wordt opgevolgd; leerkrachten kunnen een dag meevolgen.",
        ["bedrijfsinfrastructuur", "stageplaatsen"],
        ["bim", "isolatietechnieken"],
        ["stem"],
        "straal",
        35,
        2,
    ),
    (
        "maes-metaalconstructie",
        "Lasrobot en 3D-printer ter beschikking voor scholen",
        "Vakgroepen metaal kunnen op woensdagnamiddag oefenen op onze lasrobot.",
        ["bedrijfsinfrastructuur", "personeel"],
        ["robotica-automatisering", "3d-printing"],
        ["stem"],
        "straal",
        40,
        4,
    ),
    (
        "janssens-automatisering",
        "Coaching bij PLC- en cobotprojecten in de klas",
        "Een ingenieur coacht leerkrachten mechatronica bij een klasproject met een cobot; "
        "we lenen een demo-opstelling.",
        ["personeel", "bestaand-materiaal"],
        ["cobots", "robotica-automatisering", "iot"],
        ["stem"],
        "straal",
        50,
        3,
    ),
    (
        "garage-peeters",
        "Stage voor leerkrachten autotechniek: elektrische en hybride wagens",
        "Leerkrachten werken een week mee in de werkplaats aan elektrische wagens (veiligheid hoogspanning).",
        ["stageplaatsen", "bestaand-materiaal"],
        ["elektrische-wagens"],
        ["stem"],
        "straal",
        30,
        2,
    ),
    (
        "warmte-klimaat-claes",
        "Opleidingsatelier warmtepompen open voor vakgroepen",
        "Praktijkdagen in ons atelier met werkende warmtepompen; ook voor teams van meerdere scholen samen.",
        ["personeel", "stageplaatsen", "bedrijfsinfrastructuur"],
        ["warmtepompen"],
        ["stem"],
        "straal",
        45,
        4,
    ),
    (
        "zorggroep-heilig-hart",
        "Leerkrachten zorg ontdekken de digitale zorgpraktijk",
        "Meelopen met zorgteams die werken met digitale dossiers, sensoren en domotica.",
        ["stageplaatsen", "personeel"],
        ["digitale-vaardigheden", "teamwork"],
        ["maatschappij-en-welzijn"],
        "straal",
        40,
        3,
    ),
    (
        "robotix-kortrijk",
        "Cobot in bruikleen voor een schooljaar",
        "We investeren in een cobot-opstelling in de school en trainen twee leerkrachten.",
        ["infrastructuur-scholen", "personeel"],
        ["cobots", "robotica-automatisering"],
        ["stem"],
        "straal",
        50,
        2,
    ),
    (
        "solar-limburg",
        "Werkplekleren zonnepanelen en energieopslag",
        "Leerkrachten elektriciteit werken mee bij plaatsing en onderhoud van installaties.",
        ["stageplaatsen"],
        ["zonnepanelen", "energieopslag"],
        ["stem"],
        "straal",
        50,
        3,
    ),
    (
        "composiet-solutions",
        "Proefstukken en materiaalstalen composieten voor de les",
        "Bestaand materiaal (stalen, proefstukken) en een rondleiding in de productiehal.",
        ["bestaand-materiaal", "bedrijfsinfrastructuur"],
        ["composieten", "kunststoffen"],
        ["stem"],
        "straal",
        60,
        5,
    ),
    (
        "van-hove-installaties",
        "Technici geven gastlessen warmtepompen en slimme netten",
        "Onze technici komen naar de school of ontvangen een vakgroep op een woensdagnamiddag.",
        ["personeel"],
        ["warmtepompen", "smart-grids"],
        ["stem"],
        "straal",
        40,
        4,
    ),
    (
        "fluvius",
        "Handleidingen en experts slimme meters en netbeheer",
        "Lesmateriaal over slimme meters en digitale netten; experts voor een lezing of workshop.",
        ["handleidingen", "personeel", "financiele-steun"],
        ["smart-grids", "energieopslag"],
        ["stem"],
        "vlaanderen",
        0,
        12,
    ),
    (
        "educam",
        "Opleiders autotechniek voor elektrische voertuigen",
        "Sectoropleiders begeleiden leerkrachten in het werken met hoogspanningsvoertuigen.",
        ["personeel", "handleidingen"],
        ["elektrische-wagens"],
        ["stem"],
        "vlaanderen",
        0,
        10,
    ),
    (
        "diagnose-car-vzw",
        "Moderne wagen vijf maanden in uw school",
        "Diagnose Car leent moderne wagens uit aan scholen, telkens vijf maanden per school.",
        ["bestaand-materiaal"],
        ["elektrische-wagens", "digitale-productie"],
        ["stem"],
        "vlaanderen",
        0,
        6,
    ),
    (
        "constructiv",
        "Handboeken en subsidie voor bijscholing BIM en isolatie",
        "Sectorale handleidingen en financiële steun voor leerkrachten bouw.",
        ["handleidingen", "financiele-steun"],
        ["bim", "isolatietechnieken"],
        ["stem"],
        "vlaanderen",
        0,
        20,
    ),
    (
        "agoria",
        "Experts Industrie 4.0 voor scholen",
        "Leden van Agoria leveren experts voor lezingen en workshops over smart industry en IoT.",
        ["personeel"],
        ["smart-industry", "iot", "big-data-cloud"],
        ["stem"],
        "vlaanderen",
        0,
        10,
    ),
    (
        "technocampus",
        "Mini-usine: leerkrachten ervaren een echte productieomgeving",
        "Opleidingscentrum met een mini-usine; vakgroepen kunnen een dag de productielijn gebruiken.",
        ["bedrijfsinfrastructuur"],
        ["smart-industry", "robotica-automatisering", "digitale-productie"],
        ["stem"],
        "straal",
        50,
        6,
    ),
    (
        "hotel-leopold",
        "Keuken en zaal open voor leerkrachten horeca: duurzaam koken",
        "Leerkrachten horeca lopen mee in een keuken die werkt met lokale en restproducten.",
        ["stageplaatsen"],
        ["duurzaamheid", "teamwork"],
        ["voeding-en-horeca"],
        "straal",
        40,
        2,
    ),
]

# (school slug or index into the generated schools, demo user key or None, title, need type, themes,
#  studiedomein, graden, participation, teachers, support forms, moments, budget, max km, description)
NEEDS = [
    (
        "vti-sint-jozef-gent",
        "leerkracht",
        "Bijscholing warmtepompen voor de vakgroep installatietechniek",
        "vaktechnisch",
        ["warmtepompen"],
        "stem",
        ["2", "3"],
        "team",
        5,
        ["workshops", "bedrijfsstages"],
        ["woensdagnamiddag"],
        90,
        40,
        "Onze leerlingen plaatsen steeds vaker warmtepompen op stage; de vakgroep wil de nieuwste toestellen kennen.",
    ),
    (
        "vti-sint-jozef-gent",
        "tac",
        "Werkplekleren rond zonnepanelen en thuisbatterijen",
        "vaktechnisch",
        ["zonnepanelen", "energieopslag"],
        "stem",
        ["3"],
        "individueel",
        1,
        ["bedrijfsstages"],
        ["schoolvakantie"],
        0,
        40,
        "Een leerkracht elektriciteit wil een week meedraaien bij een installateur.",
    ),
    (
        "vti-sint-jozef-gent",
        "directeur",
        "Samen lesmateriaal BIM ontwikkelen voor de derde graad bouw",
        "pedagogisch-didactisch",
        ["bim"],
        "stem",
        ["3"],
        "team",
        3,
        ["inhoud-lesmateriaal", "lesmateriaal"],
        ["pedagogische-studiedag"],
        70,
        50,
        "We zoeken een bouwbedrijf en andere scholen om samen een BIM-lessenreeks te maken.",
    ),
    (
        "go-technisch-atheneum-hasselt",
        "leerkracht2",
        "Cobots in de lessen mechatronica",
        "vaktechnisch",
        ["cobots", "robotica-automatisering"],
        "stem",
        ["3"],
        "team",
        3,
        ["coaching", "infrastructuur"],
        ["woensdagnamiddag"],
        100,
        50,
        "We willen een cobot inzetten in een geïntegreerde proef en zoeken begeleiding.",
    ),
    (
        "go-technisch-atheneum-hasselt",
        "leerkracht2",
        "Elektrische wagens: veilig werken met hoogspanning",
        "vaktechnisch",
        ["elektrische-wagens"],
        "stem",
        ["2", "3"],
        "team",
        4,
        ["workshops", "infrastructuur"],
        ["binnen-schooluren"],
        80,
        60,
        "De vakgroep autotechniek heeft geen elektrische wagen om op te oefenen.",
    ),
    (
        0,
        None,
        "IoT-sensoren in de les elektronica",
        "ict",
        ["iot"],
        "stem",
        ["2"],
        "team",
        2,
        ["workshops", "inhoud-lesmateriaal"],
        ["woensdagnamiddag"],
        80,
        40,
        "",
    ),
    (
        1,
        None,
        "3D-printen voor leerkrachten hout en metaal",
        "vaktechnisch",
        ["3d-printing"],
        "stem",
        ["2", "3"],
        "team",
        3,
        ["workshops", "infrastructuur"],
        ["buiten-schooluren"],
        100,
        30,
        "",
    ),
    (
        2,
        None,
        "Isolatietechnieken en luchtdichtheid in de bouwpraktijk",
        "vaktechnisch",
        ["isolatietechnieken"],
        "stem",
        ["2"],
        "team",
        4,
        ["bedrijfsstages", "workshops"],
        ["woensdagnamiddag"],
        75,
        40,
        "",
    ),
    (
        3,
        None,
        "Digitale vaardigheden in de zorgopleiding",
        "ict",
        ["digitale-vaardigheden"],
        "maatschappij-en-welzijn",
        ["2", "3"],
        "team",
        6,
        ["workshops", "bedrijfsstages"],
        ["pedagogische-studiedag"],
        60,
        40,
        "Zorg en welzijn 4.0: elektronische dossiers en domotica komen niet aan bod in onze lessen.",
    ),
    (
        4,
        None,
        "Slimme netten en digitale meters begrijpen",
        "vaktechnisch",
        ["smart-grids"],
        "stem",
        ["3"],
        "individueel",
        1,
        ["lezingen", "inhoud-lesmateriaal"],
        ["buiten-schooluren"],
        50,
        30,
        "",
    ),
    (
        5,
        None,
        "Composieten en nieuwe kunststoffen in de praktijk",
        "vaktechnisch",
        ["composieten", "kunststoffen"],
        "stem",
        ["3"],
        "team",
        2,
        ["infrastructuur", "inhoud-lesmateriaal"],
        ["woensdagnamiddag"],
        90,
        60,
        "",
    ),
    (
        6,
        None,
        "Smart industry: een productielijn van dichtbij",
        "vaktechnisch",
        ["smart-industry"],
        "stem",
        ["3", "7"],
        "team",
        5,
        ["infrastructuur", "netwerk-bedrijven"],
        ["binnen-schooluren"],
        100,
        50,
        "",
    ),
    (
        7,
        None,
        "Duurzaam koken met restproducten",
        "vaktechnisch",
        ["duurzaamheid"],
        "voeding-en-horeca",
        ["2", "3"],
        "team",
        3,
        ["bedrijfsstages"],
        ["schoolvakantie"],
        70,
        40,
        "",
    ),
    (
        8,
        None,
        "Warmtepompen: de vakgroep wil bijblijven",
        "vaktechnisch",
        ["warmtepompen"],
        "stem",
        ["3"],
        "team",
        4,
        ["workshops"],
        ["woensdagnamiddag"],
        90,
        50,
        "",
    ),
    (
        9,
        None,
        "Robotica-automatisering voor de eerste graad STEM",
        "pedagogisch-didactisch",
        ["robotica-automatisering"],
        "stem",
        ["1"],
        "team",
        3,
        ["lesmateriaal", "coaching"],
        ["woensdagnamiddag"],
        60,
        40,
        "",
    ),
    (
        10,
        None,
        "BIM-software leren gebruiken",
        "ict",
        ["bim"],
        "stem",
        ["3"],
        "individueel",
        1,
        ["workshops"],
        ["buiten-schooluren"],
        100,
        40,
        "",
    ),
]


def load(ctx):
    admin = ctx.users.get("admin")
    if admin is None:
        return
    if Need.objects.filter(title=NEEDS[0][2]).exists():
        ctx.say("    noden: al geladen")
        return
    contacts = {"elektro-vermeulen": ctx.users.get("bedrijf"), "educam": ctx.users.get("sector")}
    year = sources.current_school_year()
    created_w = 0
    for slug, title, description, resources, themes, domains, region, radius, capacity in WILLINGNESS:
        org = ctx.orgs.get(slug)
        if org is None:
            continue
        w = services.create_willingness(
            admin,
            org,
            {
                "title": title,
                "description": description,
                "resources": resources,
                "themes": themes,
                "studiedomeinen": domains,
                "region": region,
                "radius_km": radius or 30,
                "capacity_per_year": capacity,
                "school_year": year,
            },
        )
        type(w).objects.filter(pk=w.pk).update(contact=contacts.get(slug))
        created_w += 1
    # Two schools that want to develop material together (the study's 'innovatie binnenbrengen').
    for slug, user_key, theme, title in (
        ("vti-sint-jozef-gent", "directeur", "bim", "Samen lesmateriaal BIM ontwikkelen"),
        ("go-technisch-atheneum-hasselt", "leerkracht2", "cobots", "Samen een lessenreeks cobots uitwerken"),
    ):
        school, user = ctx.orgs.get(slug), ctx.users.get(user_key)
        if school and user:
            services.create_willingness(
                user,
                school,
                {
                    "title": title,
                    "description": "Wij zoeken andere scholen en een bedrijf om samen lesmateriaal te maken, "
                    "uit te testen in de klas en bij te sturen.",
                    "themes": [theme],
                    "studiedomeinen": ["stem"],
                    "region": "straal",
                    "radius_km": 60,
                    "capacity_per_year": 3,
                    "school_year": year,
                },
            )
            created_w += 1

    generated = sorted(
        (
            o
            for o in ctx.orgs.values()
            if o.kind == OrganisationKind.SCHOOL
            and o.slug not in ("vti-sint-jozef-gent", "go-technisch-atheneum-hasselt")
        ),
        key=lambda o: o.slug,
    )
    today = timezone.localdate()
    needs = []
    for (
        school_key,
        user_key,
        title,
        need_type,
        themes,
        domain,
        graden,
        participation,
        teachers,
        forms,
        moments,
        budget,
        km,
        description,
    ) in NEEDS:
        school = (
            ctx.orgs.get(school_key)
            if isinstance(school_key, str)
            else (generated[school_key] if school_key < len(generated) else None)
        )
        if school is None:
            continue
        user = ctx.users.get(user_key) if user_key else None
        need = services.create_need(
            user or admin,
            school,
            {
                "title": title,
                "stated_by": {"directeur": "directeur", "tac": "ta-tac"}.get(
                    user_key, "vakgroep" if participation == "team" else "leerkracht"
                ),
                "need_type": need_type,
                "themes": themes,
                "studiedomein": domain,
                "graden": graden,
                "participation": participation,
                "teacher_count": teachers,
                "support_forms": forms,
                "moments": moments,
                "budget_per_participant": budget,
                "max_distance_km": km,
                "period_start": today + timedelta(days=30),
                "period_end": today + timedelta(days=200),
                "description": description,
            },
        )
        if user is None:
            Need.objects.filter(pk=need.pk).update(created_by=None, stated_by="directeur")
        needs.append(need)
    services.process_outbox()
    _broker(ctx, needs)
    ctx.extra["matching_needs"] = needs
    ctx.say(f"    {len(needs)} noden, {created_w} keer aanbod tot samenwerking")


def _broker(ctx, needs):
    """A few introductions in each state, as the RTCs would have made them."""
    rtc = ctx.users.get("rtc")
    if rtc is None or not needs:
        return
    by_title = {n.title: n for n in needs}
    warmte = by_title.get(NEEDS[0][2])
    zon = by_title.get(NEEDS[1][2])
    bim = by_title.get(NEEDS[2][2])

    def first_partner(need):
        return need.suggestions.filter(kind=Suggestion.Kind.PARTNER).order_by("rank").first() if need else None

    s = first_partner(warmte)
    if s:
        intro = services.introduce(rtc, s, "Jullie werken allebei rond warmtepompen en liggen dicht bij elkaar.")
        Introduction.objects.filter(pk=intro.pk).update(
            school_answer="ja", partner_answer="ja", status=Introduction.Status.AGREED
        )
        Need.objects.filter(pk=warmte.pk).update(status=Need.Status.MATCHED)
    s = first_partner(zon)
    if s:
        services.introduce(rtc, s, "Elektro Vermeulen zoekt al langer een school voor een leerkrachtenstage.")
    s = first_partner(bim)
    if s:
        intro = services.introduce(rtc, s, "Een BIM-werf in de buurt: misschien een start voor jullie lesmateriaal.")
        Introduction.objects.filter(pk=intro.pk).update(
            status=Introduction.Status.DECLINED,
            partner_answer="nee",
            reason="Onze BIM-coördinator is dit schooljaar volledig ingepland; volgend schooljaar graag.",
        )
