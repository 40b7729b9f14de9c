"""Writes for material: every change in one transaction, checked, logged, and reflected in the search index."""

import re
from datetime import timedelta

import nh3
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.organisations.permissions import memberships, primary_organisation, require

from .models import (
    Attachment,
    Author,
    CoauthorInvitation,
    Material,
    Review,
    ReviewComment,
    Status,
    UsageReport,
    Version,
)
from .uploads import check_upload

# --- rich text -----------------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "h2", "h3", "h4", "ul", "ol", "li",
    "blockquote", "code", "pre", "a", "img", "table", "caption", "thead", "tbody", "tr", "th", "td", "hr",
    "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}


def _attribute_filter(tag, attribute, value):
    # Images only from our own file view: no tracking pixels, no mixed content.
    if tag == "img" and attribute == "src" and not value.startswith("/lesmateriaal/bestand/"):
        return None
    return value


def sanitize_body(text):
    """Clean HTML from the editor; text without block elements becomes paragraphs (blank line = new one)."""
    text = (text or "").strip()
    if not text:
        return ""
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_attribute_filter,
    ).strip()
    if not BLOCK_TAG.search(cleaned):
        cleaned = linebreaks(cleaned)
    return cleaned


BLOCK_TAG = re.compile(r"<(p|ul|ol|h[2-4]|table|blockquote|pre|figure|hr)\b", re.IGNORECASE)


# --- search index --------------------------------------------------------------------------------


def _reindex(material):
    """Published material is in the search index; drafts are not."""
    try:
        from innovet.search import services as search_services
    except ImportError:  # the search engine is not installed (yet)
        return
    # A fresh instance: the caller's may carry prefetched relations that this write just changed.
    fresh = Material.objects.select_related("licence").prefetch_related("versions").get(pk=material.pk)
    search_services.index_object("materials", fresh)  # drafts: the index's should_index removes them


def _unique_slug(title, exclude_pk=None):
    base = slugify(title)[:200] or "lesmateriaal"
    slug, n = base, 2
    qs = Material.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


RESERVED_SLUGS = {"mijn", "nieuw", "oai", "bestand", "auteur", "uitnodiging"}  # paths of urls.py


def _lock(material):
    return Material.objects.select_for_update().get(pk=material.pk)


def _sync(caller, locked, fields=("licence_id", "published_at", "status", "updated_at")):
    """Let the caller's instance see what a service changed on the locked row."""
    if caller is not locked:
        for field in fields:
            setattr(caller, field, getattr(locked, field))
        caller.__dict__.pop("_author_user_ids", None)


# --- material ------------------------------------------------------------------------------------


@transaction.atomic
def create_material(user, form, goal_formset=None):
    require(user, "materials.add_material")
    material = form.save(commit=False)
    material.body = sanitize_body(material.body)
    material.slug = _unique_slug(material.title)
    material.save()
    form.save_m2m()
    organisation = primary_organisation(user)
    Author.objects.create(material=material, user=user, organisation=organisation, position=0)
    if organisation is not None:
        material.organisations.add(organisation)
    if goal_formset is not None:
        goal_formset.instance = material
        goal_formset.save()
    log_action(material, "materials.material.created", user)
    return material


@transaction.atomic
def update_material(user, form, goal_formset=None):
    material = form.instance
    require(user, "materials.change_material", material)
    material = form.save(commit=False)
    material.body = sanitize_body(material.body)
    material.save()
    form.save_m2m()
    if goal_formset is not None:
        goal_formset.save()
    log_action(material, "materials.material.changed", user, {"fields": sorted(form.changed_data)})
    _reindex(material)
    return material


