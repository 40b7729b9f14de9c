"""OAI-PMH 2.0 data provider, so KlasCement- and Wikiwijs-style repositories harvest our material.

Verbs: Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords, GetRecord. Formats: oai_dc
and a LOM profile (IEEE LOM 1484.12.3 XML binding). Only published material is exposed; the datestamp is
the moment the material last changed. Lists are paged with signed resumption tokens (keyset on the
primary key, so a harvest never skips or repeats a record while others publish). XML is written with
the standard library (xml.etree). Protocol errors use the codes of the specification.
"""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.core import signing
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from innovet.taxonomy.models import Term

from .exports import absolute
from .models import Author, Material, Version, published_terms

OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
LOM = "http://ltsc.ieee.org/xsd/LOM"
for prefix, uri in {"": OAI, "xsi": XSI, "oai_dc": OAI_DC, "dc": DC, "lom": LOM}.items():
    ET.register_namespace(prefix, uri)

FORMATS = {
    "oai_dc": (OAI_DC, "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"),
    "lom": (LOM, "http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd"),
}
PAGE_SIZE = 50
TOKEN_SALT = "innovet.materials.oai"
TOKEN_MAX_AGE = timedelta(days=1)

VERB_ARGUMENTS = {
    # verb: (required, optional, exclusive)
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
}


class OAIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def _q(ns, tag):
    return f"{{{ns}}}{tag}"


def _sub(parent, ns, tag, text=None, **attrs):
    el = ET.SubElement(parent, _q(ns, tag), attrs)
    if text is not None:
        el.text = str(text)
    return el


def repository_host():
    return urlparse(settings.SITE_URL).hostname or "innovet"


def identifier_for(material):
    return f"oai:{repository_host()}:materials/{material.uuid}"


def _material_from_identifier(identifier):
    match = re.fullmatch(rf"oai:{re.escape(repository_host())}:materials/([0-9a-f-]{{36}})", identifier or "")
    if not match:
        return None
    return _published().filter(uuid=match.group(1)).first()


def datestamp(dt):
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value, name):
    for fmt, granularity in (("%Y-%m-%dT%H:%M:%SZ", "seconds"), ("%Y-%m-%d", "day")):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC), granularity
        except ValueError:
            continue
    raise OAIError("badArgument", f"De waarde van '{name}' ({value}) is geen geldige datum (JJJJ-MM-DD of UTC).")


def _published():
    return (
        Material.objects.published()
        .select_related("licence", "original")
        .prefetch_related(
            Prefetch("authors", queryset=Author.objects.select_related("user", "organisation")),
            "organisations",
            "studiedomeinen",
            "graden",
            "onderwijsvormen",
            "themes",
            "alignments__network",
            "work_forms__kind",
            Prefetch("versions", queryset=Version.objects.only("id", "material_id", "number", "snapshot")),
        )
    )


def sets():
    """One set per studiedomein and per review status."""
    result = [(f"studiedomein:{t.code}", t.label) for t in Term.objects.of("studiedomein").active()]
    result += [("status:gevalideerd", "Gevalideerd door de pedagogische begeleiding")]
    return result


def _filter_set(qs, spec):
    kind, _, code = spec.partition(":")
    if kind == "studiedomein" and Term.objects.of("studiedomein").filter(code=code).exists():
        return qs.filter(studiedomeinen__code=code)
    if spec == "status:gevalideerd":
        return qs.filter(status="gevalideerd")
    raise OAIError("badArgument", f"De set '{spec}' bestaat niet. Vraag de sets op met ListSets.")


# --- request handling ----------------------------------------------------------------------------


