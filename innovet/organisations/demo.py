"""Demo organisations and one demo user per role. The initiatives named in the study are loaded by the
catalogue's demo; here are the organisations behind them."""

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from innovet.core.demo_registry import DEMO_PASSWORD
from innovet.geo.services import resolve_postcode
from innovet.taxonomy.models import Term

from .models import Membership, Organisation, OrganisationKind, Role

K = OrganisationKind

# (name, kind, postcode, extra). Organisations named in the study keep their real names.
ORGANISATIONS = [
    ("RTC Antwerpen", K.RTC, "2000", {"website": "https://www.rtc-antwerpen.be"}),
    ("RTC Limburg", K.RTC, "3500", {"website": "https://www.rtclimburg.be"}),
    ("RTC Oost-Vlaanderen", K.RTC, "9000", {"website": "https://www.rtc-oostvlaanderen.be"}),
    ("RTC Vlaams-Brabant", K.RTC, "3000", {"website": "https://www.rtcvlaamsbrabant.be"}),
    ("RTC West-Vlaanderen", K.RTC, "8200", {"website": "https://www.rtc-wvl.be"}),
    ("Pedagogische begeleiding Katholiek Onderwijs Vlaanderen", K.PBD, "1040", {"net": "KOV"}),
    ("Pedagogische Begeleidingsdienst GO!", K.PBD, "1000", {"net": "GO"}),
    ("Pedagogische begeleiding POV", K.PBD, "1000", {"net": "POV"}),
    ("Pedagogische begeleiding OVSG", K.PBD, "1000", {"net": "OVSG"}),
    ("Pedagogische begeleiding OKO", K.PBD, "1000", {"net": "OKO"}),
    ("Constructiv", K.SECTOR, "1000", {"sectors": ["bouw"], "pc": ["124"]}),
    ("Educam", K.SECTOR, "1070", {"sectors": ["auto-industrie", "handel"], "pc": ["112"]}),
    ("Alimento", K.SECTOR, "1030", {"sectors": ["voeding"], "pc": ["118"]}),
    ("Agoria", K.SECTOR, "1030", {"sectors": ["metaal", "machines", "informatica"], "pc": ["111"]}),
    ("Co-valent", K.SECTOR, "1000", {"sectors": ["chemie", "farma"], "pc": ["116"]}),
    ("Cevora", K.SECTOR, "1000", {"sectors": ["administratie", "handel"], "pc": ["200"]}),
    ("Volta", K.SECTOR, "1000", {"sectors": ["energie"], "pc": ["149"]}),
    ("Vivo", K.SECTOR, "1000", {"sectors": ["zorg"], "pc": ["330"]}),
    ("Coiffure.org", K.SECTOR, "1000", {"sectors": ["andere"], "pc": ["314"]}),
    ("Woodwize", K.SECTOR, "1000", {"sectors": ["hout"], "pc": ["126"]}),
    ("VDAB", K.VDAB, "1000", {"website": "https://www.vdab.be"}),
    ("VDAB competentiecentrum Gent", K.VDAB, "9000", {}),
    ("Syntra Vlaanderen", K.SYNTRA, "1000", {"website": "https://www.syntravlaanderen.be"}),
    ("Syntra West", K.SYNTRA, "8000", {}),
    ("Syntra AB", K.SYNTRA, "2000", {}),
    (
        "Technocampus",
        K.OTHER,
        "9000",
        {
            "description": "Opleidingscentrum met een mini-usine waar leerlingen en leerkrachten "
            "een echte productieomgeving ervaren."
        },
    ),
    (
        "T2-campus",
        K.OTHER,
        "3600",
        {"description": "Campus voor technologie en talent in Genk, met VDAB, Syntra en onderwijs samen."},
    ),
    (
        "Diagnose Car vzw",
        K.OTHER,
        "1070",
        {"description": "Leent moderne wagens uit aan scholen, telkens vijf maanden per school."},
    ),
    ("Fluvius", K.COMPANY, "9090", {"size": "250-plus", "sectors": ["energie"], "nace": ["35.13"]}),
    ("Tiense Suikerraffinaderij", K.COMPANY, "3300", {"size": "250-plus", "sectors": ["voeding"], "nace": ["10.81"]}),
    ("Flanders Make", K.CLUSTER, "3920", {"description": "Strategisch onderzoekscentrum voor de maakindustrie."}),
    ("Catalisti", K.CLUSTER, "2000", {}),
    ("Flux50", K.CLUSTER, "1000", {}),
    ("Hogeschool PXL", K.HIGHER_ED, "3500", {}),
    ("Hogeschool Gent", K.HIGHER_ED, "9000", {}),
    ("Lerarenopleiding UCLL", K.TEACHER_TRAINING, "3000", {}),
    ("Departement Onderwijs en Vorming", K.GOVERNMENT, "1000", {"website": "https://onderwijs.vlaanderen.be"}),
]

