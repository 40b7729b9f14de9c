"""Verification of an Open Badges 3.0 credential (VC-JWT): format, issuer, key, signature, validity, status.

Every check gives a Dutch reason when it fails. The signature check uses joserfc with the public key
the platform published for the issuer (the current or a retired one, found by the header's ``kid``).
"""

import io
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.errors import JoseError

from innovet.organisations.models import Organisation

from . import credentials, keys, selectors
from .models import Award, IssuerKey

COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")
MAX_INPUT = 200_000  # characters of pasted text; uploads are limited separately
SVG_CREDENTIAL = re.compile(r"<openbadges:credential[^>]*>(.*?)</openbadges:credential>", re.S)
SVG_VERIFY_ATTR = re.compile(r"<openbadges:credential[^>]*\bverify=\"([^\"]+)\"", re.S)


@dataclass
class Check:
    key: str
    label: str
    ok: bool | None  # None: not checked (an earlier check failed)
    message: str

    def as_dict(self):
        return {"controle": self.key, "naam": self.label, "geslaagd": self.ok, "uitleg": self.message}


@dataclass
class Result:
    checks: list = field(default_factory=list)
    credential: dict | None = None
    award: Award | None = None
    issuer: Organisation | None = None

    @property
    def valid(self):
        return bool(self.checks) and all(c.ok is True for c in self.checks)

    @property
    def reasons(self):
        return [c.message for c in self.checks if c.ok is False]

    def add(self, key, label, ok, message):
        self.checks.append(Check(key, label, ok, message))
        return ok

    def as_dict(self):
        subject = (self.credential or {}).get("credentialSubject") or {}
        achievement = subject.get("achievement") or {}
        return {
            "geldig": self.valid,
            "redenen": self.reasons,
            "controles": [c.as_dict() for c in self.checks],
            "badge": achievement.get("name"),
            "uitgever": self.issuer.name if self.issuer else None,
            "ontvanger": self.award.recipient_name if self.award and self.award.recipient_name else None,
            "credential": self.credential,
        }


LABELS = {
    "format": "Formaat",
    "issuer": "Uitgever",
    "signature": "Handtekening",
    "validity": "Geldigheid",
    "status": "Intrekking",
}


def _d(dt):
    return date_format(timezone.localtime(dt), "j F Y")


# --- input --------------------------------------------------------------------------------------


class InputError(ValueError):
    pass


def token_from_text(text):
    """A compact JWS, or the JSON of an EnvelopedVerifiableCredential, pasted or from a .json/.jwt file."""
    text = (text or "").strip()
    if not text:
        raise InputError(_("Plak een credential of kies een bestand."))
    if len(text) > MAX_INPUT:
        raise InputError(_("Deze tekst is te lang voor een credential."))
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            raise InputError(_("Dit is geen geldige JSON.")) from None
        if isinstance(data, dict) and str(data.get("id", "")).startswith(credentials.ENVELOPED_PREFIX):
            text = data["id"][len(credentials.ENVELOPED_PREFIX) :]
        elif isinstance(data, dict) and "credentialSubject" in data:
            raise InputError(
                _(
                    "Deze JSON is een credential zonder handtekening: download het JSON- of PNG-bestand van de "
                    "badge opnieuw, of plak de ondertekende versie (VC-JWT)."
                )
            )
        else:
            raise InputError(_("Deze JSON bevat geen Open Badges-credential."))
    if not COMPACT_JWS.match(text):
        raise InputError(
            _("Dit is geen ondertekende credential (een VC-JWT bestaat uit drie delen, gescheiden door punten).")
        )
    return text


