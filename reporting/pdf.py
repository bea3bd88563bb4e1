"""PDF of a rendered page, printed by headless Chromium (Debian's ``chromium`` package).

The page is written to a temporary directory and its static files are referenced by file://
paths, so Chromium needs no server, no session and no network; it runs plotly's JavaScript, so
the charts are in the PDF as drawn on screen, and it prints with the print stylesheet.
"""

from __future__ import annotations

import shutil
import subprocess  # noqa: S404 - a fixed argument list, no shell
import tempfile
from pathlib import Path

from django.contrib.staticfiles import finders

TIMEOUT_SECONDS = 90


class PdfUnavailable(RuntimeError):
    """Chromium is not installed or failed to print."""


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def static_file_uri(path: str) -> str:
    """A static file as a file:// URI (for pages Chromium opens from disk)."""
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    return Path(found).resolve().as_uri()


def html_to_pdf(html: str) -> bytes:
    """Print ``html`` (A4, print media) to PDF bytes."""
    binary = chromium_path()
    if not binary:
        raise PdfUnavailable("chromium saknas")
    with tempfile.TemporaryDirectory(prefix="rapport-") as tmp:
        page = Path(tmp) / "rapport.html"
        out = Path(tmp) / "rapport.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-extensions",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=15000",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            subprocess.run(  # noqa: S603
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailable(str(exc)) from exc
        if not out.exists() or out.stat().st_size == 0:
            raise PdfUnavailable("chromium skrev ingen PDF")
        return out.read_bytes()