SCHOOL_PREFIXES = [
    ("VTI Sint-Jozef", "KOV"),
    ("GO! Technisch Atheneum", "GO"),
    ("Provinciaal Technisch Instituut", "POV"),
    ("Stedelijk Instituut voor Technisch Onderwijs", "OVSG"),
    ("Sint-Lucas Technisch Instituut", "KOV"),
    ("GO! Campus Technologie", "GO"),
    ("Vrij Technisch Instituut", "KOV"),
    ("Instituut Sint-Vincentius (zorg en welzijn)", "KOV"),
]
SCHOOL_TOWNS = [
    "2000",
    "2300",
    "2440",
    "2800",
    "2500",  # Antwerpen
    "3500",
    "3600",
    "3900",
    "3700",  # Limburg
    "9000",
    "9100",
    "9300",
    "9700",
    "9200",  # Oost-Vlaanderen
    "3000",
    "3300",
    "1800",
    "1500",
    "1000",  # Vlaams-Brabant en Brussel
    "8000",
    "8500",
    "8800",
    "8400",
    "8900",  # West-Vlaanderen
]
COMPANIES = [
    ("Elektro Vermeulen", "9200", "10-49", ["energie"], "43.21"),
    ("Bouwbedrijf De Smet", "9700", "50-99", ["bouw"], "41.00"),
    ("Maes Metaalconstructie", "8500", "50-99", ["metaal"], "25.11"),
    ("Janssens Automatisering", "3500", "10-49", ["machines", "informatica"], "28.99"),
    ("Garage Peeters", "2800", "1-9", ["handel", "auto-industrie"], "45.20"),
    ("Warmte & Klimaat Claes", "3000", "10-49", ["bouw", "energie"], "43.22"),
    ("Bakkerij Wouters", "2300", "10-49", ["voeding"], "10.71"),
    ("Zorggroep Heilig Hart", "8800", "250-plus", ["zorg"], "87.10"),
    ("Kapsalon Nina", "9000", "1-9", ["andere"], "96.21"),
    ("Houtbewerking Goossens", "2440", "10-49", ["hout"], "16.23"),
    ("ChemPro Antwerpen", "2030", "250-plus", ["chemie"], "20.14"),
    ("Logistiek Van Damme", "9100", "100-249", ["logistiek", "transport"], "52.10"),
    ("Robotix Kortrijk", "8500", "10-49", ["machines"], "28.99"),
    ("Solar Limburg", "3600", "10-49", ["energie", "bouw"], "43.21"),
    ("Drukkerij Lannoo-De Roo", "8900", "50-99", ["grafisch"], "18.12"),
    ("Modeatelier Verbeke", "9300", "1-9", ["textiel"], "14.13"),
    ("Hotel Leopold", "8400", "50-99", ["horeca"], "55.10"),
    ("AgroTech Hoogstraten", "2320", "10-49", ["landbouw"], "01.13"),
    ("Van Hove Installaties", "1800", "100-249", ["bouw", "energie"], "43.22"),
    ("Composiet Solutions", "3900", "10-49", ["machines"], "22.29"),
]

# (email, role, organisation name, is_manager); printed by the command and listed in the README.
DEMO_ACCOUNTS = [
    ("admin@innovet.test", "platformbeheerder", "—"),
    ("leerkracht@innovet.test", Role.TEACHER.value, "VTI Sint-Jozef Gent"),
    ("ta@innovet.test", Role.TA.value, "VTI Sint-Jozef Gent"),
    ("tac@innovet.test", Role.TAC.value, "VTI Sint-Jozef Gent"),
    ("directeur@innovet.test", Role.DIRECTOR.value, "VTI Sint-Jozef Gent"),
    ("beheerder@innovet.test", Role.ORG_ADMIN.value, "VTI Sint-Jozef Gent"),
    ("leerkracht2@innovet.test", Role.TEACHER.value, "GO! Technisch Atheneum Hasselt"),
    ("pbd@innovet.test", Role.PEDAGOGICAL_ADVISER.value, "Pedagogische begeleiding Katholiek Onderwijs Vlaanderen"),
    ("rtc@innovet.test", Role.RTC_STAFF.value, "RTC Oost-Vlaanderen"),
    ("rtc-limburg@innovet.test", Role.RTC_STAFF.value, "RTC Limburg"),
    ("sector@innovet.test", Role.SECTOR_CONSULTANT.value, "Educam"),
    ("bedrijf@innovet.test", Role.COMPANY_CONTACT.value, "Elektro Vermeulen"),
    ("vdab@innovet.test", Role.VDAB_STAFF.value, "VDAB"),
]
FIRST_NAMES = ["An", "Bart", "Els", "Pieter", "Sofie", "Koen", "Lien", "Tom", "Sarah", "Wim", "Nele", "Jeroen", "Ines"]
LAST_NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet"]


def _terms(vocabulary, codes):
    return list(Term.objects.of(vocabulary).filter(code__in=codes))