def handle(params, base_url):
    """``params``: a dict of lists (QueryDict.lists()). Returns the XML document as bytes."""
    root = ET.Element(_q(OAI, "OAI-PMH"))
    root.set(_q(XSI, "schemaLocation"), f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    _sub(root, OAI, "responseDate", datestamp(timezone.now()))
    request_el = _sub(root, OAI, "request", base_url)
    try:
        verb, args = _validate(params)
        for key, value in [("verb", verb), *args.items()]:
            request_el.set(key, value)
        HANDLERS[verb](root, {**args, "_base_url": base_url})
    except OAIError as exc:
        if exc.code in {"badVerb", "badArgument"}:
            request_el.attrib.clear()  # the specification: echo no arguments with these errors
        _sub(root, OAI, "error", exc.message, code=exc.code)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _validate(params):
    verbs = params.get("verb") or []
    if len(verbs) != 1 or verbs[0] not in VERB_ARGUMENTS:
        shown = verbs[0] if verbs else ""
        raise OAIError(
            "badVerb", f"'{shown}' is geen geldig OAI-PMH-werkwoord." if shown else "Het werkwoord ontbreekt."
        )
    verb = verbs[0]
    required, optional, exclusive = VERB_ARGUMENTS[verb]
    args = {}
    for key, values in params.items():
        if key == "verb":
            continue
        if len(values) != 1:
            raise OAIError("badArgument", f"Het argument '{key}' komt meer dan eens voor.")
        if key not in required | optional and key != exclusive:
            raise OAIError("badArgument", f"Het argument '{key}' is niet toegelaten bij {verb}.")
        args[key] = values[0]
    if exclusive and exclusive in args:
        if len(args) > 1:
            raise OAIError("badArgument", f"'{exclusive}' kan niet samen met andere argumenten gebruikt worden.")
        return verb, args
    missing = required - set(args)
    if missing:
        raise OAIError("badArgument", f"Verplicht argument ontbreekt: {', '.join(sorted(missing))}.")
    return verb, args


def _identify(root, args):
    el = _sub(root, OAI, "Identify")
    _sub(el, OAI, "repositoryName", "InnoVET – lesmateriaal voor TSO en BSO")
    _sub(el, OAI, "baseURL", args.get("_base_url") or absolute(reverse("materials:oai")))
    _sub(el, OAI, "protocolVersion", "2.0")
    _sub(el, OAI, "adminEmail", settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">") or "info@innovet.be")
    first = Material.objects.published().order_by("updated_at").values_list("updated_at", flat=True).first()
    _sub(el, OAI, "earliestDatestamp", datestamp(first or timezone.now()))
    _sub(el, OAI, "deletedRecord", "no")
    _sub(el, OAI, "granularity", "YYYY-MM-DDThh:mm:ssZ")


def _list_metadata_formats(root, args):
    if "identifier" in args and _material_from_identifier(args["identifier"]) is None:
        raise OAIError("idDoesNotExist", f"Het record '{args['identifier']}' bestaat niet.")
    el = _sub(root, OAI, "ListMetadataFormats")
    for prefix, (namespace, schema) in FORMATS.items():
        fmt = _sub(el, OAI, "metadataFormat")
        _sub(fmt, OAI, "metadataPrefix", prefix)
        _sub(fmt, OAI, "schema", schema)
        _sub(fmt, OAI, "metadataNamespace", namespace)


def _list_sets(root, args):
    if "resumptionToken" in args:
        raise OAIError("badResumptionToken", "Deze lijst van sets heeft geen vervolg.")
    el = _sub(root, OAI, "ListSets")
    for spec, name in sets():
        s = _sub(el, OAI, "set")
        _sub(s, OAI, "setSpec", spec)
        _sub(s, OAI, "setName", name)


def _decode_token(token, verb):
    try:
        state = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise OAIError("badResumptionToken", "Deze resumptionToken is verlopen. Begin de oogst opnieuw.") from exc
    except signing.BadSignature as exc:
        raise OAIError("badResumptionToken", "Deze resumptionToken is ongeldig.") from exc
    if state.get("verb") != verb:
        raise OAIError("badResumptionToken", "Deze resumptionToken hoort bij een ander werkwoord.")
    return state


