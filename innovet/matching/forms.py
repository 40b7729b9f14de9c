from django import forms
from django.utils.translation import gettext_lazy as _

from innovet.core.widgets import ChecklistSelectMultiple, DateInput
from innovet.geo.models import Province
from innovet.taxonomy.models import term_options, terms

from . import services, sources
from .models import MAX_DISTANCE_KM, Moment, Need, Participation, StatedBy, Willingness

INVALID_TERM = _("'%(value)s' is geen geldige keuze voor dit veld.")


def _term_field(vocabulary, label, required=False, multiple=False, help_text="", widget=None):
    messages = {"invalid_choice": INVALID_TERM, "invalid_pk_value": INVALID_TERM, "required": _("Dit veld is vereist.")}
    if multiple:
        return forms.ModelMultipleChoiceField(
            queryset=terms(vocabulary),
            label=label,
            required=required,
            widget=widget or forms.CheckboxSelectMultiple,
            error_messages={**messages, "invalid_choice": _("'%(value)s' is geen geldige keuze voor dit veld.")},
            help_text=help_text,
        )
    return forms.ModelChoiceField(
        queryset=terms(vocabulary), label=label, required=required, error_messages=messages, help_text=help_text
    )


def _offer_kind_choices():
    model = sources.offer_model()
    field = next((f for f in model._meta.fields if f.name == "kind"), None) if model else None
    if field is not None and field.choices:
        return list(field.choices)
    if field is not None and field.is_relation:
        vocab = (field.remote_field.limit_choices_to or {}).get("vocabulary__code")
        if vocab:
            return [(t.code, t.label) for t in terms(vocab)]
    return []


