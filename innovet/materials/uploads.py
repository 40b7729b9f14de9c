"""Upload checks: size limit, an allow-list of types recognised by their content, clean file names.

Binary formats are recognised by their magic bytes (``filetype``) and must match their extension.
Text-based technical formats (CSV, G-code/NC, DXF, STEP, IGES, ASCII STL...) have no magic bytes:
they are accepted by extension when the content really is text and does not contain markup that a
browser could execute. HTML and SVG are never accepted.
"""

import os
import re
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension -> MIME type that the content must show (binary formats).
BINARY_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "mp4": "video/mp4",
    "m4v": "video/x-m4v",
    "webm": "video/webm",
    "mp3": "audio/mpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "zip": "application/zip",
}
# Office files are zip containers; filetype sometimes reports them as plain zip.
ZIP_CONTAINERS = {"docx", "xlsx", "pptx", "odt", "ods", "odp", "zip"}
# Video containers whose brand filetype may report slightly differently.
EQUIVALENT = {"mp4": {"video/mp4", "video/quicktime", "video/x-m4v"}, "m4v": {"video/mp4", "video/x-m4v"}}

# Text-based formats: extension -> MIME type we serve them as.
TEXT_TYPES = {
    "txt": "text/plain",
    "csv": "text/csv",
    "md": "text/plain",
    "nc": "text/plain",
    "gcode": "text/plain",
    "ngc": "text/plain",
    "tap": "text/plain",
    "cnc": "text/plain",
    "dxf": "application/dxf",
    "step": "application/step",
    "stp": "application/step",
    "iges": "application/iges",
    "igs": "application/iges",
    "stl": "model/stl",
    "ino": "text/plain",
    "py": "text/plain",
}
# Binary CAD formats without a magic number that filetype knows.
CAD_BINARY = {"stl": "model/stl", "dwg": "application/acad"}

FORBIDDEN_MARKUP = re.compile(rb"<\s*(script|html|svg|iframe|object|embed|body|meta)\b|javascript:", re.IGNORECASE)

IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


def allowed_extensions():
    return sorted(set(BINARY_TYPES) | set(TEXT_TYPES) | set(CAD_BINARY))


@dataclass
class CheckedFile:
    name: str
    content_type: str
    size: int


def clean_filename(name):
    """Keep letters, digits, dot, dash and underscore; no paths, no hidden files; at most 120 characters."""
    name = os.path.basename(name.replace("\\", "/"))
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_.") or "bestand"
    ext = re.sub(r"[^A-Za-z0-9]+", "", ext).lower()
    return f"{stem[:100]}.{ext}" if ext else stem[:100]


def _extension(name):
    return name.rpartition(".")[2].lower() if "." in name else ""


def _looks_like_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off at the end of the sample is fine.
        if exc.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def _binary_stl_ok(upload, size):
    # 80-byte header, uint32 triangle count, 50 bytes per triangle.
    if size < 84:
        return False
    upload.seek(80)
    count = int.from_bytes(upload.read(4), "little")
    upload.seek(0)
    return 84 + 50 * count == size


def check_upload(upload):
    """Validate an uploaded file; returns a CheckedFile or raises a Dutch ValidationError."""
    limit_mb = settings.INNOVET_MAX_UPLOAD_MB
    original = upload.name or ""
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("%(name)s is te groot (%(size).1f MB). Het maximum is %(limit)d MB per bestand.")
            % {"name": original, "size": upload.size / 1024 / 1024, "limit": limit_mb}
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is leeg.") % {"name": original})
    name = clean_filename(original)
    ext = _extension(name)
    if ext in {"svg", "svgz", "html", "htm", "xhtml", "js", "mjs", "exe", "bat", "cmd", "sh", "php", "jar"}:
        raise ValidationError(
            _("Bestanden van het type .%(ext)s zijn niet toegelaten omdat ze code kunnen uitvoeren.") % {"ext": ext}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)

    if ext in BINARY_TYPES:
        expected = BINARY_TYPES[ext]
        detected = kind.mime if kind else None
        ok = detected == expected or detected in EQUIVALENT.get(ext, set())
        if not ok and ext in ZIP_CONTAINERS and detected in {"application/zip", *BINARY_TYPES.values()}:
            ok = head.startswith(b"PK\x03\x04")
        if not ok:
            raise ValidationError(
                _(
                    "De inhoud van %(name)s is geen geldig .%(ext)s-bestand (herkend als: %(detected)s). "
                    "Controleer of de bestandsnaam bij de inhoud past."
                )
                % {"name": original, "ext": ext, "detected": detected or _("onbekend")}
            )
        return CheckedFile(name=name, content_type=expected, size=upload.size)

    if ext in TEXT_TYPES or ext in CAD_BINARY:
        if ext == "dwg" and head.startswith(b"AC1"):
            return CheckedFile(name=name, content_type=CAD_BINARY["dwg"], size=upload.size)
        if ext == "stl" and not _looks_like_text(head) and _binary_stl_ok(upload, upload.size):
            return CheckedFile(name=name, content_type=CAD_BINARY["stl"], size=upload.size)
        if ext in TEXT_TYPES and kind is None and _looks_like_text(head):
            if FORBIDDEN_MARKUP.search(head):
                raise ValidationError(
                    _("%(name)s bevat HTML- of scriptcode. Zulke inhoud is niet toegelaten.") % {"name": original}
                )
            return CheckedFile(name=name, content_type=TEXT_TYPES[ext], size=upload.size)
        raise ValidationError(
            _("De inhoud van %(name)s past niet bij de extensie .%(ext)s.") % {"name": original, "ext": ext}
        )

    raise ValidationError(
        _("Het bestandstype van %(name)s is niet toegelaten. Toegelaten: %(list)s.")
        % {"name": original, "list": ", ".join(f".{e}" for e in allowed_extensions())}
    )