def _snapshot(material):
    return {
        "title": material.title,
        "summary": material.summary,
        "body": material.body,
        "language": material.language,
        "duration_minutes": material.duration_minutes,
        "licence": material.licence.code if material.licence_id else "",
        "equipment": material.equipment,
        "brand_neutral": material.brand_neutral,
        "brand_name": material.brand_name,
        "authors": [
            {"name": a.user.get_full_name(), "organisation": a.organisation.name if a.organisation else ""}
            for a in material.authors.select_related("user", "organisation")
        ],
        "organisations": [o.name for o in material.organisations.all()],
        "themes": [t.code for t in material.themes.all()],
        "studiedomeinen": [t.code for t in material.studiedomeinen.all()],
        "graden": [t.code for t in material.graden.all()],
        "onderwijsvormen": [t.code for t in material.onderwijsvormen.all()],
        "alignments": [
            {"kind": a.kind, "network": a.network.code if a.network_id else "", "code": a.code, "text": a.text}
            for a in material.alignments.select_related("network")
        ],
        "work_forms": [
            {"id": w.pk, "kind": w.kind.code, "title": w.title, "description": w.description}
            for w in material.work_forms.select_related("kind")
        ],
    }


@transaction.atomic
def publish_version(user, material, licence, changelog):
    """Freeze the working copy into a new numbered version; the first one makes the material public."""
    require(user, "materials.publish_material", material)
    caller, material = material, _lock(material)
    errors = {}
    if licence is None:
        errors["licence"] = _("Kies een licentie voor je het materiaal publiceert.")
    elif (
        material.original_id
        and material.original.licence_id
        and material.original.licence.data.get("share_alike")
        and licence.pk != material.original.licence_id
    ):
        errors["licence"] = _(
            "Dit is een kopie van materiaal onder %(licence)s: GelijkDelen vraagt dezelfde licentie voor de kopie."
        ) % {"licence": material.original.licence.label}
    if not (changelog or "").strip():
        errors["changelog"] = _("Beschrijf kort wat er in deze versie veranderd is.")
    if not material.attachments.filter(detached_at__isnull=True).exists() and not material.body.strip():
        errors["__all__"] = _("Voeg eerst inhoud of minstens één bestand of link toe.")
    if errors:
        raise ValidationError(errors)
    material.licence = licence
    latest = material.versions.order_by("-number").first()
    if (
        latest is not None
        and latest.changelog == changelog.strip()
        and latest.licence_id == licence.pk
        and latest.snapshot == _snapshot(material)
        and set(latest.attachments.values_list("pk", flat=True))
        == set(material.attachments.filter(detached_at__isnull=True).values_list("pk", flat=True))
    ):
        # The same form submitted again (double click, resend): that version exists already.
        return latest
    now = timezone.now()
    first = material.published_at is None
    if first:
        material.published_at = now
    # A validated material that changes needs a new review: the new version is 'getest' until then.
    if material.status == Status.VALIDATED:
        material.status = Status.TESTED
    material.save(update_fields=["licence", "published_at", "status", "updated_at"])
    number = (material.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = Version.objects.create(
        material=material,
        number=number,
        changelog=changelog.strip(),
        snapshot=_snapshot(material),
        licence=licence,
        created_by=user,
    )
    version.attachments.set(material.attachments.filter(detached_at__isnull=True))
    log_action(material, "materials.version.published", user, {"version": number, "licence": licence.code})
    _sync(caller, material)
    _reindex(material)
    if material.status == Status.TESTED:  # tested material changed: the new version needs a review
        _ask_for_review(user, material, version)
    return version


def advisers_for(material):
    """Pedagogical advisers who should review: those who reviewed it before, and the advisers of the
    networks whose leerplan goals the material is linked to (every adviser when it names no network)."""
    from innovet.organisations.models import Membership, OrganisationKind, Role

    previous = {r.reviewer for r in Review.objects.filter(version__material=material).select_related("reviewer")}
    networks = set(material.alignments.exclude(network=None).values_list("network_id", flat=True))
    advisers = Membership.objects.filter(
        role=Role.PEDAGOGICAL_ADVISER, organisation__kind=OrganisationKind.PBD, organisation__is_active=True
    ).select_related("user")
    if networks:
        advisers = advisers.filter(organisation__onderwijsnet__in=networks)
    authors = set(material.authors.values_list("user_id", flat=True))
    people = {r for r in previous if r is not None} | {m.user for m in advisers}
    return sorted((p for p in people if p.pk not in authors), key=lambda p: p.pk)


def _ask_for_review(user, material, version):
    from innovet.notifications.services import notify

    notify(
        advisers_for(material),
        "materials.review",
        _("%(title)s (versie %(n)d) wacht op een review") % {"n": version.number, "title": material.title},
        body=version.changelog,
        url=material.get_absolute_url(),
        actor=user,
        target=material,
    )


# Who may move the status where (besides the review, which alone makes material 'gevalideerd').
AUTHOR_TRANSITIONS = {
    (Status.CONCEPT, Status.IN_TEST),
    (Status.IN_TEST, Status.TESTED),
    (Status.TESTED, Status.IN_TEST),
    (Status.IN_TEST, Status.CONCEPT),
}


@transaction.atomic
def change_status(user, material, target):
    require(user, "materials.change_status", material)
    caller, material = material, _lock(material)
    if target == Status.VALIDATED:
        raise ValidationError(_("Enkel een pedagogisch begeleider kan materiaal valideren, via een review."))
    if (material.status, target) not in AUTHOR_TRANSITIONS:
        raise ValidationError(
            _("Van '%(from)s' kan het materiaal niet naar '%(to)s'.")
            % {"from": Status(material.status).label, "to": Status(target).label if target in Status.values else target}
        )
    if target == Status.TESTED and not material.usage_reports.exists():
        raise ValidationError(
            _("Materiaal is pas 'getest' als minstens één leerkracht het gebruik in de klas heeft gemeld.")
        )
    previous = material.status
    material.status = target
    material.save(update_fields=["status", "updated_at"])
    log_action(material, "materials.status.changed", user, {"from": previous, "to": target})
    _sync(caller, material)
    _reindex(material)
    if target == Status.TESTED:
        _ask_for_review(user, material, material.current_version())
    return material


@transaction.atomic
def delete_draft(user, material):
    """A private draft can be deleted by its co-authors; published material stays (others rely on it)."""
    require(user, "materials.change_material", material)
    material = _lock(material)
    if material.published_at is not None:
        raise ValidationError(
            _("Gepubliceerd materiaal kan niet verwijderd worden: collega's gebruiken het misschien al.")
        )
    files = [(a.file.storage, a.file.name) for a in material.attachments.exclude(file="")]
    log_action(material, "materials.material.deleted", user, {"title": material.title})
    material.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


# --- authors -------------------------------------------------------------------------------------


INVITATION_VALID_DAYS = 14
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=1)


