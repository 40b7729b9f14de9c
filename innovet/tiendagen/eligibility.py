"""The rules of the VDAB 10-dagenregeling, as pure functions on plain data (no database, no Django models).

Each rule returns ``None`` (passed) or a ``Refusal`` that names the rule and says why, in Dutch. The
service (``services.submit_request``) collects the facts from the database, calls ``evaluate`` and refuses
the request with every refusal at once; the RTC's forward and the centre's confirmation evaluate again,
because days may have been used elsewhere in between.

The rules come from the study (IDEA Consult 2018, 'de innovatie beleven'):

1. ``leerjaar`` — the pupils are in one of: the 2nd year of the 3rd grade BSO or TSO; the 3rd year of the
   3rd grade BSO (the 7th year); Se-n-Se of TSO; ABO / the integration phase of OV3; one of the five years
   of OV3 (BuSO, opleidingsvorm 3); DBSO or leertijd.
2. ``studierichting`` — the class's studiedomein is one of the training's, and when the training names
   studierichtingen, the class's studierichting is one of them.
3. ``maximum-dagen`` — at most 10 days per teacher per school year (the study: 'maximaal 10 dagen'),
   counting the days of the teacher's other requests that are still open or confirmed.
4. ``wegwijssessie`` — the teacher followed (or is registered for) the centre's free wegwijssessie on a
   day before the first requested day.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

MAX_DAYS_PER_SCHOOL_YEAR = 10

RULE_YEAR = "leerjaar"
RULE_FIELD = "studierichting"
RULE_DAYS = "maximum-dagen"
RULE_WEGWIJS = "wegwijssessie"
RULES = (RULE_YEAR, RULE_FIELD, RULE_DAYS, RULE_WEGWIJS)


class Track:
    """Onderwijsvorm / leerweg of a class (the values stored on a request)."""

    TSO = "tso"
    BSO = "bso"
    SENSE = "se-n-se"
    OV3 = "buso-ov3"
    OV3_INTEGRATION = "buso-ov3-integratie"
    DBSO = "dbso"
    LEERTIJD = "leertijd"
    ASO = "aso"
    KSO = "kso"


def rule_title(rule):
    return {
        RULE_YEAR: _("Leerjaar en onderwijsvorm"),
        RULE_FIELD: _("Studierichting past bij de opleiding"),
        RULE_DAYS: _("Maximaal 10 dagen per leerkracht per schooljaar"),
        RULE_WEGWIJS: _("Wegwijssessie van het centrum gevolgd"),
    }[rule]


@dataclass(frozen=True)
class Refusal:
    rule: str
    reason: str

    @property
    def title(self):
        return rule_title(self.rule)

    def __str__(self):
        return f"{self.title}: {self.reason}"


@dataclass(frozen=True)
class WegwijsSession:
    day: date
    attended: bool | None  # True: attendance confirmed; None: registered, not held yet; False: absent


@dataclass
class Facts:
    track: str
    grade: int | None  # 1, 2, 3 (None for Se-n-Se, OV3, DBSO, leertijd)
    year: int | None  # year within the grade (1-3), or the OV3 year (1-5)
    class_domain: str | None  # studiedomein code of the class
    class_field: str  # studierichting of the class (free text)
    training_domains: tuple = ()  # studiedomein codes of the training
    training_fields: tuple = ()  # studierichtingen named by the training (empty: any in its domains)
    domain_labels: dict = field(default_factory=dict)  # code -> label, for the messages
    days_requested: int = 0
    days_used: int = 0  # the teacher's other open or confirmed days in the same school year
    first_day: date | None = None
    wegwijs: list = field(default_factory=list)  # WegwijsSession of this centre for this teacher


def eligible_year(track, grade, year):
    """True when a class of this track, grade and year may take part (rule 1)."""
    if track in (Track.TSO, Track.BSO) and grade == 3 and year == 2:
        return True
    if track == Track.BSO and grade == 3 and year == 3:
        return True
    if track == Track.SENSE:
        return True
    if track == Track.OV3_INTEGRATION:
        return True
    if track == Track.OV3 and year in (1, 2, 3, 4, 5):
        return True
    return track in (Track.DBSO, Track.LEERTIJD)


def describe_class(track, grade, year):
    from .models import TRACK_LABELS

    label = str(TRACK_LABELS.get(track, track))
    if track in (Track.TSO, Track.BSO, Track.ASO, Track.KSO) and grade and year:
        return _("het %(year)sde leerjaar van de %(grade)sde graad %(track)s") % {
            "year": year,
            "grade": grade,
            "track": label,
        }
    if track == Track.OV3 and year:
        return _("het %(year)sde leerjaar %(track)s") % {"year": year, "track": label}
    return label


def check_year(facts):
    if eligible_year(facts.track, facts.grade, facts.year):
        return None
    return Refusal(
        RULE_YEAR,
        _(
            "De 10-dagenregeling is er voor het 2de leerjaar van de 3de graad BSO of TSO, het 3de leerjaar van de "
            "3de graad BSO (7de jaar), Se-n-Se TSO, ABO/integratiefase OV3, de vijf leerjaren OV3 van het BuSO, "
            "DBSO en leertijd. Deze klas zit in %(klas)s."
        )
        % {"klas": describe_class(facts.track, facts.grade, facts.year)},
    )


def _norm(text):
    return " ".join((text or "").casefold().split())


def check_field(facts):
    domains = set(facts.training_domains)
    if facts.class_domain not in domains:
        return Refusal(
            RULE_FIELD,
            _("De opleiding is er voor het studiedomein %(domains)s; de klas zit in een ander studiedomein.")
            % {"domains": " of ".join(sorted(str(facts.domain_labels.get(d, d)) for d in domains)) or "—"},
        )
    fields = [f for f in facts.training_fields if f.strip()]
    if fields and _norm(facts.class_field) not in {_norm(f) for f in fields}:
        return Refusal(
            RULE_FIELD,
            _("De opleiding past bij de studierichtingen %(fields)s, niet bij ‘%(field)s’.")
            % {"fields": ", ".join(fields), "field": facts.class_field or "—"},
        )
    return None


def check_days(facts):
    if facts.days_requested < 1:
        return Refusal(RULE_DAYS, _("Vraag minstens één dag aan."))
    total = facts.days_used + facts.days_requested
    if total <= MAX_DAYS_PER_SCHOOL_YEAR:
        return None
    if facts.days_used:
        return Refusal(
            RULE_DAYS,
            _(
                "Je vraagt %(asked)d dagen aan en hebt dit schooljaar al %(used)d dagen aangevraagd of bevestigd: "
                "samen %(total)d, meer dan de %(max)d dagen per leerkracht per schooljaar."
            )
            % {"asked": facts.days_requested, "used": facts.days_used, "total": total, "max": MAX_DAYS_PER_SCHOOL_YEAR},
        )
    return Refusal(
        RULE_DAYS,
        _("Je vraagt %(asked)d dagen aan; per leerkracht kan dat maximaal %(max)d dagen per schooljaar.")
        % {"asked": facts.days_requested, "max": MAX_DAYS_PER_SCHOOL_YEAR},
    )


def check_wegwijs(facts):
    if facts.first_day is None:
        return None
    for session in facts.wegwijs:
        if session.day < facts.first_day and session.attended is not False:
            return None
    return Refusal(
        RULE_WEGWIJS,
        _(
            "Volg eerst de gratis wegwijssessie van dit centrum, op een dag vóór de eerste lesdag "
            "(%(first)s). Schrijf je in voor een wegwijssessie en vraag de dagen daarna aan."
        )
        % {"first": facts.first_day.strftime("%d/%m/%Y")},
    )


CHECKS = (check_year, check_field, check_days, check_wegwijs)


def evaluate(facts):
    """Every refusal, in the order of the rules (empty list: eligible)."""
    return [r for r in (check(facts) for check in CHECKS) if r is not None]


def school_year_of(day):
    """'2026-2027' for a day from 1 September 2026 up to 31 August 2027."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def school_year_bounds(school_year):
    start = int(school_year[:4])
    return date(start, 9, 1), date(start + 1, 8, 31)
