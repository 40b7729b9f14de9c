"""Demo material: packages that teachers developed with companies and sectors, as the study describes them
(innovatielabs, leergemeenschappen, duaal leren), across the studiedomeinen; some private, some in test,
some tested, some validated by a pedagogical adviser, with usage reports from schools in every province."""

import io
import zipfile
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from innovet.organisations.models import Membership, OrganisationKind, Role
from innovet.taxonomy.models import Term

from . import services
from .forms import ReviewForm, UsageReportForm, WorkFormForm
from .models import Alignment, Author, Material, Review, Status, WorkForm

# (title, studiedomein, graden, themes, partner org slug, summary, equipment, brand or "")
MATERIALS = [
    (
        "Warmtepomp dimensioneren voor een rijwoning",
        "stem",
        ["3"],
        ["warmtepompen"],
        "warmte-klimaat-claes",
        "Leerlingen berekenen het warmteverlies van een rijwoning, kiezen een lucht-waterwarmtepomp en "
        "vergelijken het rendement met een condensatieketel.",
        "Meetkoffer, demo-opstelling warmtepomp",
        "",
    ),
    (
        "Zonnepanelen: van offerte tot keuring",
        "stem",
        ["2", "3"],
        ["zonnepanelen"],
        "solar-limburg",
        "Een volledig traject: dakoriëntatie meten, stringontwerp maken, omvormer kiezen en de AREI-keuring "
        "voorbereiden.",
        "Multimeter, I-V-curvetracer, proefdak",
        "",
    ),
    (
        "Laadpaal installeren in een residentiële omgeving",
        "stem",
        ["3"],
        ["elektrische-wagens"],
        "elektro-vermeulen",
        "Leerlingen plannen de installatie van een laadpaal met lastbeheer, inclusief differentieelbeveiliging en "
        "slimme meter.",
        "Laadpaal op oefenbord, digitale meter",
        "",
    ),
    (
        "Smart grid in het klein: een microgrid op school",
        "stem",
        ["3"],
        ["smart-grids"],
        "fluvius",
        "Met een opstelling van panelen, batterij en verbruikers simuleren leerlingen vraagsturing en netcongestie.",
        "Microgrid-opstelling, dataloggers",
        "",
    ),
    (
        "Thuisbatterij veilig aansluiten",
        "stem",
        ["3", "7"],
        ["energieopslag", "batterijen"],
        "van-hove-installaties",
        "Opbouw, veiligheid en aansluiting van een thuisbatterij; met een risicoanalyse voor lithiumcellen.",
        "Thuisbatterij-demokit, persoonlijke beschermingsmiddelen",
        "",
    ),
    (
        "Isoleren met biobased materialen",
        "stem",
        ["2", "3"],
        ["isolatietechnieken", "isolatiematerialen"],
        "bouwbedrijf-de-smet",
        "Leerlingen vergelijken houtvezel, hennep en cellulose met klassieke isolatie: lambdawaarde, "
        "dampopenheid en plaatsing.",
        "Proefwanden, warmtecamera",
        "",
    ),
    (
        "BIM-model lezen op de werf",
        "stem",
        ["3"],
        ["bim"],
        "constructiv",
        "Van 3D-model naar meetstaat: leerlingen halen hoeveelheden en fasering uit een BIM-model.",
        "Laptop met BIM-viewer (gratis)",
        "",
    ),
    (
        "Luchtdichtheid meten met een blowerdoortest",
        "stem",
        ["3"],
        ["isolatietechnieken"],
        "bouwbedrijf-de-smet",
        "Een blowerdoortest voorbereiden, uitvoeren en de lekken opsporen met rook en warmtecamera.",
        "Blowerdoor-toestel, rookpen",
        "Minneapolis BlowerDoor",
    ),
    (
        "PLC-sturing van een transportband",
        "stem",
        ["2", "3"],
        ["robotica-automatisering"],
        "janssens-automatisering",
        "Leerlingen programmeren een transportband met sensoren en een sorteerpoort in ladderlogica.",
        "PLC-trainer, transportbandmodel",
        "Siemens",
    ),
    (
        "Cobot veilig laten samenwerken met een operator",
        "stem",
        ["3", "7"],
        ["cobots"],
        "robotix-kortrijk",
        "Risicoanalyse, snelheids- en krachtbegrenzing en een pick-and-place-taak met een cobot.",
        "Cobot met grijper, veiligheidsscanner",
        "Universal Robots",
    ),
    (
        "Industrie 4.0: sensordata naar de cloud",
        "stem",
        ["3"],
        ["iot", "big-data-cloud"],
        "agoria",
        "Leerlingen bouwen een IoT-sensor op een machine en visualiseren trillingen en temperatuur in een dashboard.",
        "Microcontroller, trillingssensor, wifi",
        "",
    ),
    (
        "Predictief onderhoud met eenvoudige AI",
        "stem",
        ["3", "7"],
        ["artificial-intelligence"],
        "flanders-make",
        "Met een dataset van lagers trainen leerlingen een classificatiemodel dat slijtage voorspelt.",
        "Laptops met Python (gratis software)",
        "",
    ),
    (
        "3D-printen van een vervangonderdeel",
        "stem",
        ["2"],
        ["3d-printing"],
        "composiet-solutions",
        "Van opmeten en tekenen tot printen en testen van een kapot kunststof onderdeel.",
        "FDM-printer, schuifmaat",
        "",
    ),
    (
        "CNC-frezen: van tekening tot G-code",
        "stem",
        ["2", "3"],
        ["digitale-productie"],
        "maes-metaalconstructie",
        "Leerlingen tekenen een flens, genereren de G-code en frezen die op een CNC-machine.",
        "CNC-freesmachine, CAM-software",
        "",
    ),
    (
        "Composieten lamineren en testen",
        "stem",
        ["3"],
        ["composieten"],
        "composiet-solutions",
        "Handlamineren van glasvezelproefstukken en een trekproef uitvoeren.",
        "Trekbank, laminaatset",
        "",
    ),
    (
        "Lasrobot programmeren",
        "stem",
        ["3", "7"],
        ["robotica-automatisering"],
        "maes-metaalconstructie",
        "Een lasrobot teachen voor een hoeknaad en de kwaliteit beoordelen.",
        "Lasrobotcel",
        "Fanuc",
    ),
    (
        "Elektrische wagen: veilig spanningsloos maken",
        "stem",
        ["3", "7"],
        ["elektrische-wagens"],
        "educam",
        "De procedure voor hoogspanningsvoertuigen inoefenen, met de juiste persoonlijke bescherming.",
        "Hoogspanningstrainer, isolatiemeter",
        "",
    ),
    (
        "Diagnose van een hybride aandrijving",
        "stem",
        ["3"],
        ["elektrische-wagens"],
        "garage-peeters",
        "Foutcodes uitlezen en interpreteren op een hybride wagen uitgeleend via Diagnose Car.",
        "Diagnosetoestel, hybride wagen",
        "",
    ),
    (
        "Digitale werkplanning in de houtbewerking",
        "stem",
        ["2", "3"],
        ["digitale-productie"],
        "houtbewerking-goossens",
        "Een meubelopdracht plannen met een digitale werkvoorbereiding en nesting voor de CNC-zaag.",
        "CNC-paneelzaag, werkvoorbereidingssoftware",
        "",
    ),
    (
        "Kunststoffen herkennen en recycleren",
        "stem",
        ["2"],
        ["kunststoffen"],
        "co-valent",
        "Proeven om kunststoffen te herkennen, en een circulaire keten voor schoolafval uitwerken.",
        "Proefbuizen, brander, densiteitsvloeistoffen",
        "",
    ),
    (
        "Procesoperator: een destillatie opvolgen",
        "stem",
        ["3", "7"],
        ["smart-industry"],
        "chempro-antwerpen",
        "Een destillatiekolom in een simulator opvolgen en bijsturen, met aandacht voor veiligheid.",
        "Processimulator (webapplicatie)",
        "",
    ),
    (
        "Nanomaterialen in de praktijk",
        "stem",
        ["3"],
        ["nanomaterialen"],
        "catalisti",
        "Wat zijn nanomaterialen, waar zitten ze in en hoe werk je er veilig mee?",
        "",
        "",
    ),
    (
        "Slimme serre: sensoren voor tuinbouw",
        "land-en-tuinbouw",
        ["2", "3"],
        ["iot"],
        "agrotech-hoogstraten",
        "Leerlingen bouwen een meetnet voor temperatuur, vocht en licht in de schoolserre en sturen de bevloeiing.",
        "Microcontrollers, bodemvochtsensoren",
        "",
    ),
    (
        "Precisielandbouw met GPS en drones",
        "land-en-tuinbouw",
        ["3"],
        ["smart-industry"],
        "agrotech-hoogstraten",
        "Perceelkaarten maken met dronebeelden en een taakkaart voor variabele bemesting.",
        "Drone, GIS-software",
        "",
    ),
    (
        "Robotmelken: werking en dierenwelzijn",
        "land-en-tuinbouw",
        ["3"],
        ["robotica-automatisering"],
        "agrotech-hoogstraten",
        "Werking van een melkrobot, interpretatie van de data en het effect op het dier.",
        "Bedrijfsbezoek melkveebedrijf",
        "",
    ),
    (
        "Zorgrobot in het woonzorgcentrum",
        "maatschappij-en-welzijn",
        ["3", "7"],
        ["cobots"],
        "zorggroep-heilig-hart",
        "Leerlingen zorg verkennen hoe een sociale robot bewoners activeert, en waar de grenzen liggen.",
        "Sociale robot (ontlening)",
        "",
    ),
    (
        "Domotica voor zelfstandig wonen",
        "maatschappij-en-welzijn",
        ["3"],
        ["iot"],
        "vivo",
        "Slimme sensoren en alarmen die ouderen langer thuis laten wonen: kiezen, installeren en uitleggen.",
        "Domotica-demokoffer",
        "",
    ),
    (
        "Digitaal zorgdossier correct invullen",
        "maatschappij-en-welzijn",
        ["2", "3"],
        ["digitale-vaardigheden"],
        "zorggroep-heilig-hart",
        "Met een oefenomgeving leren leerlingen observaties en zorghandelingen correct registreren.",
        "Oefenomgeving zorgdossier",
        "",
    ),
    (
        "Kapsalon 4.0: digitale kleuradvisering",
        "maatschappij-en-welzijn",
        ["2", "3"],
        ["digitale-vaardigheden"],
        "coiffure-org",
        "Kleuradvies met een scanner en app, en het gesprek met de klant.",
        "Kleurscanner, tablet",
        "",
    ),
    (
        "Duurzaam koken: voedselverlies meten",
        "voeding-en-horeca",
        ["2", "3"],
        ["duurzaamheid"],
        "hotel-leopold",
        "Een week voedselverlies meten in de schoolkeuken en een actieplan met de chef uitwerken.",
        "Weegschalen, registratieformulier",
        "",
    ),
    (
        "Sous-vide en HACCP",
        "voeding-en-horeca",
        ["3"],
        ["smart-industry"],
        "alimento",
        "Sous-vide garen met kerntemperatuurregistratie en een HACCP-plan voor de keuken.",
        "Sous-vide-toestel, kerntemperatuurvoeler",
        "",
    ),
    (
        "Broodproductie: van ambacht naar lijn",
        "voeding-en-horeca",
        ["2"],
        ["digitale-productie"],
        "bakkerij-wouters",
        "Leerlingen vergelijken een ambachtelijk en een geautomatiseerd broodproces op kwaliteit en kostprijs.",
        "Deegkneder, rijskast",
        "",
    ),
    (
        "Suikerproductie: procesbeheersing",
        "voeding-en-horeca",
        ["3"],
        ["smart-industry"],
        "tiense-suikerraffinaderij",
        "Het proces van biet tot suiker, met de meetpunten die de operator opvolgt.",
        "",
        "",
    ),
    (
        "Magazijnbeheer met barcodes en WMS",
        "economie-en-organisatie",
        ["2", "3"],
        ["digitale-vaardigheden"],
        "logistiek-van-damme",
        "Een oefenmagazijn inrichten en orders picken met scanners en een WMS.",
        "Handscanners, WMS-oefenomgeving",
        "",
    ),
    (
        "Boekhouden in de cloud",
        "economie-en-organisatie",
        ["2", "3"],
        ["big-data-cloud"],
        "cevora",
        "Facturen, btw en bankverrichtingen verwerken in een cloudpakket, met een fictieve kmo.",
        "Laptops, cloudboekhouding (educatieve licentie)",
        "",
    ),
    (
        "Teamwork op de werkvloer: scrum voor leerlingen",
        "economie-en-organisatie",
        ["3"],
        ["teamwork"],
        "janssens-automatisering",
        "Een projectopdracht in sprints, met dagelijkse stand-up en retrospectieve.",
        "Bord, post-its",
        "",
    ),
    (
        "Grafische productie: kleurbeheer",
        "kunst-en-creatie",
        ["3"],
        ["digitale-productie"],
        "drukkerij-lannoo-de-roo",
        "Van scherm tot druk: kalibratie, ICC-profielen en een drukproef beoordelen.",
        "Spectrofotometer, gekalibreerd scherm",
        "",
    ),
    (
        "Modeontwerp met 3D-patronen",
        "kunst-en-creatie",
        ["2", "3"],
        ["3d-printing"],
        "modeatelier-verbeke",
        "Patronen digitaal ontwerpen en virtueel passen voor ze geknipt worden.",
        "3D-patroonsoftware",
        "CLO3D",
    ),
    (
        "Systeemdenken: de school als energiesysteem",
        "stem",
        ["2"],
        ["systeemdenken"],
        "flux50",
        "Leerlingen brengen de energiestromen van hun school in kaart en zoeken de grootste hefbomen.",
        "Energiefacturen van de school, dataloggers",
        "",
    ),
    (
        "Veilig werken op hoogte",
        "stem",
        ["2", "3"],
        ["isolatietechnieken"],
        "constructiv",
        "Ladders, stellingen en valbeveiliging: risico's herkennen en een werkplek veilig opbouwen.",
        "Rolsteiger, harnas",
        "",
    ),
    (
        "Technisch Engels voor de elektricien",
        "taal-en-cultuur",
        ["2", "3"],
        ["digitale-vaardigheden"],
        "elektro-vermeulen",
        "Handleidingen en datasheets lezen en een storing in het Engels uitleggen.",
        "",
        "",
    ),
    (
        "Sportmateriaal onderhouden en herstellen",
        "sport",
        ["2"],
        ["kunststoffen"],
        "composiet-solutions",
        "Fietsen, ski's en rackets: onderhoud, herstelling van composiet en veilige afstelling.",
        "Werkbank, herstelset composiet",
        "",
    ),
    (
        "Flexibele werkplekken in de kantooromgeving",
        "economie-en-organisatie",
        ["3"],
        ["flexibele-werkplekken"],
        "cevora",
        "Hoe organiseer je een kantoor met flexwerkplekken? Leerlingen maken een voorstel voor een kmo.",
        "",
        "",
    ),
    (
        "Koeltechniek met natuurlijke koelmiddelen",
        "stem",
        ["3", "7"],
        ["warmtepompen"],
        "van-hove-installaties",
        "Werking van CO₂- en propaankoelsystemen, met de veiligheidsregels bij het vullen.",
        "Koeltechnische trainer",
        "",
    ),
]