@transaction.atomic
def invite_coauthor(user, material, email):
    """Invite an address to co-author: an e-mail with a personal link, nothing more. Whether the address
    has an account, is already co-author or was invited before, the sender sees the same result (no one
    learns who uses InnoVET), and nobody is added without accepting."""
    require(user, "materials.manage_authors", material)
    material = _lock(material)  # concurrent invitations of one material wait here
    email = (email or "").strip().lower()
    if material.authors.filter(user__email__iexact=email).exists():
        return None  # already co-author: nothing to send
    pending = CoauthorInvitation.objects.filter(
        material=material, email=email, status=CoauthorInvitation.Status.PENDING
    )
    same = pending.filter(created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW).first()
    if same is not None:
        return same  # a double submit: the invitation (and its e-mail) exists already
    pending.update(status=CoauthorInvitation.Status.REVOKED)  # inviting again: a new link replaces the old
    try:
        with transaction.atomic():
            invitation = CoauthorInvitation.objects.create(
                material=material,
                email=email,
                invited_by=user,
                expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
            )
    except IntegrityError:  # materials_one_open_coauthor_invitation, should a writer bypass the lock
        return pending.first()
    log_action(material, "materials.author.invited", user, {"email": email})
    transaction.on_commit(lambda: _send_coauthor_invitation(invitation))
    return invitation


def _send_coauthor_invitation(invitation):
    from innovet.core.mail import send_templated_mail

    send_templated_mail(
        invitation.email,
        "materials/email/coauthor_invitation",
        {
            "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
            "title": invitation.material.title,
            "days": INVITATION_VALID_DAYS,
            "path": reverse("materials:coauthor_invitation", kwargs={"token": invitation.token}),
        },
    )


