import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def jsonld(value):
    """Structured data as <script type="application/ld+json">, escaped like Django's json_script.

    A data block is not executed, so the CSP (script-src 'self') does not block it; < > & are escaped so that
    text from an offer can never close the element.
    """
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{data}</script>')


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
