"""Uploads: size limit, types checked on content, clean names, safe headers when served."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ..models import Attachment
from ..uploads import check_upload, clean_filename
from .conftest import PDF, PNG

pytestmark = pytest.mark.django_db


def upload(client, material, name, content, **extra):
    return client.post(
        reverse("materials:files", args=[material.slug]),
        {"action": "upload", "file": SimpleUploadedFile(name, content), "title": "", **extra},
    )


def test_pdf_is_accepted_with_a_clean_name(make_material, author, client):
    material = make_material(publish=False)
    client.force_login(author)
    response = upload(client, material, "../../Ontwerp opdracht (v2)é.PDF", PDF)
    assert response.status_code == 302
    att = material.attachments.latest("created_at")
    assert att.filename == "Ontwerp-opdracht-v2-e.pdf"
    assert att.content_type == "application/pdf"
    assert ".." not in att.file.name and att.file.name.startswith(f"materials/{material.uuid}/")


def test_executable_renamed_to_pdf_is_refused_on_content(make_material, author, client):
    material = make_material(publish=False)
    client.force_login(author)
    response = upload(client, material, "planning.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100)
    assert response.status_code == 200
    errors = response.context["upload_form"].errors["file"]
    assert "De inhoud van planning.pdf is geen geldig .pdf-bestand" in errors[0]
    assert material.attachments.count() == 1  # only the fixture's handleiding


def test_too_big_file_is_refused_with_the_limit(make_material, author, client, settings):
    settings.INNOVET_MAX_UPLOAD_MB = 1
    material = make_material(publish=False)
    client.force_login(author)
    response = upload(client, material, "video.pdf", PDF + b"0" * (1024 * 1024 + 10))
    errors = response.context["upload_form"].errors["file"]
    assert "is te groot" in errors[0] and "Het maximum is 1 MB per bestand." in errors[0]


@pytest.mark.parametrize(
    "name,content,message",
    [
        (
            "schema.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "code kunnen uitvoeren",
        ),
        ("pagina.html", b"<html><body>hallo</body></html>", "code kunnen uitvoeren"),
        ("notities.txt", b"<script>alert(1)</script>", "HTML- of scriptcode"),
        ("onderdeel.stl", b"\x00\x01\x02" * 40, "past niet bij de extensie"),
        ("archief.rar", b"Rar!\x1a\x07\x00", "niet toegelaten"),
    ],
)
def test_dangerous_or_unknown_types_are_refused(name, content, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        check_upload(SimpleUploadedFile(name, content))
    assert message in exc.value.messages[0]


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("frees.nc", b"G21\nG90\nG0 X0 Y0\nM30\n", "text/plain"),
        ("metingen.csv", b"tijd;temperatuur\n0;21,5\n", "text/csv"),
        ("beugel.dxf", b"0\nSECTION\n2\nHEADER\n0\nENDSEC\n0\nEOF\n", "application/dxf"),
        ("foto.png", PNG, "image/png"),
        ("beugel.stl", b"\x00" * 80 + (1).to_bytes(4, "little") + b"\x00" * 50, "model/stl"),
    ],
)
def test_technical_formats_are_recognised(name, content, content_type):
    assert check_upload(SimpleUploadedFile(name, content)).content_type == content_type


def test_clean_filename_removes_paths_and_odd_characters():
    assert clean_filename("C:\\temp\\..\\rapport final!!.docx") == "rapport-final.docx"
    assert clean_filename(".htaccess") == "bestand.htaccess"


def test_html_that_slipped_in_is_served_as_a_download_never_inline(make_material, author, client):
    material = make_material()
    att = Attachment(material=material, title="oud", filename="oud.html", content_type="text/html", size=20)
    att.file.save("oud.html", ContentFile(b"<script>alert(1)</script>"), save=False)
    att.save()
    client.force_login(author)
    response = client.get(reverse("materials:file", args=[att.uuid]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_pdf_opens_inline_but_with_nosniff_and_sandbox(make_material, client):
    material = make_material()
    att = material.current_version().attachments.get()
    response = client.get(reverse("materials:file", args=[att.uuid]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    forced = client.get(reverse("materials:file", args=[att.uuid]) + "?download=1")
    assert forced["Content-Disposition"].startswith("attachment;")
    material.refresh_from_db()
    assert material.download_count == 2


def test_draft_files_are_only_for_coauthors(make_material, author, other_teacher, client):
    material = make_material(publish=False)
    att = material.attachments.get()
    client.force_login(other_teacher)
    assert client.get(reverse("materials:file", args=[att.uuid])).status_code == 404
    client.logout()
    assert client.get(reverse("materials:file", args=[att.uuid])).status_code == 404
    client.force_login(author)
    assert client.get(reverse("materials:file", args=[att.uuid])).status_code == 200


def test_unpublished_file_of_a_published_material_is_not_public(make_material, author, pdf_upload, client):
    from .. import services

    material = make_material()
    new = services.add_file(author, material, pdf_upload("concept.pdf"), "Nog niet klaar")
    assert client.get(reverse("materials:file", args=[new.uuid])).status_code == 404
