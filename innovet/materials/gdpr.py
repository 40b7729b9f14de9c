"""Personal data in the material repository: authorships, usage reports, reviews and comments."""

from django.db.models import Q

from innovet.core.gdpr import former_identity

from .models import CoauthorInvitation, ReviewComment, UsageReport, Version


def export_user(user):
    return {
        "auteur van": [
            {"titel": a.material.title, "organisatie": a.organisation.name if a.organisation else ""}
            for a in user.material_authorships.select_related("material", "organisation")
        ],
        "gebruik in de klas": [
            {
                "materiaal": r.material.title,
                "datum": r.used_on.isoformat(),
                "school": r.school.name if r.school_id else "",
                "studierichting": r.studierichting,
                "hoe verliep het": r.how_it_went,
                "waardering": r.rating,
                "tips": r.comment,
            }
            for r in user.material_usage.select_related("material", "school")
        ],
        "uitnodigingen als co-auteur": [
            {"materiaal": i.material.title, "status": i.get_status_display(), "verstuurd": i.created_at.isoformat()}
            for i in CoauthorInvitation.objects.filter(email__iexact=user.email).select_related("material")
        ],
        "reacties op reviews": [
            {"materiaal": c.review.version.material.title, "datum": c.created_at.isoformat(), "tekst": c.text}
            for c in ReviewComment.objects.filter(author=user).select_related("review__version__material")
        ],
    }


def erase_user(user):
    # Usage reports keep counting (anonymously), without the free text a person wrote.
    UsageReport.objects.filter(user=user).update(user=None, comment="", how_it_went="(verwijderd)")
    ReviewComment.objects.filter(author=user).update(text="(verwijderd op vraag van de auteur)")
    CoauthorInvitation.objects.filter(email__iexact=user.email).delete()  # addressed to them: gone
    forget_in_snapshots(user)


def forget_in_snapshots(user):
    """Published versions keep their author credit as it was, by name, in the version's snapshot: the
    erased person's name there becomes the pseudonym (the versions themselves stay, others rely on them).
    Versions of material they co-author, and any other version whose snapshot names them."""
    former = former_identity(user)
    if not former.full_name.strip():
        return 0
    name = former.full_name.strip().lower()
    versions = Version.objects.filter(Q(material__authors__user=user) | former.mentioned_in("snapshot")).distinct()
    changed = []
    for version in versions.only("id", "snapshot"):
        authors = version.snapshot.get("authors") or []
        if any((a.get("name") or "").strip().lower() == name for a in authors):
            version.snapshot["authors"] = [
                {**a, "name": former.pseudonym_name} if (a.get("name") or "").strip().lower() == name else a
                for a in authors
            ]
            changed.append(version)
    Version.objects.bulk_update(changed, ["snapshot"])
    return len(changed)
