"""View helpers that every module's views need: one copy here instead of one per app."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404


def flash_errors(request, exc):
    """A service's ValidationError as error messages on the next page (every message, of every field)."""
    for message in exc.messages:
        messages.error(request, message)


def get_permitted(request, queryset, pk, view_perm, perm=None):
    """The object with this pk, when the user may see it and, if asked, do ``perm`` with it.

    Someone who may not see it gets a 404, so that its existence stays hidden; someone who sees it but may not
    do ``perm`` gets a 403.
    """
    obj = get_object_or_404(queryset, pk=pk)
    if not request.user.has_perm(view_perm, obj):
        raise Http404
    if perm and perm != view_perm and not request.user.has_perm(perm, obj):
        raise PermissionDenied
    return obj
