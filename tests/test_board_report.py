"""The board report page and its PDF (reporting.views_report)."""

import shutil
import subprocess  # noqa: S404

import pytest
from django.urls import reverse

from tests.factories import add_measures

pytestmark = pytest.mark.django_db


def test_report_has_every_section(reader_client):
    html = reader_client.get(
        reverse("board_report", args=["rvm-hsf"]), {"manad": "2023-02"}
    ).content.decode()
    for heading in (
        "Sammanfattning",
        "Ekonomi",
        "Besparingar mot plan",
        "Mål och indikatorer",
        "Åtgärder och aktiviteter",
        "Beslut och återrapporter",
    ):
        assert f">{heading}</h2>" in html, heading
    assert "Resultat ackumulerat \u2212174,1 mkr, \u2212165,6 mkr mot budget" in html
    assert "helårsprognos \u2212890,0 mkr" in html
    assert 'media="print"' in html and "css/print.css" in html


def test_vgr_report_holds_the_memo_decisions(board_reader_client):
    html = board_reader_client.get(
        reverse("board_report", args=["vgr"]), {"manad": "2019-05"}
    ).content.decode()
    assert "Åtgärdsplaner för att nå ekonomi och verksamhet i balans under 2019" in html
    assert "Återrapport 2019-05-26" in html


@pytest.mark.parametrize("n", [10, 200])
def test_report_query_count(reader_client, django_assert_max_num_queries, n):
    add_measures(n)
    # The dashboard's 16, plus the report's list of every measure (the dashboard only asks
    # the database for counts and sums).
    with django_assert_max_num_queries(17):
        response = reader_client.get(
            reverse("board_report", args=["rvm-hsf"]), {"manad": "2023-02"}
        )
    assert response.status_code == 200


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_pdf_download_is_a_real_pdf_with_the_figures(board_reader_client, tmp_path):
    response = board_reader_client.get(
        reverse("board_report_pdf", args=["rvb-hsf"]), {"manad": "2022-12"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'filename="styrelserapport-rvb-hsf-2022-12.pdf"' in response["Content-Disposition"]
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        pdf = tmp_path / "r.pdf"
        pdf.write_bytes(response.content)
        text = subprocess.run(  # noqa: S603
            [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Sammanfattning" in text
        for figure in ("213", "163", "152", "528"):
            assert figure in text


def test_anonymous_gets_no_report(client):
    assert client.get(reverse("board_report_pdf", args=["rvb-hsf"])).status_code == 302
    assert client.get(reverse("board_report", args=["rvb-hsf"])).status_code == 302


def test_pdf_without_chromium_says_so_instead_of_failing(board_reader_client, monkeypatch):
    from reporting import pdf

    monkeypatch.setattr(pdf, "chromium_path", lambda: None)
    response = board_reader_client.get(reverse("board_report_pdf", args=["rvb-hsf"]))
    assert response.status_code == 503
    assert "Skriv ut sidan" in response.content.decode()
