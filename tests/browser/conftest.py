"""End-to-end tests in headless Chromium (pytest-playwright) against the live product.

The server: one per test session, started as ``make run`` does (migrate, load the source
reports, create the demo users, ``runserver --noreload`` with DEBUG=1 so that the static files
are served) in a subprocess, on a fresh database of the same engine as the test run:
DATABASE_URL unset → a new SQLite file; postgres://… → a new database ``<name>_e2e_<pid>``,
created with psycopg2 and dropped afterwards. So ``.ci/run`` drives the browser on both engines.

The browser: Debian's ``/usr/bin/chromium`` (never a downloaded one); the tests are skipped
with a reason only when it is absent, and fail instead under REQUIRE_BROWSER=1 (.ci/run). Every page is watched: a console message about the
Content Security Policy, a request to any host but the test server, or an uncaught script
error fails the test (``guard``). ``axe_check`` runs axe-core (WCAG 2.1 A and AA) by
evaluating its source in the page over CDP, which a strict CSP (script-src 'self') does not
block, unlike a <script> tag.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

USERS = {
    "admin": "admin-demo-2026",
    "lasare": "lasare-demo-2026",
    "controller-rvm": "controller-rvm-2026",
    "controller-rvb": "controller-rvb-2026",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


def _need_chromium() -> None:
    if CHROMIUM is None:
        reason = "chromium is not installed (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason + "; REQUIRE_BROWSER=1 (.ci/run) forbids skipping")
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Database:
    """A fresh database of the engine the test run uses."""

    def __init__(self, tmp: Path) -> None:
        url = os.environ.get("DATABASE_URL", "")
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            parts = urlsplit(url)
            self.name = f"{parts.path.lstrip('/') or 'uppfoljning'}_e2e_{os.getpid()}"
            self.admin_url = parts._replace(path="/postgres").geturl()
            self.url = parts._replace(path=f"/{self.name}").geturl()
        else:
            self.url = f"sqlite:///{tmp / 'e2e.sqlite3'}"

    def _execute(self, sql: str) -> None:
        import psycopg2

        conn = psycopg2.connect(self.admin_url)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
        finally:
            conn.close()

    def count_users(self) -> int:
        if self.postgres:
            import psycopg2

            conn = psycopg2.connect(self.url)
        else:
            import sqlite3

            conn = sqlite3.connect(self.url.removeprefix("sqlite:///"))
        try:
            cur = conn.cursor()
            cur.execute("SELECT count(*) FROM auth_user")
            return cur.fetchone()[0]
        finally:
            conn.close()

    def create(self) -> None:
        if self.postgres:
            self._execute(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.postgres:
            self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def live_server_url(tmp_path_factory):
    """The product, served on a free local port from its own fresh database."""
    _need_chromium()
    tmp = tmp_path_factory.mktemp("e2e")
    database = _Database(tmp)
    database.create()
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "DEBUG": "1",
        "CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (["migrate", "--noinput"], ["load_past_reports"], ["create_demo_users"]):
        done = subprocess.run(  # noqa: S603  (our own manage.py)
            [*manage, *command], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, f"{command}: {done.stderr[-3000:]}"
    assert database.count_users() >= len(USERS)  # the server's data is in that database
    port = _free_port()
    log = (tmp / "server.log").open("w")
    proc = subprocess.Popen(  # noqa: S603  (our own manage.py)
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, (tmp / "server.log").read_text()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
        database.drop()


@pytest.fixture(scope="session")
def base_url(live_server_url):
    """pytest-playwright resolves relative page.goto() paths against this."""
    return live_server_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    _need_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": LAUNCH_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 1000},
        "locale": "sv-SE",
        "accept_downloads": True,
    }


@dataclass
class Guard:
    """What the pages did that they must not: CSP reports, foreign requests, script errors."""

    origin: str
    csp: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def watch(self, context) -> None:
        context.on("request", self._request)
        context.on("page", self._page)
        for page in context.pages:
            self._page(page)

    def _page(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))

    def _console(self, message) -> None:
        if "content security policy" in message.text.lower():
            self.csp.append(f"{message.location.get('url')}: {message.text}")

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign.append(request.url)

    def check(self) -> None:
        assert not self.csp, "Content Security Policy messages:\n" + "\n".join(self.csp)
        assert not self.foreign, "Requests to other hosts:\n" + "\n".join(self.foreign)
        assert not self.errors, "Script errors:\n" + "\n".join(self.errors)


@pytest.fixture
def guard(live_server_url):
    """Collects what every context opened with ``new_context`` does; fails the test after."""
    g = Guard(origin=live_server_url)
    yield g
    g.check()


@pytest.fixture
def context(context, guard):
    guard.watch(context)
    return context


@pytest.fixture
def new_context(browser, browser_context_args, guard):
    """Further browser contexts (a second user), watched by the same guard."""
    made = []

    def make():
        ctx = browser.new_context(**browser_context_args)
        guard.watch(ctx)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


def login(page, username: str, next_path: str = "/") -> None:
    page.goto(next_path)
    if "/logga-in/" not in page.url:
        return
    page.fill("#id_username", username)
    page.fill("#id_password", USERS[username])
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/logga-in/" not in page.url, f"log-in of {username} failed"


def axe_check(page, what: str) -> None:
    """axe-core on the page as it is now: no WCAG 2.1 A/AA violation; and the page is Swedish
    (axe checks only that lang is present and valid)."""
    assert page.locator("html").get_attribute("lang") == "sv", f"{what}: lang is not sv"
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n.get('failureSummary', '')[:300]}" for n in v["nodes"])
        for v in violations
    )
    assert results.response.get("testEngine", {}).get("name") == "axe-core"
    assert not violations, f"axe, {what} ({page.url}):\n{report}"
