from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from innovet.core.widgets import ISO_DATETIME_LOCAL, ChecklistSelectMultiple, DateInput, DateTimeLocalInput
from innovet.geo.models import Province
from innovet.geo.services import resolve_postcode
from innovet.organisations.models import Organisation
from innovet.organisations.permissions import organisation_ids
from innovet.taxonomy.models import terms

from .models import Initiative, Offer, SavedSearch, needs_address

MAX_LOCATIONS = 5
MAX_SESSIONS = 30
DATETIME_FORMAT = ISO_DATETIME_LOCAL


def own_organisations(user):
    qs = Organisation.objects.active().order_by("name")
    return qs if user.is_superuser else qs.filter(pk__in=organisation_ids(user))


class OfferForm(forms.ModelForm):
    """The offer itself; locations and sessions are separate formsets on the same page."""

    providers = forms.ModelMultipleChoiceField(
        label=_("Aanbieders"),
        queryset=Organisation.objects.none(),
        help_text=_("Je eigen organisatie en eventuele mede-aanbieders."),
        widget=ChecklistSelectMultiple,
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "summary",
            "description",
            "goals",
            "kind",
            "pillar",
            "providers",
            "themes",
            "transition_priorities",
            "studiedomeinen",
            "graden",
            "onderwijsvormen",
            "need_types",
            "audience",
            "cost",
            "cost_note",
            "duration_hours",
            "duration_note",
            "period",
            "capacity",
            "trainer_technical",
            "trainer_didactic",
            "curriculum_goals",
            "professional_qualifications",
            "brand_neutral",
            "supplier",
            "registration_url",
            "registration_info",
            "contact_name",
            "contact_email",
            "contact_phone",
            "valid_from",
            "valid_until",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "trainer_technical": forms.Textarea(attrs={"rows": 2}),
            "trainer_didactic": forms.Textarea(attrs={"rows": 2}),
            "curriculum_goals": forms.Textarea(attrs={"rows": 3}),
            "professional_qualifications": forms.Textarea(attrs={"rows": 3}),
            "themes": ChecklistSelectMultiple,
            "transition_priorities": forms.CheckboxSelectMultiple,
            "studiedomeinen": forms.CheckboxSelectMultiple,
            "graden": forms.CheckboxSelectMultiple,
            "onderwijsvormen": forms.CheckboxSelectMultiple,
            "need_types": forms.CheckboxSelectMultiple,
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "cost": forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"}),
            "capacity": forms.NumberInput(attrs={"min": 1}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        vocabularies = {
            "kind": "aanbodsoort",
            "pillar": "pijler",
            "themes": "thema",
            "transition_priorities": "transitieprioriteit",
            "studiedomeinen": "studiedomein",
            "graden": "graad",
            "onderwijsvormen": "onderwijsvorm",
            "need_types": "noodtype",
        }
        for name, vocabulary in vocabularies.items():
            self.fields[name].queryset = terms(vocabulary)
        self.fields["themes"].queryset = terms("thema").filter(parent__isnull=False).select_related("parent")
        self.fields["themes"].label_from_instance = lambda t: f"{t.parent} › {t.label}" if t.parent_id else t.label
        providers = own_organisations(user)
        if self.instance.pk:
            # Co-providers already on the offer stay selectable.
            providers = providers | Organisation.objects.filter(pk__in=self.instance.providers.values("pk"))
        self.fields["providers"].queryset = providers.distinct().order_by("name")
        if not self.instance.pk and providers.count() == 1:
            self.initial["providers"] = list(providers)
        self.fields["kind"].empty_label = _("Kies een soort")
        self.fields["pillar"].empty_label = _("Geen of beide")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("brand_neutral") is False and not (cleaned.get("supplier") or "").strip():
            self.add_error("supplier", _("Geef de leverancier waaraan het aanbod gebonden is."))
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("De einddatum ligt vóór de begindatum."))
        if not (cleaned.get("registration_url") or cleaned.get("registration_info") or cleaned.get("contact_email")):
            self.add_error(
                "registration_info", _("Zeg hoe leerkrachten zich inschrijven: een link, een contact of een e-mail.")
            )
        return cleaned


class LocationForm(forms.Form):
    location_type = forms.ModelChoiceField(label=_("Soort locatie"), queryset=None, empty_label=_("Kies"))
    name = forms.CharField(label=_("Naam van de locatie"), max_length=200, required=False)
    street = forms.CharField(label=_("Straat en nummer"), max_length=200, required=False)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location_type"].queryset = terms("locatietype")
        self.fields["postcode"].help_text = _("Niet nodig voor online aanbod of aanbod in de eigen school.")

    def clean(self):
        cleaned = super().clean()
        location_type = cleaned.get("location_type")
        postcode = (cleaned.get("postcode") or "").strip()
        if postcode:
            try:
                resolve_postcode(postcode)
            except ValidationError as exc:
                self.add_error("postcode", exc)
        elif location_type is not None and needs_address(location_type):
            self.add_error("postcode", _("Geef de postcode: de afstand tot de school hangt ervan af."))
        return cleaned


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Onderwerp (optioneel)"), max_length=200, required=False)
    starts_at = forms.DateTimeField(label=_("Begint op"), widget=DateTimeLocalInput(), input_formats=[DATETIME_FORMAT])
    ends_at = forms.DateTimeField(label=_("Eindigt op"), widget=DateTimeLocalInput(), input_formats=[DATETIME_FORMAT])
    location_index = forms.TypedChoiceField(
        label=_("Locatie"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Eerste locatie"))]
        + [(str(i), _("Locatie %(n)d") % {"n": i + 1}) for i in range(MAX_LOCATIONS)],
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("Het einde ligt vóór of op het begin."))
        return cleaned


LocationFormSet = forms.formset_factory(LocationForm, extra=1, max_num=MAX_LOCATIONS, validate_max=True)
SessionFormSet = forms.formset_factory(SessionForm, extra=2, max_num=MAX_SESSIONS, validate_max=True)


def offer_data(form, location_formset, session_formset):
    """The cleaned data in the shape services.create_offer/update_offer expect."""
    data = dict(form.cleaned_data)
    data["locations"] = [f.cleaned_data for f in location_formset.forms if f.cleaned_data]
    data["sessions"] = [f.cleaned_data for f in session_formset.forms if f.cleaned_data]
    return data


def offer_initial(offer):
    """Initial data of the location and session formsets for an existing offer."""
    locations = list(offer.locations.all())
    index = {loc.pk: i for i, loc in enumerate(locations)}
    return (
        [
            {"location_type": loc.location_type_id, "name": loc.name, "street": loc.street, "postcode": loc.postcode}
            for loc in locations
        ],
        [
            {
                "title": s.title,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "location_index": index.get(s.location_id),
            }
            for s in offer.sessions.all()
        ],
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden (de aanbieder ziet ze)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Geef een reden: de aanbieder ziet ze en kan het aanbod verbeteren.")},
    )


class InitiativeForm(forms.ModelForm):
    lead = forms.ModelChoiceField(label=_("Trekker"), queryset=Organisation.objects.none())

    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "description",
            "lead",
            "provinces",
            "goals",
            "themes",
            "transition_priorities",
            "studiedomeinen",
            "results",
            "offers",
            "website",
            "contact_name",
            "contact_email",
            "started_on",
            "ends_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "provinces": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
            "themes": ChecklistSelectMultiple,
            "transition_priorities": forms.CheckboxSelectMultiple,
            "studiedomeinen": forms.CheckboxSelectMultiple,
            "offers": ChecklistSelectMultiple,
            "started_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = own_organisations(user)
        if self.instance.pk:
            self.fields["lead"].queryset = self.fields["lead"].queryset | Organisation.objects.filter(
                pk=self.instance.lead_id
            )
        self.fields["provinces"].queryset = Province.objects.filter(in_scope=True)
        self.fields["goals"].queryset = terms("initiatiefdoel")
        self.fields["themes"].queryset = terms("thema").select_related("parent")
        self.fields["transition_priorities"].queryset = terms("transitieprioriteit")
        self.fields["studiedomeinen"].queryset = terms("studiedomein")
        own = organisation_ids(user) if not user.is_superuser else None
        offers = Offer.objects.exclude(status="gearchiveerd").order_by("title")
        if own is not None:
            offers = offers.filter(providers__in=own).distinct()
        self.fields["offers"].queryset = offers
        self.fields["offers"].required = False

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("De einddatum ligt vóór de startdatum."))
        return cleaned


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Partner"), queryset=None, empty_label=_("Kies een organisatie"))
    role = forms.ModelChoiceField(label=_("Rol"), queryset=None, empty_label=_("Kies een rol"))
    contribution = forms.CharField(label=_("Inbreng"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().order_by("name")
        self.fields["role"].queryset = terms("partnerrol")


PartnerFormSet = forms.formset_factory(PartnerForm, extra=2, max_num=40, validate_max=True)


class SavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "alerts"]


def max_upload_bytes():
    from .importer import MAX_FILE_MB

    return getattr(settings, "INNOVET_MAX_IMPORT_MB", MAX_FILE_MB) * 1024 * 1024


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Aanbieder"), queryset=None)
    file = forms.FileField(
        label=_("Bestand (CSV of XLSX)"),
        help_text=_("Gebruik het sjabloon. Maximaal 100 MB en 100.000 rijen."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    publish = forms.BooleanField(label=_("Meteen publiceren"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = own_organisations(user)
        only = list(field.queryset[:2])
        if len(only) == 1:  # the one organisation a member offers for: chosen, no empty choice to trip over
            field.initial, field.empty_label = only[0].pk, None

    def clean_file(self):
        from .importer import check_upload

        upload = self.cleaned_data["file"]
        check_upload(upload, max_upload_bytes())  # Dutch ValidationError: size, type by content
        return upload
