"""The upload → preview → confirm pages, templates and exports (reporting.views_import)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from measures.models import PlannedSaving
from reporting.imports.export import export
from reporting.models import ImportBatch
from tests.import_files import edit_xlsx, read_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, data: bytes, name: str = "atgarder.xlsx", kind: str = "measures", **extra):
    return client.post(
        reverse("import_start"),
        {"kind": kind, "file": SimpleUploadedFile(name, data), "unit": "", "gender": "T", **extra},
    )


def edited_measures() -> tuple[bytes, int]:
    data = export("measures", "xlsx")
    rows = read_xlsx(data)
    col = rows[0].index("Belopp (mkr)")
    index = next(i for i, r in enumerate(rows) if r[col] == 3)
    return edit_xlsx(data, f"{'ABCDEFGHIJ'[col]}{index + 1}", 4), index + 1


@pytest.mark.django_db
def test_upload_preview_confirm(admin_client):
    data, row = edited_measures()
    history = PlannedSaving.history.count()
    response = upload(admin_client, data)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "import_preview", args=[batch.token]
    )
    page = admin_client.get(response.url).content.decode()
    assert "Ändringar rad för rad" in page and f'<td class="num">{row}</td>' in page
    assert "<del>3\u00a0000\u00a0000</del> → <ins>4\u00a0000\u00a0000</ins>" in page
    assert "Bekräfta och läs in" in page
    assert PlannedSaving.history.count() == history

    done = admin_client.post(reverse("import_confirm", args=[batch.token]))
    assert done.status_code == 302
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.IMPORTED
    assert PlannedSaving.history.count() == history + 1
    page = admin_client.get(done.url).content.decode()
    assert "Filen är inläst" in page and "Bekräfta och läs in" not in page
    again = admin_client.post(reverse("import_confirm", args=[batch.token]))
    assert "redan inläst" in admin_client.get(again.url).content.decode()
    assert PlannedSaving.history.count() == history + 1


@pytest.mark.django_db
def test_a_bad_file_shows_its_problems_and_cannot_be_confirmed(admin_client):
    data = (
        "Plan;Åtgärd;Enhet;År;Kategori;Belopp (mkr)\r\n"
        "rvb-omstallning-2019;X;okänd;2021;Övrigt;1\r\n"
        "rvb-omstallning-2019;Y;rvb;2021;Övrigt;1.234,5\r\n"
    )
    response = upload(admin_client, data.encode(), name="fel.csv")
    page = admin_client.get(response.url).content.decode()
    assert "Okänd organisation ”okänd”." in page
    assert "Belopp (mkr)" in page and "Bekräfta och läs in" not in page
    batch = ImportBatch.objects.get()
    admin_client.post(reverse("import_confirm", args=[batch.token]))
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEWED


@pytest.mark.django_db
def test_old_unconfirmed_uploads_are_deleted_on_the_next_upload(admin_client, admin_user):
    old = ImportBatch.objects.create(
        kind="measures", file_name="gammal.csv", content=b"x", checksum="", created_by=admin_user
    )
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    data, _row = edited_measures()
    upload(admin_client, data)
    assert list(ImportBatch.objects.values_list("file_name", flat=True)) == ["atgarder.xlsx"]


@pytest.mark.django_db
def test_a_tampered_stored_file_is_not_imported(admin_client):
    data, _row = edited_measures()
    upload(admin_client, data)
    batch = ImportBatch.objects.get()
    batch.content = export("measures", "xlsx")
    batch.save()
    history = PlannedSaving.history.count()
    response = admin_client.post(reverse("import_confirm", args=[batch.token]))
    assert "har ändrats" in admin_client.get(response.url).content.decode()
    assert PlannedSaving.history.count() == history


@pytest.mark.django_db
def test_form_errors_are_shown_next_to_the_field(admin_client):
    response = upload(admin_client, b"x", name="rapport.pdf")
    assert response.status_code == 200
    assert "Välj en fil som slutar på .xlsx eller .csv." in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_only_administrators(reader_client):
    urls = [
        reverse("import_start"),
        reverse("import_template", args=["measures", "xlsx"]),
        reverse("import_export", args=["readings", "csv"]),
    ]
    for url in urls:
        assert reader_client.get(url).status_code == 403
        assert Client().get(url).status_code == 302
    data, _row = edited_measures()
    assert upload(reader_client, data).status_code == 403
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_another_administrators_upload_is_not_found(admin_client, admin_user):
    data, _row = edited_measures()
    upload(admin_client, data)
    batch = ImportBatch.objects.get()
    other = get_user_model().objects.create_user("other-admin", is_staff=True)
    client = Client()
    client.force_login(other)
    assert client.get(reverse("import_preview", args=[batch.token])).status_code == 404
    assert client.post(reverse("import_confirm", args=[batch.token])).status_code == 404


@pytest.mark.django_db
def test_confirm_is_post_only_and_needs_csrf(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    data, _row = edited_measures()
    batch = ImportBatch.objects.create(
        kind="measures",
        file_name="a.xlsx",
        content=data,
        checksum=ImportBatch.checksum_of(data),
        created_by=admin_user,
    )
    url = reverse("import_confirm", args=[batch.token])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEWED


@pytest.mark.django_db
def test_templates_and_exports_download(admin_client):
    response = admin_client.get(reverse("import_template", args=["decisions", "xlsx"]))
    assert response["Content-Type"] == XLSX
    assert 'filename="mall-decisions.xlsx"' in response["Content-Disposition"]
    response = admin_client.get(reverse("import_export", args=["readings", "csv"]) + "?region=rvm")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.startswith("Indikator;Enhet;")
    assert "rvm-hsf" in text and "vgr-" not in text
    assert admin_client.get(reverse("import_export", args=["nonsense", "csv"])).status_code == 404
    assert admin_client.get(reverse("import_export", args=["readings", "pdf"])).status_code == 404


@pytest.mark.django_db
def test_start_page_lists_every_kind_and_has_a_nav_link(admin_client):
    page = admin_client.get(reverse("import_start")).content.decode()
    for key in ("measures", "reports", "readings", "decisions"):
        assert reverse("import_template", args=[key, "xlsx"]) in page
    assert f'href="{reverse("import_start")}"' in page
    assert '<label for="id_file">' in page


@pytest.mark.django_db
def test_readers_see_no_import_link(reader_client):
    page = reader_client.get(reverse("home")).content.decode()
    assert reverse("import_start") not in page
