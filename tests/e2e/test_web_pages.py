"""The HTML pages as a user meets them, through the Flask client, read with BeautifulSoup.

Counts on the pages are checked against the JSON twin of the same view (one results object
serves both), and against facts every user of the seed corpus can see: Amiens has CCTV work,
Bagneux does not; the two seeds are French.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest

from tests.conftest import CORPUS, soup


def params(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def pairs(href: str) -> list[tuple[str, str]]:
    return sorted(parse_qsl(urlsplit(href).query))


def get_page(client, url: str, status: int = 200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code)
    return soup(r)


def api(client, query: str) -> dict:
    r = client.get("/api/search?" + query)
    assert r.status_code == 200
    return r.get_json()


def facet_counts(page, name: str) -> dict[str, int]:
    out = {}
    for a in page.select(f'ul[data-facet="{name}"] a.facet-link'):
        out[a.select_one(".value").get_text(strip=True)] = int(re.sub(r"\D", "", a.select_one(".count").get_text()))
    return out


def group_names(page) -> list[str]:
    return [g.h2.a.get_text(strip=True) for g in page.select("li.group")]


# --- the search page -------------------------------------------------------------------------


def test_welcome_page_offers_the_whole_corpus_as_filters(client):
    page = get_page(client, "/")
    assert page.h1.get_text() == "Search the city profiles"
    cities = client.get("/api/cities").get_json()["cities"]
    assert facet_counts(page, "city") == {c["city"]: c["passages"] for c in cities}
    assert page.select("svg.histogram a.bar")
    link = next(a for a in page.select('ul[data-facet="network"] a.facet-link') if "FFSU" in a.get_text())
    assert params(link["href"]) == {"network": ["FFSU"]}
    filtered = get_page(client, link["href"])
    assert filtered.select_one("#results-heading").get_text().split()[0] == str(facet_counts(page, "network")["FFSU"])


def test_results_are_grouped_by_city_with_count_best_three_and_breadcrumbs(client):
    page = get_page(client, "/?q=prevention")
    body = api(client, "q=prevention&group=city")
    assert group_names(page) == [g["city"] for g in body["groups"]] == ["Amiens", "Bagneux"]
    for li, g in zip(page.select("li.group"), body["groups"]):
        assert li.select_one("h2 .country").get_text(strip=True) == "France"
        assert li.select_one("h2 .count").get_text(strip=True) == f"{g['total']} passages"
        hits = li.select("li.hit")
        assert 1 <= len(hits) <= 3 and len(hits) == len(g["hits"])
        for hit_li, hit in zip(hits, g["hits"]):
            crumbs = hit_li.select_one(".crumbs").get_text(" ", strip=True)
            assert hit["section"] in crumbs
            if hit["network"]:
                assert crumbs.startswith(hit["network"])
            if hit["years"]:
                assert str(hit["years"][0]) in crumbs
            assert hit_li.select_one(".snippet mark") is not None
            assert hit_li.select_one(".snippet a")["href"] == hit["url"]
            assert hit["url"].startswith(f"/city/{g['profile']}?q=prevention#p")
    summary = page.select_one("#results-heading").get_text(" ", strip=True)
    assert summary.startswith(f"{body['total']} passages in 2 cities")
    assert re.search(r"[\d.]+ ms", summary)
    assert page.select_one("input#q")["value"] == "prevention"


def test_all_passages_of_a_city_link_keeps_the_query_and_filters(client):
    page = get_page(client, "/?q=prevention&network=FFSU")
    amiens = page.select("li.group")[0]
    more = amiens.select_one(".more-link a")
    total = int(amiens.select_one("h2 .count").get_text().split()[0])
    assert more.get_text(strip=True) == f"All {total} passages in Amiens"
    assert params(more["href"]) == {"q": ["prevention"], "network": ["FFSU"], "city": ["Amiens"], "group": ["none"]}
    flat = get_page(client, more["href"])
    hits = flat.select("ol.hits.flat li.hit")
    assert len(hits) == total
    assert {h.select_one(".crumbs a").get_text(strip=True) for h in hits} == {"Amiens"}


def test_a_city_with_three_passages_or_fewer_has_no_more_link(client):
    page = get_page(client, "/?q=CCTV&year=2008")
    group = page.select_one("li.group")
    n = int(group.select_one("h2 .count").get_text().split()[0])
    assert n == len(group.select("li.hit")) <= 3
    assert group.select_one(".more-link") is None


def test_facet_sidebar_has_every_facet_with_the_engines_counts(client):
    page = get_page(client, "/?q=prevention")
    body = api(client, "q=prevention")
    for name in ("city", "country", "network", "section", "kind"):
        assert page.select_one(f"#facet-{name}") is not None
        assert facet_counts(page, name) == {f["value"]: f["count"] for f in body["facets"][name]}
    assert "Counts are of passages" in page.select_one("aside.facets").get_text()


def test_facets_are_disjunctive_multi_select_and_selected_first(client):
    page = get_page(client, "/?q=prevention")
    before = facet_counts(page, "city")
    bagneux = next(a for a in page.select('ul[data-facet="city"] a.facet-link') if "Bagneux" in a.get_text())
    one = get_page(client, bagneux["href"])
    links = one.select('ul[data-facet="city"] a.facet-link')
    assert links[0].select_one(".value").get_text(strip=True) == "Bagneux"
    assert "selected" in links[0]["class"] and links[0]["aria-current"] == "true"
    assert facet_counts(one, "city") == before  # the other city stays visible with its count
    assert group_names(one) == ["Bagneux"]
    amiens = next(a for a in links if "Amiens" in a.get_text())
    both = get_page(client, amiens["href"])
    assert sorted(params(amiens["href"])["city"]) == ["Amiens", "Bagneux"]
    assert sorted(group_names(both)) == ["Amiens", "Bagneux"]
    assert {a.select_one(".value").get_text(strip=True) for a in both.select('ul[data-facet="city"] a.selected')} == {"Amiens", "Bagneux"}
    summary = both.select_one("#results-heading").get_text()
    assert summary.split()[0] == str(before["Amiens"] + before["Bagneux"])
    # unselecting: the selected link removes its own value only
    again = next(a for a in both.select('ul[data-facet="city"] a.selected') if "Amiens" in a.get_text())
    assert params(again["href"])["city"] == ["Bagneux"]


def test_clear_link_of_a_facet_removes_only_that_facet(client):
    page = get_page(client, "/?q=prevention&city=Amiens&city=Bagneux&kind=event&sort=newest")
    clear = page.select_one("#facet-city a.clear")
    assert pairs(clear["href"]) == [("kind", "event"), ("q", "prevention"), ("sort", "newest")]
    assert page.select_one("#facet-kind a.clear") is not None
    assert page.select_one("#facet-network a.clear") is None  # nothing to clear


def render_search(app, results) -> "BeautifulSoup":
    from bs4 import BeautifulSoup
    from flask import render_template

    from search_app.web import results_context

    with app.test_request_context("/"):
        html = render_template("search.html", req=results.request, results=results, error=None, relax=[],
                               api_url="/api/search", csv_url="/api/search.csv", **results_context(results))
    return BeautifulSoup(html, "html.parser")


def test_long_facet_lists_show_eight_then_show_more_with_selected_first(app):
    from search_app.models import FacetValue, SearchRequest, SearchResults

    names = [f"City {i:02d}" for i in range(12)]
    req = SearchRequest.make(q="x", city=("City 11",), group="city")
    values = tuple(FacetValue(n, 20 - i, n == "City 11") for i, n in enumerate(names))
    results = SearchResults(req, {"notes": []}, 0, 0, 1.0, (), {"city": values}, groups=())
    page = render_search(app, results)
    items = page.select('ul[data-facet="city"] > li')
    assert items[0].select_one(".value").get_text() == "City 11"  # the selected value comes first
    assert [li.select_one(".value").get_text() for li in items if "more" not in (li.get("class") or [])] == [
        "City 11"] + names[:7]
    details = page.select_one('ul[data-facet="city"] + details.showmore')
    assert details.summary.get_text(strip=True) == "Show 4 more"
    assert [a.select_one(".value").get_text() for a in details.select("a.facet-link")] == names[7:11]
    short = SearchResults(req, {"notes": []}, 0, 0, 1.0, (), {"city": values[:8]}, groups=())
    assert render_search(app, short).select("details.showmore") == []


def test_chips_remove_exactly_their_filter(client):
    url = "/?q=prevention&city=Amiens&network=FFSU&kind=event&year=2008&year=2010&year_from=2000&year_to=2012&sort=oldest"
    page = get_page(client, url)
    full = pairs(url)
    chips = page.select(".chips a.chip:not(.clear-all)")
    labels = [c.get_text(" ", strip=True).rstrip("×").strip() for c in chips]
    assert labels == ["City: Amiens", "Network: FFSU", "Kind of passage: event", "Year: 2008", "Year: 2010",
                      "From 2000", "Until 2012"]
    removed = [("city", "Amiens"), ("network", "FFSU"), ("kind", "event"), ("year", "2008"), ("year", "2010"),
               ("year_from", "2000"), ("year_to", "2012")]
    for chip, gone in zip(chips, removed):
        assert pairs(chip["href"]) == sorted(p for p in full if p != gone), chip
        assert chip["aria-label"].startswith("Remove filter")
        assert get_page(client, chip["href"]).select_one("#results-heading") is not None
    clear_all = page.select_one(".chips a.clear-all")
    assert pairs(clear_all["href"]) == [("q", "prevention"), ("sort", "oldest")]


def test_no_chips_without_filters(client):
    assert get_page(client, "/?q=prevention").select(".chips") == []


def test_histogram_has_one_bar_per_year_linking_to_that_year(client):
    page = get_page(client, "/?q=prevention")
    body = api(client, "q=prevention")
    years = {int(f["value"]): f["count"] for f in body["facets"]["year"]}
    svg = page.select_one("#facet-year ~ svg.histogram")
    bars = svg.select("a.bar")
    assert [int(b["data-year"]) for b in bars] == sorted(years)  # empty years have no link
    for bar in bars:
        y = int(bar["data-year"])
        assert bar.title.get_text() == f"{y}: {years[y]} passage{'' if years[y] == 1 else 's'}"
        assert pairs(bar["href"]) == [("q", "prevention"), ("year", str(y))]
    first, last = min(years), max(years)
    assert len(svg.select("rect.fill")) == len(years)
    assert svg["aria-label"].startswith(f"Passages per year, {first} to {last}")
    labels = [int(t.get_text()) for t in svg.select("text.axis")]
    assert labels and all(first <= y <= last for y in labels)


def test_clicking_a_bar_filters_to_that_year_and_marks_it(client):
    page = get_page(client, "/?q=prevention")
    bar = next(b for b in page.select("svg.histogram a.bar") if b["data-year"] == "2008")
    count = int(bar["data-count"])
    filtered = get_page(client, bar["href"])
    assert filtered.select_one("#results-heading").get_text().split()[0] == str(count)
    for hit in filtered.select("li.hit .crumbs .years"):
        first, _, last = hit.get_text().partition("–")
        assert int(first) <= 2008 <= int(last or first)
    selected = filtered.select("svg.histogram a.bar.selected")
    assert [b["data-year"] for b in selected] == ["2008"]
    assert ("year", "2008") not in pairs(selected[0]["href"])  # clicking it again removes it
    assert [c.get_text(" ", strip=True) for c in filtered.select(".chips a.chip:not(.clear-all)")] == ["Year: 2008 ×"]


def test_year_range_form_keeps_the_other_state(client):
    page = get_page(client, "/?q=prevention&city=Amiens&year_from=2005&sort=newest")
    form = page.select_one("form.yearrange")
    assert form["action"] == "/" and form.get("method", "get").lower() == "get"
    hidden = sorted((i["name"], i["value"]) for i in form.select("input[type=hidden]"))
    assert hidden == [("city", "Amiens"), ("q", "prevention"), ("sort", "newest")]
    for name in ("year_from", "year_to"):
        field = form.select_one(f"input[name={name}]")
        assert form.select_one(f"label[for={field['id']}]") is not None
    assert form.select_one("input[name=year_from]")["value"] == "2005"
    ranged = get_page(client, "/?q=prevention&year_from=2005&year_to=2008")
    assert ranged.select_one("#results-heading").get_text().split()[0] == str(api(client, "q=prevention&year_from=2005&year_to=2008")["total"])
    bars = ranged.select("svg.histogram a.bar")
    assert any(int(b["data-year"]) < 2005 for b in bars)  # the histogram keeps the years outside the range
    assert {b["data-year"] for b in bars if "inrange" in b["class"]} == {b["data-year"] for b in bars if 2005 <= int(b["data-year"]) <= 2008}


def test_sort_selector_is_a_labelled_form_keeping_the_state(client):
    page = get_page(client, "/?q=prevention&city=Amiens&sort=newest")
    form = page.select_one("form.sortform")
    select = form.select_one("select#sort")
    assert form.select_one("label[for=sort]").get_text(strip=True) == "Sort by"
    assert [o["value"] for o in select.select("option")] == ["relevance", "newest", "oldest", "city"]
    assert select.select_one("option[selected]")["value"] == "newest"
    assert sorted((i["name"], i["value"]) for i in form.select("input[type=hidden]")) == [("city", "Amiens"), ("q", "prevention")]
    years = [int(s.get_text().split("–")[-1]) for s in page.select("li.hit .crumbs .years")]
    assert years == sorted(years, reverse=True)


def test_paging_flat_and_grouped(client):
    page = get_page(client, "/?country=France&group=none")
    total = api(client, "country=France")["total"]
    assert len(page.select("ol.hits.flat li.hit")) == 20
    nav = page.select_one("nav.pagination")
    assert nav.select_one("[aria-current=page]").get_text() == "1"
    nxt = next(a for a in nav.select("a") if "Next" in a.get_text())
    assert params(nxt["href"]) == {"country": ["France"], "page": ["2"], "group": ["none"]}
    last_page = -(-total // 20)
    assert f"page 1 of {last_page}" in page.select_one("#results-heading").get_text()
    last = get_page(client, f"/?country=France&group=none&page={last_page}")
    assert len(last.select("ol.hits.flat li.hit")) == total - 20 * (last_page - 1)
    assert not any("Next" in a.get_text() for a in last.select("nav.pagination a"))
    grouped = get_page(client, "/?q=prevention&size=1")
    assert group_names(grouped) == ["Amiens"]
    second = next(a for a in grouped.select("nav.pagination a") if a.get_text() == "2")
    assert group_names(get_page(client, second["href"])) == ["Bagneux"]


def test_view_switch_between_cities_and_a_flat_list_keeps_the_state(client):
    page = get_page(client, "/?q=prevention&network=FFSU")
    current = page.select_one(".views [aria-current]")
    assert current.get_text() == "By city"
    flat_link = page.select_one(".views a")
    assert flat_link.get_text() == "All passages"
    assert params(flat_link["href"]) == {"q": ["prevention"], "network": ["FFSU"], "group": ["none"]}
    flat = get_page(client, flat_link["href"])
    assert len(flat.select("ol.hits.flat li.hit")) == int(flat.select_one("#results-heading").get_text().split()[0])
    back = flat.select_one(".views a")
    assert back.get_text() == "By city" and params(back["href"]) == {"q": ["prevention"], "network": ["FFSU"]}


def test_a_page_past_the_end_links_back_to_the_last_page(client):
    page = get_page(client, "/?q=prevention&city=Amiens&page=7")
    notice = page.select_one("p.notice")
    assert "past the last page" in notice.get_text()
    assert params(notice.a["href"]) == {"q": ["prevention"], "city": ["Amiens"]}  # page 1 is the default
    assert get_page(client, "/?q=prevention&page=1").select_one("p.notice") is None


def test_json_and_csv_links_export_the_same_view(client):
    page = get_page(client, "/?q=prevention&city=Amiens")
    total = int(page.select_one("#results-heading").get_text().split()[0])
    json_link = page.find("a", string="JSON", href=re.compile("^/api/search"))
    body = client.get(json_link["href"]).get_json()
    assert body["total"] == total and {h["city"] for h in body["hits"]} == {"Amiens"}
    csv_link = page.find("a", string="CSV")
    r = client.get(csv_link["href"])
    assert r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == total and {row["city"] for row in rows} == {"Amiens"}


def test_misspelling_offers_did_you_mean(client):
    page = get_page(client, "/?q=survelliance")
    dym = page.select_one(".didyoumean a")
    assert dym.get_text() == "surveillance"
    assert params(dym["href"]) == {"q": ["surveillance"]}
    assert get_page(client, dym["href"]).select("li.group")


def test_empty_result_says_which_filter_to_remove_and_what_it_gives(client):
    page = get_page(client, "/?q=CCTV&city=Bagneux")
    empty = page.select_one(".empty")
    assert "No passage matches" in empty.get_text()
    assert page.select_one("form.sortform") is None  # nothing to sort or export
    links = empty.select("li a")
    assert [a.get_text(strip=True) for a in links] == ["Remove the city filter"]
    n = api(client, "q=CCTV")["total"]
    assert f"to see {n} passages" in links[0].parent.get_text(" ", strip=True)
    assert params(links[0]["href"]) == {"q": ["CCTV"]}


def test_invalid_parameter_is_the_page_with_a_message_and_status_400(client):
    r = client.get("/?q=cctv&city=Amiens&year_from=2012&year_to=2001")
    assert r.status_code == 400
    page = soup(r)
    assert "year_from (2012) is after year_to (2001)" in page.select_one(".alert").get_text()
    assert page.select_one("input#q")["value"] == "cctv"
    assert page.select_one("header") and page.select_one("main")
    assert get_page(client, "/cities?sort=sideways", 400).select_one("[role=alert]").get_text().startswith("sort must be")


def test_no_index_pages_answer_503_saying_how_to_build(tmp_path):
    from search_app.app import create_app

    c = create_app({"INDEX_DIR": str(tmp_path / "missing"), "TESTING": True}).test_client()
    for url in ("/", "/cities", "/city/amiens"):
        page = get_page(c, url, 503)
        assert page.h1.get_text() == "The index is not ready"
        assert "profile-search index" in page.select_one("[role=alert]").get_text()
    r = c.get("/healthz")
    assert r.status_code == 503 and r.get_json()["ok"] is False


def test_healthz_reports_generation_and_passages(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.get_json()
    stats = client.get("/api/stats").get_json()
    assert body["ok"] is True and body["generation"] == stats["generation"] and body["generation"]
    assert body["passages"] == stats["passages"] > 0


def test_user_text_is_escaped(client):
    r = client.get("/?q=%3Cscript%3Ealert(1)%3C/script%3E+prevention")
    page = soup(r)
    assert page.select("main script") == []
    assert page.select_one("input#q")["value"] == "<script>alert(1)</script> prevention"
    city = soup(client.get("/city/amiens?q=%3Cb%3Ebold%3C/b%3E"))
    assert city.select("main b") == []


# --- cities ----------------------------------------------------------------------------------


def test_cities_page_lists_every_city_and_sorts(client):
    page = get_page(client, "/cities")
    api_cities = client.get("/api/cities").get_json()["cities"]
    rows = page.select("table.cities tbody tr")
    assert [r.td.a.get_text() for r in rows] == [c["city"] for c in api_cities] == ["Amiens", "Bagneux"]
    for row, c in zip(rows, api_cities):
        cells = row.find_all("td")
        assert cells[0].a["href"] == f"/city/{c['slug']}"
        assert cells[1].get_text(strip=True) == c["country"]
        assert cells[2].get_text(strip=True) == (f"{c['population']:,}" if c["population"] else "—")
        assert [s.get_text() for s in cells[3].select(".net")] == c["networks"]
        assert int(cells[5].get_text()) == c["passages"]
        since = ", ".join(f"{n} {y}" for n, y in c["member_since"].items() if y)
        assert cells[4].get_text(strip=True) == (since or "—")
    headers = {a.get_text(strip=True): a["href"] for a in page.select("thead th a")}
    assert headers["City"] == "/cities?sort=-name" and headers["Country"] == "/cities?sort=country"
    assert headers["Member since"] == "/cities?sort=member_since"
    by_since = get_page(client, headers["Member since"])
    since = [min(int(y) for y in re.findall(r"\d{4}", r.find_all("td")[4].get_text()) or [9999])
             for r in by_since.select("tbody tr")]
    assert since == sorted(since)
    assert by_since.select_one("thead a[aria-current]").get_text(strip=True) == "Member since"
    assert by_since.select_one("th[aria-sort]").a.get_text() == "Member since"
    assert get_page(client, "/cities?sort=passages").select_one("th[aria-sort]")["aria-sort"] == "descending"
    assert get_page(client, "/cities?sort=-passages").select_one("th[aria-sort]")["aria-sort"] == "ascending"


# --- the profile page ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def amiens_profile():
    from indexer.parse import parse_profile
    from indexer.read import read_file

    src = read_file(CORPUS / "amiens.txt")
    return parse_profile(src.text, path="amiens.txt", title=src.title, source_hash=src.hash)


def facts(page) -> dict[str, str]:
    dl = page.select_one("section.facts dl")
    return {dt.get_text(" ", strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in dl.find_all("dt")}


def test_profile_facts_match_the_parsed_profile(client, amiens_profile):
    p = amiens_profile
    page = get_page(client, "/city/amiens")
    assert page.h1.get_text(" ", strip=True) == f"{p.city} {p.country}"
    got = facts(page)
    assert got["Population"] == f"{p.population:,} ({p.population_year})"
    assert got["Country"] == p.country
    assert got["Safety contract"] == p.safety_contract
    if p.website:
        assert got["Website"] == p.website
    twins = page.select_one("section.facts dt:-soup-contains('Twin towns') + dd").select("li")
    assert [li.get_text(" ", strip=True) for li in twins] == [
        f"{t.city}{f' ({t.country})' if t.country else ''}{f', since {t.since}' if t.since else ''}" for t in p.twinned_with]
    for m in p.memberships:
        text = got[m.network]
        assert text.startswith(f"Member since {m.member_since}")
        if m.executive_committee_since:
            assert f"Executive Committee since {m.executive_committee_since}" in text
        for role in m.roles:
            assert role.text in text


def test_profile_timeline_groups_events_by_year_with_network_labels(client, amiens_profile):
    page = get_page(client, "/city/amiens")
    years = [li.h3.get_text() for li in page.select("section.timeline li.year")]
    dated = [int(y) for y in years if y.isdigit()]
    assert dated == sorted(dated, reverse=True)
    expected_years = {str(e.years[0]) for e in amiens_profile.events if e.years}
    assert expected_years <= set(years)
    events = page.select("section.timeline li.year ul > li")
    assert len(events) >= len(amiens_profile.events)
    labels = {s.get_text() for s in page.select("section.timeline .net")}
    assert labels == {m.network for m in amiens_profile.memberships} | {e.network for e in amiens_profile.events if e.network}
    ffsu = page.select_one("section.timeline .net.net-ffsu")
    assert ffsu["title"] == "French Forum for Urban Security"
    y2008 = next(li for li in page.select("section.timeline li.year") if li.h3.get_text() == "2008")
    assert any("CCTV" in li.get_text() for li in y2008.select("ul > li"))


def test_profile_full_text_has_an_anchor_per_passage(client):
    page = get_page(client, "/city/amiens")
    body = client.get("/api/city/amiens").get_json()
    anchors = [p["id"] for p in page.select("section.fulltext p.passage")]
    assert anchors == [f"p{p['id']}" for p in body["passages"]]
    sections = [h.get_text() for h in page.select("section.fulltext > h3")]
    assert sections == list(dict.fromkeys(p["section"] for p in body["passages"]))
    toc = [a["href"] for a in page.select("nav.toc a")]
    assert toc == ["#" + h["id"] for h in page.select("section.fulltext > h3")]
    assert page.select("section.fulltext mark") == []


def test_profile_reached_from_a_search_highlights_the_words_and_lists_the_matches(client):
    results = get_page(client, "/?q=CCTV")
    href = results.select_one("li.group .snippet a")["href"]
    path, _, anchor = href.partition("#")
    page = get_page(client, path)
    target = page.find(id=anchor)
    assert target is not None and "passage" in target["class"]
    assert [m.get_text() for m in target.select("mark")] and all(m.get_text().lower() == "cctv" for m in target.select("mark"))
    matched = page.select("p.passage.matched")
    jump = page.select("nav.matches a")
    assert [a["href"] for a in jump] == ["#" + p["id"] for p in matched]
    assert "#" + anchor in [a["href"] for a in jump]
    assert page.select_one("input#q")["value"] == "CCTV"
    back = page.find("a", string=re.compile("Back to results"))
    assert params(back["href"]) == {"q": ["CCTV"]}


def test_profile_says_when_the_query_is_not_in_this_city(client):
    page = get_page(client, "/city/bagneux?q=CCTV")
    note = page.select_one("nav.matches")
    assert "No passage of Bagneux mentions “CCTV”" in note.get_text()
    assert params(note.a["href"]) == {"q": ["CCTV"]}
    assert page.select("p.passage.matched") == [] and page.select("section.fulltext mark") == []


def test_similar_cities_box_links_to_other_profiles(client):
    page = get_page(client, "/city/amiens")
    box = page.select_one("section.similar")
    assert box.h2.get_text() == "Cities with similar work"
    items = box.select("li")
    assert [li.a["href"] for li in items] == ["/city/bagneux"]
    assert items[0].select_one(".muted").get_text(strip=True)  # the shared terms


def test_unknown_city_is_a_404_page_with_a_way_back(client):
    page = get_page(client, "/city/atlantis", 404)
    assert page.h1.get_text() == "Not found"
    assert page.find("a", string="Back to the search")["href"] == "/"


# --- accessibility basics --------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/?q=prevention&city=Amiens", "/cities", "/city/amiens?q=CCTV", "/?q=CCTV&city=Bagneux"])
def test_landmarks_and_a_label_on_every_control(client, url):
    page = get_page(client, url)
    assert page.html["lang"] == "en"
    assert page.select_one("header") and page.select_one("nav") and page.select_one("main#main")
    assert page.select_one("a.skip")["href"] == "#main"
    assert len(page.select("h1")) == 1
    for control in page.select("input:not([type=hidden]), select, textarea"):
        has_label = control.get("aria-label") or (control.get("id") and page.select_one(f"label[for={control['id']}]"))
        assert has_label, control
    assert page.select("[style]") == [] and all(s.get("src") for s in page.select("script"))
