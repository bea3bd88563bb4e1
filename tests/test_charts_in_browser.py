"""The charts are drawn in a real browser from the locally served plotly.js (no network)."""

import shutil
import subprocess  # noqa: S404

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.browser]
CHROMIUM = shutil.which("chromium")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_dashboard_chart_is_drawn_by_the_static_script(board_reader_client, tmp_path):
    html = board_reader_client.get(reverse("dashboard", args=["rvb-hsf"])).content.decode()
    static_dir = settings.STATICFILES_DIRS[0].resolve().as_uri()
    page = tmp_path / "oversikt.html"
    page.write_text(html.replace('"/static/', f'"{static_dir}/'), encoding="utf-8")
    dom = subprocess.run(  # noqa: S603
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=10000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    ).stdout
    assert 'data-charts-drawn="1"' in dom
    assert 'data-drawn="1"' in dom
    assert "main-svg" in dom  # plotly's own SVG: the library itself ran