@transaction.atomic
def revoke_coauthor_invitation(user, invitation):
    require(user, "materials.manage_authors", invitation.material)
    updated = CoauthorInvitation.objects.filter(pk=invitation.pk, status=CoauthorInvitation.Status.PENDING).update(
        status=CoauthorInvitation.Status.REVOKED, responded_at=timezone.now()
    )
    if updated:
        log_action(invitation.material, "materials.author.invitation_revoked", user, {"email": invitation.email})


def _open_invitation(user, invitation):
    """The invitation, locked, if this signed-in person may answer it."""
    invitation = CoauthorInvitation.objects.select_for_update().select_related("material").get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("Deze uitnodiging is niet meer geldig. Vraag de auteurs om een nieuwe."))
    if (user.email or "").lower() != invitation.email:
        # The link was forwarded, or the person has a second account: it stays with the invited address.
        raise ValidationError(
            _("Deze uitnodiging is bestemd voor een ander e-mailadres. Meld je aan met het adres waarop je ze kreeg.")
        )
    return invitation


@transaction.atomic
def accept_coauthor_invitation(user, invitation):
    invitation = _open_invitation(user, invitation)
    material = _lock(invitation.material)
    author = material.authors.filter(user=user).first()
    if author is None:
        organisation = primary_organisation(user)
        try:
            with transaction.atomic():
                author = Author.objects.create(
                    material=material, user=user, organisation=organisation, position=material.authors.count()
                )
        except IntegrityError:  # materials_author_once: accepted twice at once
            author = material.authors.get(user=user)
        else:
            if organisation is not None:
                material.organisations.add(organisation)
    invitation.status = CoauthorInvitation.Status.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    material._author_user_ids = None
    log_action(material, "materials.author.added", user, {"author": user.email, "invitation": invitation.pk})
    _reindex(material)
    from innovet.notifications.services import notify

    notify(
        [a.user for a in material.authors.select_related("user") if a.user_id != user.pk],
        "materials.authors",
        _("%(name)s is nu co-auteur van %(title)s") % {"name": user.get_full_name(), "title": material.title},
        url=reverse("materials:authors", kwargs={"slug": material.slug}),
        actor=user,
        target=material,
    )
    return author


@transaction.atomic
def decline_coauthor_invitation(user, invitation):
    invitation = _open_invitation(user, invitation)
    invitation.status = CoauthorInvitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    log_action(invitation.material, "materials.author.declined", user, {"invitation": invitation.pk})
    return invitation


@transaction.atomic
def remove_coauthor(user, author):
    material = author.material
    require(user, "materials.manage_authors", material)
    if material.authors.count() <= 1:
        raise ValidationError(_("Materiaal heeft minstens één auteur nodig."))
    log_action(material, "materials.author.removed", user, {"author": author.user.email})
    author.delete()
    material._author_user_ids = None
    _reindex(material)


# --- work forms and files ------------------------------------------------------------------------


@transaction.atomic
def save_work_form(user, form):
    work_form = form.instance
    require(user, "materials.change_material", work_form.material)
    creating = work_form.pk is None
    work_form = form.save()
    log_action(
        work_form.material,
        "materials.workform.added" if creating else "materials.workform.changed",
        user,
        {"work_form": str(work_form)},
    )
    _reindex(work_form.material)
    return work_form


@transaction.atomic
def delete_work_form(user, work_form):
    material = work_form.material
    require(user, "materials.change_material", material)
    if work_form.attachments.filter(detached_at__isnull=True).exists():
        raise ValidationError(_("Verwijder of verplaats eerst de bestanden van deze werkvorm."))
    log_action(material, "materials.workform.removed", user, {"work_form": str(work_form)})
    work_form.delete()
    _reindex(material)


@transaction.atomic
def add_file(user, material, upload, title="", work_form=None):
    require(user, "materials.change_material", material)
    if work_form is not None and work_form.material_id != material.pk:
        raise ValidationError({"work_form": _("Die werkvorm hoort niet bij dit materiaal.")})
    checked = check_upload(upload)
    upload.name = checked.name
    attachment = Attachment(
        material=material,
        work_form=work_form,
        kind=Attachment.Kind.FILE,
        title=(title or "").strip() or checked.name,
        filename=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
    )
    attachment.file.save(checked.name, upload, save=False)
    try:
        attachment.save()
        log_action(material, "materials.file.added", user, {"file": checked.name, "size": checked.size})
    except Exception:
        attachment.file.delete(save=False)
        raise
    # A file stored by a transaction that is rolled back later is removed by tasks.remove_orphan_files.
    return attachment


