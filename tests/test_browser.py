"""End to end in headless Chromium, as a controller works: log in, fill the month (a mistyped
number first), mark it ready, and see the figures come back in another unit.

Runs the product as ``make run`` does (migrate, load the source reports, create the demo users,
runserver) on its own SQLite file, so it is independent of the test database. Needs Debian's
``chromium``; skipped without it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser
BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("chromium finns inte på maskinen")
    db = tmp_path_factory.mktemp("e2e") / "e2e.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DEBUG": "1"}
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (["migrate", "--noinput"], ["load_past_reports"], ["create_demo_users"]):
        subprocess.run([*manage, *command], env=env, check=True, capture_output=True)  # noqa: S603
    port = _free_port()
    proc = subprocess.Popen(  # noqa: S603  (our own manage.py)
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def page(server):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        yield page
        browser.close()


def test_controller_fills_the_month_and_marks_it_ready(server, page, tmp_path):
    url = f"{server}/manadsrapport/rvm-hsf/2023-03/"
    page.goto(url)
    assert "/logga-in/" in page.url
    page.fill("#id_username", "controller-rvm")
    page.fill("#id_password", "controller-rvm-2026")
    page.click("button.primary")
    page.wait_for_url(url)
    assert page.input_value("#id_atgard-0-status") == "pagar"  # prefilled from February

    page.select_option("#id_atgard-0-status", "forsenad")
    page.fill("#id_atgard-0-realised", "1 234,5")
    page.fill("#id_atgard-0-forecast", "\u22123")
    page.fill("#id_atgard-0-comment", "Upphandlingen är överklagad.")
    page.fill("#id_atgard-1-realised", "1.234,5")
    page.click("button[name=utkast]")
    field = page.locator("#id_atgard-1-realised")
    assert field.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "id_atgard-1-realised"
    assert "komma" in page.locator("#id_atgard-1-realised-error").inner_text()
    assert page.input_value("#id_atgard-0-comment") == "Upphandlingen är överklagad."

    page.fill("#id_atgard-1-realised", "7,5")
    page.click("button[name=klar]")
    page.wait_for_load_state()
    assert "Rapporten är markerad som klar." in page.locator(".messages").inner_text()
    page.screenshot(path=str(tmp_path / "manadsrapport.png"), full_page=True)

    page.goto(url + "?enhet=tkr")
    assert page.input_value("#id_atgard-0-realised") == "1 234 500"
    assert page.input_value("#id_atgard-0-forecast") == "\u22123 000"
    assert page.input_value("#id_atgard-1-realised") == "7 500"
    assert "Klar" in page.locator("main").inner_text()
