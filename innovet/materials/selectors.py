"""Reads and indicators for material. Each figure (uses, schools, downloads) is defined here once."""

from django.db.models import Avg, Count, Prefetch

from innovet.core.models import AuditLog

from .models import Attachment, Author, Material, Review, UsageReport, Version

DETAIL_PREFETCH = [
    Prefetch("authors", queryset=Author.objects.select_related("user", "organisation")),
    "organisations",
    "themes__parent",
    "studiedomeinen",
    "graden",
    "onderwijsvormen",
    "noodtypes",
    "alignments__network",
    "work_forms__kind",
]


def visible(user):
    return Material.objects.visible_to(user)


def detail(user, slug):
    """The material if the user may see it, else None (a draft of someone else looks like a 404)."""
    return (
        visible(user)
        .select_related("licence", "original", "original__licence", "original_version")
        .prefetch_related(*DETAIL_PREFETCH)
        .filter(slug=slug)
        .first()
    )


def by_pks(pks):
    """Materials for search hits, in the order of the hits."""
    objs = (
        Material.objects.published()
        .filter(pk__in=pks)
        .select_related("licence")
        .prefetch_related(
            Prefetch("authors", queryset=Author.objects.select_related("user", "organisation")),
            "studiedomeinen",
            "graden",
            Prefetch("versions", queryset=Version.objects.only("id", "material_id", "number", "snapshot")),
        )
        .annotate(use_count=Count("usage_reports", distinct=True))
    )
    by_pk = {}
    for m in objs:
        versions = sorted(m.versions.all(), key=lambda v: v.number)
        by_pk[m.pk] = m.show_published(versions[-1] if versions else None)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def mine(user):
    return (
        Material.objects.authored_by(user)
        .select_related("licence")
        .annotate(
            use_count=Count("usage_reports", distinct=True),
            version_count=Count("versions", distinct=True),
        )
        .order_by("-updated_at")
    )


def working_files(material):
    """The attachments of the working copy, grouped: general ones first, then per work form."""
    atts = list(material.attachments.filter(detached_at__isnull=True).select_related("work_form", "work_form__kind"))
    general = [a for a in atts if a.work_form_id is None]
    per_form = {}
    for a in atts:
        if a.work_form_id is not None:
            per_form.setdefault(a.work_form_id, []).append(a)
    return general, per_form


def version_files(version):
    return list(version.attachments.select_related("work_form", "work_form__kind"))


def versions(material):
    return (
        material.versions.select_related("created_by", "licence")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("reviewer")))
        .annotate(file_count=Count("attachments"))
        .order_by("-number")  # Meta.ordering does not apply to a GROUP BY query
    )


def reviewed_version(versions):
    """The most recent version that a pedagogical adviser validated, from ``versions(material)`` (newest first,
    reviews prefetched: no query)."""
    return next((v for v in versions if any(r.decision == Review.Decision.APPROVED for r in v.reviews.all())), None)


def reviews(material):
    return (
        Review.objects.filter(version__material=material)
        .select_related("reviewer", "reviewer_organisation", "version")
        .prefetch_related("comments__author")
        .order_by("-created_at")
    )


def usage(material):
    """How often and where the material was used: totals, by province and by graad, the reports."""
    reports = material.usage_reports.select_related("school", "school__province", "graad", "user", "work_form")
    totals = reports.aggregate(
        uses=Count("id"),
        schools=Count("school", distinct=True),
        rating=Avg("rating"),
    )
    by_province = list(
        reports.exclude(school__isnull=True)
        .values("school__province__name")
        .annotate(n=Count("id"), schools=Count("school", distinct=True))
        .order_by("-n", "school__province__name")
    )
    by_graad = list(reports.values("graad__label").annotate(n=Count("id")).order_by("graad__position"))
    return {
        "uses": totals["uses"] or 0,
        "schools": totals["schools"] or 0,
        "rating": totals["rating"],
        "by_province": by_province,
        "by_graad": by_graad,
        "reports": reports,  # newest first (the model's order); the page pages through them, nothing cut off
    }


def author_credit(user):
    """An author's credit: published materials, how often they were used in class, in how many schools."""
    materials = list(
        Material.objects.published()
        .authored_by(user)
        .select_related("licence")
        .prefetch_related(
            Prefetch("authors", queryset=Author.objects.select_related("user", "organisation")),
            "studiedomeinen",
            "graden",
            Prefetch("versions", queryset=Version.objects.only("id", "material_id", "number", "snapshot")),
        )
        .annotate(use_count=Count("usage_reports", distinct=True))
        .order_by("-published_at")
    )
    for m in materials:
        versions = sorted(m.versions.all(), key=lambda v: v.number)
        m.show_published(versions[-1] if versions else None)
    downloads = sum(m.download_count for m in materials)
    return {
        "materials": materials,
        **usage_totals(user),
        "downloads": downloads,
        "validated": sum(1 for m in materials if m.status == "gevalideerd"),
    }


def usage_totals(user):
    """How often the user's published materials were used in class, and in how many schools (one query)."""
    totals = UsageReport.objects.filter(material__in=Material.objects.published().authored_by(user)).aggregate(
        uses=Count("id"), schools=Count("school", distinct=True)
    )
    return {"uses": totals["uses"], "schools": totals["schools"]}


def review_queue(user):
    """Published material waiting for a pedagogical review: tested in class (or changed after validation)."""
    return (
        Material.objects.published()
        .exclude(authors__user=user)
        .filter(status="getest")
        .select_related("licence")
        .order_by("-updated_at")
    )


def history(material, limit=30):
    return AuditLog.objects.for_object(material).select_related("actor")[:limit]


def attachment_for_download(user, uuid):
    """A file the user may download: in a visible material, or in a published version of it."""
    att = Attachment.objects.select_related("material").filter(uuid=uuid, kind=Attachment.Kind.FILE).first()
    if att is None or not user.has_perm("materials.view_material", att.material):
        return None
    if user.has_perm("materials.change_material", att.material):
        return att  # co-authors: the working copy too
    # Everyone else: only files that are part of a published version.
    return att if att.versions.exists() else None


def open_coauthor_invitations(material):
    """Invitations still waiting for an answer (the authors see the addresses they typed themselves)."""
    from django.utils import timezone

    from .models import CoauthorInvitation

    return CoauthorInvitation.objects.filter(
        material=material, status=CoauthorInvitation.Status.PENDING, expires_at__gt=timezone.now()
    ).select_related("invited_by")
