"""Open Badges baking: the signed credential inside the badge image (OB 3.0 §5.3).

PNG: an iTXt chunk with keyword 'openbadgecredential' holding the compact JWS (written with Pillow's
``PngInfo``). SVG: an ``<openbadges:credential>`` element in the OB namespace. An achievement without
an uploaded image gets a plain generated PNG (a disc with the badge's initials) so every badge bakes.
"""

import io
import re
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

KEYWORD = "openbadgecredential"
OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Decompression-bomb guard for uploaded achievement images (a badge is small).
MAX_PIXELS = 4096 * 4096


def default_png(name, size=400):
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(13, 71, 161, 255), outline=(255, 193, 7, 255), width=16)
    initials = "".join(w[0] for w in re.findall(r"\w+", name)[:2]).upper() or "B"
    try:
        font = ImageFont.load_default(size=size // 3)
    except TypeError:  # Pillow without FreeType
        font = ImageFont.load_default()
    draw.text((size / 2, size / 2), initials, fill=(255, 255, 255, 255), font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def bake_png(png_bytes, token):
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    image = Image.open(io.BytesIO(png_bytes))
    info = PngImagePlugin.PngInfo()
    # Keep text chunks the image had, except an older credential (a badge holds exactly one).
    for key, value in getattr(image, "text", {}).items():
        if key != KEYWORD and isinstance(value, str):
            info.add_text(key, value)
    info.add_itxt(KEYWORD, token, zip=False)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def read_png(png_bytes):
    image = Image.open(io.BytesIO(png_bytes))
    image.load()
    return image.text.get(KEYWORD)


def bake_svg(svg_text, token):
    """Insert the credential right after the opening <svg> tag, declaring the OB namespace there."""
    match = re.search(r"<svg\b[^>]*>", svg_text)
    if not match:
        raise ValueError("geen <svg>-element")
    tag = match.group(0)
    if "xmlns:openbadges" not in tag:
        tag = tag[:-1].rstrip("/") + f' xmlns:openbadges="{OB_NAMESPACE}">'
    element = f"<openbadges:credential>{escape(token)}</openbadges:credential>"
    return svg_text[: match.start()] + tag + element + svg_text[match.end() :]
