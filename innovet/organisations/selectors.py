from django.db.models import Count, Q

from innovet.core.models import AuditLog

from .models import Organisation


def directory(q="", province=None, kind=""):
    qs = Organisation.objects.active().select_related("province").annotate(member_count=Count("memberships"))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(municipality__icontains=q) | Q(postcode__startswith=q))
    if province is not None:
        qs = qs.filter(province=province)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def kind_counts(qs):
    return dict(qs.order_by().values_list("kind").annotate(n=Count("id")))


def members(organisation):
    return organisation.memberships.select_related("user").order_by("user__last_name", "user__first_name")


def history(obj, limit=50):
    return AuditLog.objects.for_object(obj).select_related("actor")[:limit]