@transaction.atomic
def add_link(user, material, url, title, work_form=None):
    require(user, "materials.change_material", material)
    if work_form is not None and work_form.material_id != material.pk:
        raise ValidationError({"work_form": _("Die werkvorm hoort niet bij dit materiaal.")})
    attachment = Attachment.objects.create(
        material=material,
        work_form=work_form,
        kind=Attachment.Kind.LINK,
        title=title.strip(),
        url=url,
        uploaded_by=user,
    )
    log_action(material, "materials.link.added", user, {"url": url})
    return attachment


@transaction.atomic
def detach_attachment(user, attachment):
    """Take a file or link out of the working copy; versions that contain it keep it."""
    material = attachment.material
    require(user, "materials.change_material", material)
    attachment.detached_at = timezone.now()
    attachment.save(update_fields=["detached_at"])
    log_action(material, "materials.file.removed", user, {"file": attachment.title})
    if not attachment.versions.exists() and attachment.kind == Attachment.Kind.FILE:
        # Never published: nobody can need it any more.
        name, storage = attachment.file.name, attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


def record_download(material, attachment=None):
    Material.objects.filter(pk=material.pk).update(download_count=F("download_count") + 1)
    if attachment is not None:
        Attachment.objects.filter(pk=attachment.pk).update(download_count=F("download_count") + 1)


# --- remix ---------------------------------------------------------------------------------------


@transaction.atomic
def remix_material(user, original):
    """'Maak een kopie': a private draft for the user, linked to the original and its current version."""
    if not original.allows_remix:
        raise ValidationError(
            _("De licentie van dit materiaal (%(licence)s) laat geen bewerkingen toe.")
            % {"licence": original.licence.label if original.licence_id else _("geen licentie")}
        )
    require(user, "materials.remix_material", original)
    version = original.current_version()
    original.show_published(version, relations=True)  # a copy of what was published, not of a draft
    copy = Material.objects.create(
        slug=_unique_slug(_("kopie van %(title)s") % {"title": original.title}),
        title=(_("Kopie van %(title)s") % {"title": original.title})[:200],
        summary=original.summary,
        body=original.body,
        language=original.language,
        duration_minutes=original.duration_minutes,
        licence=original.licence if original.licence.data.get("share_alike") else None,
        equipment=original.equipment,
        brand_neutral=original.brand_neutral,
        brand_name=original.brand_name,
        original=original,
        original_version=version,
    )
    for name in ("themes", "studiedomeinen", "graden", "onderwijsvormen", "noodtypes"):
        getattr(copy, name).set(getattr(original, name).all())
    organisation = primary_organisation(user)
    Author.objects.create(material=copy, user=user, organisation=organisation)
    if organisation is not None:
        copy.organisations.add(organisation)
    for alignment in original.alignments.all():
        alignment.pk = None
        alignment.material = copy
        alignment.save()
    form_map = {}
    for wf in original.work_forms.all():
        old_pk = wf.pk
        wf.pk = None
        wf.material = copy
        wf.save()
        form_map[old_pk] = wf
    source = version.attachments.all() if version else original.attachments.filter(detached_at__isnull=True)
    for att in source:
        new = Attachment(
            material=copy,
            work_form=form_map.get(att.work_form_id),
            kind=att.kind,
            title=att.title,
            filename=att.filename,
            content_type=att.content_type,
            size=att.size,
            url=att.url,
            uploaded_by=user,
        )
        if att.kind == Attachment.Kind.FILE:
            with att.file.open("rb") as fh:
                new.file.save(att.filename, fh, save=False)
        new.save()
    log_action(copy, "materials.material.remixed", user, {"original": original.pk})
    log_action(original, "materials.material.copied", user, {"copy": copy.pk})
    return copy


# --- review --------------------------------------------------------------------------------------


