"""Building, signing and reading Open Badges 3.0 credentials (VC-JWT, W3C VC data model 2.0).

The credential JSON is the JWT payload (OB 3.0 §8.2, VC-JOSE-COSE); registered claims ``iss``, ``jti``,
``nbf``, ``exp`` and ``iat`` are added next to it. The JWS protected header names the key (``kid``).
"""

import base64
import gzip
import hashlib
import json

from django.conf import settings
from django.urls import reverse
from joserfc import jwt

from . import keys
from .models import STATUS_LIST_SIZE

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA_URL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
ENVELOPED_PREFIX = "data:application/vc+jwt,"
ESCO_FRAMEWORK = "ESCO"


def absolute(path):
    return settings.SITE_URL + path


def issuer_id(organisation_id):
    return absolute(reverse("badges:issuer_profile", kwargs={"pk": organisation_id}))


def status_list_url(organisation_id):
    return absolute(reverse("badges:status_list", kwargs={"pk": organisation_id}))


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def issuer_profile(organisation):
    profile = {
        "id": issuer_id(organisation.pk),
        "type": ["Profile"],
        "name": organisation.name,
        "url": organisation.website or absolute(organisation.get_absolute_url()),
    }
    if organisation.email:
        profile["email"] = organisation.email
    return profile


def achievement_json(achievement):
    data = {
        "id": absolute(achievement.get_absolute_url()),
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": achievement.name,
        "description": achievement.description,
        "criteria": {"id": absolute(achievement.get_absolute_url()) + "#criteria", "narrative": achievement.criteria},
        "image": {
            "id": absolute(reverse("badges:achievement_image", kwargs={"uuid": achievement.uuid})),
            "type": "Image",
            "caption": achievement.name,
        },
        "creator": issuer_profile(achievement.issuer),
        "@language": "nl-BE",
    }
    alignment = [
        {
            "type": ["Alignment"],
            "targetName": term.label,
            "targetUrl": term.data.get("uri") or absolute("/"),
            "targetCode": term.code,
            "targetFramework": ESCO_FRAMEWORK,
            "targetType": "ext:ESCOOccupation",
        }
        for term in achievement.skills.all()
    ]
    if alignment:
        data["alignment"] = alignment
    return data


def hashed_email(email, salt):
    """OB 3.0 IdentityHash: 'sha256$' + hex(sha256(email + salt)), so the address is not in the badge."""
    return "sha256$" + hashlib.sha256((email.lower() + salt).encode()).hexdigest()


def build_credential(award):
    achievement = award.achievement
    salt = award.uuid.hex[:16]
    identifiers = [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": award.recipient_name}
    ]
    if award.recipient_id and award.recipient.email:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": hashed_email(award.recipient.email, salt),
                "salt": salt,
            }
        )
    status_url = status_list_url(award.issuer_id)
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{award.uuid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement.name,
        "description": achievement.description,
        "issuer": issuer_profile(award.issuer),
        "validFrom": iso(award.issued_at),
        # The stored published OB 3.0 schema (schema/) still requires the VC 1.1 name of the same date.
        "issuanceDate": iso(award.issued_at),
        "awardedDate": iso(award.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": achievement_json(achievement),
        },
        "credentialStatus": {
            "id": f"{status_url}#{award.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(award.status_index),
            "statusListCredential": status_url,
        },
        "credentialSchema": [{"id": OB_SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if award.valid_until:
        credential["validUntil"] = iso(award.valid_until)
    return credential


def sign(claims, issuer_key, typ="vc+jwt"):
    header = {"alg": keys.ALGORITHM, "kid": issuer_key.kid, "typ": typ}
    return jwt.encode(header, claims, keys.private_key(issuer_key), algorithms=[keys.ALGORITHM])


def jwt_claims(credential, valid_from, valid_until):
    claims = dict(credential)
    claims.update({"iss": credential["issuer"]["id"], "jti": credential["id"], "nbf": int(valid_from.timestamp())})
    claims["iat"] = claims["nbf"]
    if valid_until:
        claims["exp"] = int(valid_until.timestamp())
    return claims


def enveloped(token):
    """The VC 2.0 JSON form of a JOSE-secured credential (VC-JOSE-COSE §3.1.1: EnvelopedVerifiableCredential)."""
    return {"@context": [VC_CONTEXT], "id": ENVELOPED_PREFIX + token, "type": "EnvelopedVerifiableCredential"}


# --- Bitstring Status List ---------------------------------------------------------------------


def encode_status_list(revoked_indexes, size=STATUS_LIST_SIZE):
    """W3C Bitstring Status List: bit i (most significant bit first) set = revoked; GZIP, base64url, multibase 'u'."""
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def status_bit(encoded_list, index):
    if not encoded_list.startswith("u"):
        raise ValueError("multibase")
    data = encoded_list[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    if index >= len(bits) * 8:
        raise IndexError(index)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(organisation, revoked_indexes, now):
    url = status_list_url(organisation.pk)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(organisation.pk),
        "validFrom": iso(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_status_list(revoked_indexes),
        },
    }


def decode_segment(segment):
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
