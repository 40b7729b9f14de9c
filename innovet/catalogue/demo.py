# ruff: noqa: E501  (demo content: long Dutch sentences read better unbroken)
"""Demo offers and initiatives: the ones the study names (VINTO, Diagnose Car, Agoria's EMT learning
communities, the VDAB 10-dagenregeling, the leeratelier of the Tiense Suikerraffinaderij, the mini-usine of
Technocampus, the T2-campus, the Fluvius spitsdagen, Syntra's vervangingsaanbod...) and a realistic spread
of offers over every province, theme and kind. Everything goes through the services (audit, index)."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format

from innovet.geo.models import Province
from innovet.taxonomy.models import Term

from . import services
from .models import Offer, needs_address

# Named offers: (provider slugs, kind, pillar, title, summary, description, themes, domains, grades, needs,
#                cost, hours, location type, postcode, location name, session plan, extra)
NAMED_OFFERS = [
    (
        ["vdab"],
        "10-dagenregeling",
        "innovatie-beleven",
        "VDAB 10-dagenregeling: praktijklessen in het opleidingscentrum",
        "Tot tien dagen praktijkles met je leerlingen op de infrastructuur van een VDAB-opleidingscentrum.",
        "Leerkrachten geven zelf les op de moderne infrastructuur van VDAB, gratis. Vooraf volgen ze een gratis "
        "wegwijssessie over het centrum en de toestellen. Er is altijd een link met de competenties uit het "
        "leerplan. Voor het tweede leerjaar van de derde graad BSO/TSO, Se-n-Se, OV3, DBSO en leertijd. "
        "Inschrijven via het RTC in je buurt.",
        ["robotica-automatisering", "digitale-productie"],
        ["stem"],
        ["3", "7"],
        ["vaktechnisch"],
        "0",
        "70",
        "opleidingscentrum",
        "9000",
        "VDAB competentiecentrum Gent",
        "weekly:3",
        {"duration_note": "maximaal 10 dagen", "curriculum_goals": "Competenties uit het leerplan van de richting"},
    ),
    (
        ["alimento", "co-valent"],
        "opleiding-geven",
        "innovatie-beleven",
        "VINTO: leerkrachten geven technische opleidingen in bedrijven",
        "Als TSO-leerkracht een basisopleiding geven aan werknemers in de voedings- en procesindustrie.",
        "VINTO ontwerpt technische opleidingen voor de industrie en doet daarvoor een beroep op de pedagogische "
        "know-how van leerkrachten uit het technisch onderwijs. Je geeft de opleiding in het bedrijf of op de "
        "infrastructuur van een technische school, met bijpassende didactische opstellingen. Zo hou je voeling "
        "met de werkvloer en neem je wat je ziet mee naar de klas. Leren van elkaar: dialoog tussen onderwijs "
        "en industrie.",
        ["smart-industry", "teamwork"],
        ["stem", "voeding-en-horeca"],
        ["3"],
        ["vaktechnisch", "pedagogisch-didactisch"],
        "0",
        "24",
        "bedrijf",
        "1030",
        "",
        "weekly:4",
        {"cost_note": "Je wordt als lesgever vergoed."},
    ),
    (
        ["diagnose-car-vzw", "educam"],
        "infrastructuur-delen",
        "innovatie-binnenbrengen",
        "Diagnose Car: een moderne wagen met netwerktechnologie vijf maanden in je school",
        "Diagnose Car leent scholen moderne auto's uit, telkens vijf maanden per school, met opleiding voor de leerkrachten.",
        "Scholen krijgen toegang tot een variatie van moderne auto's met netwerktechnologie, hybride en elektrische "
        "aandrijving. De leerkrachten krijgen een opleiding van de constructeur zodat ze hun lessen actueel houden "
        "in een snel evoluerende sector. Ook Syntra, hogescholen en VDAB-competentiecentra gebruiken de wagens.",
        ["elektrische-wagens", "digitale-vaardigheden"],
        ["stem"],
        ["2", "3", "7"],
        ["vaktechnisch"],
        "0",
        "",
        "eigen-school",
        "1070",
        "",
        "block:5",
        {"duration_note": "5 maanden per school", "brand_neutral": False, "supplier": "wisselende constructeurs"},
    ),
    (
        ["tiense-suikerraffinaderij"],
        "leeromgeving",
        "innovatie-beleven",
        "Leeratelier T-Competence bij de Tiense Suikerraffinaderij",
        "Leerlingen en hun leerkrachten werken in een professioneel leeratelier op het bedrijfsterrein in Tienen.",
        "Sinds 2016 heeft de Tiense Suikerraffinaderij een professioneel leeratelier waar jongeren en hun "
        "leerkrachten onderhoud en procestechniek leren in een echte industriële omgeving, samen met de "
        "technische dienstverlener en scholen uit de Tiense regio (werkplekleren en duaal leren).",
        ["smart-industry", "robotica-automatisering"],
        ["stem"],
        ["3"],
        ["vaktechnisch"],
        "0",
        "16",
        "bedrijf",
        "3300",
        "T-Competence leeratelier",
        "weekly:2",
        {},
    ),
    (
        ["technocampus"],
        "leeromgeving",
        "innovatie-beleven",
        "Mini-usine van Technocampus: een echte productieomgeving als leeromgeving",
        "Een volledig opgestelde fabriek op schaal waar leerkrachten en leerlingen productie en onderhoud ervaren.",
        "De site 'mini-usine' van Technocampus is volledig opgesteld als leeromgeving: een echte productielijn "
        "met automatisering, kwaliteitscontrole en onderhoud. Leerkrachten volgen eerst een traject om de "
        "installatie te leren kennen en komen daarna terug met hun klas.",
        ["smart-industry", "iot", "robotica-automatisering"],
        ["stem"],
        ["3", "7"],
        ["vaktechnisch"],
        "95",
        "14",
        "opleidingscentrum",
        "9000",
        "Technocampus",
        "weekly:2",
        {},
    ),
    (
        ["t2-campus", "vdab", "syntra-ab"],
        "opleiding",
        "innovatie-beleven",
        "T2-campus: opleiding elektromechanica en industriële automatisering voor leerkrachten",
        "Op de T2-campus in Genk leer je werken met de nieuwste installaties voor talent en technologie.",
        "De T2-campus focust op 'Talent en Technologie': VDAB, Syntra en onderwijs werken er samen. Leerkrachten "
        "volgen er een praktijkopleiding op installaties die ook bedrijven gebruiken, en kunnen de infrastructuur "
        "later met hun leerlingen gebruiken.",
        ["robotica-automatisering", "digitale-productie", "zonnepanelen"],
        ["stem"],
        ["2", "3", "7"],
        ["vaktechnisch"],
        "60",
        "21",
        "opleidingscentrum",
        "3600",
        "T2-campus Genk",
        "weekly:3",
        {},
    ),
    (
        ["fluvius"],
        "netwerkmoment",
        "innovatie-binnenbrengen",
        "Spitsdagen bij Fluvius: leerkrachten, docenten en netbeheerders wisselen uit",
        "Leerkrachten elektriciteit wisselen ervaringen uit met docenten van het hoger onderwijs en medewerkers van Fluvius.",
        "Op de spitsdagen (vroeger van Eandis) komen leerkrachten, docenten hoger onderwijs en medewerkers van de "
        "netbeheerder samen rond smart grids, digitale meters en de energietransitie. Scholen die samenwerken "
        "worden beloond met materiaal voor de klas.",
        ["smart-grids", "energieopslag"],
        ["stem"],
        ["3", "7"],
        ["vaktechnisch"],
        "0",
        "6",
        "bedrijf",
        "9090",
        "Fluvius opleidingscentrum Melle",
        "once",
        {},
    ),
    (
        ["syntra-vlaanderen"],
        "vervangingsaanbod",
        "flankerend",
        "Syntra vervangingsaanbod: een les ondernemerschap terwijl jij op nascholing bent",
        "Syntra verzorgt kosteloos een vervangende didactische activiteit rond ondernemerschap in je klas.",
        "Een externe lesgever van Syntra komt een les ondernemerschap geven wanneer een leerkracht nascholing "
        "of een bedrijfsstage volgt. Zo valt de vervanging van afwezige leerkrachten niet weg als drempel.",
        ["teamwork", "flexibele-werkplekken"],
        ["economie-en-organisatie", "stem"],
        ["2", "3"],
        ["pedagogisch-didactisch"],
        "0",
        "2",
        "eigen-school",
        "1000",
        "",
        "none",
        {"registration_info": "Vraag aan via het RTC van je provincie, minstens vier weken vooraf."},
    ),
    (
        ["agoria"],
        "netwerkmoment",
        "innovatie-binnenbrengen",
        "Leergemeenschap EMT duaal: elektromechanische technieken samen met bedrijven",
        "Scholen en bedrijven ontwikkelen samen het duale traject Elektromechanische Technieken.",
        "In de leergemeenschappen van het EMT-project (Schoolbank op de werkplek) werken leerkrachten en "
        "mentoren uit bedrijven samen aan opleidingsplannen, evaluatie en lesmateriaal voor duaal leren. "
        "Netoverschrijdend: je leert van collega's van andere scholen.",
        ["robotica-automatisering", "teamwork"],
        ["stem"],
        ["3"],
        ["pedagogisch-didactisch", "vaktechnisch"],
        "0",
        "12",
        "gastschool",
        "2800",
        "Campus De Vesten",
        "monthly:4",
        {},
    ),
    (
        ["constructiv"],
        "bedrijfsstage",
        "innovatie-beleven",
        "Bedrijfsstage voor leerkrachten bouw: een week op een energiezuinige werf",
        "Vijf dagen meedraaien op een bouwwerf met BIM, luchtdichtheid en nieuwe isolatietechnieken.",
        "Leerkrachten bouw lopen een week stage bij een bouwbedrijf, nemen een actieve rol op in het team en "
        "vertalen hun ervaring met de begeleiding van Constructiv naar een lesreeks.",
        ["bim", "isolatietechnieken"],
        ["stem"],
        ["2", "3"],
        ["vaktechnisch"],
        "0",
        "38",
        "bedrijf",
        "9700",
        "Bouwbedrijf De Smet",
        "block:1",
        {"capacity": 6},
    ),
]

# Generated offers: (kind, pillar, title, summary, themes, domains, needs, location type, cost, hours)
TEMPLATES = [
    (
        "opleiding",
        "innovatie-beleven",
        "PLC-programmatie met Siemens TIA Portal",
        "Van ladderlogica tot gestructureerde tekst, met oefeningen die je meteen in de klas gebruikt.",
        ["robotica-automatisering", "digitale-productie"],
        ["stem"],
        ["vaktechnisch"],
        "opleidingscentrum",
        "95",
        "14",
    ),
    (
        "workshop",
        "innovatie-beleven",
        "Cobots veilig inzetten in de klas",
        "Een dag programmeren met een collaboratieve robot, met een lesvoorbeeld voor de derde graad.",
        ["cobots", "robotica-automatisering"],
        ["stem"],
        ["vaktechnisch"],
        "bedrijf",
        "75",
        "7",
    ),
    (
        "opleiding",
        "innovatie-beleven",
        "Warmtepompen plaatsen en in bedrijf stellen",
        "Theorie en praktijk van lucht-water- en bodem-waterwarmtepompen, met de nieuwe F-gassenregels.",
        ["warmtepompen"],
        ["stem"],
        ["vaktechnisch"],
        "opleidingscentrum",
        "120",
        "14",
    ),
    (
        "workshop",
        "innovatie-binnenbrengen",
        "Zonnepanelen en thuisbatterijen: van dak tot meter",
        "Plaatsing, keuring en monitoring van een pv-installatie met batterijopslag.",
        ["zonnepanelen", "energieopslag"],
        ["stem"],
        ["vaktechnisch"],
        "bedrijf",
        "65",
        "6",
    ),
    (
        "lezing",
        "innovatie-binnenbrengen",
        "Artificiële intelligentie op de werkvloer",
        "Wat verandert AI in productie, zorg en kantoor, en wat betekent dat voor je lessen?",
        ["artificial-intelligence", "digitale-vaardigheden"],
        ["stem", "economie-en-organisatie"],
        ["ict", "pedagogisch-didactisch"],
        "online",
        "0",
        "2",
    ),
    (
        "bedrijfsstage",
        "innovatie-beleven",
        "Bedrijfsstage in een slimme fabriek",
        "Drie dagen meedraaien in een productiebedrijf dat met sensoren en data werkt.",
        ["smart-industry", "iot"],
        ["stem"],
        ["vaktechnisch"],
        "bedrijf",
        "0",
        "22",
    ),
    (
        "werkplekleren",
        "innovatie-beleven",
        "Werkplekleren in de zorg: zorgtechnologie aan het bed",
        "Leerkrachten zorg ervaren een week hoe een woonzorgcentrum tilliften, sensoren en tablets inzet.",
        ["digitale-vaardigheden"],
        ["maatschappij-en-welzijn"],
        ["vaktechnisch"],
        "bedrijf",
        "0",
        "30",
    ),
    (
        "train-the-trainer",
        "innovatie-binnenbrengen",
        "Train-the-trainer 3D-printen",
        "Leer 3D-printers bedienen en onderhouden en geef het daarna door aan je vakgroep.",
        ["3d-printing"],
        ["stem", "kunst-en-creatie"],
        ["vaktechnisch", "pedagogisch-didactisch"],
        "gastschool",
        "85",
        "12",
    ),
    (
        "coaching",
        "innovatie-binnenbrengen",
        "Aanspreekpunt STEM-didactiek in de vakgroep",
        "Een pedagogisch begeleider coacht je vakgroep bij het uitwerken van een geïntegreerd STEM-project.",
        ["systeemdenken", "teamwork"],
        ["stem"],
        ["pedagogisch-didactisch"],
        "eigen-school",
        "0",
        "8",
    ),
    (
        "lesmateriaalpakket",
        "innovatie-binnenbrengen",
        "Lespakket circulair bouwen",
        "Kant-en-klare lessen over demontabel bouwen en hergebruik van materialen, met werkbladen.",
        ["isolatiematerialen", "bim"],
        ["stem"],
        ["pedagogisch-didactisch"],
        "online",
        "0",
        "4",
    ),
    (
        "opleiding",
        "innovatie-beleven",
        "Hoogspanningsveiligheid bij elektrische en hybride wagens",
        "Attest voor veilig werken aan voertuigen met hoogspanning, met praktijk op echte wagens.",
        ["elektrische-wagens", "batterijen"],
        ["stem"],
        ["vaktechnisch"],
        "opleidingscentrum",
        "150",
        "16",
    ),
    (
        "workshop",
        "innovatie-binnenbrengen",
        "Composieten verwerken: van vezel tot onderdeel",
        "Handleggen, vacuümtechniek en herstellingen van composietmaterialen.",
        ["composieten", "kunststoffen"],
        ["stem"],
        ["vaktechnisch"],
        "bedrijf",
        "80",
        "7",
    ),
    (
        "netwerkmoment",
        "innovatie-binnenbrengen",
        "Regionaal netwerkmoment Industrie 4.0",
        "Scholen en bedrijven uit de regio ontmoeten elkaar in parallelle sessies rond Industrie 4.0.",
        ["smart-industry", "iot"],
        ["stem"],
        ["vaktechnisch", "pedagogisch-didactisch"],
        "gastschool",
        "0",
        "4",
    ),
    (
        "opleiding",
        "innovatie-beleven",
        "Nieuwe technieken in haarkleuring",
        "Kleurcorrectie, balayage en duurzame producten, met een lesmodel voor de praktijkles.",
        ["flexibele-werkplekken"],
        ["maatschappij-en-welzijn", "kunst-en-creatie"],
        ["vaktechnisch"],
        "opleidingscentrum",
        "70",
        "6",
    ),
    (
        "workshop",
        "innovatie-binnenbrengen",
        "Voedselveiligheid en digitale HACCP in de grootkeuken",
        "Sensoren, digitale registratie en allergenenbeheer in de professionele keuken.",
        ["iot", "digitale-vaardigheden"],
        ["voeding-en-horeca"],
        ["vaktechnisch", "ict"],
        "bedrijf",
        "55",
        "4",
    ),
    (
        "bedrijfsstage",
        "innovatie-beleven",
        "Precisielandbouw: drones en GPS op het veld",
        "Twee dagen bij een landbouwbedrijf dat met drones, GPS-sturing en bodemsensoren werkt.",
        ["big-data-cloud", "iot"],
        ["land-en-tuinbouw"],
        ["vaktechnisch"],
        "bedrijf",
        "0",
        "14",
    ),
    (
        "opleiding",
        "innovatie-beleven",
        "CNC-frezen en CAD/CAM voor beginners",
        "Van tekening tot gefreesd werkstuk, met de software die in de bedrijven gebruikt wordt.",
        ["digitale-productie"],
        ["stem"],
        ["vaktechnisch", "ict"],
        "opleidingscentrum",
        "110",
        "21",
    ),
    (
        "lezing",
        "innovatie-binnenbrengen",
        "Cybersecurity voor de technische school",
        "Hoe houd je de netwerken van je werkplaats en je leerlingen veilig?",
        ["digitale-vaardigheden", "big-data-cloud"],
        ["stem", "economie-en-organisatie"],
        ["ict"],
        "online",
        "0",
        "2",
    ),
    (
        "infrastructuur-delen",
        "innovatie-binnenbrengen",
        "Lasrobot te gast: een maand in je werkplaats",
        "Een bedrijf leent een lasrobot uit, met een opleiding voor de leerkrachten vooraf.",
        ["robotica-automatisering"],
        ["stem"],
        ["vaktechnisch"],
        "eigen-school",
        "0",
        "8",
    ),
    (
        "werkplekleren",
        "innovatie-beleven",
        "Werkplekleren in de houtindustrie",
        "Een week in een houtbewerkingsbedrijf met CNC-centra en nieuwe afwerkingstechnieken.",
        ["digitale-productie"],
        ["stem"],
        ["vaktechnisch"],
        "bedrijf",
        "0",
        "30",
    ),
    (
        "opleiding",
        "innovatie-beleven",
        "Koeltechniek met natuurlijke koudemiddelen",
        "CO2- en propaaninstallaties: werking, veiligheid en onderhoud.",
        ["warmtepompen", "energieopslag"],
        ["stem"],
        ["vaktechnisch"],
        "opleidingscentrum",
        "140",
        "14",
    ),
    (
        "workshop",
        "innovatie-binnenbrengen",
        "Logistiek 4.0: scanners, WMS en automatische magazijnen",
        "Een halve dag in een distributiecentrum met een lesvoorbeeld voor logistiek en kantoor.",
        ["smart-industry", "big-data-cloud"],
        ["economie-en-organisatie"],
        ["vaktechnisch"],
        "bedrijf",
        "0",
        "4",
    ),
    (
        "opleiding",
        "innovatie-beleven",
        "Textiel en mode: digitaal patroneren",
        "Patronen tekenen en gradeerwerk met CAD-software, zoals in de modeateliers.",
        ["digitale-vaardigheden", "3d-printing"],
        ["kunst-en-creatie"],
        ["vaktechnisch", "ict"],
        "opleidingscentrum",
        "90",
        "12",
    ),
    (
        "lezing",
        "innovatie-binnenbrengen",
        "Nieuwe manieren van werken: teamwork en systeemdenken in de klas",
        "Wat bedrijven verwachten van schoolverlaters, en hoe je het oefent in projectwerk.",
        ["teamwork", "systeemdenken"],
        ["stem", "economie-en-organisatie", "maatschappij-en-welzijn"],
        ["pedagogisch-didactisch"],
        "gastschool",
        "25",
        "3",
    ),
    (
        "train-the-trainer",
        "innovatie-binnenbrengen",
        "Didactiek van de praktijkles: demonstreren en begeleiden",
        "Voor instructeurs en leerkrachten: hoe je een vaardigheid stap voor stap aanleert.",
        ["teamwork"],
        ["stem", "voeding-en-horeca"],
        ["pedagogisch-didactisch"],
        "gastschool",
        "45",
        "6",
    ),
]

PROVINCES = {
    "antwerpen": {
        "postcodes": ["2000", "2300", "2440", "2800", "2500"],
        "providers": [
            "rtc-antwerpen",
            "syntra-ab",
            "houtbewerking-goossens",
            "chempro-antwerpen",
            "garage-peeters",
            "bakkerij-wouters",
            "agrotech-hoogstraten",
            "catalisti",
        ],
    },
    "limburg": {
        "postcodes": ["3500", "3600", "3900", "3700"],
        "providers": [
            "rtc-limburg",
            "t2-campus",
            "janssens-automatisering",
            "solar-limburg",
            "composiet-solutions",
            "hogeschool-pxl",
        ],
    },
    "oost-vlaanderen": {
        "postcodes": ["9000", "9100", "9300", "9700", "9200"],
        "providers": [
            "rtc-oost-vlaanderen",
            "vdab-competentiecentrum-gent",
            "elektro-vermeulen",
            "bouwbedrijf-de-smet",
            "logistiek-van-damme",
            "modeatelier-verbeke",
            "kapsalon-nina",
            "hogeschool-gent",
        ],
    },
    "vlaams-brabant": {
        "postcodes": ["3000", "3300", "1800", "1500"],
        "providers": [
            "rtc-vlaams-brabant",
            "warmte-klimaat-claes",
            "van-hove-installaties",
            "lerarenopleiding-ucll",
            "flanders-make",
        ],
    },
    "brussel": {
        "postcodes": ["1000", "1070"],
        "providers": ["educam", "volta", "vivo", "coiffureorg", "woodwize", "cevora"],
    },
    "west-vlaanderen": {
        "postcodes": ["8000", "8500", "8800", "8400", "8900"],
        "providers": [
            "rtc-west-vlaanderen",
            "syntra-west",
            "maes-metaalconstructie",
            "robotix-kortrijk",
            "zorggroep-heilig-hart",
            "drukkerij-lannoo-de-roo",
            "hotel-leopold",
        ],
    },
}

INITIATIVES = [
    (
        "EMT duaal leren: leergemeenschappen van scholen en bedrijven",
        "agoria",
        ["antwerpen", "oost-vlaanderen", "west-vlaanderen", "limburg", "vlaams-brabant"],
        "Leergemeenschappen van scholen en technologiebedrijven rond het duale traject Elektromechanische Technieken.",
        ["instroom", "kwaliteit"],
        ["robotica-automatisering"],
        ["industrie-4-0"],
        ["maes-metaalconstructie", "janssens-automatisering", "rtc-antwerpen"],
        "Een gedeeld opleidingsplan en evaluatie-instrumenten voor EMT duaal, gebruikt door meer dan twintig scholen.",
    ),
    (
        "Diagnose Car: moderne wagens voor elke autoschool",
        "diagnose-car-vzw",
        ["antwerpen", "limburg", "oost-vlaanderen", "vlaams-brabant", "west-vlaanderen", "brussel"],
        "Constructeurs, invoerders, Educam en scholen zorgen samen dat leerlingen op actuele wagens leren.",
        ["kwaliteit", "innovatie"],
        ["elektrische-wagens"],
        ["mobiliteit"],
        ["educam", "garage-peeters"],
        "Elk schooljaar rouleren de wagens over tientallen scholen, vijf maanden per school.",
    ),
    (
        "VINTO: leren van elkaar, onderwijs en industrie",
        "alimento",
        ["oost-vlaanderen", "west-vlaanderen", "brussel"],
        "Sectoren en technische scholen organiseren samen opleidingen voor werknemers, gegeven door leerkrachten.",
        ["levenslang-leren", "kwaliteit"],
        ["smart-industry"],
        ["levenslang-leren"],
        ["co-valent", "woodwize"],
        "Leerkrachten blijven voeling houden met de werkvloer; bedrijven krijgen didactisch sterke opleidingen.",
    ),
    (
        "T-Competence: leeratelier in de suikerfabriek",
        "tiense-suikerraffinaderij",
        ["vlaams-brabant"],
        "De Tiense Suikerraffinaderij, een technische dienstverlener en scholen uit de Tiense regio bouwden een leeratelier.",
        ["instroom", "innovatie"],
        ["smart-industry"],
        ["industrie-4-0"],
        ["rtc-vlaams-brabant"],
        "Sinds 2016 een professioneel leeratelier waar leerlingen en leerkrachten onderhoud leren.",
    ),
    (
        "T2-campus Genk: talent en technologie",
        "t2-campus",
        ["limburg"],
        "VDAB, Syntra en onderwijs delen in Genk één campus en één infrastructuur voor technische opleidingen.",
        ["instroom", "levenslang-leren"],
        ["robotica-automatisering", "zonnepanelen"],
        ["industrie-4-0", "energietransitie"],
        ["vdab", "syntra-ab", "rtc-limburg"],
        "Gedeelde infrastructuur voor leerlingen, werkzoekenden en werknemers.",
    ),
    (
        "Spitsdagen energie: netbeheerder, hogescholen en scholen",
        "fluvius",
        ["oost-vlaanderen", "vlaams-brabant"],
        "Fluvius, hogescholen en TSO-scholen wisselen uit over smart grids en de energietransitie.",
        ["kwaliteit", "innovatie"],
        ["smart-grids"],
        ["energietransitie"],
        ["hogeschool-gent", "volta"],
        "Jaarlijkse spitsdagen en materiaal voor de klas voor scholen die meewerken.",
    ),
    (
        "Mini-usine: leren in een fabriek op schaal",
        "technocampus",
        ["oost-vlaanderen"],
        "Technocampus stelt zijn mini-usine open voor scholen, met trajecten voor leerkrachten.",
        ["innovatie", "instroom"],
        ["smart-industry"],
        ["industrie-4-0"],
        ["rtc-oost-vlaanderen", "vdab-competentiecentrum-gent"],
        "Klassen draaien een echte productiedag op schaal.",
    ),
]

GENERATED_INITIATIVES = [
    ("Regionaal netwerk Industrie 4.0", ["smart-industry", "iot"], ["industrie-4-0"], ["innovatie", "kwaliteit"]),
    (
        "Bouwen aan de energietransitie",
        ["warmtepompen", "isolatietechnieken"],
        ["energietransitie"],
        ["innovatie", "instroom"],
    ),
    (
        "Zorg 4.0: technologie in de zorgopleidingen",
        ["digitale-vaardigheden"],
        ["zorg-en-welzijn-4-0"],
        ["kwaliteit", "levenslang-leren"],
    ),
    (
        "Circulair maken: scholen en bedrijven rond hergebruik",
        ["kunststoffen", "composieten"],
        ["circulaire-economie"],
        ["innovatie"],
    ),
    ("Slim wonen: domotica-leernetwerk", ["iot", "smart-grids"], ["slim-wonen-en-leven"], ["innovatie", "kwaliteit"]),
]


# What each template is about, and which providers fit it (others fall back to the province's RTC).
TEMPLATE_TAGS = [
    "techniek",
    "techniek",
    "energie",
    "energie",
    "ict",
    "techniek",
    "zorg",
    "techniek",
    "didactiek",
    "bouw",
    "auto",
    "materialen",
    "algemeen",
    "haar",
    "voeding",
    "land",
    "techniek",
    "ict",
    "techniek",
    "hout",
    "energie",
    "logistiek",
    "mode",
    "algemeen",
    "didactiek",
]
PROVIDER_TAGS = {
    "syntra-ab": {"techniek", "voeding", "haar"},
    "syntra-west": {"techniek", "voeding", "haar", "bouw"},
    "houtbewerking-goossens": {"hout"},
    "chempro-antwerpen": {"materialen"},
    "garage-peeters": {"auto"},
    "bakkerij-wouters": {"voeding"},
    "agrotech-hoogstraten": {"land"},
    "catalisti": {"materialen"},
    "t2-campus": {"techniek", "energie", "auto"},
    "janssens-automatisering": {"techniek", "ict"},
    "solar-limburg": {"energie"},
    "composiet-solutions": {"materialen"},
    "hogeschool-pxl": {"ict", "zorg", "didactiek"},
    "vdab-competentiecentrum-gent": {"techniek", "energie", "auto"},
    "elektro-vermeulen": {"energie"},
    "bouwbedrijf-de-smet": {"bouw"},
    "logistiek-van-damme": {"logistiek"},
    "modeatelier-verbeke": {"mode"},
    "kapsalon-nina": {"haar"},
    "hogeschool-gent": {"ict", "techniek", "land"},
    "warmte-klimaat-claes": {"energie", "bouw"},
    "van-hove-installaties": {"energie", "bouw"},
    "lerarenopleiding-ucll": {"didactiek", "zorg"},
    "flanders-make": {"techniek", "ict", "materialen"},
    "educam": {"auto", "logistiek"},
    "volta": {"energie"},
    "vivo": {"zorg"},
    "coiffureorg": {"haar"},
    "woodwize": {"hout"},
    "cevora": {"logistiek", "ict"},
    "maes-metaalconstructie": {"techniek"},
    "robotix-kortrijk": {"techniek", "ict"},
    "zorggroep-heilig-hart": {"zorg"},
    "drukkerij-lannoo-de-roo": {"mode", "ict"},
    "hotel-leopold": {"voeding"},
}
RTC_OF = {
    "antwerpen": "rtc-antwerpen",
    "limburg": "rtc-limburg",
    "oost-vlaanderen": "rtc-oost-vlaanderen",
    "vlaams-brabant": "rtc-vlaams-brabant",
    "brussel": "rtc-vlaams-brabant",
    "west-vlaanderen": "rtc-west-vlaanderen",
}
PBDS = [
    "pedagogische-begeleiding-katholiek-onderwijs-vlaanderen",
    "pedagogische-begeleidingsdienst-go",
    "pedagogische-begeleiding-pov",
    "pedagogische-begeleiding-ovsg",
    "pedagogische-begeleiding-oko",
]


def _provider_for(ctx, spec, tag, turn):
    """A provider of the province that fits the subject; didactics by a PBD; otherwise the RTC."""
    fitting = [ctx.orgs[s] for s in spec["providers"] if s in ctx.orgs and tag in PROVIDER_TAGS.get(s, set())]
    if fitting:
        return fitting[turn % len(fitting)]
    if tag == "didactiek":
        return ctx.orgs[PBDS[turn % len(PBDS)]]
    return ctx.orgs[RTC_OF[spec["slug"]]]


def _org_in(ctx, province_slug, kind, turn):
    found = sorted(
        (o for o in ctx.orgs.values() if o.kind == kind and o.province.slug == province_slug), key=lambda o: o.pk
    )
    return found[turn % len(found)] if found else None


def _school_in(ctx, province_slug, turn):
    return _org_in(ctx, province_slug, "school", turn)


def _terms(vocabulary, codes):
    return list(Term.objects.of(vocabulary).filter(code__in=codes))


def _term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


def _at(day, hour):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _sessions(plan, start, hours):
    """Session datetimes from a plan: once, weekly:n, monthly:n, block:n (days in a row), none."""
    if plan == "none":
        return []
    kind, _sep, count = plan.partition(":")
    count = int(count or 1)
    while start.weekday() >= 5:
        start += timedelta(days=1)
    length = min(8, max(2, int(Decimal(hours or "4") / max(count, 1)))) if hours else 4
    sessions = []
    for i in range(count):
        if kind == "weekly":
            day = start + timedelta(weeks=i)
        elif kind == "monthly":
            day = start + timedelta(weeks=4 * i)
        elif kind == "block":
            day = start + timedelta(days=i)
            while day.weekday() >= 5:
                day += timedelta(days=2)
        else:
            day = start
        begin = 9 if length > 4 else 13 if i % 2 else 9
        sessions.append({"title": "", "starts_at": _at(day, begin), "ends_at": _at(day, begin + length)})
    return sessions


def _offer_data(
    ctx,
    providers,
    kind,
    pillar,
    title,
    summary,
    description,
    themes,
    domains,
    grades,
    needs,
    cost,
    hours,
    location_type,
    postcode,
    location_name,
    plan,
    start,
    extra,
):
    rng = ctx.rng
    location_type_term = _term("locatietype", location_type)
    online = not needs_address(location_type_term)
    theme_terms = _terms("thema", themes)
    priorities = {
        "industrie-4-0": "industrie-4-0",
        "duurzaamheid": "energietransitie",
        "digitalisering": "industrie-4-0",
        "geavanceerde-materialen": "circulaire-economie",
        "nieuwe-werkvormen": "levenslang-leren",
    }
    priority_codes = {priorities.get(t.parent.code if t.parent_id else t.code) for t in theme_terms} - {None}
    data = {
        "title": title,
        "summary": summary,
        "description": description,
        "goals": extra.pop("goals", "Je vertaalt wat je leert naar minstens één les of opdracht voor je leerlingen."),
        "kind": _term("aanbodsoort", kind),
        "pillar": _term("pijler", pillar),
        "audience": extra.pop("audience", rng.choice(["individueel", "team", "beide", "beide"])),
        "cost": Decimal(cost),
        "duration_hours": Decimal(hours) if hours else None,
        "period": extra.pop("period", ""),
        "providers": providers,
        "themes": theme_terms,
        "transition_priorities": _terms("transitieprioriteit", priority_codes),
        "studiedomeinen": _terms("studiedomein", domains),
        "graden": _terms("graad", grades),
        "onderwijsvormen": _terms(
            "onderwijsvorm",
            rng.choice([["TSO", "BSO"], ["TSO"], ["BSO", "DUAAL"], ["TSO", "BSO", "DUAAL"], ["BSO", "BUSO-OV3"]]),
        ),
        "need_types": _terms("noodtype", needs),
        "trainer_technical": extra.pop("trainer_technical", "Praktijkexpert uit het bedrijf met ruime ervaring."),
        "trainer_didactic": extra.pop("trainer_didactic", "Ervaren lesgever, vertrouwd met het TSO en BSO."),
        "brand_neutral": extra.pop("brand_neutral", True),
        "supplier": extra.pop("supplier", ""),
        "capacity": extra.pop("capacity", rng.choice([None, 8, 12, 15, 20, 25])),
        "registration_url": f"https://www.{providers[0].slug}.example/inschrijven",
        "contact_name": rng.choice(["An Peeters", "Koen Maes", "Sofie Claes", "Wim Jacobs", "Lien Wouters"]),
        "contact_email": f"opleidingen@{providers[0].slug}.example",
        "locations": [
            {
                "location_type": location_type_term,
                "name": location_name if not online else "",
                "postcode": "" if online else postcode,
            }
        ],
        "sessions": _sessions(plan, start, hours),
    }
    data.update(extra)
    return data


def load(ctx):
    admin = ctx.users.get("admin")
    rng = ctx.rng
    today = timezone.localdate()
    offers = []
    for i, (slugs, *rest) in enumerate(NAMED_OFFERS):
        providers = [ctx.orgs[s] for s in slugs if s in ctx.orgs]
        *fields, extra = rest
        start = today + timedelta(days=14 + 9 * i)
        data = _offer_data(ctx, providers, *fields, start, dict(extra))
        offers.append(services.create_offer(admin, data, publish=True))

    n = 0
    for province_slug, spec in PROVINCES.items():
        spec = {**spec, "slug": province_slug}
        for j, template in enumerate(TEMPLATES):
            kind, pillar, title, summary, themes, domains, needs, location_type, cost, hours = template
            provider = _provider_for(ctx, spec, TEMPLATE_TAGS[j], j + n)
            postcode = rng.choice(spec["postcodes"])
            location_name = provider.name
            if location_type == "gastschool":
                host = _school_in(ctx, province_slug, j)
                if host is not None:
                    postcode, location_name = host.postcode, host.name
            elif location_type == "bedrijf":
                # At the provider if it is a company, else at a partner company of the region.
                host = provider if provider.kind == "bedrijf" else _org_in(ctx, province_slug, "bedrijf", j)
                if host is not None:
                    postcode, location_name = host.postcode, host.name
            start = today + timedelta(days=rng.randint(-20, 240))
            plan = {
                "opleiding": "weekly:3",
                "bedrijfsstage": "block:3",
                "werkplekleren": "block:5",
                "train-the-trainer": "weekly:2",
                "coaching": "monthly:3",
                "lesmateriaalpakket": "none",
                "infrastructuur-delen": "none",
            }.get(kind, "once")
            description = (
                f"{summary} Georganiseerd door {provider.name} in de regio. "
                "Je werkt met de toestellen en software die bedrijven vandaag gebruiken en gaat naar huis met "
                "een uitgewerkt lesidee. Na afloop blijft een aanspreekpunt beschikbaar voor vragen."
            )
            data = _offer_data(
                ctx,
                [provider],
                kind,
                pillar,
                title,
                summary,
                description,
                themes,
                domains,
                rng.choice([["2", "3"], ["3"], ["3", "7"], ["1", "2"]]),
                needs,
                cost,
                hours,
                location_type,
                postcode,
                location_name,
                plan,
                start,
                {"period": date_format(start, "F Y") if j % 3 else ""},
            )
            offers.append(services.create_offer(admin, data, publish=True))
            n += 1
    # A few entries show the lifecycle: drafts, an archived one, and stale ones that sink in the ranking.
    long_ago = timezone.now() - timedelta(days=420)
    for offer in offers[-6:-3]:
        Offer.objects.filter(pk=offer.pk).update(published_at=long_ago, last_confirmed_at=long_ago)
        services.sync_offer_index(offer)
    services.archive_offer(admin, offers[-2])
    draft = offers[-1]
    Offer.objects.filter(pk=draft.pk).update(status="concept", published_at=None)
    services.sync_offer_index(draft)

    initiatives = _load_initiatives(ctx, admin, offers)
    ctx.extra["catalogue_offers"] = offers
    ctx.extra["catalogue_initiatives"] = initiatives
    ctx.say(f"    {len(offers)} aanbiedingen, {len(initiatives)} initiatieven")


def _load_initiatives(ctx, admin, offers):
    provinces = {p.slug: p for p in Province.objects.all()}
    roles = {t.code: t for t in Term.objects.of("partnerrol")}
    result = []
    by_provider = {}
    for offer in offers:
        for p in offer.providers.all():
            by_provider.setdefault(p.pk, []).append(offer)
    for title, lead_slug, province_slugs, summary, goals, themes, priorities, partner_slugs, results in INITIATIVES:
        lead = ctx.orgs[lead_slug]
        partners = [{"organisation": lead, "role": roles["trekker"], "contribution": ""}] + [
            {
                "organisation": ctx.orgs[s],
                "role": roles[ctx.rng.choice(["expertise", "infrastructuur", "begeleiding", "makelaar"])],
                "contribution": "",
            }
            for s in partner_slugs
            if s in ctx.orgs
        ]
        data = {
            "title": title,
            "summary": summary,
            "description": f"{summary} Het initiatief brengt partners samen die elk hun rol opnemen, met aandacht "
            "voor de link met het leerplan en het delen van wat ontwikkeld wordt.",
            "lead": lead,
            "provinces": [provinces[s] for s in province_slugs if s in provinces],
            "goals": _terms("initiatiefdoel", goals),
            "themes": _terms("thema", themes),
            "transition_priorities": _terms("transitieprioriteit", priorities),
            "studiedomeinen": _terms("studiedomein", ["stem"]),
            "results": results,
            "offers": by_provider.get(lead.pk, [])[:3],
            "website": f"https://www.{lead.slug}.example",
            "started_on": timezone.localdate() - timedelta(days=ctx.rng.randint(200, 2500)),
            "partners": partners,
        }
        result.append(services.create_initiative(admin, data, publish=True))
    schools = [o for o in ctx.orgs.values() if o.kind == "school"]
    for province_slug, spec in PROVINCES.items():
        for k, (name, themes, priorities, goals) in enumerate(GENERATED_INITIATIVES):
            if len(result) >= 36:
                break
            if (k + len(province_slug)) % 5 == 4:
                continue
            lead = ctx.orgs.get(spec["providers"][0])
            province = provinces.get(province_slug)
            if lead is None or province is None:
                continue
            local_schools = [s for s in schools if s.province_id == province.pk][:3]
            partners = [{"organisation": lead, "role": roles["makelaar"], "contribution": "Brengt partners samen"}]
            partners += [
                {"organisation": ctx.orgs[s], "role": roles["expertise"], "contribution": "Lesgevers en infrastructuur"}
                for s in spec["providers"][1:3]
                if s in ctx.orgs
            ]
            partners += [
                {"organisation": s, "role": roles["school"], "contribution": "Ontwikkelt en test lesmateriaal"}
                for s in local_schools
            ]
            data = {
                "title": f"{name} – {province.name}",
                "summary": f"Scholen, bedrijven en het RTC in {province.name} werken samen rond {name.lower()}.",
                "description": "Een lerend netwerk van leerkrachten uit verschillende scholen en netten, met bedrijven "
                "die infrastructuur en expertise delen. Samen ontwikkelen ze lesmateriaal dat in de vakgroepen "
                "gedeeld wordt.",
                "lead": lead,
                "provinces": [province],
                "goals": _terms("initiatiefdoel", goals),
                "themes": _terms("thema", themes),
                "transition_priorities": _terms("transitieprioriteit", priorities),
                "studiedomeinen": _terms("studiedomein", ["stem"]),
                "results": "Lesmateriaal, netwerkmomenten en bedrijfsbezoeken voor de deelnemende scholen.",
                "offers": by_provider.get(lead.pk, [])[:2],
                "started_on": timezone.localdate() - timedelta(days=ctx.rng.randint(100, 1500)),
                "partners": partners,
            }
            result.append(services.create_initiative(admin, data, publish=True))
    return result