def _list(root, args, verb, with_metadata):
    if "resumptionToken" in args:
        state = _decode_token(args["resumptionToken"], verb)
    else:
        state = {
            "verb": verb,
            "prefix": args["metadataPrefix"],
            "from": args.get("from"),
            "until": args.get("until"),
            "set": args.get("set"),
            "after": 0,
            "cursor": 0,
        }
    prefix = state["prefix"]
    if prefix not in FORMATS:
        raise OAIError("cannotDisseminateFormat", f"Het formaat '{prefix}' wordt niet aangeboden (oai_dc, lom).")
    qs = _published()
    granularities = set()
    if state.get("from"):
        start, g = _parse_date(state["from"], "from")
        granularities.add(g)
        qs = qs.filter(updated_at__gte=start)
    if state.get("until"):
        end, g = _parse_date(state["until"], "until")
        granularities.add(g)
        if g == "day":
            end = end + timedelta(days=1) - timedelta(microseconds=1)
        qs = qs.filter(updated_at__lte=end)
    if len(granularities) > 1:
        raise OAIError("badArgument", "'from' en 'until' moeten dezelfde granulariteit hebben.")
    if state.get("set"):
        qs = _filter_set(qs, state["set"])
    qs = qs.order_by("pk")
    total = qs.count()
    page = list(qs.filter(pk__gt=state["after"])[: PAGE_SIZE + 1])
    if not page:
        raise OAIError("noRecordsMatch", "Er zijn geen records die aan deze vraag voldoen.")
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    el = _sub(root, OAI, verb)
    terms = published_terms([_latest(m).snapshot for m in page if _latest(m)]) if with_metadata else {}
    for material in page:
        if with_metadata:
            _record(el, material, prefix, terms)
        else:
            _header(el, material)
    if more or state["cursor"]:
        token_el = _sub(el, OAI, "resumptionToken", completeListSize=str(total), cursor=str(state["cursor"]))
        if more:
            next_state = {**state, "after": page[-1].pk, "cursor": state["cursor"] + len(page)}
            token_el.text = signing.dumps(next_state, salt=TOKEN_SALT, compress=True)
            token_el.set("expirationDate", datestamp(timezone.now() + TOKEN_MAX_AGE))


def _list_identifiers(root, args):
    _list(root, args, "ListIdentifiers", with_metadata=False)


def _list_records(root, args):
    _list(root, args, "ListRecords", with_metadata=True)


def _get_record(root, args):
    if args["metadataPrefix"] not in FORMATS:
        raise OAIError(
            "cannotDisseminateFormat", f"Het formaat '{args['metadataPrefix']}' wordt niet aangeboden (oai_dc, lom)."
        )
    material = _material_from_identifier(args["identifier"])
    if material is None:
        raise OAIError("idDoesNotExist", f"Het record '{args['identifier']}' bestaat niet.")
    el = _sub(root, OAI, "GetRecord")
    _record(el, material, args["metadataPrefix"])


HANDLERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "ListIdentifiers": _list_identifiers,
    "ListRecords": _list_records,
    "GetRecord": _get_record,
}


# --- records -------------------------------------------------------------------------------------


def _header(parent, material):
    header = _sub(parent, OAI, "header")
    _sub(header, OAI, "identifier", identifier_for(material))
    _sub(header, OAI, "datestamp", datestamp(material.updated_at))
    for t in material.studiedomeinen.all():
        _sub(header, OAI, "setSpec", f"studiedomein:{t.code}")
    if material.status == "gevalideerd":
        _sub(header, OAI, "setSpec", "status:gevalideerd")
    return header


def _latest(material):
    return max(material.versions.all(), key=lambda v: v.number, default=None)


def _record(parent, material, prefix, terms=None):
    # Harvesters get the published version only: text, study labels, goals and work forms.
    material.show_published(_latest(material), relations=True, terms=terms)
    record = _sub(parent, OAI, "record")
    _header(record, material)
    metadata = _sub(record, OAI, "metadata")
    if prefix == "oai_dc":
        _oai_dc(metadata, material)
    else:
        _lom(metadata, material)


def _credits(material):
    return [a for a in material.authors.all()]


def _oai_dc(parent, material):
    dc = ET.SubElement(parent, _q(OAI_DC, "dc"))
    dc.set(_q(XSI, "schemaLocation"), f"{OAI_DC} {FORMATS['oai_dc'][1]}")
    _sub(dc, DC, "title", material.title)
    for author in _credits(material):
        _sub(dc, DC, "creator", author.user.get_full_name())
    for org in material.organisations.all():
        _sub(dc, DC, "contributor", org.name)
    for term in [*material.themes.all(), *material.studiedomeinen.all()]:
        _sub(dc, DC, "subject", term.label)
    for a in material.alignments.all():
        _sub(dc, DC, "subject", f"{a.code} {a.text}".strip())
    _sub(dc, DC, "description", material.summary)
    _sub(dc, DC, "publisher", "InnoVET")
    _sub(dc, DC, "date", material.published_at.date().isoformat())
    _sub(dc, DC, "type", "LearningResource")
    for wf in material.work_forms.all():
        _sub(dc, DC, "type", wf.kind.label)
    _sub(dc, DC, "identifier", absolute(material.get_absolute_url()))
    _sub(dc, DC, "language", material.language)
    if material.original_id:
        _sub(dc, DC, "relation", absolute(material.original.get_absolute_url()))
    if material.licence_id:
        _sub(dc, DC, "rights", material.licence.data.get("url") or material.licence.label)


