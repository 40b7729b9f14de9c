import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from innovet.core.audit import log_action
from innovet.core.gdpr import erase_user, export_user_data

from .forms import DeleteAccountForm, EmailPasswordResetForm, LoginForm, ProfileForm, SignupForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = EmailPasswordResetForm
    template_name = "accounts/password_form.html"
    extra_context = {"page_title": gettext_lazy("Wachtwoord vergeten")}
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        from .throttling import password_reset_allowed

        # Counted for every address, known or not, and answered the same: the limit tells nothing about
        # who has an account.
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "Je vroeg al enkele keren een nieuw wachtwoord aan. Wacht een uur en probeer het dan opnieuw; "
                    "kijk intussen ook bij je ongewenste e-mail."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_form.html"
    extra_context = {"page_title": gettext_lazy("Nieuw wachtwoord kiezen")}
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_form.html"
    extra_context = {"page_title": gettext_lazy("Wachtwoord wijzigen")}
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Je wachtwoord is gewijzigd."))
        return super().form_valid(form)


def signup(request):
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
                log_action(user, "accounts.user.signed_up", user)
        except IntegrityError:
            # Two sign-ups with the same address at once: the form's check passed for both, the unique
            # e-mail refused the second.
            form.add_error("email", SignupForm.DUPLICATE_MESSAGE)
            return render(request, "accounts/signup.html", {"form": form})
        login(request, user, backend="innovet.accounts.backends.StaffModelBackend")
        messages.success(
            request, _("Welkom bij InnoVET. Vraag de beheerder van je school of organisatie om je uit te nodigen.")
        )
        return redirect("core:dashboard")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        log_action(request.user, "accounts.user.profile_changed", request.user, {"fields": sorted(form.changed_data)})
        messages.success(request, _("Je profiel is bewaard."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def export_data(request):
    payload = export_user_data(request.user)
    log_action(request.user, "core.gdpr.exported", request.user)
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="innovet-mijn-gegevens-{stamp}.json"'
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        log_action(user, "accounts.user.erased", None)
        erase_user(user)
        logout(request)
        messages.success(request, _("Je account en je persoonsgegevens zijn verwijderd."))
        return redirect("core:home")
    return render(request, "accounts/delete_account.html", {"form": form})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("Je bent afgemeld."))
    return redirect("core:home")