WORK_FORM_SETS = [
    ["demonstratie", "projectopdracht"],
    ["practicum", "zelfstudie"],
    ["projectopdracht"],
    ["demonstratie", "groepswerk", "zelfstudie"],
    ["flipped-classroom", "practicum"],
    ["bedrijfsbezoek", "evaluatie"],
]
LICENCES = ["cc-by", "cc-by-sa", "cc-by-nc-sa", "cc-by-nc", "cc0", "alle-rechten-voorbehouden", "cc-by-sa", "cc-by"]
NETWORK_CODES = ["KOV", "GO", "POV", "OVSG"]
STUDY_PROGRAMMES = {
    "stem": [
        "Elektromechanische technieken",
        "Elektriciteit",
        "Bouwtechnieken",
        "Mechanische vormgevingstechnieken",
        "Industriële ICT",
        "Elektrotechnieken",
        "Koel- en warmtetechnieken",
    ],
    "land-en-tuinbouw": ["Plant-, dier- en milieutechnieken", "Tuinbouw en groenbeheer"],
    "maatschappij-en-welzijn": ["Verzorging", "Organisatie en logistiek in de zorg", "Haarverzorging"],
    "voeding-en-horeca": ["Hotel", "Restaurant en keuken", "Bakkerij"],
    "economie-en-organisatie": ["Bedrijfsorganisatie", "Logistiek", "Boekhouden-informatica"],
    "kunst-en-creatie": ["Grafische media", "Mode"],
    "taal-en-cultuur": ["Elektriciteit"],
    "sport": ["Sport"],
}
EXPERIENCES = [
    "De leerlingen waren erg gemotiveerd omdat het een echte opdracht uit het bedrijf was.",
    "Werkte goed, maar we hadden meer tijd nodig dan voorzien voor de metingen.",
    "Sterk materiaal. De zelfstudievariant was ideaal voor leerlingen die sneller werkten.",
    "Goed, al moest ik de opdracht vereenvoudigen voor de tweede graad.",
    "De demonstratie sprak de klas enorm aan; de verwerkingsopdracht doen we volgend jaar in groep.",
    "Handig dat de uitrusting beschreven staat: zo konden we op tijd een toestel lenen.",
]
TIPS = ["Plan een extra lesuur voor de nabespreking.", "Vraag het bedrijf om een gastspreker.", "", ""]
DEMO_TEACHERS = [
    ("Lien", "Willems"),
    ("Koen", "Jacobs"),
    ("Sarah", "Mertens"),
    ("Jeroen", "Claes"),
    ("Nele", "Goossens"),
    ("Bart", "Wouters"),
    ("Ines", "De Smet"),
    ("Tom", "Maes"),
]


