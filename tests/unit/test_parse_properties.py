"""Property tests: whatever text arrives, the parser answers with a profile or a typed error."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from indexer.errors import IndexerError
from indexer.parse import normalise, parse_profile
from indexer.split import split_profile

#: pieces of real profiles, so random documents reach the parser's deeper branches
FRAGMENTS = [
    "1. General information", "2. The city in our network:", "3. Project Files (Best practice forms)",
    "4. Further information", "Informations générales", "La ville dans notre réseau", "GENERAL INFORMATION",
    "The city and Efus", "The city and the National Forum (FFSU)", "La ville et le DEFUS", "Efus",
    "Member since : 2000", "Member since:", "2009", "Membre depuis 2014", "Member of the Executif Committee since 2011",
    "Population: 133,327 inhabitants (2011)", "Population:", "190 000", "Populaton: 264.000", "Location: Allemagne",
    "Location:", "Twinned with: Dortmund (Germany) since 1960, Bergen (Norway)", "Mayor: Jane Doe",
    "Participated in:", "Attended", "Hosted:", "• General Assembly, Naples, Italy, 7 December 2000",
    "- Training session “Justice for Minors”, Paris, 24-25 April 2008", "* Conference, March 27th 2008",
    "Presidency from 2012 to 2014", "Board member since 2012", "European project 2013-2015",
    "1983-2008, “Is security still everyone’s concern?”, Paris, 5 December 2008",
    "ClementStengel-Amiens [800x600]“It is fundamental.", "Clément Stengel, Deputy Mayor of Amiens",
    "File:Blason ville fr Bagneux (Hauts-de-Seine).svg", '[link url="123"]Goal project[/link]',
    "[caption id=\"1\"]A photo[/caption]", "Home > Members > Town", "“", "”", "[", "]", ":", "•", "-",
    "<p>", "&amp;", "Training session “Mediation in public", "26th of June 2009",
    "Participated in: General Assembly, Paris, 2008; Training “A; B”, Lyon, 2009", "The city and Efus: member since 2003",
    "Population", "Member since 20", "Efus events the city took part in:", "Jean-Marie_Dupont [300x200]",
    "AmiÃ©nois", "12/2008", "30 November - 1 December 2010", "The city and the Dutch Forum (DFUS)",
]

line = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60))
document = st.lists(line, max_size=30).map("\n".join)
names = st.one_of(st.none(), st.sampled_from(["amiens.txt", "12-velmont.txt", "x.html", "---.txt"]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=document, path=names, title=st.one_of(st.none(), st.text(max_size=20)))
@example(text="1. General information", path=None, title=" ")  # a blank page title is no city
def test_any_text_gives_a_profile_or_a_typed_error(text, path, title):
    try:
        profile = parse_profile(text, path=path, title=title)
    except IndexerError:
        return
    assert profile.city and profile.slug
    assert profile.lang in ("en", "fr")
    passages = split_profile(profile)
    normalised = normalise(text).text
    for passage in passages:
        assert passage.text in normalised
    assert len({p.id for p in passages}) == len(passages)
    for event in profile.events:
        assert all(1800 <= y <= 2099 for y in event.years)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=400))
def test_arbitrary_unicode_never_raises_anything_but_typed_errors(text):
    try:
        profile = parse_profile(text)
    except IndexerError:
        return
    normalised = normalise(text).text
    assert all(p.text in normalised for p in split_profile(profile))
