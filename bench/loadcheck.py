"""The load check: gunicorn with two workers on 127.0.0.1 and a bounded wrk run on the
dashboard, the measure table and the monthly form, against a database ``manage.py bench``
filled. Zero errors expected; p50/p95/p99 printed.

    DATABASE_URL=... python -m bench.loadcheck --seconds 60 [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie() -> tuple[str, dict[str, str]]:
    """A logged-in session of the bench administrator, made the way login() makes it, and
    the paths to load."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.utils.module_loading import import_string

    from bench.generate import BENCH_USER
    from bench.pages import Subjects
    from measures.sessions import SessionStore

    user = get_user_model().objects.get(username=BENCH_USER)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # the backend that loads users (the first, django-axes' guard, only refuses log-ins)
    store[BACKEND_SESSION_KEY] = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(import_string(path), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    urls = Subjects.pick().urls
    paths = {k: urls[k] for k in ("dashboard", "table", "monthly")}
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}", paths


def wait_ready(base: str, cookie: str, path: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
                base + path, headers={"Cookie": cookie}
            )
            with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
                if response.status == 200 and response.url == base + path:
                    return
                raise RuntimeError(f"{path}: {response.status} {response.url}")
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def run_wrk(url: str, cookie: str, seconds: int, connections: int) -> dict:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk saknas: installera Debians paket (apt-get install wrk).")
    out = subprocess.run(  # noqa: S603
        [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(HERE / "loadcheck.lua"),
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    figures = dict(re.findall(r"(\w+)=([\d.]+)", line))
    return {k: float(v) if "." in v else int(v) for k, v in figures.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args()

    cookie, paths = session_cookie()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = pathlib.Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603
        [
            str(gunicorn),
            "config.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "0"},
    )
    results = {}
    try:
        wait_ready(base, cookie, paths["dashboard"])
        for name, path in paths.items():
            wait_ready(base, cookie, path)  # warm both workers' caches a little
            results[name] = {
                "path": path,
                **run_wrk(base + path, cookie, args.seconds, args.connections),
            }
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    failed = False
    print(f"gunicorn 2 workers, wrk -t1 -c{args.connections} -d{args.seconds}s per page")
    print("| sida | förfrågningar | fel | p50 ms | p95 ms | p99 ms | req/s |")
    print("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        errors = r["not_200"] + r["connect"] + r["read"] + r["write"] + r["timeout"]
        failed |= errors > 0 or r["requests"] == 0
        print(
            f"| {name} {r['path']} | {r['requests']} | {errors} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['rps']:.1f} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
