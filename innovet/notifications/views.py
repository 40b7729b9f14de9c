from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .models import Notification, Preference
from .registry import categories


@login_required
def inbox(request):
    qs = Notification.objects.filter(recipient=request.user).select_related("actor")
    if request.GET.get("filter") == "ongelezen":
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 25).get_page(request.GET.get("pagina"))
    return render(request, "notifications/inbox.html", {"page": page, "only_unread": request.GET.get("filter")})


@login_required
@require_POST
def open_notification(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(request.user, [notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    n = services.mark_read(request.user)
    messages.success(request, _("%(n)d meldingen als gelezen gemarkeerd.") % {"n": n})
    return redirect("notifications:inbox")


class PreferencesForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = dict(Preference.objects.filter(user=user).values_list("category", "delivery"))
        for category in categories():
            self.fields[category.code] = forms.ChoiceField(
                label=category.label,
                choices=Preference.Delivery.choices,
                widget=forms.RadioSelect,
                initial=current.get(category.code, category.default),
                required=False,
            )


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(request.user, {k: v for k, v in form.cleaned_data.items() if v})
        messages.success(request, _("Je voorkeuren voor meldingen zijn bewaard."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