def _term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


def _pdf(title, lines):
    """A small valid one-page PDF with some text (no dependency)."""
    text = " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in [title, *lines])
    stream = f"BT /F1 12 Tf 14 TL 56 780 Td {text} ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _pptx_like(title):
    """A small OOXML-like zip (named .pptx): slide notes as XML parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/ppt/presentation.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>',
        )
        zf.writestr("ppt/presentation.xml", f"<presentation><title>{title}</title></presentation>")
    return buffer.getvalue()


def _files_for(spec, i):
    title, domain = spec[0], spec[1]
    files = [
        (
            f"{slugify(title)[:40]}-handleiding.pdf",
            "Handleiding voor de leerkracht",
            _pdf(title, ["Handleiding voor de leerkracht", "Doelen, voorbereiding en verloop van de les."]),
        ),
        (
            f"{slugify(title)[:40]}-opdracht.pdf",
            "Opdrachtblad voor leerlingen",
            _pdf(title, ["Opdrachtblad", "Naam: ..........  Klas: ........"]),
        ),
    ]
    if i % 3 == 0:
        rows = ["tijd_s;temperatuur_C;vermogen_W"] + [
            f"{t};{20 + t / 60:.1f};{800 + (t % 7) * 15}" for t in range(0, 600, 60)
        ]
        files.append((f"{slugify(title)[:40]}-meetgegevens.csv", "Meetgegevens", "\n".join(rows).encode()))
    if "CNC" in title or "frezen" in title.lower() or "Lasrobot" in title:
        gcode = (
            "%\nO1001 (FLENS)\nG21 G90 G17\nT1 M6\nS3000 M3\nG0 X0 Y0 Z5\nG1 Z-1 F200\nG2 X20 Y0 R10\nG0 Z5\nM30\n%\n"
        )
        files.append(("flens.nc", "CNC-programma (G-code)", gcode.encode()))
    if domain == "stem" and i % 4 == 1:
        files.append(("presentatie.pptx", "Presentatie", _pptx_like(title)))
    return files


def _demo_teachers(ctx):
    """A few teachers at other demo schools, so usage reports come from all over Flanders."""
    User = get_user_model()
    schools = sorted(
        (o for o in ctx.orgs.values() if o.kind == OrganisationKind.SCHOOL and o.slug not in ("vti-sint-jozef-gent",)),
        key=lambda o: o.slug,
    )
    password = make_password(None)  # demo usage reporters do not log in
    teachers = []
    for i, (first, last) in enumerate(DEMO_TEACHERS):
        school = schools[(i * 3) % len(schools)]
        email = f"{slugify(first)}.{slugify(last)}@{school.slug[:30]}.example"
        user = User.objects.filter(email=email).first() or User.objects.create(
            email=email, password=password, first_name=first, last_name=last, job_title="Leerkracht"
        )
        Membership.objects.get_or_create(user=user, organisation=school, defaults={"role": Role.TEACHER})
        teachers.append((user, school))
    for key in ("leerkracht", "leerkracht2", "ta", "tac"):
        user = ctx.users.get(key)
        if user is not None:
            school = next((m.organisation for m in user.memberships.all() if m.organisation.is_school), None)
            if school is not None:
                teachers.append((user, school))
    return teachers


def load(ctx):
    if Material.objects.filter(slug=slugify(MATERIALS[0][0])).exists():
        ctx.say("    lesmateriaal is al geladen")
        return
    rng = ctx.rng
    users = ctx.users
    authors_pool = [u for u in (users.get(k) for k in ("leerkracht", "leerkracht2", "ta", "tac")) if u is not None]
    company_people = [u for u in (users.get(k) for k in ("bedrijf", "sector")) if u is not None]
    pbd = users.get("pbd")
    teachers = _demo_teachers(ctx)
    now = timezone.now()
    created = []
    for i, spec in enumerate(MATERIALS):
        title, domain, grades, themes, partner_slug, summary, equipment, brand = spec
        author = authors_pool[i % len(authors_pool)]
        material = Material.objects.create(
            title=title,
            slug=services._unique_slug(title),
            summary=summary,
            body=services.sanitize_body(
                f"<h2>Waarom dit materiaal?</h2><p>{summary}</p>"
                "<h2>Verloop</h2><ol><li>Instap: een probleem uit het bedrijf.</li>"
                "<li>Verkenning met de handleiding en het opdrachtblad.</li>"
                "<li>Uitvoering in groepjes, met begeleiding van de leerkracht.</li>"
                "<li>Nabespreking en reflectie op de link met de arbeidsmarkt.</li></ol>"
                "<p>Ontwikkeld in een innovatielab waarin leerkrachten, het bedrijf en de pedagogische "
                "begeleiding samen materiaal uitwerkten en in de klas uittestten.</p>"
            ),
            language="nl" if "Engels" not in title else "en",
            duration_minutes=rng.choice([50, 100, 150, 200, 300, 400]),
            equipment=equipment,
            brand_neutral=not brand,
            brand_name=brand,
        )
        material.studiedomeinen.set([_term("studiedomein", domain)])
        material.graden.set(Term.objects.of("graad").filter(code__in=grades))
        material.onderwijsvormen.set(
            Term.objects.of("onderwijsvorm").filter(code__in=["TSO", "BSO"] if i % 3 else ["TSO", "BSO", "DUAAL"])
        )
        material.themes.set(Term.objects.of("thema").filter(code__in=themes))
        material.noodtypes.set(Term.objects.of("noodtype").filter(code__in=["vaktechnisch", "ict"][: 1 + i % 2]))
        school = next((m.organisation for m in author.memberships.all()), None)
        Author.objects.create(material=material, user=author, organisation=school, position=0)
        credited = [o for o in (school, ctx.orgs.get(partner_slug)) if o is not None]
        material.organisations.set(credited)
        if i % 3 == 0 and company_people:
            person = company_people[i % len(company_people)]
            Author.objects.create(
                material=material, user=person, organisation=person.memberships.first().organisation, position=1
            )
            material.organisations.add(person.memberships.first().organisation)
        net = NETWORK_CODES[i % len(NETWORK_CODES)]
        Alignment.objects.create(
            material=material,
            kind=Alignment.Kind.GOAL,
            network=_term("onderwijsnet", net),
            code=f"LPD {3 + i % 17}",
            text=f"De leerlingen passen de principes van '{title.lower()}' toe in een realistische opdracht.",
        )
        if i % 2 == 0:
            Alignment.objects.create(
                material=material,
                kind=Alignment.Kind.QUALIFICATION,
                code=f"BK-{100 + i:04d}-4",
                text="Beroepskwalificatie waarvoor dit materiaal competenties oefent.",
            )
        forms = {}
        for pos, code in enumerate(WORK_FORM_SETS[i % len(WORK_FORM_SETS)], 1):
            wf_form = WorkFormForm(
                {"kind": _term("werkvorm", code).pk, "title": "", "description": "", "position": pos},
                instance=WorkForm(material=material),
            )
            wf_form.is_valid()
            forms[code] = services.save_work_form(author, wf_form)
        wf_list = list(forms.values())
        for j, (name, file_title, content) in enumerate(_files_for(spec, i)):
            work_form = wf_list[j % len(wf_list)] if j and wf_list else None
            services.add_file(author, material, ContentFile(content, name=name), file_title, work_form)
        if i % 5 == 0:
            services.add_link(
                author, material, f"https://www.{partner_slug}.example/opleiding", "Achtergrond bij de partner"
            )
        created.append(material)

        # Lifecycle: every 9th stays a private draft; the rest are published, some tested, some validated.
        if i % 9 == 8:
            continue
        licence = _term("licentie", LICENCES[i % len(LICENCES)])
        services.publish_version(author, material, licence, "Eerste versie, ontwikkeld in het innovatielab.")
        phase = (i // len(authors_pool)) % 4  # 0: concept, 1: in test, 2: tested, 3: validated
        if phase >= 1:
            services.change_status(author, material, Status.IN_TEST)
        reports = 0 if phase == 0 else rng.randint(1, 5)
        for r in range(reports):
            user, report_school = teachers[(i + r * 5) % len(teachers)]
            if material.authors.filter(user=user).exists():
                continue
            form = UsageReportForm(
                {
                    "school": report_school.pk,
                    "graad": _term("graad", grades[r % len(grades)]).pk,
                    "studierichting": rng.choice(STUDY_PROGRAMMES.get(domain, ["Elektromechanische technieken"])),
                    "work_form": wf_list[r % len(wf_list)].pk if wf_list else "",
                    "used_on": (now - timedelta(days=rng.randint(5, 300))).date().isoformat(),
                    "how_it_went": rng.choice(EXPERIENCES),
                    "rating": rng.choice([3, 4, 4, 5, 5]),
                    "comment": rng.choice(TIPS),
                },
                material=material,
                user=user,
            )
            if form.is_valid():
                services.report_use(user, material, form)
        material.refresh_from_db()
        if phase >= 2 and material.usage_reports.exists():
            services.change_status(author, material, Status.TESTED)
            if phase == 3 and pbd is not None:
                data = {name: "voldoet" for name in Review.CRITERIA}
                data.update(
                    {
                        "comment": "Duidelijke koppeling met het leerplan, goed uitgetest in de klas. "
                        "De differentiatie via werkvormen is sterk.",
                        "decision": "goedgekeurd",
                    }
                )
                if brand:
                    data.update({"brand_neutrality": "deels"})
                review_form = ReviewForm(data)
                review_form.is_valid()
                services.submit_review(pbd, material, review_form)
            elif pbd is not None and i % 8 == 2:
                data = {name: "voldoet" for name in Review.CRITERIA}
                data.update(
                    {
                        "accessibility": "deels",
                        "comment": "Voeg alternatieve teksten toe bij de figuren en een versie met groter lettertype.",
                        "decision": "aanpassen",
                    }
                )
                review_form = ReviewForm(data)
                review_form.is_valid()
                review = services.submit_review(pbd, material, review_form)
                services.comment_on_review(author, review, "Dank je, we passen dit aan in versie 2.")
        if i % 7 == 3:
            services.publish_version(
                author, material, licence, "Extra meetopdracht en verbeterde figuren na feedback uit de klas."
            )

    # A remix of an open material, as the study hopes: others build on what exists.
    source = next((m for m in created if m.published_at and m.allows_remix), None)
    remixer = users.get("leerkracht2")
    if source is not None and remixer is not None and not source.authors.filter(user=remixer).exists():
        copy = services.remix_material(remixer, source)
        copy.summary = source.summary + " Aangepast voor BSO, met meer visuele ondersteuning."
        copy.save(update_fields=["summary"])
        services.publish_version(
            remixer, copy, copy.licence or source.licence, "Aangepaste versie voor het BSO (kopie van het origineel)."
        )
    ctx.extra["materials"] = created
    published = Material.objects.published().count()
    ctx.say(f"    {Material.objects.count()} lesmaterialen ({published} gepubliceerd)")
