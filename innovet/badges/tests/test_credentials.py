"""Issuing, signing and verifying Open Badges 3.0 credentials; interoperability checks by independent paths."""

import base64
import json
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from innovet.badges import baking, credentials, selectors, services, verify
from innovet.badges.models import Award, IssuerKey
from innovet.core.models import AuditLog

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "ob_v3p0_achievementcredential_schema.json"


def b64d(segment):
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def payload_of(token):
    return json.loads(b64d(token.split(".")[1]))


def tamper(token, change):
    header, payload, signature = token.split(".")
    data = json.loads(b64d(payload))
    change(data)
    encoded = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    return f"{header}.{encoded}.{signature}"


def test_award_is_an_ob3_credential_valid_against_the_published_schema(award):
    credential = payload_of(award.credential_jwt)
    assert credential["@context"][:2] == [credentials.VC_CONTEXT, credentials.OB_CONTEXT]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSubject"]["achievement"]["name"] == "Kick-off Industrie 4.0"
    assert credential["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert credential["validUntil"] > credential["validFrom"]
    # The e-mail address is only in the badge as a salted hash.
    assert "an.peeters@school.be" not in award.credential_jwt
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft201909Validator.check_schema(schema)
    jsonschema.Draft201909Validator(schema, format_checker=jsonschema.FormatChecker()).validate(credential)


def test_the_schema_rejects_a_broken_credential(award):
    credential = payload_of(award.credential_jwt)
    del credential["credentialSubject"]["achievement"]["criteria"]
    schema = json.loads(SCHEMA.read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft201909Validator(schema).validate(credential)


def test_signature_verifies_with_the_raw_cryptography_api_and_the_published_jwks(client, award):
    """An independent path: no joserfc, only the JWKS endpoint and cryptography's Ed25519."""
    header_b64, payload_b64, signature_b64 = award.credential_jwt.split(".")
    header = json.loads(b64d(header_b64))
    assert header["alg"] == "Ed25519" and header["kid"]
    issuer_url = payload_of(award.credential_jwt)["issuer"]["id"]
    profile = client.get(issuer_url.replace("http://127.0.0.1:8000", "")).json()
    jwks = client.get(profile["jwks"].replace("http://127.0.0.1:8000", "")).json()
    jwk = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    public = Ed25519PublicKey.from_public_bytes(b64d(jwk["x"]))
    public.verify(b64d(signature_b64), f"{header_b64}.{payload_b64}".encode())  # raises if wrong
    forged = tamper(award.credential_jwt, lambda c: c["credentialSubject"]["achievement"].update(name="Expert"))
    h, p, s = forged.split(".")
    with pytest.raises(InvalidSignature):
        public.verify(b64d(s), f"{h}.{p}".encode())


def test_a_fresh_award_verifies_on_every_check(award):
    result = verify.verify_token(award.credential_jwt)
    assert result.valid, result.reasons
    assert [c.key for c in result.checks] == ["format", "issuer", "signature", "validity", "status"]
    assert result.award == award


def test_a_tampered_credential_fails_with_the_reason(award):
    forged = tamper(award.credential_jwt, lambda c: c.update(validUntil="2099-01-01T00:00:00Z"))
    result = verify.verify_token(forged)
    assert not result.valid
    signature = next(c for c in result.checks if c.key == "signature")
    assert signature.ok is False and "handtekening klopt niet" in signature.message
    assert all(c.ok is None for c in result.checks if c.key in ("validity", "status"))


def test_garbage_and_unsigned_json_get_a_dutch_reason(award):
    assert verify.verify_input(text="geen badge")[1].startswith("Dit is geen ondertekende credential")
    unsigned = json.dumps(payload_of(award.credential_jwt))
    assert "zonder handtekening" in verify.verify_input(text=unsigned)[1]
    result, error = verify.verify_input(text="eyJh.eyJh.AAAA")
    assert error is None and not result.valid and "beschadigde" in result.reasons[0]


def test_an_unknown_issuer_fails(award):
    forged = tamper(award.credential_jwt, lambda c: c["issuer"].update(id="https://elders.example/uitgever/1"))
    result = verify.verify_token(forged)
    assert not result.valid and "geen uitgever van dit platform" in result.reasons[0]


def test_expiry(award):
    later = timezone.now() + timedelta(days=400)
    result = verify.verify_token(award.credential_jwt, now=later)
    assert not result.valid
    assert any("verlopen op" in r for r in result.reasons)


def test_revocation_flips_the_status_bit_with_the_reason(client, award, rtc_manager):
    services.revoke_award(rtc_manager, award, "Dubbel uitgereikt.")
    result = verify.verify_token(award.credential_jwt)
    assert not result.valid
    assert any("ingetrokken" in r and "Dubbel uitgereikt." in r for r in result.reasons)
    # The published status list (a signed VC-JWT) carries the bit.
    response = client.get(reverse("badges:status_list", kwargs={"pk": award.issuer_id}))
    assert response["Content-Type"] == "application/vc+jwt"
    status_vc = payload_of(response.content.decode())
    assert status_vc["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credentials.status_bit(status_vc["credentialSubject"]["encodedList"], award.status_index)
    assert not credentials.status_bit(status_vc["credentialSubject"]["encodedList"], award.status_index + 1)
    with pytest.raises(ValidationError):
        services.revoke_award(rtc_manager, award, "Nog eens.")
    assert AuditLog.objects.filter(action="badges.award.revoked").count() == 1


def test_status_list_encoding_follows_the_bitstring_spec():
    encoded = credentials.encode_status_list([0, 7, 131_071])
    assert encoded.startswith("u")
    assert credentials.status_bit(encoded, 0) and credentials.status_bit(encoded, 7)
    assert credentials.status_bit(encoded, 131_071) and not credentials.status_bit(encoded, 1)


def test_key_rotation_keeps_earlier_awards_verifiable(client, achievement, award, rtc_manager, make_user, school):
    old_kid = award.key.kid
    services.rotate_key(rtc_manager, achievement.issuer)
    second = services.award_badge(rtc_manager, achievement, make_user(org=school))
    assert second.key.kid != old_kid
    assert verify.verify_token(award.credential_jwt).valid
    assert verify.verify_token(second.credential_jwt).valid
    keys = client.get(reverse("badges:issuer_jwks", kwargs={"pk": achievement.issuer_id})).json()["keys"]
    assert {k["kid"] for k in keys} == {old_kid, second.key.kid}
    assert IssuerKey.objects.filter(organisation=achievement.issuer, retired_at__isnull=True).count() == 1


def test_private_keys_are_encrypted_at_rest(award):
    key = award.key
    assert "PRIVATE KEY" not in key.private_key_encrypted
    assert "d" not in key.public_jwk  # the public JWK has no private part


def test_only_the_issuers_managers_award_and_revoke(achievement, award, other_manager, rtc_staff, teacher, make_user):
    with pytest.raises(PermissionDenied):
        services.award_badge(other_manager, achievement, make_user())
    with pytest.raises(PermissionDenied):
        services.award_badge(rtc_staff, achievement, make_user())
    with pytest.raises(PermissionDenied):
        services.revoke_award(other_manager, award, "Niet van jou.")
    with pytest.raises(PermissionDenied):
        services.revoke_award(teacher, award, "Zelf.")


def test_a_badge_is_awarded_once_per_person(achievement, award, rtc_manager, teacher):
    with pytest.raises(ValidationError) as exc:
        services.award_badge(rtc_manager, achievement, teacher)
    assert "heeft deze badge al" in str(exc.value)
    assert Award.objects.filter(achievement=achievement).count() == 1


def test_a_school_cannot_issue_without_managing(make_org, make_user, school):
    from innovet.organisations.models import OrganisationKind, Role

    director = make_user(org=school, role=Role.DIRECTOR, is_manager=True)
    made = services.create_achievement(director, school, {"name": "Mentor", "description": "d", "criteria": "c"})
    assert made.issuer == school
    vdab_teacher = make_user(org=school, role=Role.TEACHER)
    with pytest.raises(PermissionDenied):
        services.create_achievement(vdab_teacher, school, {"name": "X", "description": "d", "criteria": "c"})
    government = make_org("Departement", OrganisationKind.GOVERNMENT, "1000")
    admin = make_user(org=government, role=Role.ORG_ADMIN, is_manager=True)
    with pytest.raises(PermissionDenied):
        services.create_achievement(admin, government, {"name": "X", "description": "d", "criteria": "c"})


def test_baked_png_carries_the_credential_and_verifies(client, award, teacher):
    client.force_login(teacher)
    response = client.get(reverse("badges:award_image", kwargs={"uuid": award.uuid}))
    assert response["Content-Type"] == "image/png"
    png = response.content
    assert baking.read_png(png) == award.credential_jwt
    import io

    from PIL import Image

    chunk_types = []
    data = png[8:]
    while data:
        length = int.from_bytes(data[:4], "big")
        chunk_types.append(data[4:8])
        data = data[12 + length :]
    assert b"iTXt" in chunk_types
    assert Image.open(io.BytesIO(png)).size == (400, 400)
    result, error = verify.verify_input(upload=SimpleUploadedFile("badge.png", png, content_type="image/png"))
    assert error is None and result.valid


def test_json_download_is_an_enveloped_credential_that_verifies(client, award, teacher):
    client.force_login(teacher)
    response = client.get(reverse("badges:award_json", kwargs={"uuid": award.uuid}))
    data = json.loads(response.content)
    assert data["type"] == "EnvelopedVerifiableCredential"
    assert data["id"] == credentials.ENVELOPED_PREFIX + award.credential_jwt
    result, error = verify.verify_input(text=response.content.decode())
    assert error is None and result.valid


def test_svg_baking_round_trip(award):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>'
    baked = baking.bake_svg(svg, award.credential_jwt)
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked
    result, error = verify.verify_input(upload=SimpleUploadedFile("badge.svg", baked.encode()))
    assert error is None and result.valid


def test_verify_page_and_api(client, award):
    response = client.post(reverse("badges:verify"), {"credential": award.credential_jwt})
    assert "Deze badge is echt en geldig." in response.content.decode()
    forged = tamper(award.credential_jwt, lambda c: c.update(name="Vervalst"))
    response = client.post(reverse("badges:verify"), {"credential": forged})
    body = response.content.decode()
    assert "Deze badge is niet geldig." in body and "handtekening klopt niet" in body
    api = client.post(reverse("badges:verify_api"), data=forged, content_type="text/plain").json()
    assert api["geldig"] is False and any("handtekening" in r for r in api["redenen"])
    api = client.post(reverse("badges:verify_api"), data=award.credential_jwt, content_type="text/plain").json()
    assert api["geldig"] is True and api["ontvanger"] == "An Peeters"
    assert client.get(reverse("badges:verify_api")).status_code == 405
    assert client.get(reverse("badges:verify_award", kwargs={"uuid": award.uuid})).status_code == 200


def test_selectors_for_portfolio_and_school_profile(award, teacher, school, achievement, rtc_manager, make_user):
    other = make_user(org=school)
    revoked = services.award_badge(rtc_manager, achievement, other)
    services.revoke_award(rtc_manager, revoked, "Fout.")
    mine = selectors.awards_for_person(teacher)
    assert [a.pk for a in mine] == [award.pk]
    assert mine[0].verify_link.endswith(reverse("badges:verify_award", kwargs={"uuid": award.uuid}))
    assert selectors.award_counts_for_school(school) == {"Kick-off Industrie 4.0 (RTC Oost-Vlaanderen)": 1}


def test_gdpr_export_and_erase(award, teacher):
    from innovet.core import gdpr

    exported = gdpr.export_user_data(teacher)["gegevens"]["badges"]
    assert exported[0]["badge"] == "Kick-off Industrie 4.0" and exported[0]["credential (VC-JWT)"]
    token = award.credential_jwt
    gdpr.erase_user(teacher)
    award.refresh_from_db()
    assert award.recipient is None and award.recipient_name == "" and award.credential_jwt == ""
    # A copy kept elsewhere stops verifying: the status bit is set.
    assert any("ingetrokken" in r for r in verify.verify_token(token).reasons)
