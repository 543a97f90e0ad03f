"""Comparing cities and coming back to the results, in Chromium, at desktop and phone width."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.browser.conftest import PHONE, save_screenshot


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_tick_two_cities_in_the_results_and_compare_them(page, server):
    page.goto(server + "/?q=prevention")
    boxes = page.locator('input[type=checkbox][form="compare-form"]')
    assert boxes.count() == 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Compare selected cities").click()
    assert urlsplit(page.url).path == "/compare"
    assert sorted(query_of(page.url)["city"]) == ["amiens", "bagneux"]
    facts = page.locator("table.compare-table").first
    assert facts.is_visible()
    assert sorted(facts.locator("thead th").all_inner_texts()) == ["Amiens", "Bagneux"]
    shared = page.locator("table.compare-timeline li.ev-shared")
    assert shared.count() == 2 and all("General Assembly" in t for t in shared.all_inner_texts())
    assert page.locator("tr#cy2014 .badge").first.is_visible()
    save_screenshot(page, "compare-desktop")


def test_compare_from_a_profile_page(page, server):
    page.goto(server + "/city/bagneux")
    page.fill("#compare-other", "Amiens")
    with page.expect_navigation():
        page.locator("form.compare-with button").click()
    assert query_of(page.url)["city"] == ["bagneux", "Amiens"]
    assert page.locator("h1").inner_text() == "Bagneux, Amiens compared"


def test_compare_fits_a_phone(phone_page, server):
    page = phone_page
    page.goto(server + "/compare?city=amiens&city=bagneux")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    timeline = page.locator("table.compare-timeline")
    assert timeline.is_visible()
    first_year = page.locator("table.compare-timeline tbody th").first
    assert first_year.bounding_box()["x"] >= 0
    save_screenshot(page, "compare-phone")


def test_back_to_results_keeps_the_query_and_filters(page, server):
    start = "/?q=cctv&network=FFSU&year_from=2008"
    page.goto(server + start)
    link = page.locator("li.group .snippet a").first
    with page.expect_navigation():
        link.click()
    anchor = urlsplit(page.url).fragment
    assert page.locator(f"#{anchor}").is_visible()
    assert query_of(page.url) == {"q": ["cctv"], "network": ["FFSU"], "year_from": ["2008"]}
    with page.expect_navigation():
        page.locator("a.back").click()
    assert query_of(page.url) == query_of(server + start) and urlsplit(page.url).path == "/"
    assert page.locator("li.group").count() >= 1
