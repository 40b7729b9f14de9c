"""Personal data in the material repository: authorships, usage reports, reviews and comments."""

from .models import ReviewComment, UsageReport


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
        "reacties op reviews": [
            {"materiaal": c.review.version.material.title, "datum": c.created_at.isoformat(), "tekst": c.text}
            for c in ReviewComment.objects.filter(author=user).select_related("review__version__material")
        ],
    }


def erase_user(user):
    # Usage reports keep counting (anonymously), without the free text a person wrote.
    UsageReport.objects.filter(user=user).update(user=None, comment="", how_it_went="(verwijderd)")
    ReviewComment.objects.filter(author=user).update(text="(verwijderd op vraag van de auteur)")
