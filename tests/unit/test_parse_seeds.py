"""The two seed profiles parse to the reviewed golden JSON, and the facts users rely on are right."""

from __future__ import annotations

import json

import pytest

from indexer.parse import parse_profile
from indexer.split import split_profile
from tests.conftest import CORPUS, FIXTURES


def parsed(name: str):
    text = (CORPUS / f"{name}.txt").read_text("utf-8")
    return parse_profile(text, path=f"corpus/{name}.txt")


@pytest.mark.parametrize("name", ["amiens", "bagneux"])
def test_matches_the_golden_file(name):
    from click.testing import CliRunner

    from search_app.cli import main

    result = CliRunner().invoke(main, ["parse", str(CORPUS / f"{name}.txt"), "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    want = json.loads((FIXTURES / "golden" / f"{name}.json").read_text("utf-8"))
    for d in (got, want):
        d.pop("source")
    assert got == want


def test_amiens_facts():
    p = parsed("amiens")
    assert (p.city, p.country, p.population, p.population_year) == ("Amiens", "France", 133327, 2011)
    ms = {m.network: m for m in p.memberships}
    assert set(ms) == {"Efus", "FFSU"}
    assert (ms["Efus"].member_since, ms["Efus"].executive_committee_since) == (2000, 2016)
    assert (ms["FFSU"].member_since, ms["FFSU"].executive_committee_since) == (2000, 2007)
    assert [r.text for r in ms["FFSU"].roles] == ["Presidency from 2012 to 2014", "Board member since 2012"]
    assert [(t.city, t.country, t.since) for t in p.twinned_with] == [
        ("Dortmund", "Germany", 1960), ("Görlitz", "Germany", 1971),
        ("Darlington", "United Kingdom", 1973), ("Bergen", "Norway", 2005)]
    naples = next(e for e in p.events if "Naples" in e.text)
    assert (naples.network, naples.kind, naples.years, naples.date) == ("Efus", "general_assembly", (2000,), "2000-12-07")
    minors = next(e for e in p.events if "Justice for Minors" in e.text)
    assert (minors.network, minors.kind, minors.years, minors.place) == ("FFSU", "training", (2008,), "Paris")
    anniversary = next(e for e in p.events if e.text.startswith("1983-2008"))
    assert anniversary.years == (2008,)
    assert p.quotes[0].speaker == "Clément Stengel"
    assert p.lang == "en" and not p.warnings


def test_bagneux_facts():
    p = parsed("bagneux")
    assert (p.city, p.country, p.region, p.population, p.mayor) == ("Bagneux", "France", "Hauts de Seine", 38495, "Marie-Hélène Amiable")
    ms = {m.network: m for m in p.memberships}
    assert ms["Efus"].member_since == 2014
    assert ms["FFSU"].executive_committee_since == 2015
    assert [t.city for t in p.twinned_with] == ["Vanadzor", "Grand-Bourg"]
    assert p.quotes[0].speaker == "Mouloud Haddad"


def test_passages_carry_their_fields():
    p = parsed("amiens")
    passages = split_profile(p)
    assert len({x.id for x in passages}) == len(passages)
    sections = {x.section for x in passages}
    assert sections == {"General information", "In the network", "Further information"}
    cctv = [x for x in passages if "CCTV" in x.text]
    assert all(x.network == "FFSU" and x.kind == "event" for x in cctv)
    assert {x.years for x in cctv} == {(2008,), (2010,)}
    assert next(x for x in passages if x.text.startswith("Population")).kind == "fact"
