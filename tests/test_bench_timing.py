"""The benchmark's timing helpers: a page and its limit are timed in the same rounds, and the
bare page's client has no middleware without changing the settings of anything else."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import pages
from bench.timing import paired_medians


def test_every_function_runs_once_a_round_and_the_first_one_rotates():
    calls: list[str] = []
    fns = {name: (lambda name=name: calls.append(name)) for name in "abc"}
    medians = paired_medians(fns, runs=4, warmup=1)
    assert set(medians) == {"a", "b", "c"}
    assert all(ms >= 0 for ms in medians.values())
    rounds = [calls[i : i + 3] for i in range(0, len(calls), 3)]
    assert rounds == [
        ["a", "b", "c"],  # warm-up
        ["a", "b", "c"],
        ["b", "c", "a"],
        ["c", "a", "b"],
        ["a", "b", "c"],
    ]


def test_the_median_is_of_each_functions_own_times(monkeypatch):
    clock = iter(range(1000))
    monkeypatch.setattr("bench.timing.time.perf_counter", lambda: next(clock) / 1000)
    # each call is one tick of the clock long; only the warm-up takes no clock reading
    medians = paired_medians({"page": lambda: None, "limit": lambda: None}, runs=3)
    assert medians == {"page": pytest.approx(1.0), "limit": pytest.approx(1.0)}


@pytest.mark.django_db
def test_the_bare_client_serves_the_template_with_no_middleware_and_no_query(
    admin_client, admin_user, monkeypatch
):
    monkeypatch.setattr("bench.urls.bench_user", lambda: admin_user)
    bare = pages.bare_client()
    with CaptureQueriesContext(connection) as ctx:
        response = bare.get(pages.BARE_URL)
    assert response.status_code == 200
    assert len(ctx.captured_queries) == 0
    assert "Content-Security-Policy" not in response  # no middleware ran
    assert 'lang="sv"' in response.content.decode()
    # the product's own client and URLconf are untouched
    product = admin_client.get(reverse("about"))
    assert product.status_code == 200 and "Content-Security-Policy" in product
    assert admin_client.get(pages.BARE_URL).status_code == 404


def test_rounds_go_on_until_min_seconds_have_passed(monkeypatch):
    clock = iter(range(100_000))
    monkeypatch.setattr("bench.timing.time.perf_counter", lambda: next(clock) / 1000)
    calls: list[str] = []
    fns = {"page": lambda: calls.append("page"), "limit": lambda: calls.append("limit")}
    paired_medians(fns, runs=1, warmup=0, min_seconds=0.05)
    # a round reads the clock five times (two timings and the loop's check): 50 ms ≈ 10 rounds
    assert 8 <= calls.count("page") == calls.count("limit") <= 12
    calls.clear()
    paired_medians(fns, runs=3, warmup=0)
    assert calls.count("page") == 3


@pytest.mark.django_db
def test_a_timed_request_starts_and_ends_as_a_server_would(reader_client, monkeypatch):
    """The test client skips ``close_old_connections`` at request start and end, and with it
    the persistent connection's health check, which a server runs for every request."""
    calls: list[str] = []
    monkeypatch.setattr(pages, "close_old_connections", lambda: calls.append("close_old"))
    original = reader_client.get

    def get(url):
        calls.append("request")
        return original(url)

    monkeypatch.setattr(reader_client, "get", get)
    pages.get_ok(reader_client, reverse("about"))()
    assert calls == ["close_old", "request", "close_old"]
