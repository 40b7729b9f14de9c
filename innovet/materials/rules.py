"""Who may do what with material. Only co-authors edit; only pedagogical advisers review."""

import rules

from innovet.organisations.permissions import is_pedagogical_adviser, is_platform_admin


def _author_ids(material):
    cached = getattr(material, "_author_user_ids", None)
    if cached is None:
        cached = set(material.authors.values_list("user_id", flat=True))
        material._author_user_ids = cached
    return cached


@rules.predicate
def is_author(user, material):
    return (
        material is not None
        and getattr(user, "is_authenticated", False)
        and material.pk is not None
        and user.pk in _author_ids(material)
    )


@rules.predicate
def is_published(user, material):
    return material is not None and material.published_at is not None


@rules.predicate
def allows_remix(user, material):
    return material is not None and material.allows_remix


@rules.predicate
def has_versions(user, material):
    return material is not None and material.versions.exists()


can_view = is_published | is_author | is_platform_admin

rules.add_perm("materials.view_material", can_view)
rules.add_perm("materials.add_material", rules.is_authenticated)
rules.add_perm("materials.change_material", is_author)
rules.add_perm("materials.publish_material", is_author)
rules.add_perm("materials.manage_authors", is_author)
rules.add_perm("materials.change_status", is_author & is_published)
rules.add_perm("materials.review_material", is_pedagogical_adviser & is_published & ~is_author)
rules.add_perm("materials.report_use", rules.is_authenticated & is_published)
rules.add_perm("materials.remix_material", rules.is_authenticated & is_published & allows_remix)
rules.add_perm("materials.comment_review", is_author | (is_pedagogical_adviser & is_published))
rules.add_perm("materials.view_history", is_author | is_platform_admin)