def _ls(parent, tag, text, language=None):
    """A LOM LangString."""
    el = _sub(parent, LOM, tag)
    _sub(el, LOM, "string", text, language=language or "nl")
    return el


def _vocab(parent, tag, value, source="LOMv1.0"):
    el = _sub(parent, LOM, tag)
    _sub(el, LOM, "source", source)
    _sub(el, LOM, "value", value)
    return el


def _vcard(name, org=""):
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", f"N:{name}"]
    if org:
        lines.append(f"ORG:{org}")
    lines.append("END:VCARD")
    return "\n".join(lines)


def _lom(parent, material):
    lom = ET.SubElement(parent, _q(LOM, "lom"))
    lom.set(_q(XSI, "schemaLocation"), f"{LOM} {FORMATS['lom'][1]}")
    lang = material.language
    general = _sub(lom, LOM, "general")
    ident = _sub(general, LOM, "identifier")
    _sub(ident, LOM, "catalog", "URI")
    _sub(ident, LOM, "entry", absolute(material.get_absolute_url()))
    _ls(general, "title", material.title, lang)
    _sub(general, LOM, "language", lang)
    _ls(general, "description", material.summary, lang)
    for term in material.themes.all():
        _ls(general, "keyword", term.label)

    versions = list(material.versions.all())
    life = _sub(lom, LOM, "lifeCycle")
    if versions:
        _ls(life, "version", str(max(v.number for v in versions)))
    _vocab(life, "status", "final" if material.status == "gevalideerd" else "revised" if len(versions) > 1 else "draft")
    for author in _credits(material):
        contribute = _sub(life, LOM, "contribute")
        _vocab(contribute, "role", "author")
        _sub(
            contribute,
            LOM,
            "entity",
            _vcard(author.user.get_full_name(), author.organisation.name if author.organisation else ""),
        )
        date = _sub(contribute, LOM, "date")
        _sub(date, LOM, "dateTime", material.published_at.date().isoformat())
    for org in material.organisations.all():
        contribute = _sub(life, LOM, "contribute")
        _vocab(contribute, "role", "content provider")
        _sub(contribute, LOM, "entity", _vcard(org.name, org.name))

    technical = _sub(lom, LOM, "technical")
    _sub(technical, LOM, "location", absolute(material.get_absolute_url()))

    educational = _sub(lom, LOM, "educational")
    for wf in material.work_forms.all():
        _vocab(educational, "learningResourceType", wf.kind.label, source="InnoVET-werkvormen")
    _vocab(educational, "intendedEndUserRole", "teacher")
    _vocab(educational, "context", "school")
    if material.duration_minutes:
        tlt = _sub(educational, LOM, "typicalLearningTime")
        _sub(tlt, LOM, "duration", f"PT{material.duration_minutes}M")
    _sub(educational, LOM, "language", lang)

    rights = _sub(lom, LOM, "rights")
    _vocab(rights, "cost", "no")
    _vocab(rights, "copyrightAndOtherRestrictions", "yes")
    if material.licence_id:
        text = material.licence.label
        if material.licence.data.get("url"):
            text = f"{text} – {material.licence.data['url']}"
        _ls(rights, "description", text)

    if material.original_id:
        relation = _sub(lom, LOM, "relation")
        _vocab(relation, "kind", "isbasedon")
        resource = _sub(relation, LOM, "resource")
        rid = _sub(resource, LOM, "identifier")
        _sub(rid, LOM, "catalog", "URI")
        _sub(rid, LOM, "entry", absolute(material.original.get_absolute_url()))

    def classification(purpose, source, entries):
        if not entries:
            return
        cls = _sub(lom, LOM, "classification")
        _vocab(cls, "purpose", purpose)
        for taxon_id, label in entries:
            path = _sub(cls, LOM, "taxonPath")
            _ls(path, "source", source)
            taxon = _sub(path, LOM, "taxon")
            _sub(taxon, LOM, "id", taxon_id)
            _ls(taxon, "entry", label)

    classification(
        "discipline", "Studiedomeinen secundair onderwijs", [(t.code, t.label) for t in material.studiedomeinen.all()]
    )
    classification(
        "educational level", "Graden secundair onderwijs", [(t.code, t.label) for t in material.graden.all()]
    )
    classification(
        "educational objective",
        "Leerplandoelen en beroepskwalificaties",
        [
            (a.code, f"{a.network.label + ': ' if a.network_id else ''}{strip_tags(a.text)}")
            for a in material.alignments.all()
        ],
    )
