"""The issuer's and recipient's pages: forms, uploads (size and type), awarding, rules, revocation, rotation."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from innovet.badges import baking, verify
from innovet.badges.models import Achievement, Award, AwardRule, IssuerKey
from innovet.core.models import AuditLog

pytestmark = pytest.mark.django_db


def png(size=(128, 128)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def create(client, organisation, **extra):
    data = {
        "name": "Warmtepompen in de praktijk",
        "description": "Volgde de praktijkdag warmtepompen.",
        "criteria": "Aanwezig op de praktijkdag.",
        "valid_for_days": "",
        "is_active": "on",
        "skills_text": "",
    }
    data.update(extra)
    return client.post(reverse("badges:achievement_create", kwargs={"pk": organisation.pk}), data)


def test_issuer_creates_a_badge_with_image_and_esco_skills(client, rtc, rtc_manager):
    client.force_login(rtc_manager)
    response = create(
        client,
        rtc,
        image=SimpleUploadedFile("badge.png", png(), content_type="image/png"),
        skills_text="7411.1; 7126.3",
    )
    achievement = Achievement.objects.get()
    assert response.url == reverse("badges:achievement_manage", kwargs={"uuid": achievement.uuid})
    assert sorted(achievement.skills.values_list("code", flat=True)) == ["7126.3", "7411.1"]
    assert AuditLog.objects.filter(action="badges.achievement.created").exists()
    page = client.get(achievement.get_absolute_url()).content.decode()
    assert "monteur elektrische installaties" in page
    image = client.get(reverse("badges:achievement_image", kwargs={"uuid": achievement.uuid}))
    assert image["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("badge.png", b"GIF89a not a png", "is geen PNG-afbeelding"),
        ("badge.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "scripts"),
        (
            "badge.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.example/a.png"/></svg>',
            "externe",
        ),
        ("badge.jpg", b"\xff\xd8\xff\xe0", "Kies een PNG- of SVG-afbeelding."),
        ("badge.png", None, "tussen 64×64"),
    ],
)
def test_bad_images_are_refused_in_dutch(client, rtc, rtc_manager, name, content, message):
    client.force_login(rtc_manager)
    response = create(client, rtc, image=SimpleUploadedFile(name, content or png((16, 16))))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Achievement.objects.exists()


def test_a_too_large_image_is_refused(client, rtc, rtc_manager):
    client.force_login(rtc_manager)
    big = png() + b"\0" * (1024 * 1024)
    response = create(client, rtc, image=SimpleUploadedFile("badge.png", big))
    assert "te groot" in response.content.decode()


def test_unknown_esco_and_duplicate_name(client, rtc, rtc_manager, achievement):
    client.force_login(rtc_manager)
    response = create(client, rtc, skills_text="9999.9")
    assert "Onbekend in ESCO: 9999.9" in response.content.decode()
    response = create(client, rtc, name="kick-off industrie 4.0")
    assert "al een badge met de naam" in response.content.decode()


def test_an_uploaded_svg_is_baked_as_svg(client, rtc, rtc_manager, teacher, django_capture_on_commit_callbacks):
    client.force_login(rtc_manager)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><circle cx="50" cy="50" r="40"/></svg>'
    create(client, rtc, image=SimpleUploadedFile("badge.svg", svg))
    achievement = Achievement.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("badges:award_create", kwargs={"uuid": achievement.uuid}), {"email": teacher.email})
    award = Award.objects.get()
    client.force_login(teacher)
    response = client.get(reverse("badges:award_image", kwargs={"uuid": award.uuid}))
    assert response["Content-Type"] == "image/svg+xml"
    result, error = verify.verify_input(upload=SimpleUploadedFile("b.svg", response.content))
    assert error is None and result.valid


def test_an_uploaded_png_keeps_its_pixels_when_baked(
    client, rtc, rtc_manager, teacher, django_capture_on_commit_callbacks
):
    client.force_login(rtc_manager)
    create(client, rtc, image=SimpleUploadedFile("badge.png", png()))
    achievement = Achievement.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("badges:award_create", kwargs={"uuid": achievement.uuid}), {"email": teacher.email})
    client.force_login(teacher)
    baked = client.get(reverse("badges:award_image", kwargs={"uuid": Award.objects.get().uuid})).content
    assert Image.open(io.BytesIO(baked)).getpixel((5, 5)) == (200, 30, 30)
    assert baking.read_png(baked) == Award.objects.get().credential_jwt


def test_manual_award_rule_and_revocation_through_the_pages(
    client, achievement, rtc_manager, teacher, django_capture_on_commit_callbacks
):
    client.force_login(rtc_manager)
    manage = reverse("badges:achievement_manage", kwargs={"uuid": achievement.uuid})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("badges:award_create", kwargs={"uuid": achievement.uuid}), {"email": "AN.PEETERS@school.be"}
        )
    award = Award.objects.get(recipient=teacher)
    response = client.post(reverse("badges:award_create", kwargs={"uuid": achievement.uuid}), {"email": teacher.email})
    assert "heeft deze badge al" in client.get(response.url).content.decode()
    response = client.post(reverse("badges:award_create", kwargs={"uuid": achievement.uuid}), {"email": "niemand@x.be"})
    assert "Niemand op InnoVET heeft het e-mailadres" in client.get(manage).content.decode()

    client.post(
        reverse("badges:rule_create", kwargs={"uuid": achievement.uuid}),
        {"kind": "deelname", "activity_kind": "bedrijfsstage", "active_role_required": "on", "min_count": "1"},
    )
    rule = AwardRule.objects.get()
    assert "actieve rol" in client.get(manage).content.decode()
    client.post(reverse("badges:rule_delete", kwargs={"pk": rule.pk}))
    rule.refresh_from_db()
    assert not rule.is_active

    revoke = reverse("badges:award_revoke", kwargs={"uuid": award.uuid})
    assert "Reden van intrekking" in client.get(revoke).content.decode()
    assert "Dit veld is vereist." in client.post(revoke, {"reason": " "}).content.decode()
    client.post(revoke, {"reason": "Foutief toegekend."})
    award.refresh_from_db()
    assert award.revoked_reason == "Foutief toegekend."
    verify_page = client.get(reverse("badges:verify_award", kwargs={"uuid": award.uuid})).content.decode()
    assert "Reden: Foutief toegekend." in verify_page


def test_the_recipient_sees_but_cannot_revoke(client, award, teacher):
    client.force_login(teacher)
    page = client.get(reverse("badges:award", kwargs={"uuid": award.uuid})).content.decode()
    assert "Badge intrekken" not in page and "Verificatielink" in page
    assert client.post(reverse("badges:award_revoke", kwargs={"uuid": award.uuid}), {"reason": "x"}).status_code == 403
    assert "Kick-off Industrie 4.0" in client.get(reverse("badges:mine")).content.decode()


def test_key_rotation_through_the_issuer_page(client, award, rtc, rtc_manager):
    client.force_login(rtc_manager)
    page = client.get(reverse("badges:issuer_home")).content.decode()
    assert award.key.kid in page
    client.post(reverse("badges:key_rotate", kwargs={"pk": rtc.pk}))
    assert IssuerKey.objects.filter(organisation=rtc).count() == 2
    assert verify.verify_token(award.credential_jwt).valid
    assert AuditLog.objects.filter(action="badges.key.rotated").exists()


def test_public_issuer_documents(client, award, rtc, school):
    profile = client.get(reverse("badges:issuer_profile", kwargs={"pk": rtc.pk})).json()
    assert profile["type"] == ["Profile"] and profile["name"] == "RTC Oost-Vlaanderen"
    keys = client.get(reverse("badges:issuer_jwks", kwargs={"pk": rtc.pk})).json()["keys"]
    assert keys[0]["kty"] == "OKP" and "d" not in keys[0]
    # An organisation that cannot issue has no issuer documents.
    assert client.get(reverse("badges:issuer_profile", kwargs={"pk": school.pk})).status_code == 200
    assert client.get(reverse("badges:status_list", kwargs={"pk": school.pk})).status_code == 404


def test_verify_page_without_input_and_with_an_unreadable_png(client):
    response = client.post(reverse("badges:verify"), {})
    assert "Plak een credential of kies een bestand." in response.content.decode()
    response = client.post(reverse("badges:verify"), {"file": SimpleUploadedFile("x.png", png())})
    assert "geen ingebakken badge" in response.content.decode()
