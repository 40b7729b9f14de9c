"""Achievement images: PNG (checked by content) or SVG (checked as inert XML: no scripts, no events,
no external references), at most 1 MB. The image ends up inside downloaded badges, so it must be clean."""

import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .baking import MAX_PIXELS, PNG_SIGNATURE

MAX_BYTES = 1024 * 1024
SVG_FORBIDDEN = re.compile(
    r"<\s*script|<\s*foreignObject|\bon[a-z]+\s*=|javascript:|<!ENTITY|<!DOCTYPE|(?:xlink:)?href\s*=\s*[\"'](?!#|data:image/)",
    re.I,
)


def check_image(upload):
    name = (upload.name or "").lower()
    if upload.size > MAX_BYTES:
        raise ValidationError(_("De afbeelding is te groot (maximaal 1 MB)."))
    data = upload.read()
    upload.seek(0)
    if name.endswith(".png"):
        if not data.startswith(PNG_SIGNATURE):
            raise ValidationError(_("Dit bestand heet .png maar is geen PNG-afbeelding."))
        from PIL import Image

        try:
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            image.verify()
        except Exception:
            raise ValidationError(_("Deze PNG-afbeelding is beschadigd.")) from None
        if width * height > MAX_PIXELS or width < 64 or height < 64:
            raise ValidationError(_("Een badge is tussen 64×64 en 4096×4096 pixels groot."))
        return upload
    if name.endswith(".svg"):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(_("Deze SVG is geen geldige UTF-8-tekst.")) from None
        if "<svg" not in text[:2000]:
            raise ValidationError(_("Dit bestand heet .svg maar is geen SVG-afbeelding."))
        if SVG_FORBIDDEN.search(text):
            raise ValidationError(
                _("Deze SVG bevat scripts, gebeurtenissen of externe verwijzingen; die zijn niet toegestaan.")
            )
        return upload
    raise ValidationError(_("Kies een PNG- of SVG-afbeelding."))
