"""Scheduling advice while an organiser plans, from the study's findings (chapter on ideal timing).

Advice only, never a block: each item says why. October–November and February–April are preferred;
exam periods, just before or after a holiday and the start of the school year are not; within school
hours the teachers need substitution; Wednesday afternoon lets a team come without it.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from innovet.catalogue.models import SCHOOL_DAY_END, SCHOOL_DAY_START

CALENDAR_FILE = Path(__file__).parent / "data" / "school_calendar.yaml"
PREFERRED_MONTHS = {10, 11, 2, 3, 4}
NEAR_HOLIDAY_DAYS = 7
GOOD, CAUTION = "goed", "let-op"


@dataclass(frozen=True)
class Advice:
    tone: str  # GOOD or CAUTION
    text: str

    @property
    def is_good(self):
        return self.tone == GOOD


@lru_cache(maxsize=1)
def school_calendar():
    data = yaml.safe_load(CALENDAR_FILE.read_text(encoding="utf-8"))
    return data["holidays"], data["exams"]


def _in_exams(day):
    _holidays, exams = school_calendar()
    key = f"{day:%m-%d}"
    return next((e["label"] for e in exams if e["start"] <= key <= e["end"]), None)


def advise(day: date, starts: time | None = None, ends: time | None = None) -> list[Advice]:
    """Advice for a day (and optionally a time slot on it), each with the reason from the study."""
    items = []
    holidays, _exams = school_calendar()
    holiday = next((h for h in holidays if h["start"] <= day <= h["end"]), None)
    if holiday:
        items.append(
            Advice(
                CAUTION,
                _("Valt in %(holiday)s: weinig leerkrachten en bedrijven zijn dan beschikbaar.")
                % {"holiday": holiday["label"]},
            )
        )
    else:
        for h in holidays:
            if timedelta(0) < h["start"] - day <= timedelta(days=NEAR_HOLIDAY_DAYS):
                items.append(
                    Advice(
                        CAUTION,
                        _("Net vóór %(holiday)s: in de bevraging een weinig gekozen moment.") % {"holiday": h["label"]},
                    )
                )
            elif timedelta(0) < day - h["end"] <= timedelta(days=NEAR_HOLIDAY_DAYS):
                items.append(
                    Advice(
                        CAUTION,
                        _("Net na %(holiday)s: in de bevraging een weinig gekozen moment.") % {"holiday": h["label"]},
                    )
                )
    exam = _in_exams(day)
    if exam:
        items.append(
            Advice(CAUTION, _("Valt in %(period)s (de week ervoor is het minst gekozen moment).") % {"period": exam})
        )
    if day.month == 9:
        items.append(Advice(CAUTION, _("Start van het schooljaar: volgens de bevraging een weinig populaire periode.")))
    elif day.month in PREFERRED_MONTHS and not holiday:
        items.append(
            Advice(GOOD, _("Oktober–november en februari–april zijn volgens de bevraging de voorkeursperiodes."))
        )
    if day.weekday() >= 5:
        items.append(Advice(CAUTION, _("Weekend: geen vervanging nodig, maar veel leerkrachten haken dan af.")))
    elif starts is not None and ends is not None:
        if day.weekday() == 2 and starts >= time(12, 0):
            items.append(Advice(GOOD, _("Woensdagnamiddag: een team kan deelnemen zonder vervanging.")))
        elif starts < SCHOOL_DAY_END and ends > SCHOOL_DAY_START and not holiday:
            items.append(Advice(CAUTION, _("Binnen de schooluren: deelnemers hebben vervanging nodig.")))
    return items
