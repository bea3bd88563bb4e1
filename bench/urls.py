"""A bench-only URLconf: the empty page's template from a bare view, for the benchmark's
"empty authenticated page" limit (served with no middleware at all)."""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.urls import include, path

from .generate import BENCH_USER


@cache
def bench_user():
    return get_user_model().objects.get(username=BENCH_USER)


def bare(request):
    """The same template as /om/, without sessions, authentication or any middleware."""
    request.user = bench_user()
    return render(request, "reporting/about.html")


urlpatterns = [path("bench-bare/", bare), path("", include("config.urls"))]
"""The product's URLs stay reversible for the template's links."""
