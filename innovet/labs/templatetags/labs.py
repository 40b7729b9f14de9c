"""``{% lab_from_introduction intro %}``: the one-click 'make it a lab' button on an agreed introduction
(matching's page shows it; matching itself knows nothing of labs)."""

from django import template

register = template.Library()


@register.inclusion_tag("labs/_from_introduction.html", takes_context=True)
def lab_from_introduction(context, intro):
    request = context.get("request")
    user = getattr(request, "user", None)
    try:
        lab = intro.lab
    except Exception:  # RelatedObjectDoesNotExist: no lab yet
        lab = None
    can_start = bool(
        user is not None
        and user.is_authenticated
        and lab is None
        and intro.status in ("akkoord", "afgerond")
        and user.has_perm("labs.start_from_introduction", intro)
    )
    return {"intro": intro, "lab": lab, "can_start": can_start, "csrf_token": context.get("csrf_token")}
