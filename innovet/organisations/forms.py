from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from innovet.core.widgets import ChecklistSelectMultiple
from innovet.geo.services import resolve_postcode
from innovet.taxonomy.models import terms

from .models import Invitation, Organisation, OrganisationKind, check_role, role_choices

KIND_FIELDS = {
    OrganisationKind.SCHOOL: [
        "institution_number",
        "onderwijsnet",
        "onderwijsvormen",
        "studiedomeinen",
        "graden",
        "teacher_count",
    ],
    OrganisationKind.PBD: ["onderwijsnet"],
    OrganisationKind.SECTOR: ["paritaire_comites", "sectors"],
    OrganisationKind.COMPANY: ["size_class", "sectors", "nace_codes"],
}
ALL_KIND_FIELDS = sorted({f for fields in KIND_FIELDS.values() for f in fields})


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "description",
            "website",
            "email",
            "phone",
            "street",
            "postcode",
            "institution_number",
            "onderwijsnet",
            "onderwijsvormen",
            "studiedomeinen",
            "graden",
            "teacher_count",
            "paritaire_comites",
            "sectors",
            "size_class",
            "nace_codes",
            "themes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "onderwijsvormen": forms.CheckboxSelectMultiple,
            "studiedomeinen": forms.CheckboxSelectMultiple,
            "graden": forms.CheckboxSelectMultiple,
            "paritaire_comites": ChecklistSelectMultiple,
            "sectors": ChecklistSelectMultiple,
            "nace_codes": ChecklistSelectMultiple,
            "themes": ChecklistSelectMultiple,
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.is_superuser and not self.instance.pk:
            # RTCs and pedagogical services carry platform-wide powers: platform administrators create them.
            from .services import PRIVILEGED_KINDS

            self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] not in PRIVILEGED_KINDS]
        vocabularies = {
            "onderwijsnet": "onderwijsnet",
            "onderwijsvormen": "onderwijsvorm",
            "studiedomeinen": "studiedomein",
            "graden": "graad",
            "paritaire_comites": "paritair_comite",
            "sectors": "sector",
            "size_class": "bedrijfsgrootte",
            "nace_codes": "nace",
            "themes": "thema",
        }
        for field, vocabulary in vocabularies.items():
            self.fields[field].queryset = terms(vocabulary)
        # NACE and PC lists are long: only the levels people choose from.
        self.fields["nace_codes"].queryset = terms("nace").filter(data__level__in=[2, 3])
        self.fields["name"].widget.attrs["autocomplete"] = "organization"
        if self.instance.pk:
            # The kind decides which fields apply; changing it is an administrator's job.
            self.fields["kind"].disabled = True

    def clean_postcode(self):
        code = self.cleaned_data["postcode"].strip()
        resolve_postcode(code)  # raises a Dutch ValidationError at the field
        return code

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind") or self.instance.kind
        if kind == OrganisationKind.SCHOOL and not cleaned.get("onderwijsnet"):
            self.add_error("onderwijsnet", _("Kies het onderwijsnet of de koepel van de school."))
        # Fields of other kinds are cleared so that a school never carries a NACE code by accident.
        relevant = set(KIND_FIELDS.get(kind, []))
        for field in ALL_KIND_FIELDS:
            if field not in relevant and field in cleaned:
                cleaned[field] = (
                    []
                    if isinstance(self.fields[field], forms.ModelMultipleChoiceField)
                    else (None if field != "institution_number" else "")
                )
        return cleaned


class RoleField(forms.ChoiceField):
    """Offers the roles of one kind of organisation. A posted other role is refused by the form's
    ``clean_role`` with a message that names the kind, not as a bare "not one of the choices"."""

    def valid_value(self, value):
        return True


class _RoleFitsKind:
    def _limit_roles(self, organisation):
        self.organisation = organisation
        self.fields["role"].choices = role_choices(organisation.kind)

    def clean_role(self):
        role = self.cleaned_data["role"]
        try:
            check_role(self.organisation.kind, role)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["role"]) from None
        return role


class InvitationForm(_RoleFitsKind, forms.Form):
    email = forms.EmailField(label=_("E-mailadres"))
    role = RoleField(label=_("Rol"))
    is_manager = forms.BooleanField(
        label=_("Organisatiebeheerder"),
        required=False,
        help_text=_("Mag de gegevens en de leden van de organisatie beheren."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_roles(organisation)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class MembershipForm(_RoleFitsKind, forms.Form):
    role = RoleField(label=_("Rol"))
    is_manager = forms.BooleanField(label=_("Organisatiebeheerder"), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_roles(organisation)


class InvitationSignupForm(forms.Form):
    """For someone invited who has no account yet: the e-mail comes from the invitation."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Familienaam"), max_length=150)
    password1 = forms.CharField(
        label=_("Wachtwoord"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Wachtwoord bevestigen"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        from django.contrib.auth import get_user_model, password_validation

        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif p1:
            user = get_user_model()(
                email=self.invitation.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam of gemeente"), required=False)
    province = forms.ModelChoiceField(
        label=_("Provincie"),
        queryset=None,
        required=False,
        empty_label=_("Alle provincies"),
        to_field_name="slug",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Alle soorten"))] + list(OrganisationKind.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        from innovet.geo.models import Province

        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.filter(in_scope=True)