@transaction.atomic
def submit_review(user, material, form):
    require(user, "materials.review_material", material)
    caller, material = material, _lock(material)
    version = material.current_version()
    if version is None:
        raise ValidationError(_("Er is nog geen gepubliceerde versie om te reviewen."))
    review = form.save(commit=False)
    review.version = version
    review.reviewer = user
    fields = [*Review.CRITERIA, "decision", "comment"]
    same = Review.objects.filter(version=version, reviewer=user, **{f: getattr(review, f) for f in fields}).first()
    if same is not None:
        return same  # the same review submitted again (double click): it is there already
    pbd = [m.organisation for m in memberships(user) if m.role == "pedagogisch-begeleider"]
    review.reviewer_organisation = pbd[0] if pbd else None
    if review.decision == Review.Decision.APPROVED:
        failing = [f for f in Review.CRITERIA if getattr(review, f) == Review.Score.NOT]
        if failing:
            raise ValidationError(
                {
                    "decision": _("Materiaal dat op een criterium niet voldoet, kan niet gevalideerd worden: %(c)s.")
                    % {"c": ", ".join(str(Review._meta.get_field(f).verbose_name) for f in failing)}
                }
            )
    review.save()
    previous = material.status
    if review.decision == Review.Decision.APPROVED:
        material.status = Status.VALIDATED
    elif material.status == Status.VALIDATED:
        material.status = Status.TESTED
    material.save(update_fields=["status", "updated_at"])
    log_action(
        material,
        "materials.review.submitted",
        user,
        {"version": version.number, "decision": review.decision, "from": previous, "to": material.status},
    )
    _sync(caller, material)
    _reindex(material)
    from innovet.notifications.services import notify

    notify(
        [a.user for a in material.authors.select_related("user")],
        "materials.review",
        _("Review van %(title)s (versie %(n)d): %(decision)s")
        % {"title": material.title, "n": version.number, "decision": review.get_decision_display()},
        body=review.comment[:500],
        url=material.get_absolute_url() + "#review",
        actor=user,
        target=material,
    )
    return review


@transaction.atomic
def comment_on_review(user, review, text):
    material = review.version.material
    require(user, "materials.comment_review", material)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf een reactie.")})
    comment = ReviewComment.objects.create(review=review, author=user, text=text)
    log_action(material, "materials.review.commented", user, {"review": review.pk})
    from innovet.notifications.services import notify

    people = [a.user for a in material.authors.select_related("user")]
    if review.reviewer is not None:
        people.append(review.reviewer)
    people += [c.author for c in review.comments.select_related("author") if c.author is not None]
    notify(
        people,
        "materials.review",
        _("Nieuwe reactie bij de review van %(title)s") % {"title": material.title},
        body=text[:500],
        url=material.get_absolute_url() + "#review",
        actor=user,
        target=material,
    )
    return comment


# --- use in class --------------------------------------------------------------------------------


@transaction.atomic
def report_use(user, material, form):
    require(user, "materials.report_use", material)
    report = form.save(commit=False)
    report.material = material
    report.user = user
    report.version = material.current_version()
    if report.work_form_id and report.work_form.material_id != material.pk:
        raise ValidationError({"work_form": _("Die werkvorm hoort niet bij dit materiaal.")})
    if UsageReport.objects.filter(material=material, user=user, used_on=report.used_on).exists():
        raise ValidationError(
            {"used_on": _("Je meldde het gebruik van dit materiaal op die dag al. Kies een andere datum.")}
        )
    report.save()
    log_action(material, "materials.use.reported", user, {"school": report.school_id, "rating": report.rating})
    _reindex(material)
    from innovet.notifications.services import notify

    where = report.school.name if report.school_id else _("een school")
    notify(
        [a.user for a in material.authors.select_related("user")],
        "materials.usage",
        _("%(title)s werd gebruikt in de klas (%(where)s)") % {"title": material.title, "where": where},
        body=_("%(rating)d/5 – %(text)s") % {"rating": report.rating, "text": report.how_it_went[:400]},
        url=material.get_absolute_url() + "#gebruik",
        actor=user,
        target=material,
    )
    return report
