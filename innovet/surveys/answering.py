"""Reading and checking what a respondent submitted on one page (pure: no database writes).

Field names: ``q_<key>`` (choice, text, number), ``q_<key>_<option>_tekst`` (free text of an 'Ander,
namelijk' option), ``q_<key>__<row>`` (a matrix row; ``..._tekst`` for an 'Andere' row) and
``q_<key>_naam|organisatie|email|telefoon`` (contact details). Every error says in Dutch what is wrong,
keyed by the question it belongs to.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from .models import QuestionKind

MAX_SHORT = 500
MAX_LONG = 10000
PHONE_RE = re.compile(r"^[0-9+()./ -]{6,40}$")


@dataclass
class ParsedPage:
    answers: list = field(default_factory=list)  # dicts: question, row, option, text, number
    contacts: dict = field(default_factory=dict)  # question key -> {"name", "organisation", "email", "phone"}
    errors: dict = field(default_factory=dict)  # question key -> message
    chosen: dict = field(default_factory=dict)  # question key -> set of option keys
    ends_with: object = None  # the question whose answer ends the survey
    values: dict = field(default_factory=dict)  # question key -> raw values, to show the form again

    @property
    def ok(self):
        return not self.errors


def _other_text(data, name):
    return (data.get(name) or "").strip()[:MAX_SHORT]


def parse_page(structure, page, data, chosen_before, strict=True):
    """Check a page's answers. ``strict`` (going forward) enforces required questions."""
    result = ParsedPage()
    chosen = {k: set(v) for k, v in chosen_before.items()}
    for question in structure.by_page.get(page.pk, []):
        chosen.pop(question.key, None)
    for question in structure.by_page.get(page.pk, []):
        if not structure.question_visible(question, chosen):
            continue
        key = question.key
        name = f"q_{key}"
        options = {o.key: o for o in structure.choices[question.pk]}
        error = None
        picked = set()
        if question.kind in (QuestionKind.SINGLE, QuestionKind.YES_NO):
            value = (data.get(name) or "").strip()
            result.values[key] = value
            if value:
                option = options.get(value)
                if option is None:
                    error = _("Kies een van de voorgestelde antwoorden.")
                else:
                    text = _other_text(data, f"{name}_{option.key}_tekst") if option.is_other else ""
                    result.values[f"{key}_{option.key}_tekst"] = text
                    if option.is_other and not text and strict:
                        error = _("Vul aan wat je bedoelt bij ‘%(option)s’.") % {"option": option.label}
                    result.answers.append({"question": question, "option": option, "text": text})
                    picked.add(option.key)
            elif question.required and strict:
                error = _("Deze vraag is verplicht.")
        elif question.kind in (QuestionKind.MULTIPLE, QuestionKind.MONTHS):
            values = [v.strip() for v in data.getlist(name) if v.strip()] if hasattr(data, "getlist") else []
            result.values[key] = values
            unknown = [v for v in values if v not in options]
            if unknown:
                error = _("Kies enkel uit de voorgestelde antwoorden.")
            else:
                values = list(dict.fromkeys(values))
                exclusive = [options[v] for v in values if options[v].is_exclusive]
                if exclusive and len(values) > 1:
                    error = _("‘%(option)s’ kan niet samen met andere antwoorden gekozen worden.") % {
                        "option": exclusive[0].label
                    }
                for v in values:
                    option = options[v]
                    text = _other_text(data, f"{name}_{option.key}_tekst") if option.is_other else ""
                    result.values[f"{key}_{option.key}_tekst"] = text
                    if option.is_other and not text and strict and not error:
                        error = _("Vul aan wat je bedoelt bij ‘%(option)s’.") % {"option": option.label}
                    result.answers.append({"question": question, "option": option, "text": text})
                    picked.add(v)
                if not values and question.required and strict:
                    error = _("Deze vraag is verplicht. Kies minstens één antwoord.")
        elif question.is_matrix:
            missing = []
            for row in structure.rows[question.pk]:
                field_name = f"{name}__{row.key}"
                if question.kind == QuestionKind.MATRIX_MULTIPLE:
                    values = [v for v in data.getlist(field_name) if v] if hasattr(data, "getlist") else []
                else:
                    value = (data.get(field_name) or "").strip()
                    values = [value] if value else []
                result.values[f"{key}__{row.key}"] = values
                if any(v not in options for v in values):
                    error = _("Kies per rij een van de voorgestelde antwoorden.")
                    continue
                text = _other_text(data, f"{field_name}_tekst") if row.is_other else ""
                result.values[f"{key}__{row.key}_tekst"] = text
                if not values and not row.is_other:
                    missing.append(row.label)
                if row.is_other and values and not text and strict and not error:
                    error = _("Vul aan wat je bedoelt bij ‘%(option)s’.") % {"option": row.label}
                for v in dict.fromkeys(values):
                    result.answers.append({"question": question, "row": row, "option": options[v], "text": text})
                    picked.add(v)
            if not error and missing and question.required and strict:
                error = _("Deze vraag is verplicht. Beantwoord elke rij; nog open: %(rows)s.") % {
                    "rows": ", ".join(missing)
                }
        elif question.is_text:
            value = (data.get(name) or "").strip()
            result.values[key] = value
            limit = MAX_SHORT if question.kind == QuestionKind.SHORT_TEXT else MAX_LONG
            if len(value) > limit:
                error = _("Je antwoord is te lang (maximaal %(n)s tekens).") % {"n": limit}
            elif value:
                result.answers.append({"question": question, "text": value})
            elif question.required and strict:
                error = _("Deze vraag is verplicht.")
        elif question.kind == QuestionKind.NUMBER:
            raw = (data.get(name) or "").strip()
            result.values[key] = raw
            if raw:
                try:
                    number = Decimal(raw.replace(" ", "").replace(",", "."))
                    if not number.is_finite():
                        raise InvalidOperation
                except InvalidOperation:
                    error = _("Geef een getal, bijvoorbeeld 12 of 2,5.")
                else:
                    if question.min_value is not None and number < question.min_value:
                        error = _("Geef een getal van minstens %(min)s.") % {"min": question.min_value.normalize()}
                    elif question.max_value is not None and number > question.max_value:
                        error = _("Geef een getal van hoogstens %(max)s.") % {"max": question.max_value.normalize()}
                    else:
                        result.answers.append({"question": question, "number": number.quantize(Decimal("0.01"))})
            elif question.required and strict:
                error = _("Deze vraag is verplicht.")
        elif question.kind == QuestionKind.CONTACT:
            contact = {
                "name": (data.get(f"{name}_naam") or "").strip()[:200],
                "organisation": (data.get(f"{name}_organisatie") or "").strip()[:200],
                "email": (data.get(f"{name}_email") or "").strip()[:254],
                "phone": (data.get(f"{name}_telefoon") or "").strip()[:40],
            }
            result.values.update(
                {
                    f"{key}_naam": contact["name"],
                    f"{key}_organisatie": contact["organisation"],
                    f"{key}_email": contact["email"],
                    f"{key}_telefoon": contact["phone"],
                }
            )
            if contact["email"]:
                try:
                    validate_email(contact["email"])
                except ValidationError:
                    error = _("‘%(value)s’ is geen geldig e-mailadres.") % {"value": contact["email"]}
            if not error and contact["phone"] and not PHONE_RE.match(contact["phone"]):
                error = _("‘%(value)s’ is geen geldig telefoonnummer (cijfers, spaties en + . / - ( )).") % {
                    "value": contact["phone"]
                }
            if not error and question.required and strict and not (contact["email"] or contact["phone"]):
                error = _("Deze vraag is verplicht. Geef een telefoonnummer of e-mailadres.")
            if any(contact.values()):
                result.contacts[key] = contact
        if error:
            result.errors[key] = error
        if picked:
            chosen[key] = picked
            result.chosen[key] = picked
            if question.is_choice and any(options[k].ends_survey for k in picked):
                result.ends_with = result.ends_with or question
    return result
