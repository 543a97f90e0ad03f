"""Chromium against the real server: what a user does with a mouse, a keyboard and a phone."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import PHONE, save_screenshot

pytestmark = pytest.mark.browser


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def total_on(page) -> int:
    return int(page.locator("#results-heading").inner_text().split()[0])


def test_type_a_query_press_enter_and_see_highlighted_results(page, server):
    page.goto(server + "/")
    page.get_by_role("searchbox", name="Search the city profiles").fill("CCTV")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query_of(page.url) == {"q": ["CCTV"]}
    groups = page.locator("li.group h2 > a")
    assert groups.all_inner_texts() == ["Amiens"]
    marks = page.locator("li.group .snippet mark")
    assert marks.count() >= 2
    assert {m.lower() for m in marks.all_inner_texts()} == {"cctv"}
    assert marks.first.is_visible()
    # the highlight is drawn: its background differs from the page's
    assert marks.first.evaluate("m => getComputedStyle(m).backgroundColor") not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")


def test_click_a_city_facet_then_a_histogram_bar(page, server):
    page.goto(server + "/?q=prevention")
    save_screenshot(page, "search-desktop")
    amiens = page.locator('ul[data-facet="city"] a.facet-link', has_text="Amiens")
    expected = int(amiens.locator(".count").inner_text().split()[0])
    with page.expect_navigation():
        amiens.click()
    assert query_of(page.url) == {"q": ["prevention"], "city": ["Amiens"]}
    assert total_on(page) == expected
    assert page.locator("li.group h2 > a").all_inner_texts() == ["Amiens"]
    assert page.locator('ul[data-facet="city"] a.selected .value').all_inner_texts() == ["Amiens"]

    bar = page.locator('svg.histogram a.bar[data-year="2008"]')
    count = int(bar.get_attribute("data-count"))
    assert 0 < count < expected
    with page.expect_navigation():
        bar.click()
    assert query_of(page.url) == {"q": ["prevention"], "city": ["Amiens"], "year": ["2008"]}
    assert total_on(page) == count
    assert page.locator("svg.histogram a.bar.selected").get_attribute("data-year") == "2008"
    assert page.locator(".chips a.chip:not(.clear-all)").all_inner_texts() == ["City: Amiens ×", "Year: 2008 ×"]


def test_remove_a_chip(page, server):
    page.goto(server + "/?q=prevention&city=Amiens&year=2008")
    narrowed = total_on(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Remove filter Year: 2008").click()
    assert query_of(page.url) == {"q": ["prevention"], "city": ["Amiens"]}
    assert total_on(page) > narrowed
    assert page.locator(".chips a.chip:not(.clear-all)").all_inner_texts() == ["City: Amiens ×"]
    assert page.locator("svg.histogram a.bar.selected").count() == 0


def test_sort_selector_applies_itself(page, server):
    page.goto(server + "/?q=prevention&city=Amiens")
    assert not page.locator("form.sortform button").is_visible()  # JS submits on change instead
    with page.expect_navigation():
        page.get_by_label("Sort by").select_option("newest")
    assert query_of(page.url) == {"q": ["prevention"], "city": ["Amiens"], "sort": ["newest"]}
    years = [int(t.split("–")[-1]) for t in page.locator("li.hit .crumbs .years").all_inner_texts()]
    assert years and years == sorted(years, reverse=True)
    # with the keyboard, arrows only change the choice; the Sort button appears to apply it
    page.get_by_label("Sort by").focus()
    page.keyboard.press("ArrowDown")
    assert query_of(page.url)["sort"] == ["newest"]
    button = page.locator("form.sortform button")
    assert button.is_visible()
    with page.expect_navigation():
        button.click()
    assert query_of(page.url)["sort"] == ["oldest"]


def test_open_a_profile_from_a_hit_and_land_on_the_passage(page, server):
    page.goto(server + "/?q=CCTV")
    link = page.locator("li.group .snippet a").first
    href = link.get_attribute("href")
    with page.expect_navigation():
        link.click()
    anchor = href.partition("#")[2]
    assert re.fullmatch(r"p[\w-]+", anchor)
    assert urlsplit(page.url).fragment == anchor
    target = page.locator(f"#{anchor}")
    target.wait_for(state="visible")
    assert target.evaluate("el => el.matches(':target')")
    assert page.evaluate("document.activeElement.id") == anchor
    box = target.bounding_box()
    viewport = page.viewport_size
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"]  # scrolled into view
    assert {m.lower() for m in target.locator("mark").all_inner_texts()} == {"cctv"}
    assert page.locator("h1").inner_text().startswith("Amiens")
    save_screenshot(page, "profile-desktop")


def test_keyboard_alone_reaches_the_search_box_and_the_results(page, server):
    page.goto(server + "/?q=prevention")
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.textContent.trim()")
    assert first == "Skip to content"
    assert page.locator("a.skip").is_visible()  # the skip link shows itself when focused
    reached_box = reached_result = False
    for _ in range(150):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const el = document.activeElement;
            return {id: el.id, result: !!el.closest('.snippet'), outline: getComputedStyle(el).outlineStyle}; }""")
        if info["id"] == "q":
            reached_box = True
            assert info["outline"] != "none"  # focus is visible
        if info["result"]:
            reached_result = True
            assert info["outline"] != "none"
            break
    assert reached_box and reached_result
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/city/amiens" and urlsplit(page.url).fragment.startswith("p")


def test_search_works_without_javascript(no_js_page, server):
    page = no_js_page
    page.goto(server + "/")
    page.fill("#q", "juvenile justice")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query_of(page.url) == {"q": ["juvenile justice"]}
    assert page.locator("li.group").count() >= 1
    with page.expect_navigation():
        page.locator("form.sortform button").click()  # without JS the sort form has its button
    assert query_of(page.url)["sort"] == ["relevance"]


def test_phone_width_pages_fit_and_keep_the_filters_reachable(phone_page, server):
    page = phone_page
    page.goto(server + "/?q=prevention")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("a.tofilters").is_visible()
    assert page.locator("li.group").first.bounding_box()["y"] < page.locator("aside.facets").bounding_box()["y"]
    save_screenshot(page, "search-phone")
    link = page.locator("li.group .snippet a").first
    with page.expect_navigation():
        link.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    anchor = urlsplit(page.url).fragment
    assert page.locator(f"#{anchor}").is_visible()
    save_screenshot(page, "profile-phone")


CONTRAST_JS = """
(selectors) => {
  function rgb(s) { const m = s.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : m.concat([1]); }
  function lum(c) {
    const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function background(el) {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  }
  const out = [];
  for (const sel of selectors) {
    for (const el of document.querySelectorAll(sel)) {
      if (!el.offsetParent || !el.textContent.trim()) continue;
      const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
      out.push([sel, el.textContent.trim().slice(0, 30), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]);
    }
  }
  return out;
}
"""


@pytest.mark.parametrize("url", ["/?q=prevention&city=Amiens", "/city/amiens?q=CCTV", "/cities", "/compare?city=amiens&city=bagneux"])
def test_text_contrast_meets_wcag_aa(page, server, url):
    page.goto(server + url)
    measured = page.evaluate(CONTRAST_JS, ["body", ".muted", ".crumbs", ".count", ".net", "mark", ".chip", "a",
                                           ".facet h3", "button", "th", "dt", ".notice", ".matches p"])
    assert len(measured) > 10
    low = [(sel, text, round(ratio, 2)) for sel, text, ratio in measured if ratio < 4.5]
    assert low == []
