"""Import of offers from CSV/XLSX: template, preview with errors per row and column, all-or-nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from innovet.catalogue import importer
from innovet.catalogue.models import ImportJob, Offer, Status

ROW = dict(importer.EXAMPLE_ROW)


def _csv(rows, headers=None):
    """As Belgian Excel saves it: ';'-separated, lists inside quoted cells."""
    headers = headers or importer.HEADERS
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers)
    writer.writerows([row.get(h, "") for h in headers] for row in rows)
    return out.getvalue().encode("utf-8")


def _xlsx(rows, formula=False, merged=False):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(importer.HEADERS)
    for row in rows:
        sheet.append([row.get(h, "") for h in importer.HEADERS])
    if formula:
        sheet["N2"] = "=40+35"
    if merged:
        sheet.merge_cells("A2:B2")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client, content, name, publish=False, organisation=None):
    data = {"file": SimpleUploadedFile(name, content), "organisation": organisation.pk}
    if publish:
        data["publish"] = "on"
    return client.post(reverse("catalogue:import_upload"), data)


@pytest.fixture
def logged_in(client, provider_user):
    client.force_login(provider_user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_downloads_and_passes_its_own_check(client, fmt):
    response = client.get(reverse("catalogue:import_template", args=[fmt]))
    assert response.status_code == 200
    result = importer.check_file(io.BytesIO(response.content), f"sjabloon.{fmt}")
    assert result.errors == []
    assert result.preview[0]["title"] == ROW["titel"]


@pytest.mark.django_db
def test_valid_file_is_previewed_then_imported_all_at_once(logged_in, provider, django_capture_on_commit_callbacks):
    rows = [ROW, {**ROW, "titel": "Tweede workshop", "postcode": "3500", "sessies": ""}]
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(logged_in, _csv(rows), "aanbod.csv", publish=True, organisation=provider)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("catalogue:import_detail", args=[job.pk])
    assert job.state == ImportJob.State.READY and job.total_rows == 2
    page = logged_in.get(reverse("catalogue:import_detail", args=[job.pk])).content.decode()
    assert "Alle 2 rijen zijn gecontroleerd en in orde." in page and "Tweede workshop" in page
    assert not Offer.objects.exists()  # nothing before the user confirms
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(reverse("catalogue:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    offers = Offer.objects.order_by("id")
    assert [o.title for o in offers] == [ROW["titel"], "Tweede workshop"]
    first = offers[0]
    assert first.status == Status.PUBLISHED
    assert list(first.providers.all()) == [provider]
    assert first.sessions.count() == 2 and first.locations.get().municipality == "Kortrijk"
    assert {t.code for t in first.themes.all()} == {"cobots", "robotica-automatisering"}
    assert offers[1].locations.get().province.slug == "limburg"
    # Published imports are findable at once.
    assert logged_in.get(reverse("catalogue:api_offer_list") + "?q=workshop").json()["count"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,column,message",
    [
        ({"soort": "webinar"}, "soort", "'webinar' staat niet in de lijst."),
        ({"thema's": "cobots; kwantumfysica"}, "thema's", "'kwantumfysica' staat niet in de lijst."),
        ({"sessies": "12/03/2027 16:00-09:00"}, "sessies", "het einde ligt vóór of op het begin"),
        ({"geldig vanaf": "30/06/2027", "geldig tot": "01/02/2027"}, "geldig tot", "De einddatum ligt vóór"),
        ({"kostprijs": "-20"}, "kostprijs", "De kostprijs kan niet negatief zijn."),
        ({"postcode": "9999"}, "postcode", "Postcode 9999 bestaat niet in België."),
        ({"aantal plaatsen": "0"}, "aantal plaatsen", "Het aantal plaatsen is minstens 1"),
        ({"titel": ""}, "titel", "Verplicht: vul deze cel in."),
        ({"e-mail contactpersoon": "an.peeters"}, "e-mail contactpersoon", "geen geldig e-mailadres"),
        ({"sessies": "volgende week"}, "sessies", "niet te lezen: schrijf dd/mm/jjjj uu:mm-uu:mm"),
    ],
)
def test_each_bad_cell_is_reported_by_row_and_column_and_nothing_is_saved(
    logged_in, provider, overrides, column, message, django_capture_on_commit_callbacks
):
    rows = [ROW, {**ROW, **overrides}, ROW]
    with django_capture_on_commit_callbacks(execute=True):
        _upload(logged_in, _csv(rows), "aanbod.csv", organisation=provider)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.INVALID
    assert any(e["row"] == 3 and e["column"] == column and message in e["message"] for e in job.errors), job.errors
    assert all(e["row"] == 3 for e in job.errors)
    page = logged_in.get(reverse("catalogue:import_detail", args=[job.pk])).content.decode()
    count = len(job.errors)
    assert f"{count} {'fout' if count == 1 else 'fouten'} gevonden. Er is niets bewaard" in page
    # The commit is refused: all or nothing.
    logged_in.post(reverse("catalogue:import_commit", args=[job.pk]))
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_a_database_error_while_saving_ends_the_job_and_leaves_nothing(
    logged_in, provider, monkeypatch, django_capture_on_commit_callbacks
):
    """The second chunk fails in the database: the job fails naming the rows, the first chunk is removed."""
    from django.db import DatabaseError

    from innovet.catalogue import bulk, services
    from innovet.search.models import IndexedDocument

    monkeypatch.setattr(services, "IMPORT_CHUNK", 1)
    real = bulk.OfferWriter.write

    def failing(self, records):
        if records[0]["row"] == 3:
            raise DatabaseError("value too long for type character varying(200)")
        return real(self, records)

    monkeypatch.setattr(bulk.OfferWriter, "write", failing)
    rows = [ROW, {**ROW, "titel": "Rij drie"}, {**ROW, "titel": "Rij vier"}]
    with django_capture_on_commit_callbacks(execute=True):
        _upload(logged_in, _csv(rows), "aanbod.csv", publish=True, organisation=provider)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.READY
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(reverse("catalogue:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and not job.is_running
    message = job.errors[0]["message"]
    assert "rij 3 tot 3" in message and "value too long" in message and "Er is niets geïmporteerd." in message
    assert not Offer.objects.exists()
    assert not IndexedDocument.objects.filter(index_name="offers").exists()
    page = logged_in.get(reverse("catalogue:import_detail", args=[job.pk])).content.decode()
    assert "Mislukt" in page and "rij 3 tot 3" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content,name,message",
    [
        (b"%PDF-1.4 fake pdf content", "aanbod.pdf", "Enkel CSV- of XLSX-bestanden"),
        (b"%PDF-1.4\x00\x01binary", "aanbod.csv", "geen tekstbestand"),
        (b"titel;soort\nabc;workshop\n", "aanbod.xlsx", "geen echt XLSX-bestand"),
        (b"", "aanbod.csv", "leeg"),
    ],
)
def test_files_that_are_not_csv_or_xlsx_are_refused(logged_in, provider, content, name, message):
    response = _upload(logged_in, content, name, organisation=provider)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_too_large_file_is_refused(logged_in, provider, settings):
    settings.INNOVET_MAX_IMPORT_MB = 1
    big = _csv([ROW]) + b"x" * (1024 * 1024 + 10)
    response = _upload(logged_in, big, "groot.csv", organisation=provider)
    assert "het maximum is 1 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kwargs,message", [({"formula": True}, "formules (cel N2)"), ({"merged": True}, "samengevoegde cellen (A2:B2)")]
)
def test_xlsx_with_formulas_or_merged_cells_is_refused(
    logged_in, provider, kwargs, message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _upload(logged_in, _xlsx([ROW], **kwargs), "aanbod.xlsx", organisation=provider)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.INVALID
    assert message in job.errors[0]["message"]


@pytest.mark.django_db
def test_missing_required_column_is_reported(logged_in, provider, django_capture_on_commit_callbacks):
    headers = [h for h in importer.HEADERS if h != "soort"]
    with django_capture_on_commit_callbacks(execute=True):
        _upload(logged_in, _csv([ROW], headers=headers), "aanbod.csv", organisation=provider)
    job = ImportJob.objects.get()
    assert job.errors[0]["row"] == 1 and job.errors[0]["column"] == "soort"


@pytest.mark.django_db
def test_cannot_import_for_another_organisation(logged_in, other_provider):
    response = _upload(logged_in, _csv([ROW]), "aanbod.csv", organisation=other_provider)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_another_users_import_does_not_exist_for_you(client, provider, provider_user, other_user):
    job = ImportJob.objects.create(
        organisation=provider,
        uploaded_by=provider_user,
        file=SimpleUploadedFile("aanbod.csv", _csv([ROW])),
        original_name="aanbod.csv",
        state=ImportJob.State.READY,
    )
    client.force_login(other_user)
    assert client.get(reverse("catalogue:import_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("catalogue:import_commit", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state,text",
    [
        (ImportJob.State.CHECKING, "100 rijen gecontroleerd"),
        (ImportJob.State.IMPORTING, "100 van 400 rijen bewaard"),
    ],
)
def test_progress_is_polled_as_a_percentage_while_checking_and_committing(
    logged_in, provider, provider_user, state, text
):
    job = ImportJob.objects.create(
        organisation=provider,
        uploaded_by=provider_user,
        file=SimpleUploadedFile("aanbod.csv", _csv([ROW])),
        original_name="aanbod.csv",
        state=state,
        total_rows=400,
        processed_rows=100,
        progress=25,
    )
    response = logged_in.get(reverse("catalogue:import_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and 'max="100" value="25"' in html and "– 25%" in html
    assert text in html
    assert "<html" not in html  # only the fragment


@pytest.mark.django_db
def test_xlsx_dates_and_numbers_from_excel_are_read(logged_in, provider, django_capture_on_commit_callbacks):
    from datetime import datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(importer.HEADERS)
    values = [ROW.get(h, "") for h in importer.HEADERS]
    values[importer.HEADERS.index("kostprijs")] = 75.5
    values[importer.HEADERS.index("geldig vanaf")] = datetime(2027, 2, 1)
    values[importer.HEADERS.index("postcode")] = 8500
    sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(logged_in, out.getvalue(), "aanbod.xlsx", organisation=provider)
    job = ImportJob.objects.get()
    assert job.errors == [] and job.state == ImportJob.State.READY
    load_workbook(io.BytesIO(out.getvalue()))  # sanity: a real workbook


@pytest.mark.django_db
def test_old_uploads_are_removed_with_their_files(provider, provider_user):
    from datetime import timedelta

    from django.utils import timezone

    from innovet.catalogue import services

    job = ImportJob.objects.create(
        organisation=provider,
        uploaded_by=provider_user,
        file=SimpleUploadedFile("oud.csv", _csv([ROW])),
        original_name="oud.csv",
        state=ImportJob.State.DONE,
    )
    recent = ImportJob.objects.create(
        organisation=provider,
        uploaded_by=provider_user,
        file=SimpleUploadedFile("nieuw.csv", _csv([ROW])),
        original_name="nieuw.csv",
        state=ImportJob.State.DONE,
    )
    storage, name = job.file.storage, job.file.name
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert services.purge_old_imports() == 1
    assert not storage.exists(name)
    assert list(ImportJob.objects.all()) == [recent]


@pytest.mark.django_db
def test_imported_offers_search_documents_equal_those_of_the_saved_offers(
    logged_in, provider, monkeypatch, django_capture_on_commit_callbacks
):
    """The import builds search documents from its checked rows, without model instances: each must be the
    document the index builds from the saved offer (terms in the database's order, provinces, points, dates,
    staleness), or a later edit would change what the search finds."""
    from innovet.catalogue.search_indexes import OfferIndex
    from innovet.search import services as search_services

    built = []
    real = search_services.analyse_document

    def recording(index_name, doc):
        built.append(doc)
        return real(index_name, doc)

    monkeypatch.setattr(search_services, "analyse_document", recording)
    rows = [
        ROW,
        # Terms in another order than the database lists them, two graden, a team, a provider's product.
        {
            **ROW,
            "titel": "Omgekeerde volgorde",
            "thema's": "robotica-automatisering; cobots",
            "graden": "3; 2",
            "voor wie": "team",
            "merkneutraal": "nee",
            "leverancier": "Robotix NV",
            "kostprijs": "120,50",
        },
        # Online: a location without an address, province or point; no sessions, free.
        {
            **ROW,
            "titel": "Online sessie",
            "locatietype": "online",
            "locatienaam": "",
            "straat": "",
            "postcode": "",
            "sessies": "",
            "kostprijs": "0",
        },
        # No location at all (the provider's province), ended long ago: stale.
        {
            **ROW,
            "titel": "Voorbij",
            "locatietype": "",
            "locatienaam": "",
            "straat": "",
            "postcode": "",
            "sessies": "",
            "geldig vanaf": "01/09/2020",
            "geldig tot": "30/06/2021",
        },
        {**ROW, "titel": "Limburg", "postcode": "3500", "sessies": "15/03/2027 09:00-12:00; 12/03/2027 18:00-21:00"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        _upload(logged_in, _csv(rows), "aanbod.csv", publish=True, organisation=provider)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.READY, job.errors
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(reverse("catalogue:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE, job.errors
    index = OfferIndex()
    saved = {offer.pk: index.to_document(offer) for offer in index.get_queryset()}
    assert len(built) == len(saved) == len(rows)
    # Built before the offers had ids: in row order, as the ids were given.
    assert [doc.pk for doc in built] == [None] * len(rows)
    for doc, pk in zip(built, sorted(saved), strict=True):
        doc.pk = pk
        assert doc == saved[pk]
    by_title = {doc.title: doc for doc in built}
    assert by_title["Voorbij"].boost < 1 and by_title["Online sessie"].points == []
    assert by_title["Limburg"].facets["moment"] == ["binnen", "buiten"]
