"""Who may do what with offers and initiatives.

- Members of a provider (offer) or of the lead organisation (initiative) create, edit, publish, archive
  and confirm their own entries.
- RTC staff moderate entries located in their province (and the provinces their RTC serves): they
  unpublish with a reason the owner sees.
- Platform administrators may do everything.
"""

import rules

from innovet.organisations.permissions import (
    is_platform_admin,
    is_rtc_staff,
    memberships,
    organisation_ids,
    rtc_province_ids,
)


def _provider_ids(offer):
    cached = getattr(offer, "_prefetched_objects_cache", {}).get("providers")
    if cached is not None:
        return {o.pk for o in cached}
    if offer.pk is None:
        return set()
    return set(offer.providers.values_list("pk", flat=True))


def _owner_ids(entry):
    from .models import Initiative

    if isinstance(entry, Initiative):
        return {entry.lead_id}
    return _provider_ids(entry)


def _province_ids(entry):
    from .models import Initiative

    ids = {entry.province_id} if entry.province_id else set()
    if isinstance(entry, Initiative) and entry.pk:
        cached = getattr(entry, "_prefetched_objects_cache", {}).get("provinces")
        ids |= {p.pk for p in cached} if cached is not None else set(entry.provinces.values_list("pk", flat=True))
    elif entry.pk:
        cached = getattr(entry, "_prefetched_objects_cache", {}).get("locations")
        locations = cached if cached is not None else entry.locations.all()
        ids |= {loc.province_id for loc in locations if loc.province_id}
    return ids


@rules.predicate
def is_owner(user, entry):
    """A member of one of the entry's providers (offer) or of its lead organisation (initiative)."""
    return entry is not None and bool(_owner_ids(entry) & organisation_ids(user))


@rules.predicate
def is_moderator(user, entry):
    """RTC staff of a province where the entry takes place."""
    return entry is not None and bool(_province_ids(entry) & rtc_province_ids(user))


@rules.predicate
def is_published(user, entry):
    return entry is not None and entry.is_published


@rules.predicate
def has_an_organisation(user):
    return bool(memberships(user))


rules.add_perm("catalogue.view_offer", is_published | is_platform_admin | is_owner | is_moderator)
rules.add_perm("catalogue.add_offer", is_platform_admin | has_an_organisation)
rules.add_perm("catalogue.change_offer", is_platform_admin | is_owner)
rules.add_perm("catalogue.moderate_offer", is_platform_admin | is_moderator)
rules.add_perm("catalogue.import_offers", is_platform_admin | has_an_organisation)
rules.add_perm("catalogue.view_history", is_platform_admin | is_owner | is_moderator)

rules.add_perm("catalogue.view_initiative", is_published | is_platform_admin | is_owner | is_moderator)
rules.add_perm("catalogue.add_initiative", is_platform_admin | has_an_organisation)
rules.add_perm("catalogue.change_initiative", is_platform_admin | is_owner)
rules.add_perm("catalogue.moderate_initiative", is_platform_admin | is_moderator)

rules.add_perm("catalogue.moderation_queue", is_platform_admin | is_rtc_staff)
