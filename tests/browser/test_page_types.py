"""axe-core (WCAG 2.1 A/AA) on every other page type of the product, as the administrator
sees it (the most links and buttons): the region list, a unit with its tree, scorecard,
decisions, a plan, a measure with its chart, the edit forms, an indicator, the quarterly
matrix, the month index and overview, the report periods and the import page."""

import re

from tests.browser.conftest import axe_check, login


def _first_link(page, pattern: str) -> str:
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    for href in hrefs:
        if re.fullmatch(pattern, href.split("?")[0]):
            return href
    raise AssertionError(f"no link like {pattern} on {page.url}")


def _check(page, url: str, what: str) -> None:
    response = page.goto(url)
    assert response.status == 200, f"{what}: {url} answered {response.status}"
    if page.locator("[data-chart]").count():
        page.wait_for_selector("[data-charts-drawn='1']")
    axe_check(page, what)


def test_every_page_type_passes_axe(page):
    login(page, "admin", "/")
    axe_check(page, "region list")
    _check(page, "/enhet/rvm-hsf/", "unit")
    plan = _first_link(page, r"/plan/[-\w]+/")
    _check(page, "/enhet/rvm-hsf/indikatorer/", "scorecard")
    indicator = _first_link(page, r"/indikator/[-\w]+/")
    for region in ("rvm", "rvb", "vgr"):
        _check(page, f"/region/{region}/beslut/", "decisions")
        if page.locator("main a[href$='/aterrapport/']").count():
            follow_up = _first_link(page, r"/beslut/\d+/aterrapport/")
            break
    else:
        raise AssertionError("no decision to follow up in any region")
    _check(page, plan, "plan")
    measure = _first_link(page, r"/atgard/\d+/")
    _check(page, plan + "ny-atgard/", "new measure form")
    _check(page, measure, "measure")
    savings = _first_link(page, r"/trend/atgard/\d+/")
    _check(page, measure + "andra/", "measure edit form")
    _check(page, savings, "measure savings chart")
    _check(page, indicator, "indicator")
    _check(page, follow_up, "follow-up form")
    _check(page, "/kvartal/rvm-hsf/", "quarterly matrix")
    _check(page, "/manadsrapport/", "monthly index")
    _check(page, "/perioder/rvm/", "report periods")
    overview = _first_link(page, r"/period/\d+/lage/")
    _check(page, overview, "month overview")
    _check(page, "/rapport/rvm/", "board report of a region")
    _check(page, "/inlasning/", "import page")