def token_from_file(upload):
    max_bytes = settings.INNOVET_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > min(max_bytes, 5 * 1024 * 1024):
        raise InputError(_("Het bestand is te groot (maximaal 5 MB)."))
    data = upload.read()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        from PIL import Image

        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except Exception:
            raise InputError(_("Deze PNG-afbeelding kan niet gelezen worden.")) from None
        baked = image.text.get("openbadgecredential") if hasattr(image, "text") else None
        if not baked:
            raise InputError(_("Deze PNG bevat geen ingebakken badge (geen 'openbadgecredential'-gegevens)."))
        return token_from_text(baked)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(_("Dit bestand is geen badge: kies een PNG, SVG, JSON- of JWT-bestand.")) from None
    if "<svg" in text[:2000]:
        match = SVG_CREDENTIAL.search(text)
        if not match:
            raise InputError(_("Deze SVG bevat geen ingebakken badge."))
        inner = match.group(1).strip()
        inner = inner.removeprefix("<![CDATA[").removesuffix("]]>").strip()
        return token_from_text(inner)
    return token_from_text(text)


# --- checks ---------------------------------------------------------------------------------------


def resolve_issuer(issuer_ref):
    """The platform organisation whose issuer id this is, or None."""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(issuer_ref or "")
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name != "badges:issuer_profile":
        return None
    return Organisation.objects.filter(pk=match.kwargs["pk"]).first()


