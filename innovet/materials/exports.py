"""Material as data for others: metadata (with the credits), schema.org JSON-LD, and the zip package."""

import json
import shutil
import tempfile
import zipfile

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .models import Version

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def credit_line(material):
    """'Titel' door A (School X), B (Bedrijf Y) – licentie. Used in the zip and on the page."""
    authors = ", ".join(
        f"{a.user.get_full_name()} ({a.organisation.name})" if a.organisation else a.user.get_full_name()
        for a in material.authors.all()
    )
    licence = material.licence.label if material.licence_id else _("geen licentie gekozen")
    return _("'%(title)s' door %(authors)s – %(licence)s") % {
        "title": material.title,
        "authors": authors,
        "licence": licence,
    }


def metadata(material, version=None):
    """A plain dictionary: what the material is, who made it, under which licence, linked to what."""
    version = version or material.current_version()
    material.show_published(version, relations=True)  # never the working copy's unpublished edits
    snap = version.snapshot if version else {}
    licence = version.licence if version and version.licence_id else material.licence
    files = list(version.attachments.all()) if version else []
    return {
        "identificatie": str(material.uuid),
        "url": absolute(material.get_absolute_url()),
        "titel": snap.get("title", material.title),
        "samenvatting": snap.get("summary", material.summary),
        "taal": snap.get("language", material.language),
        "duur_in_minuten": snap.get("duration_minutes", material.duration_minutes),
        "versie": version.number if version else None,
        "versie_gepubliceerd_op": version.created_at.isoformat() if version else None,
        "wijzigingen": version.changelog if version else "",
        "status": material.get_status_display(),
        "licentie": {
            "naam": licence.label if licence else "",
            "spdx": licence.data.get("spdx", "") if licence else "",
            "url": licence.data.get("url", "") if licence else "",
        },
        "auteurs": [
            {"naam": a.user.get_full_name(), "organisatie": a.organisation.name if a.organisation else ""}
            for a in material.authors.select_related("user", "organisation")
        ],
        "organisaties": [{"naam": o.name, "soort": o.get_kind_display()} for o in material.organisations.all()],
        "vermelding": credit_line(material),
        "kopie_van": absolute(material.original.get_absolute_url()) if material.original_id else None,
        "studiedomeinen": [t.label for t in material.studiedomeinen.all()],
        "graden": [t.label for t in material.graden.all()],
        "onderwijsvormen": [t.label for t in material.onderwijsvormen.all()],
        "themas": [t.label for t in material.themes.all()],
        "leerplandoelen_en_beroepskwalificaties": [
            {
                "soort": a.get_kind_display(),
                "onderwijsnet": a.network.label if a.network_id else "",
                "code": a.code,
                "omschrijving": a.text,
            }
            for a in material.alignments.all()
        ],
        "uitrusting": material.equipment,
        "merkneutraal": material.brand_neutral,
        "merk": material.brand_name,
        "werkvormen": [
            {"werkvorm": w.kind.label, "titel": w.title, "aanpak": w.description} for w in material.work_forms.all()
        ],
        "bestanden": [
            {
                "titel": f.title,
                "bestand": _zip_name(f) if f.kind == f.Kind.FILE else None,
                "link": f.url or None,
                "type": f.content_type,
                "werkvorm": str(f.work_form) if f.work_form_id else None,
            }
            for f in files
        ],
    }


def jsonld(material, request_version=None):
    """schema.org LearningResource with AlignmentObjects, for search engines and harvesters."""
    version = request_version or material.current_version()
    licence = material.licence
    alignments = []
    for t in material.studiedomeinen.all():
        alignments.append({"@type": "AlignmentObject", "alignmentType": "educationalSubject", "targetName": t.label})
    for t in material.graden.all():
        alignments.append({"@type": "AlignmentObject", "alignmentType": "educationalLevel", "targetName": t.label})
    for a in material.alignments.all():
        alignments.append(
            {
                "@type": "AlignmentObject",
                "alignmentType": "teaches",
                "educationalFramework": (
                    _("Leerplan %(net)s") % {"net": a.network.label} if a.network_id else a.get_kind_display()
                ),
                "targetName": a.code,
                "targetDescription": a.text,
            }
        )
    data = {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "@id": absolute(material.get_absolute_url()),
        "url": absolute(material.get_absolute_url()),
        "identifier": f"urn:uuid:{material.uuid}",
        "name": material.title,
        "description": material.summary,
        "inLanguage": material.language,
        "learningResourceType": [w.kind.label for w in material.work_forms.all()],
        "educationalAlignment": alignments,
        "keywords": [t.label for t in material.themes.all()],
        "author": [{"@type": "Person", "name": a.user.get_full_name()} for a in material.authors.all()],
        "contributor": [{"@type": "Organization", "name": o.name} for o in material.organisations.all()],
        "creativeWorkStatus": material.get_status_display(),
        "isAccessibleForFree": True,
    }
    if licence is not None and licence.data.get("url"):
        data["license"] = licence.data["url"]
    if material.duration_minutes:
        data["timeRequired"] = f"PT{material.duration_minutes}M"
    if version is not None:
        data["version"] = version.number
        data["dateModified"] = version.created_at.isoformat()
    if material.published_at:
        data["datePublished"] = material.published_at.date().isoformat()
    if material.original_id:
        data["isBasedOn"] = absolute(material.original.get_absolute_url())
    return json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)


def _zip_name(attachment):
    folder = f"{attachment.work_form.kind.code}-{attachment.work_form_id}/" if attachment.work_form_id else ""
    return f"bestanden/{folder}{attachment.pk}-{attachment.filename}"


def package(material, version: Version):
    """A zip with the files of one version, metadata.json and a LEESMIJ.txt with the credits and licence."""
    # In memory up to 10 MB, then on disk: a package of many large videos never fills the RAM.
    buffer = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)
    data = metadata(material, version)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("metadata.json", json.dumps(data, ensure_ascii=False, indent=2))
        readme = [
            data["titel"],
            "=" * len(data["titel"]),
            "",
            data["vermelding"],
            _("Versie %(n)s, gepubliceerd op %(d)s") % {"n": version.number, "d": version.created_at.date()},
            data["licentie"]["url"],
            "",
            data["samenvatting"],
            "",
            strip_tags(version.snapshot.get("body", "")),
            "",
            _("Bron: %(url)s") % {"url": data["url"]},
        ]
        links = [f"- {f['titel']}: {f['link']}" for f in data["bestanden"] if f["link"]]
        if links:
            readme += ["", _("Externe links:"), *links]
        zf.writestr("LEESMIJ.txt", "\n".join(str(line) for line in readme))
        for att in version.attachments.filter(kind="bestand").select_related("work_form__kind"):
            with att.file.open("rb") as fh, zf.open(_zip_name(att), "w") as target:
                shutil.copyfileobj(fh, target, 1024 * 1024)
    buffer.seek(0)
    return buffer


def package_filename(material, version):
    return f"{material.slug[:80]}-v{version.number}.zip"
