"""Synthetic responses for the demo and the benchmark: they follow the questionnaire's routing, drop out
page by page like the study's respondents did, and are inserted in bulk (no per-answer queries)."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from . import tallies
from .models import Answer, QuestionKind, RespondentContact, Response
from .structure import load_structure

OPEN_TEXTS = [
    "Digitalisering van de werkvloer: sensoren, data en het internet of things.",
    "Industrie 4.0 en robotisering; cobots die samenwerken met operatoren.",
    "Duurzaamheid: warmtepompen, zonnepanelen, isolatietechnieken en energieopslag.",
    "Leerkrachten hebben te weinig tijd om bij te blijven; vervanging is moeilijk te vinden.",
    "De infrastructuur in scholen loopt achter op wat bedrijven gebruiken.",
    "Bedrijfsstages voor leerkrachten, met een actieve rol en niet enkel als bezoeker.",
    "Lesmateriaal dat samen met bedrijven ontwikkeld is en aansluit bij het leerplan.",
    "Netwerkmomenten per provincie, georganiseerd door het RTC.",
    "Een halve dag op woensdagnamiddag, in de regio, niet te ver van school.",
    "De trainer moet zelf uit de praktijk komen en didactisch sterk zijn.",
    "BIM en digitaal bouwen veranderen het werk op de werf ingrijpend.",
    "Elektrische wagens vragen andere competenties in de autotechniek.",
    "Zachte sectoren zoals zorg en mode worden vaak vergeten in dit verhaal.",
    "Geavanceerde materialen: composieten en nieuwe kunststoffen.",
    "Te weinig budget voor nascholing: 70 à 100 euro per leerkracht per jaar volstaat niet.",
]


# Shares reported by the study (Tabel 3 and 1.4.2) for the background questions of Bijlage 2.1: single
# choice = relative weights, multiple choice = probability that an option is ticked.
STUDY_SHARES = {
    "actief_in": {
        "leerkracht": 70,
        "directie": 49,
        "lerarenopleiding": 12,
        "sectororganisatie": 30,
        "bedrijfsnetwerk": 4,
    },
    "voldoende_kennis": {"ja": 88, "nee": 12},
    "onderwijsvorm": {
        "bso": 0.79,
        "tso": 0.67,
        "aso": 0.08,
        "kso": 0.02,
        "buso": 0.03,
        "hbo5": 0.01,
        "hoger_onderwijs": 0.02,
        "volwassenenonderwijs": 0.05,
        "ander": 0.09,
    },
    "onderwijsnet": {"kov": 67, "go": 24, "pov": 7, "ovsg": 2, "oko": 1},
    "vakken": {"praktisch": 0.5, "technisch": 0.5, "algemeen": 0.08, "kunst": 0.01, "andere": 0.02},
    "studiedomeinen_les": {"hard": 82, "zacht": 11, "beide": 7},
    "studiedomeinen_school": {"hard": 47.5, "zacht": 10, "beide": 42.5},
}


def _weights(n, rng):
    """Skewed weights so reports look like real data (some answers popular, others rare)."""
    return [rng.random() ** 2 + 0.05 for _ in range(n)]


def _pick(options, rng, weights):
    return rng.choices(options, weights=weights, k=1)[0]


class ResponseFactory:
    def __init__(self, survey, rng, version=None, dropout=0.08, text_rate=0.5, end_rate=0.08):
        self.survey = survey
        self.version = version or survey.current_version
        self.rng = rng
        self.structure = load_structure(self.version)
        self.dropout, self.text_rate, self.end_rate = dropout, text_rate, end_rate
        self.weights = {}
        self.presets = {}
        for q in self.structure.questions:
            choices = self.structure.choices[q.pk]
            self.weights[q.pk] = _weights(len(choices), rng) if choices else []
            shares = STUDY_SHARES.get(q.key)
            if shares and all(o.key in shares or o.is_exclusive for o in choices):
                self.weights[q.pk] = [shares.get(o.key, 0.01) for o in choices]
                self.presets[q.pk] = True
            for row in self.structure.rows[q.pk]:
                self.weights[(q.pk, row.pk)] = _weights(len(choices), rng)

    def _answers_for(self, q, chosen):
        rng, s = self.rng, self.structure
        choices = s.choices[q.pk]
        rows = []
        if q.kind in (QuestionKind.SINGLE, QuestionKind.YES_NO):
            weights = list(self.weights[q.pk])
            for i, o in enumerate(choices):
                if o.ends_survey:
                    weights[i] = self.end_rate * sum(weights) / (1 - self.end_rate)
            option = _pick(choices, rng, weights)
            rows.append((None, option, rng.choice(OPEN_TEXTS)[:60] if option.is_other else "", None))
        elif q.kind in (QuestionKind.MULTIPLE, QuestionKind.MONTHS):
            weights = self.weights[q.pk]
            normal = [(o, w) for o, w in zip(choices, weights, strict=True) if not o.is_exclusive]
            exclusive = [o for o in choices if o.is_exclusive]
            if exclusive and rng.random() < 0.05:
                picked = [rng.choice(exclusive)]
            else:
                top = 1 if q.pk in self.presets else (max(weights) or 1) / 0.6
                picked = [o for o, w in normal if rng.random() < w / top]
                if not picked and normal:
                    picked = [_pick([o for o, _w in normal], rng, [w for _o, w in normal])]
            for o in picked:
                rows.append((None, o, rng.choice(OPEN_TEXTS)[:60] if o.is_other else "", None))
        elif q.is_matrix:
            for row in s.rows[q.pk]:
                if row.is_other and rng.random() > 0.05:
                    continue
                text = "Andere inbreng" if row.is_other else ""
                if q.kind == QuestionKind.MATRIX_MULTIPLE:
                    for o in choices:
                        if rng.random() < 0.4:
                            rows.append((row, o, text, None))
                else:
                    rows.append((row, _pick(choices, rng, self.weights[(q.pk, row.pk)]), text, None))
        elif q.is_text:
            if rng.random() < self.text_rate:
                rows.append((None, None, rng.choice(OPEN_TEXTS), None))
        elif q.kind == QuestionKind.NUMBER:
            rows.append((None, None, "", Decimal(rng.choice([0, 1, 2, 2, 3, 4, 5, 8, 10, 15]))))
        if q.is_choice or q.is_matrix:
            chosen[q.key] = {o.key for (_r, o, _t, _n) in rows if o is not None}
        return rows

    def build(self, started_at):
        """One response: (Response, [(question, row, option, text, number)], wants_contact)."""
        s, rng = self.structure, self.rng
        chosen, answers = {}, []
        status, furthest, end_message = Response.Status.COMPLETED, 0, ""
        current = 1
        wants_contact = False
        for page in s.pages:
            if not s.page_visible(page, chosen):
                continue
            current = page.position
            if rng.random() < self.dropout:
                status = Response.Status.STARTED
                break
            ended = None
            for q in s.by_page.get(page.pk, []):
                if not s.question_visible(q, chosen):
                    continue
                if q.kind == QuestionKind.CONTACT:
                    wants_contact = True
                    continue
                for row, option, text, number in self._answers_for(q, chosen):
                    answers.append((q, row, option, text, number))
                    if option is not None and option.ends_survey:
                        ended = q
            furthest = page.position
            if ended is not None:
                status, end_message = Response.Status.SCREENED_OUT, ended.end_message
                break
        finished = status != Response.Status.STARTED
        response = Response(
            survey=self.survey,
            version=self.version,
            status=status,
            current_page=current,
            furthest_page=furthest,
            end_message=end_message,
            started_at=started_at,
            completed_at=started_at + timedelta(minutes=rng.randint(4, 40)) if finished else None,
        )
        return response, answers, wants_contact and status == Response.Status.COMPLETED


def _insert_answers(rows):
    """Plain executemany: a million ORM objects would cost more time than the database needs."""
    table = connection.ops.quote_name(Answer._meta.db_table)
    columns = "response_id, question_id, row_id, option_id, text, number"
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 20000):
            cursor.executemany(sql, rows[start : start + 20000])


def generate(survey, count, rng, batch=2000, opened_extra=0.0, contacts=False, **kwargs):
    """Insert ``count`` synthetic responses; ``opened_extra``: share of openings without a start."""
    factory = ResponseFactory(survey, rng, **kwargs)
    now = timezone.now()
    made = 0
    while made < count:
        size = min(batch, count - made)
        built = [factory.build(now - timedelta(minutes=rng.randint(10, 60 * 24 * 40))) for _ in range(size)]
        responses = Response.objects.bulk_create([b[0] for b in built])
        rows = []
        contact_rows = []
        counts = Counter()
        version_id = factory.version.pk
        for response, (_r, answers, wants_contact) in zip(responses, built, strict=True):
            for key in tallies.keys(
                (q.pk, row.pk if row else None, option.pk if option else None) for q, row, option, _t, _n in answers
            ):
                counts[key] += 1
            for q, row, option, text, number in answers:
                rows.append((response.pk, q.pk, row.pk if row else None, option.pk if option else None, text, number))
            if contacts and wants_contact and rng.random() < 0.5:
                contact_rows.append(
                    RespondentContact(
                        response_id=response.pk,
                        name=rng.choice(["An", "Bart", "Els", "Koen", "Sofie", "Tom"])
                        + " "
                        + rng.choice(["Peeters", "Janssens", "Maes", "Claes"]),
                        phone=f"0{rng.randint(470, 499)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                        f"{rng.randint(10, 99)}",
                    )
                )
        _insert_answers(rows)
        RespondentContact.objects.bulk_create(contact_rows)
        tallies.add(version_id, counts)
        made += size
    version = factory.version
    version.opened_count += int(count * (1 + opened_extra))
    version.save(update_fields=["opened_count"])
    return made