def _make(ctx, name, kind, postcode, **fields):
    location = resolve_postcode(postcode)
    org, _ = Organisation.objects.update_or_create(
        slug=slugify(name)[:200],
        defaults=dict(
            name=name,
            kind=kind,
            postcode=postcode,
            municipality=location.municipality,
            province=location.province,
            latitude=location.latitude,
            longitude=location.longitude,
            email=fields.pop("email", f"info@{slugify(name)[:40]}.example"),
            **fields,
        ),
    )
    ctx.orgs[org.slug] = org
    return org


def load(ctx):
    rng = ctx.rng
    for name, kind, postcode, extra in ORGANISATIONS:
        extra = dict(extra)
        net = extra.pop("net", None)
        sectors = extra.pop("sectors", [])
        pcs = extra.pop("pc", [])
        size = extra.pop("size", None)
        nace = extra.pop("nace", [])
        org = _make(
            ctx,
            name,
            kind,
            postcode,
            onderwijsnet=(_terms("onderwijsnet", [net])[0] if net else None),
            size_class=(_terms("bedrijfsgrootte", [size])[0] if size else None),
            description=extra.pop("description", ""),
            **extra,
        )
        org.sectors.set(_terms("sector", sectors))
        org.paritaire_comites.set(_terms("paritair_comite", pcs))
        org.nace_codes.set(_terms("nace", nace))

    forms = {t.code: t for t in Term.objects.of("onderwijsvorm")}
    domains = list(Term.objects.of("studiedomein").exclude(code="domeinoverschrijdend"))
    grades = list(Term.objects.of("graad"))
    themes = list(Term.objects.of("thema").filter(parent__isnull=False))
    for i, postcode in enumerate(SCHOOL_TOWNS):
        prefix, net = SCHOOL_PREFIXES[i % len(SCHOOL_PREFIXES)]
        town = resolve_postcode(postcode).municipality.split(",")[0]
        # Schools differ in size: the study warns that only large schools near industry get reached.
        teachers = rng.choice([35, 60, 90, 140, 220])
        org = _make(
            ctx,
            f"{prefix} {town}",
            K.SCHOOL,
            postcode,
            onderwijsnet=_terms("onderwijsnet", [net])[0],
            teacher_count=teachers,
            institution_number=f"{30000 + i * 17}",
            description="Secundaire school met technische en beroepsrichtingen.",
        )
        org.onderwijsvormen.set([forms["TSO"], forms["BSO"]] + ([forms["DUAAL"]] if i % 3 == 0 else []))
        org.studiedomeinen.set(
            rng.sample(domains, 3)
            if "zorg" not in prefix
            else [d for d in domains if d.code == "maatschappij-en-welzijn"]
        )
        org.graden.set(grades[1:3] if i % 4 else grades[:3])
        org.themes.set(rng.sample(themes, 2))
    # The demo accounts expect these two schools by name.
    _make(
        ctx,
        "VTI Sint-Jozef Gent",
        K.SCHOOL,
        "9000",
        onderwijsnet=_terms("onderwijsnet", ["KOV"])[0],
        teacher_count=140,
        institution_number="31001",
        description="Technische school met STEM en bouw.",
    )
    _make(
        ctx,
        "GO! Technisch Atheneum Hasselt",
        K.SCHOOL,
        "3500",
        onderwijsnet=_terms("onderwijsnet", ["GO"])[0],
        teacher_count=90,
        institution_number="31002",
    )
    for slug in ("vti-sint-jozef-gent", "go-technisch-atheneum-hasselt"):
        school = ctx.orgs[slug]
        school.onderwijsvormen.set([forms["TSO"], forms["BSO"], forms["DUAAL"]])
        school.studiedomeinen.set([d for d in domains if d.code in ("stem", "economie-en-organisatie")])
        school.graden.set(grades[:3])

    for name, postcode, size, sectors, nace in COMPANIES:
        org = _make(
            ctx,
            name,
            K.COMPANY,
            postcode,
            size_class=_terms("bedrijfsgrootte", [size])[0],
            description="Bedrijf dat graag samenwerkt met scholen uit de regio.",
        )
        org.sectors.set(_terms("sector", sectors))
        org.nace_codes.set(_terms("nace", [nace]))
        org.themes.set(rng.sample(themes, 2))

    _load_users(ctx)
    ctx.say(f"    {len(ctx.orgs)} organisaties, {len(ctx.users)} demogebruikers")


def _load_users(ctx):
    User = get_user_model()
    by_name = {o.name: o for o in ctx.orgs.values()}
    for i, (email, role, org_name) in enumerate(DEMO_ACCOUNTS):
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[i % len(LAST_NAMES)]
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                job_title=str(Role(role).label) if role in Role.values else "Platformbeheerder",
            )
        if role == "platformbeheerder":
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        else:
            Membership.objects.update_or_create(
                user=user,
                organisation=by_name[org_name],
                defaults={"role": role, "is_manager": role in (Role.ORG_ADMIN, Role.DIRECTOR, Role.RTC_STAFF)},
            )
        ctx.users[email.split("@")[0]] = user