def _parse_time(value):
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def verify_token(token, now=None):
    now = now or timezone.now()
    result = Result()
    # 1. Format
    try:
        header_b64, payload_b64, _sig = token.split(".")
        header = credentials.decode_segment(header_b64)
        payload = credentials.decode_segment(payload_b64)
        if not isinstance(header, dict) or not isinstance(payload, dict):
            raise ValueError
    except ValueError:
        result.add("format", LABELS["format"], False, _("De credential kan niet gelezen worden (beschadigde VC-JWT)."))
        return result
    result.credential = payload
    types = payload.get("type") or []
    types = [types] if isinstance(types, str) else types
    if "VerifiableCredential" not in types or not ({"OpenBadgeCredential", "AchievementCredential"} & set(types)):
        result.add("format", LABELS["format"], False, _("Dit is geen Open Badges 3.0-credential (type ontbreekt)."))
        return result
    if header.get("alg") not in keys.ACCEPTED_ALGORITHMS:
        result.add(
            "format",
            LABELS["format"],
            False,
            _("Onbekend handtekeningalgoritme '%(alg)s'.") % {"alg": header.get("alg")},
        )
        return result
    result.add("format", LABELS["format"], True, _("Open Badges 3.0-credential (VC-JWT)."))

    # 2. Issuer and key
    issuer = payload.get("issuer")
    issuer_ref = issuer.get("id") if isinstance(issuer, dict) else issuer
    organisation = resolve_issuer(issuer_ref)
    if organisation is None:
        result.add(
            "issuer",
            LABELS["issuer"],
            False,
            _("De uitgever '%(id)s' is geen uitgever van dit platform: die badge kunnen we hier niet controleren.")
            % {"id": issuer_ref},
        )
        return _skip_rest(result)
    result.issuer = organisation
    if payload.get("iss") not in (None, issuer_ref):
        result.add("issuer", LABELS["issuer"], False, _("De 'iss'-claim en de uitgever in de credential verschillen."))
        return _skip_rest(result)
    key = IssuerKey.objects.filter(organisation=organisation, kid=header.get("kid") or "").first()
    if key is None:
        result.add(
            "issuer",
            LABELS["issuer"],
            False,
            _("De sleutel '%(kid)s' hoort niet bij %(issuer)s.")
            % {"kid": header.get("kid"), "issuer": organisation.name},
        )
        return _skip_rest(result)
    result.add(
        "issuer",
        LABELS["issuer"],
        True,
        _("Uitgegeven door %(issuer)s (sleutel %(kid)s%(retired)s).")
        % {
            "issuer": organisation.name,
            "kid": key.kid[:12] + "…",
            "retired": _(", intussen vervangen") if key.retired_at else "",
        },
    )

    # 3. Signature
    try:
        jwt.decode(token, keys.public_key(key.public_jwk), algorithms=keys.ACCEPTED_ALGORITHMS)
    except (JoseError, ValueError):
        result.add(
            "signature",
            LABELS["signature"],
            False,
            _(
                "De handtekening klopt niet: de inhoud werd na de uitgifte gewijzigd, of de credential werd niet "
                "door %(issuer)s ondertekend."
            )
            % {"issuer": organisation.name},
        )
        return _skip_rest(result, after="signature")
    valid_from = _parse_time(payload.get("validFrom"))
    if key.retired_at and valid_from and valid_from > key.retired_at:
        result.add(
            "signature",
            LABELS["signature"],
            False,
            _("Ondertekend met een sleutel die op %(date)s al vervangen was.") % {"date": _d(key.retired_at)},
        )
        return _skip_rest(result, after="signature")
    result.add("signature", LABELS["signature"], True, _("De handtekening is echt: de inhoud is niet gewijzigd."))

    # 4. Validity period
    valid_until = _parse_time(payload.get("validUntil")) if payload.get("validUntil") else None
    if valid_from is None:
        result.add("validity", LABELS["validity"], False, _("De begindatum (validFrom) ontbreekt of is ongeldig."))
    elif valid_from > now:
        result.add(
            "validity", LABELS["validity"], False, _("Deze badge is pas geldig vanaf %(d)s.") % {"d": _d(valid_from)}
        )
    elif valid_until is not None and valid_until <= now:
        result.add(
            "validity", LABELS["validity"], False, _("Deze badge is verlopen op %(d)s.") % {"d": _d(valid_until)}
        )
    else:
        msg = _("Uitgereikt op %(d)s") % {"d": _d(valid_from)}
        msg += (_(", geldig tot %(d)s.") % {"d": _d(valid_until)}) if valid_until else _(", zonder vervaldatum.")
        result.add("validity", LABELS["validity"], True, msg)

    # 5. Revocation (the issuer's Bitstring Status List on this platform)
    result.award = _award_of(organisation, payload.get("id"))
    status = payload.get("credentialStatus") or {}
    expected_list = credentials.status_list_url(organisation.pk)
    try:
        index = int(status.get("statusListIndex"))
    except (TypeError, ValueError):
        index = None
    if (
        status.get("statusListCredential") != expected_list
        or index is None
        or status.get("statusPurpose") != "revocation"
    ):
        result.add(
            "status",
            LABELS["status"],
            False,
            _(
                "De credential verwijst niet naar de statuslijst van %(issuer)s: "
                "intrekking kan niet gecontroleerd worden."
            )
            % {"issuer": organisation.name},
        )
        return result
    try:
        revoked = credentials.status_bit(selectors.encoded_status_list(organisation), index)
    except (IndexError, ValueError):
        result.add("status", LABELS["status"], False, _("De positie in de statuslijst bestaat niet."))
        return result
    if revoked:
        award = Award.objects.filter(issuer=organisation, status_index=index).first()
        message = _("De uitgever heeft deze badge ingetrokken")
        if award and award.revoked_at:
            message += _(" op %(d)s") % {"d": _d(award.revoked_at)}
        message += "."
        if award and award.revoked_reason:
            message += " " + _("Reden: %(reason)s") % {"reason": award.revoked_reason}
        result.add("status", LABELS["status"], False, message)
    else:
        result.add("status", LABELS["status"], True, _("Niet ingetrokken (statuslijst van de uitgever)."))
    return result


def _award_of(organisation, credential_id):
    credential_id = str(credential_id or "")
    if not credential_id.startswith("urn:uuid:"):
        return None
    try:
        award_uuid = uuid.UUID(credential_id[9:])
    except ValueError:
        return None
    return Award.objects.filter(issuer=organisation, uuid=award_uuid).select_related("achievement").first()


def _skip_rest(result, after=None):
    order = ["format", "issuer", "signature", "validity", "status"]
    done = {c.key for c in result.checks}
    for key in order:
        if key not in done:
            reason = (
                _("Niet gecontroleerd: de handtekening is ongeldig, dus de inhoud is niet te vertrouwen.")
                if after == "signature"
                else _("Niet gecontroleerd: de uitgever of sleutel is onbekend.")
            )
            result.add(key, LABELS[key], None, reason)
    return result


def verify_input(text=None, upload=None):
    """(result, input_error): read a pasted text or an uploaded file and verify it."""
    try:
        token = token_from_file(upload) if upload is not None else token_from_text(text)
    except InputError as exc:
        return None, str(exc)
    return verify_token(token), None
