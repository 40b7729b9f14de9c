from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovet.core.audit import history_page

from . import selectors, services
from .forms import (
    DirectoryFilterForm,
    InvitationForm,
    InvitationSignupForm,
    MembershipForm,
    OrganisationForm,
)
from .models import Invitation, Membership, Organisation
from .permissions import memberships


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.directory(filters.get("q", ""), filters.get("province"), filters.get("kind", ""))
    page = Paginator(qs, 24).get_page(request.GET.get("pagina"))
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return render(
        request,
        "organisations/directory.html",
        {"form": form, "page": page, "total": page.paginator.count, "querystring": querystring.urlencode()},
    )


def detail(request, slug):
    org = get_object_or_404(Organisation.objects.select_related("province", "onderwijsnet", "size_class"), slug=slug)
    context = {
        "org": org,
        "can_edit": request.user.has_perm("organisations.change_organisation", org),
        "can_manage": request.user.has_perm("organisations.manage_members", org),
        "can_view_members": request.user.has_perm("organisations.view_members", org),
    }
    if context["can_view_members"]:
        context["members"] = context["page"] = Paginator(selectors.members(org), 50).get_page(request.GET.get("pagina"))
    if request.user.has_perm("organisations.view_history", org):
        context["history"] = history_page(org, request)
    return render(request, "organisations/detail.html", context)


@login_required
def mine(request):
    ms = memberships(request.user)
    if len(ms) == 1:
        return redirect(ms[0].organisation)
    return render(request, "organisations/mine.html", {"memberships": ms})


@login_required
def create(request):
    if not request.user.has_perm("organisations.add_organisation"):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organisation(request.user, form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return render(request, "organisations/form.html", {"form": form, "creating": True})
        messages.success(request, _("Organisatie %(name)s aangemaakt.") % {"name": org.name})
        return redirect(org)
    return render(request, "organisations/form.html", {"form": form, "creating": True})


@login_required
def edit(request, slug):
    org = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("organisations.change_organisation", org):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=org, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(request.user, form)
        messages.success(request, _("De gegevens zijn bewaard."))
        return redirect(org)
    return render(request, "organisations/form.html", {"form": form, "org": org})


@login_required
def members(request, slug):
    org = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("organisations.manage_members", org):
        raise PermissionDenied
    form = InvitationForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(request.user, org, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Uitnodiging verstuurd naar %(email)s.") % form.cleaned_data)
            return redirect("organisations:members", slug=org.slug)
    members = Paginator(selectors.members(org), 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "organisations/members.html",
        {
            "org": org,
            "form": form,
            "members": members,
            "page": members,
            "invitations": org.invitations.filter(status=Invitation.Status.PENDING),
            "role_form": MembershipForm(organisation=org),
        },
    )


def _membership_for(request, slug, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"), pk=pk, organisation__slug=slug
    )
    if not request.user.has_perm("organisations.manage_members", membership.organisation):
        raise PermissionDenied
    return membership


@login_required
@require_POST
def change_member(request, slug, pk):
    membership = _membership_for(request, slug, pk)
    form = MembershipForm(request.POST, organisation=membership.organisation)
    if form.is_valid():
        try:
            services.change_membership(
                request.user, membership, form.cleaned_data["role"], form.cleaned_data["is_manager"]
            )
            messages.success(request, _("Rol van %(name)s aangepast.") % {"name": membership.user})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def remove_member(request, slug, pk):
    membership = _membership_for(request, slug, pk)
    try:
        services.remove_membership(request.user, membership)
        messages.success(request, _("%(name)s is geen lid meer.") % {"name": membership.user})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def revoke_invitation(request, slug, pk):
    invitation = get_object_or_404(Invitation, pk=pk, organisation__slug=slug)
    services.revoke_invitation(request.user, invitation)
    messages.success(request, _("Uitnodiging ingetrokken."))
    return redirect("organisations:members", slug=slug)


def invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not invitation.is_usable:
        return render(request, "organisations/invitation_invalid.html", {"invitation": invitation}, status=410)
    User = get_user_model()
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.accept_invitation(request.user, invitation)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("organisations:invitation", token=token)
            messages.success(request, _("Welkom bij %(org)s.") % {"org": invitation.organisation})
            return redirect(invitation.organisation)
        return render(request, "organisations/invitation.html", {"invitation": invitation})
    if User.objects.filter(email__iexact=invitation.email).exists():
        messages.info(request, _("Meld je aan om de uitnodiging te aanvaarden."))
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    form = InvitationSignupForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=invitation.email,
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
                services.accept_invitation(user, invitation)
        except IntegrityError:  # the same form submitted twice at once: the first made the account
            messages.info(request, _("Er bestaat al een account met dit e-mailadres. Meld je aan."))
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("organisations:invitation", token=token)
        login(request, user, backend="innovet.accounts.backends.StaffModelBackend")
        messages.success(request, _("Je account is aangemaakt. Welkom bij %(org)s.") % {"org": invitation.organisation})
        return redirect(invitation.organisation)
    return render(request, "organisations/invitation_signup.html", {"invitation": invitation, "form": form})