class NeedForm(forms.Form):
    school = forms.ModelChoiceField(
        queryset=None,
        label=_("School"),
        error_messages={"required": _("Een nood hoort bij een school: kies de school waarvoor je hem indient.")},
    )
    title = forms.CharField(
        label=_("Wat zoek je, in één zin?"),
        max_length=200,
        help_text=_("bv. 'Opleiding warmtepompen voor de vakgroep installatietechniek'"),
    )
    stated_by = forms.ChoiceField(label=_("Namens wie dien je de nood in?"), choices=StatedBy.choices)
    vakgroep = forms.CharField(label=_("Vakgroep"), max_length=120, required=False)
    need_type = _term_field("noodtype", _("Type nood"), required=True)
    themes = _term_field(
        "thema",
        _("Thema's"),
        multiple=True,
        widget=ChecklistSelectMultiple,
        help_text=_("Vink een of meer thema's aan; typ in het zoekveld om de lijst in te korten."),
    )
    studiedomein = _term_field("studiedomein", _("Studiedomein"))
    graden = _term_field("graad", _("Graden"), multiple=True)
    studierichting = forms.CharField(label=_("Studierichting"), max_length=160, required=False)
    teacher_count = forms.IntegerField(
        label=_("Voor hoeveel leerkrachten?"),
        initial=1,
        min_value=1,
        max_value=500,
        error_messages={
            "min_value": _("Minstens 1 leerkracht."),
            "max_value": _("Hoogstens 500 leerkrachten."),
            "invalid": _("Geef een aantal in cijfers."),
        },
    )
    participation = forms.ChoiceField(
        label=_("Individueel of als team?"), choices=Participation.choices, widget=forms.RadioSelect
    )
    support_forms = _term_field("ondersteuningsvorm", _("Welke vorm van ondersteuning zoek je?"), multiple=True)
    offer_kinds = forms.MultipleChoiceField(
        label=_("Soorten aanbod die passen"), required=False, widget=forms.CheckboxSelectMultiple
    )
    period_start = forms.DateField(
        label=_("Gewenste periode vanaf"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Geef een geldige datum (dd/mm/jjjj).")},
    )
    period_end = forms.DateField(
        label=_("Gewenste periode tot"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Geef een geldige datum (dd/mm/jjjj).")},
    )
    moments = forms.MultipleChoiceField(
        label=_("Geschikte momenten"), choices=Moment.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    budget_per_participant = forms.DecimalField(
        label=_("Budget per deelnemer (€)"),
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text=_("Het nascholingsbudget is vaak 70 à 100 euro per leerkracht per schooljaar."),
        error_messages={"invalid": _("Geef een bedrag in euro, bv. 80 of 75,50.")},
    )
    max_distance_km = forms.IntegerField(
        label=_("Maximale verplaatsing (km)"),
        initial=30,
        help_text=_("Hemelsbreed, vanaf je school: 1 tot %(max)d km.") % {"max": MAX_DISTANCE_KM},
        error_messages={"invalid": _("Geef een aantal kilometer in cijfers."), "required": _("Dit veld is vereist.")},
    )
    description = forms.CharField(
        label=_("Toelichting"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, schools=(), instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from_need(instance)
        super().__init__(*args, **kwargs)
        from innovet.organisations.models import Organisation

        self.instance = instance
        self.fields["school"].queryset = Organisation.objects.filter(pk__in=[s.pk for s in schools])
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk
        if instance is not None:
            self.fields["school"].disabled = True
        kinds = _offer_kind_choices()
        if kinds:
            self.fields["offer_kinds"].choices = kinds
        else:
            del self.fields["offer_kinds"]

    def clean(self):
        cleaned = super().clean()
        # The service's rules (budget, period, distance) run even when a field is missing or
        # unreadable, so that the person sees every problem in one round; a field that already
        # has an error keeps only that one.
        try:
            self.service_data = services.clean_need_data(cleaned, cleaned.get("school"))
        except forms.ValidationError as exc:
            for field, errors in exc.message_dict.items():
                if field in self.fields and field in self.errors:
                    continue
                self.add_error(field if field in self.fields else None, errors)
        return cleaned


def initial_from_need(need):
    return {
        "school": need.school_id,
        "title": need.title,
        "stated_by": need.stated_by,
        "vakgroep": need.vakgroep,
        "need_type": need.need_type_id,
        "themes": list(need.themes.all()),
        "studiedomein": need.studiedomein_id,
        "graden": list(need.graden.all()),
        "studierichting": need.studierichting,
        "teacher_count": need.teacher_count,
        "participation": need.participation,
        "support_forms": list(need.support_forms.all()),
        "offer_kinds": need.offer_kinds,
        "period_start": need.period_start,
        "period_end": need.period_end,
        "moments": need.moments,
        "budget_per_participant": need.budget_per_participant,
        "max_distance_km": need.max_distance_km,
        "description": need.description,
    }


class NeedFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Thema"), queryset=None, required=False, empty_label=_("Alle thema's"), to_field_name="code"
    )
    domain = forms.ModelChoiceField(
        label=_("Studiedomein"),
        queryset=None,
        required=False,
        empty_label=_("Alle studiedomeinen"),
        to_field_name="code",
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Alle open noden"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = terms("thema")
        self.fields["domain"].queryset = terms("studiedomein")
        self.fields["status"].choices = [("", _("Alle open noden"))] + list(Need.Status.choices)
        # What includes/form_field.html lists; the term lists come from the shared cache, not a query each.
        terms_of = term_options("thema", "studiedomein")
        self.options = {
            "theme": [("", self.fields["theme"].empty_label), *terms_of["thema"]],
            "domain": [("", self.fields["domain"].empty_label), *terms_of["studiedomein"]],
            "status": self.fields["status"].choices,
        }


class WillingnessForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None, label=_("Organisatie"), error_messages={"required": _("Kies de organisatie die dit aanbiedt.")}
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Wat bieden jullie aan?"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    resources = _term_field("bedrijfsmiddel", _("Wat kunnen jullie inbrengen?"), multiple=True)
    themes = _term_field("thema", _("Thema's"), multiple=True, widget=ChecklistSelectMultiple)
    studiedomeinen = _term_field("studiedomein", _("Studiedomeinen"), multiple=True)
    co_develop_material = forms.BooleanField(
        label=_("Wij willen samen met scholen lesmateriaal ontwikkelen rond deze thema's"), required=False
    )
    region = forms.ChoiceField(label=_("Regio"), choices=Willingness.Region.choices, widget=forms.RadioSelect)
    radius_km = forms.IntegerField(
        label=_("Straal rond onze vestiging (km)"),
        initial=30,
        required=False,
        error_messages={"invalid": _("Geef een aantal kilometer in cijfers.")},
    )
    provinces = forms.ModelMultipleChoiceField(
        label=_("Provincies"),
        queryset=Province.objects.filter(in_scope=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity_per_year = forms.IntegerField(
        label=_("Met hoeveel scholen per schooljaar?"),
        initial=3,
        error_messages={"invalid": _("Geef een aantal in cijfers.")},
    )
    school_year = forms.CharField(label=_("Schooljaar"), max_length=9)

    def __init__(self, *args, organisations=(), instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "organisation": instance.organisation_id,
                "title": instance.title,
                "description": instance.description,
                "resources": list(instance.resources.all()),
                "themes": list(instance.themes.all()),
                "studiedomeinen": list(instance.studiedomeinen.all()),
                "co_develop_material": instance.co_develop_material,
                "region": instance.region,
                "radius_km": instance.radius_km,
                "provinces": list(instance.provinces.all()),
                "capacity_per_year": instance.capacity_per_year,
                "school_year": instance.school_year,
            }
        super().__init__(*args, **kwargs)
        from innovet.organisations.models import Organisation

        self.instance = instance
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
        if instance is not None:
            self.fields["organisation"].disabled = True
        self.fields["school_year"].initial = self.initial.get("school_year") or sources.current_school_year()

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.service_data = services.clean_willingness_data(cleaned, cleaned.get("organisation"))
        except forms.ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned


class IntroduceForm(forms.Form):
    message = forms.CharField(
        label=_("Boodschap aan beide partijen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarom denk je dat ze elkaar kunnen helpen? Contactgegevens worden pas na akkoord gedeeld."),
    )


class InterestForm(forms.Form):
    """'Wij kunnen helpen': for which organisation (asked only when the person belongs to several) and how."""

    organisation = forms.ModelChoiceField(label=_("Namens"), queryset=None, empty_label=None)
    message = forms.CharField(
        label=_("Hoe kunnen jullie helpen? (niet verplicht)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen het RTC leest dit. De school krijgt jullie gegevens pas na een introductie."),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        from innovet.organisations.models import Organisation

        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            field.widget = forms.HiddenInput()
            field.initial = organisations[0].pk


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Je antwoord"),
        choices=[("ja", _("Ja, we willen kennismaken")), ("nee", _("Nee, dit past niet"))],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reden (verplicht als het niet past)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=())
    reason = forms.CharField(
        label=_("Reden of toelichting"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices


class AddSuggestionForm(forms.Form):
    willingness = forms.ModelChoiceField(
        label=_("Partner (aanbod tot samenwerking)"), queryset=Willingness.objects.none(), required=False
    )
    peer_need = forms.ModelChoiceField(
        label=_("Nood van een andere school"), queryset=Need.objects.none(), required=False
    )

    def __init__(self, *args, need=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import willingness_list

        self.fields["willingness"].queryset = willingness_list([need.province_id]).exclude(
            organisation_id=need.school_id
        )
        self.fields["peer_need"].queryset = (
            Need.objects.open()
            .filter(province_id=need.province_id)
            .exclude(school_id=need.school_id)
            .select_related("school")
        )
        self.fields["peer_need"].label_from_instance = lambda n: f"{n.school} – {n.title}"

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("willingness")) == bool(cleaned.get("peer_need")):
            raise forms.ValidationError(_("Kies één partner óf één nood van een andere school."))
        return cleaned
