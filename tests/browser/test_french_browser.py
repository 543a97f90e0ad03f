"""A French-speaking user's browser: every page in French, a switch to English and back, and French's
longer words fit a phone's width."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, save_screenshot


def lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


def test_a_french_browser_gets_french_and_can_switch_to_english_and_back(fr_page, server):
    page = fr_page
    page.goto(server + "/?q=prevention")
    assert lang(page) == "fr"
    assert "Villes" in page.locator("header nav").inner_text()
    assert page.locator("h1.summary").inner_text().split()[1] in ("passage", "passages")
    assert " dans " in page.locator("h1.summary").inner_text()
    save_screenshot(page, "search-desktop-fr")
    with page.expect_navigation():
        page.locator("ul.languages a[lang=en]").click()
    assert lang(page) == "en" and "q=prevention" in page.url
    assert "Cities" in page.locator("header nav").inner_text()
    with page.expect_navigation():
        page.locator("header nav a", has_text="Cities").click()
    assert lang(page) == "en"  # the choice holds from page to page, whatever the browser says
    with page.expect_navigation():
        page.locator("ul.languages a[lang=fr]").click()
    assert lang(page) == "fr" and page.locator("h1").first.inner_text().startswith("Villes")


@pytest.mark.parametrize("url, shot", [("/?q=prevention&population=100000..", "search-phone-fr"),
                                       ("/city/amiens?q=cctv", "profile-phone-fr"),
                                       ("/cities?sort=-population", "cities-phone-fr"),
                                       ("/compare?city=amiens&city=bagneux", "compare-phone-fr"),
                                       ("/?q=zzzzqqq", None), ("/compare", None)])
def test_french_pages_fit_a_phone(fr_phone_page, server, url, shot):
    page = fr_phone_page
    page.goto(server + url)
    assert lang(page) == "fr"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("header").bounding_box()["width"] <= PHONE["width"]
    if shot:
        save_screenshot(page, shot)


def test_french_profile_page_on_a_desktop(fr_page, server):
    page = fr_page
    page.goto(server + "/city/amiens")
    facts = page.locator("section.facts").inner_text()
    assert "Population" in facts and "133\u202f327" in facts and "Pays" in facts
    save_screenshot(page, "profile-desktop-fr")
