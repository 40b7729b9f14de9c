from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from innovet.core.widgets import ChecklistSelectMultiple
from innovet.taxonomy.models import Term

User = get_user_model()


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("Dat e-mailadres en wachtwoord passen niet bij elkaar. Let op hoofdletters."),
        "inactive": _("Dit account is niet actief."),
    }


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        # Through core.mail like every other mail: plain text unescaped, sent by the worker.
        from innovet.core.mail import send_templated_mail

        send_templated_mail(to_email, email_template_name.removesuffix(".txt"), context)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "phone", "bio", "expertise", "email_notifications"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4}), "expertise": ChecklistSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].queryset = Term.objects.filter(
            vocabulary__code__in=["vakgebied", "thema"], active=True
        ).select_related("vocabulary")
        self.fields["expertise"].help_text = _("Vink aan waarin je thuis bent; typ in het zoekveld om te zoeken.")


class SignupForm(forms.ModelForm):
    DUPLICATE_MESSAGE = _("Er bestaat al een account met dit e-mailadres. Meld je aan of vraag een nieuw wachtwoord.")

    password1 = forms.CharField(
        label=_("Wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 10 tekens, niet enkel cijfers en niet te eenvoudig."),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord bevestigen"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "job_title"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(self.DUPLICATE_MESSAGE)
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(email=cleaned.get("email", ""), first_name=cleaned.get("first_name", ""))
                )
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Je wachtwoord, ter bevestiging"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("Dat wachtwoord klopt niet."))
        return self.cleaned_data["password"]
