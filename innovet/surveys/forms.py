import csv
import io
import re

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from innovet.core.widgets import ChecklistSelectMultiple, DateTimeLocalInput
from innovet.organisations.models import Organisation

from .models import MATRIX_KINDS, Page, Question, QuestionKind, Survey, SurveyTemplate, SurveyVersion
from .rules import OWNER_KINDS, owner_organisations

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
MARKERS = {"[tekst]": "is_other", "[exclusief]": "is_exclusive", "[einde]": "ends_survey"}
OPTIONS_HELP = _l(
    "Eén per regel. Zet achteraan [tekst] voor ‘Ander, namelijk’ met een vrij tekstveld, [exclusief] voor een "
    "antwoord dat niet samen met andere kan (‘Dat kan ik niet inschatten’) en [einde] voor een antwoord dat de "
    "bevraging beëindigt."
)


def parse_option_lines(text, field_label):
    items, seen = [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        flags = {}
        changed = True
        while changed:
            changed = False
            for marker, flag in MARKERS.items():
                if line.lower().endswith(marker):
                    line, flags[flag], changed = line[: -len(marker)].strip(), True, True
        if not line:
            raise ValidationError(
                _("Regel %(n)s van ‘%(field)s’ heeft geen tekst.") % {"n": number, "field": field_label}
            )
        if len(line) > 300:
            raise ValidationError(_("Regel %(n)s is te lang (maximaal 300 tekens).") % {"n": number})
        if line in seen:
            raise ValidationError(_("‘%(label)s’ staat twee keer in de lijst.") % {"label": line})
        seen.add(line)
        items.append({"label": line, **flags})
    return items


def option_lines(options):
    lines = []
    for o in options:
        suffix = "".join(m for m, flag in MARKERS.items() if getattr(o, flag))
        lines.append(f"{o.label} {suffix}".strip())
    return "\n".join(lines)


def condition_choices(structure, before_question=None, before_page=None):
    """Grouped choices 'question:option' of the choice questions that come earlier."""
    groups = []
    for question in structure.questions:
        page = next(p for p in structure.pages if p.pk == question.page_id)
        if before_page is not None and page.position >= before_page.position:
            break
        if before_question is not None and question.pk == before_question.pk:
            break
        if not question.is_choice:
            continue
        label = f"{question.key} – {question.text[:70]}"
        groups.append((label, [(f"{question.key}:{o.key}", o.label) for o in structure.choices[question.pk]]))
    return groups


def condition_from_values(values):
    by_question = {}
    for value in values:
        key, _sep, option = value.partition(":")
        by_question.setdefault(key, []).append(option)
    return [{"question": k, "any": v} for k, v in by_question.items()]


def values_from_condition(show_if):
    return [f"{item['question']}:{o}" for item in show_if or [] for o in item.get("any", [])]


class ConditionField(forms.MultipleChoiceField):
    widget = ChecklistSelectMultiple


class SurveyCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_l("Eigenaar (organisatie)"))
    title = forms.CharField(label=_l("Titel"), max_length=200)
    template = forms.ModelChoiceField(
        queryset=SurveyTemplate.objects.all(),
        required=False,
        label=_l("Vertrekken van een sjabloon"),
        empty_label=_l("Lege vragenlijst"),
        help_text=_l("De vragenlijsten van de InnoVET-studie (Bijlage 2), met alle antwoorden en de routering."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_superuser:
            qs = Organisation.objects.filter(kind__in=OWNER_KINDS, is_active=True)
        else:
            qs = Organisation.objects.filter(pk__in=[o.pk for o in owner_organisations(user)])
        self.fields["organisation"].queryset = qs
        if qs.count() == 1:
            self.fields["organisation"].initial = qs.first()


class SurveySettingsForm(forms.ModelForm):
    closes_at = forms.DateTimeField(
        label=_l("Sluitingsdatum"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"],
        help_text=_l("Na dit moment kan niemand nog antwoorden indienen. Leeg: geen sluitingsdatum."),
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "description",
            "anonymous",
            "open_link_enabled",
            "closes_at",
            "reminder_days",
            "max_reminders",
        ]

    def clean_closes_at(self):
        value = self.cleaned_data.get("closes_at")
        if value and value <= timezone.now() and "closes_at" in self.changed_data:
            raise ValidationError(_("De sluitingsdatum ligt in het verleden. Kies een moment in de toekomst."))
        return value

    def clean_reminder_days(self):
        value = self.cleaned_data["reminder_days"]
        if value < 1:
            raise ValidationError(_("Kies minstens 1 dag."))
        return value


class IntroForm(forms.ModelForm):
    class Meta:
        model = SurveyVersion
        fields = ["intro_title", "intro_text", "intro_video_url", "thanks_text"]
        widgets = {"intro_text": forms.Textarea(attrs={"rows": 4}), "thanks_text": forms.Textarea(attrs={"rows": 2})}


class PageForm(forms.ModelForm):
    show_if_values = ConditionField(
        label=_l("Toon deze pagina enkel als"),
        required=False,
        help_text=_l(
            "Kies antwoorden op eerdere vragen. Binnen één vraag volstaat één van de antwoorden; "
            "over verschillende vragen moeten alle voorwaarden gelden. Niets gekozen: altijd tonen."
        ),
    )

    class Meta:
        model = Page
        fields = ["title", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, structure=None, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance if self.instance.pk else None
        # A page can depend on questions of the pages before it (a new page comes last: on all of them).
        self.fields["show_if_values"].choices = condition_choices(structure, before_page=page) if structure else []
        if page is not None:
            self.fields["show_if_values"].initial = values_from_condition(page.show_if)

    def condition(self):
        return condition_from_values(self.cleaned_data.get("show_if_values", []))


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_l("Antwoordmogelijkheden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=OPTIONS_HELP,
    )
    rows_text = forms.CharField(
        label=_l("Rijen (matrix)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_l("Eén per regel; [tekst] voor een rij ‘Andere, gelieve te specificeren’."),
    )
    columns_text = forms.CharField(
        label=_l("Kolommen (matrix)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l("Eén per regel, bijvoorbeeld Helemaal niet / In enige mate / In grote mate."),
    )
    show_if_values = ConditionField(
        label=_l("Toon deze vraag enkel als"),
        required=False,
        help_text=_l("Kies antwoorden op eerdere vragen. Niets gekozen: altijd tonen."),
    )
    key = forms.CharField(
        label=_l("Variabelenaam"),
        max_length=60,
        required=False,
        help_text=_l("Kolomnaam in de export (kleine letters, cijfers en _). Leeg: afgeleid van de vraag."),
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "help_text", "required", "key", "end_message", "min_value", "max_value", "feeds_need"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "help_text": forms.Textarea(attrs={"rows": 2}),
            "end_message": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, structure=None, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure, self.page = structure, page
        question = self.instance if self.instance.pk else None
        if structure is not None:
            if question is not None:
                self.fields["show_if_values"].choices = condition_choices(structure, before_question=question)
            else:
                later = [p for p in structure.pages if p.position > page.position]
                self.fields["show_if_values"].choices = (
                    condition_choices(structure, before_page=later[0]) if later else condition_choices(structure)
                )
        if question is not None:
            self.fields["show_if_values"].initial = values_from_condition(question.show_if)
            choices = structure.choices[question.pk] if structure else []
            if question.is_matrix:
                self.fields["rows_text"].initial = option_lines(structure.rows[question.pk])
                self.fields["columns_text"].initial = option_lines(choices)
            elif question.kind not in (QuestionKind.YES_NO, QuestionKind.MONTHS):
                self.fields["options_text"].initial = option_lines(choices)

    def clean_key(self):
        key = self.cleaned_data.get("key", "").strip()
        if key and not re.fullmatch(r"[a-z0-9_]{1,60}", key):
            raise ValidationError(_("Gebruik enkel kleine letters, cijfers en _ (maximaal 60 tekens)."))
        return key

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not data.get("key") and data.get("text"):
            base = slugify(data["text"])[:40].replace("-", "_") or "vraag"
            taken = set(self.structure.by_key) if self.structure else set()
            key, n = base, 2
            while key in taken:
                key, n = f"{base}_{n}", n + 1
            data["key"] = key
        try:
            data["options"] = parse_option_lines(data.get("options_text"), _("Antwoordmogelijkheden"))
            data["rows"] = parse_option_lines(data.get("rows_text"), _("Rijen"))
            data["columns"] = parse_option_lines(data.get("columns_text"), _("Kolommen"))
        except ValidationError as exc:
            raise ValidationError({"options_text": exc.messages}) from exc
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(data["options"]) < 2:
            self.add_error("options_text", _("Geef minstens twee antwoordmogelijkheden."))
        if kind in MATRIX_KINDS:
            if not data["rows"]:
                self.add_error("rows_text", _("Een matrixvraag heeft minstens één rij nodig."))
            if len(data["columns"]) < 2:
                self.add_error("columns_text", _("Een matrixvraag heeft minstens twee kolommen nodig."))
        if kind == QuestionKind.YES_NO and data["options"]:
            data["options"] = data["options"]  # custom labels for Ja/Nee (e.g. with [einde]) are allowed
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", _("Het maximum moet groter zijn dan het minimum."))
        if any(o.get("ends_survey") for o in data.get("options", [])) and not data.get("end_message"):
            self.add_error("end_message", _("Geef de boodschap die wie de bevraging moet beëindigen te zien krijgt."))
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "text": data["text"],
            "help_text": data.get("help_text", ""),
            "required": data.get("required", False),
            "key": data["key"],
            "end_message": data.get("end_message", ""),
            "min_value": data.get("min_value"),
            "max_value": data.get("max_value"),
            "feeds_need": data.get("feeds_need", ""),
            "show_if": condition_from_values(data.get("show_if_values", [])),
            "options": data.get("options"),
            "rows": data.get("rows"),
            "columns": data.get("columns"),
        }


class ContactImportForm(forms.Form):
    file = forms.FileField(
        label=_l("Contactlijst (CSV of XLSX)"),
        help_text=_l(
            "Eerste rij: kolomnamen. Verplicht: ‘e-mailadres’ (of ‘e-mail’); optioneel: ‘naam’. Maximaal 2 MB."
        ),
    )

    EMAIL_HEADERS = {"e-mailadres", "e-mail", "email", "mail", "emailadres"}
    NAME_HEADERS = {"naam", "name", "volledige naam"}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("Het bestand is te groot (%(size)s kB); maximaal 2 MB.") % {"size": upload.size // 1024}
            )
        head = upload.read(2048)
        upload.seek(0)
        kind = filetype.guess(head)
        name = upload.name.lower()
        if kind is not None and kind.extension in ("xlsx", "zip") and name.endswith(".xlsx"):
            self.rows = self._read_xlsx(upload)
        elif kind is None and name.endswith((".csv", ".txt")) and b"\x00" not in head:
            self.rows = self._read_csv(upload)
        else:
            raise ValidationError(
                _("Dit bestand is geen CSV- of XLSX-bestand (gecontroleerd op de inhoud, niet enkel de naam).")
            )
        self.contacts = self._validate(self.rows)
        return upload

    def _read_csv(self, upload):
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        try:
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
            dialect.delimiter = ";" if text.count(";") >= text.count(",") else ","
        return [row for row in csv.reader(io.StringIO(text), dialect)]

    def _read_xlsx(self, upload):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except Exception as exc:  # a corrupt or disguised file
            raise ValidationError(_("Het XLSX-bestand kan niet gelezen worden. Is het beschadigd?")) from exc
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else str(v) for v in row])
            if len(rows) > MAX_IMPORT_ROWS + 1:
                break
        workbook.close()
        return rows

    def _validate(self, rows):
        rows = [r for r in rows if any(str(c).strip() for c in r)]
        if not rows:
            raise ValidationError(_("Het bestand is leeg."))
        header = [str(c).strip().lower() for c in rows[0]]
        email_col = next((i for i, h in enumerate(header) if h in self.EMAIL_HEADERS), None)
        name_col = next((i for i, h in enumerate(header) if h in self.NAME_HEADERS), None)
        if email_col is None:
            raise ValidationError(
                _("Rij 1: geen kolom ‘e-mailadres’ gevonden. Gevonden kolommen: %(cols)s.")
                % {"cols": ", ".join(header) or "–"}
            )
        if len(rows) - 1 > MAX_IMPORT_ROWS:
            raise ValidationError(_("Te veel rijen: maximaal %(n)s contacten per keer.") % {"n": MAX_IMPORT_ROWS})
        errors, contacts, seen = [], [], {}
        column = rows[0][email_col]
        for number, row in enumerate(rows[1:], start=2):
            email = str(row[email_col]).strip().lower() if email_col < len(row) else ""
            name = str(row[name_col]).strip() if name_col is not None and name_col < len(row) else ""
            if not email:
                errors.append(
                    _("Rij %(row)s, kolom ‘%(col)s’: het e-mailadres ontbreekt.") % {"row": number, "col": column}
                )
                continue
            try:
                validate_email(email)
            except ValidationError:
                errors.append(
                    _("Rij %(row)s, kolom ‘%(col)s’: ‘%(value)s’ is geen geldig e-mailadres.")
                    % {"row": number, "col": column, "value": email}
                )
                continue
            if email in seen:
                errors.append(
                    _("Rij %(row)s, kolom ‘%(col)s’: %(value)s staat ook al op rij %(first)s.")
                    % {"row": number, "col": column, "value": email, "first": seen[email]}
                )
                continue
            if len(name) > 200:
                errors.append(
                    _("Rij %(row)s, kolom ‘naam’: de naam is te lang (maximaal 200 tekens).") % {"row": number}
                )
                continue
            seen[email] = number
            contacts.append((email, name))
        if errors:
            shown = errors[:20]
            if len(errors) > 20:
                shown.append(_("… en nog %(n)s fouten.") % {"n": len(errors) - 20})
            raise ValidationError(shown)
        if not contacts:
            raise ValidationError(_("Er staan geen contacten in het bestand."))
        return contacts


class CopyForm(forms.Form):
    email = forms.EmailField(
        label=_l("Je e-mailadres"), help_text=_l("We gebruiken het enkel om deze kopie te sturen en bewaren het niet.")
    )


class NeedFromAnswersForm(forms.Form):
    school = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_l("Voor welke school?"))
    need_type = forms.ModelChoiceField(queryset=None, label=_l("Soort nood"), to_field_name="code")
    max_distance_km = forms.IntegerField(
        label=_l("Maximale verplaatsing (km)"),
        min_value=1,
        max_value=200,
        initial=30,
        help_text=_l("Tot waar mag een aanbod of partner liggen? Verre verplaatsing is een valkuil."),
    )

    def __init__(self, *args, schools=(), **kwargs):
        from innovet.taxonomy.models import terms

        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = Organisation.objects.filter(pk__in=[s.pk for s in schools])
        if len(schools) == 1:
            self.fields["school"].initial = schools[0]
        self.fields["need_type"].queryset = terms("noodtype")


class CodesForm(forms.Form):
    codes = forms.CharField(
        label=_l("Codes"),
        required=False,
        max_length=500,
        help_text=_l("Gescheiden door komma's, bijvoorbeeld: tijdsgebrek, infrastructuur"),
    )

    def labels(self):
        return [c.strip() for c in self.cleaned_data.get("codes", "").split(",") if c.strip()]
