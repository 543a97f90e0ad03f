"""Line-level recognisers of the parser: headings, network blocks, fact labels, population values."""

from __future__ import annotations

import pytest

from indexer.parse import label_of, network_block, parse_population, section_of


@pytest.mark.parametrize("line,section", [
    ("1. General Information", "General information"),
    ("1.General information:", "General information"),
    ("I. GENERAL INFORMATION", "General information"),
    ("General informations", "General information"),
    ("General Infomation", "General information"),
    ("Informations générales", "General information"),
    ("Presentation of the city", "General information"),
    ("2. The City in our Network:", "In the network"),
    ("The city in our netwrok", "In the network"),
    ("La ville dans notre réseau", "In the network"),
    ("Membership in our networks", "In the network"),
    ("The city in Efus and the FFSU", "In the network"),
    ("3. Projects files (Best practice forms)", "Project files"),
    ("Fiches projet (bonnes pratiques)", "Project files"),
    ("4. Further information:", "Further information"),
    ("Pour en savoir plus", "Further information"),
    ("Gender Equality", None),
    ("The city and its surroundings", None),
    ("General Assembly, Paris, 25 June 2014", None),
])
def test_section_headings(line, section):
    assert section_of(line) == section


@pytest.mark.parametrize("line,network", [
    ("The city and Efus", "Efus"),
    ("2.1 The city and Efus", "Efus"),
    ("THE CITY AND THE FFSU", "FFSU"),
    ("The city and the National Forum (FFSU)", "FFSU"),
    ("The City and the National Forum (FESU)", "FESU"),
    ("The city and the German-European Forum for Urban Security (DEFUS)", "DEFUS"),
    ("La ville et le Forum français pour la sécurité urbaine", "FFSU"),
    ("La ville et le Forum italien pour la sécurité urbaine", "FISU"),
    ("The city and the Belgian Forum for Prevention and Urban Security", "FBPSU"),
    ("Efus membership", "Efus"),
    ("European Forum for Urban Security (Efus)", "Efus"),
    ("The city and the Dutch Forum (DFUS)", "DFUS"),
    ("Die Stadt und das Deutsch-Europäische Forum für Urbane Sicherheit", "DEFUS"),
    ("Le Forum belge pour la prévention et la sécurité urbaine", "FBPSU"),
    ("La città e il Forum Italiano per la Sicurezza Urbana", "FISU"),
    ("A cidade e o Fórum Português para a Segurança Urbana", "FPSU"),
    ("Member since 2000", None),
    ("Lunch-debate on CCTV, FFSU, 2011", None),
    ("The town and its young people (CLSPD)", None),
])
def test_network_blocks(line, network):
    assert network_block(line, "France") == network


@pytest.mark.parametrize("line,field,value", [
    ("Population: 133,327 inhabitants (2011)", "population", "133,327 inhabitants (2011)"),
    ("POPULATION 12,480 (2016)", "population", "12,480 (2016)"),
    ("Populaton: 52 300", "population", "52 300"),
    ("Pop.: 45,000", "population", "45,000"),
    ("Population (2011): 133,327", "population", "(2011) 133,327"),
    ("Localisation : France, Ardèche", "location", "France, Ardèche"),
    ("Locaton: United Kingdom", "location", "United Kingdom"),
    ("Twined with: Quimperlé (France)", "twinned_with", "Quimperlé (France)"),
    ("Jumelée avec : Torreval (Italie)", "twinned_with", "Torreval (Italie)"),
    ("Mayor:", "mayor", ""),
    ("Habitantes: 45.312", "population", "45.312"),
    ("Inwoners: 45.000", "population", "45.000"),
    ("Regione: Lombardia", "location", "Lombardia"),
    ("País: España", "location", "España"),
    ("Bundesland: Bayern", "location", "Bayern"),
])
def test_fact_labels(line, field, value):
    got = label_of(line)
    assert got is not None and (got[0], got[2]) == (field, value)


@pytest.mark.parametrize("line", ["Population growth is strong in the suburbs.", "Major events: none", "Locations of cameras",
                                  "Pop music is popular: yes"])
def test_prose_is_not_a_fact_label(line):
    assert label_of(line) is None


@pytest.mark.parametrize("value,expected", [
    ("133,327 inhabitants (2011)", (133327, 2011)),
    ("190 000", (190000, None)),
    ("264.000 ab.", (264000, None)),
    ("1.2 million inhabitants", (1200000, None)),
    ("2011: 133,327", (133327, 2011)),
    ("(2011): 133,327", (133327, 2011)),
    ("38,495 inhabitants (census 2012)", (38495, 2012)),
    ("133.327 habitants au 1er janvier 2011", (133327, 2011)),
    ("45 000 inhabitants, 2010", (45000, 2010)),
    ("45.000 (2010 census) - 120.000 metropolitan area", (45000, 2010)),
    ("1850 inhabitants (2011)", (1850, 2011)),
    ("c.80 000", (80000, None)),
    ("approx.120 000 inh.", (120000, None)),
    ("ca. 87.400 Einwohner (Stand: 31.12.2015)", (87400, 2015)),
    ("45.312 (31.12.2013)", (45312, 2013)),
    ("unknown", (None, None)),
])
def test_population_values(value, expected):
    assert parse_population(value) == expected


IN_BLOCK = "Tarnow is a town in Poland.\n\nLocation: Poland\n\n2. The city in our network\n\nThe city and Efus\n\n{}\n"
NO_BLOCK = "Tarnow is a town in Poland.\n\nPopulation: 12,000\n\n{}\n\nThe town runs a mediation service.\n"


@pytest.mark.parametrize("template,line,expected", [
    (IN_BLOCK, "Member since: 2000 (founding member)", (2000, None)),
    (IN_BLOCK, "Founding member (1987)", (1987, None)),
    (IN_BLOCK, "Member of the Executive Committee: 2008-2012", (None, 2008)),
    (IN_BLOCK, "Executive Committee member since 2010", (None, 2010)),
    (IN_BLOCK, "Membre du comité exécutif depuis : 2015", (None, 2015)),
    (IN_BLOCK, "Member since 2000 and member of the Executive Committee since 2007", (2000, 2007)),
    (IN_BLOCK, "Member since 2000, Executive Committee since 2007", (2000, 2007)),
    (IN_BLOCK, "Joined Efus in 2003", (2003, None)),
    (IN_BLOCK, "Member of the Executif Comittee since 2011", (None, 2011)),
    (IN_BLOCK, "Menber since: 2003", (2003, None)),
    (IN_BLOCK, "Member of the Exec. Committee: 2011", (None, 2011)),
    (IN_BLOCK, "Member since 03/2005", (2005, None)),
    (IN_BLOCK, "Member of the Executive Committee since 2008 and Vice-President since 2012", (None, 2008)),
    (IN_BLOCK, "Member of the Executive Committee since 2008, Presidency 2010-2012", (None, 2008)),
    (IN_BLOCK, "Member of the Board (Executive Committee) since 2016", (None, 2016)),
    (IN_BLOCK, "Member since 2005\nMember of the Steering Committee since 2008", (2005, None)),
    (IN_BLOCK, "Member since 2005\nExecutive Committee since 2008\nRe-elected to the Executive Committee in 2012", (2005, 2008)),
    (NO_BLOCK, "The town has been a member of Efus since 2005.", (2005, None)),
    (NO_BLOCK, "Member of the European Forum for Urban Security since 2001", (2001, None)),
    (NO_BLOCK, "Efus member since: 2000", (2000, None)),
])
def test_membership_lines(template, line, expected):
    from indexer.parse import parse_profile

    p = parse_profile(template.format(line), path="tarnow.txt")
    assert [(m.network, m.member_since, m.executive_committee_since) for m in p.memberships] == [("Efus", *expected)]
    assert p.events == ()


def test_network_section_without_block_headings_is_taken_as_efus_and_says_so():
    from indexer.parse import parse_profile

    text = ("Tarnow is a town in Poland.\n\n2. The city in our network\n\nMember since 2000\n\n"
            "Member of the Executive Committee since 2004\n\nParticipated in:\n• General Assembly, Paris, 3 July 2002\n")
    p = parse_profile(text, path="tarnow.txt")
    assert [(m.network, m.member_since, m.executive_committee_since) for m in p.memberships] == [("Efus", 2000, 2004)]
    assert [(e.network, e.years) for e in p.events] == [("Efus", (2002,))]
    assert any("taken as Efus" in w for w in p.warnings)


def test_block_heading_with_its_membership_on_the_same_line():
    from indexer.parse import parse_profile

    text = ("Tarnow is a town in France.\n\n2. The city in our network\n\nThe city and Efus: member since 2003\n\n"
            "The city and the National Forum: Member since 2005\n")
    p = parse_profile(text, path="tarnow.txt")
    assert [(m.network, m.member_since) for m in p.memberships] == [("Efus", 2003), ("FFSU", 2005)]


def test_event_title_wrapped_over_two_lines_is_one_event():
    from indexer.parse import parse_profile

    text = ("Tarnow is a town in Poland.\n\nThe city and Efus\nMember since 2003\n• Training session “Justice for\n"
            "Minors”, Paris, 24-25 April 2008\n• Conference, Lyon, 2009\n")
    p = parse_profile(text, path="tarnow.txt")
    assert [(e.kind, e.years, e.place) for e in p.events] == [("training", (2008,), "Paris"), ("conference", (2009,), "Lyon")]


@pytest.mark.parametrize("first", [
    "With 110,000 inhabitants, Tarnów is a city of Poland.",
    "Located in southern Poland, Tarnów is a city.",
    "The city of Tarnów is located in Poland.",
    "Tarnów (Małopolska) is a city in Poland.",
    "Tarnów, capital of the region, is a city.",
    "Capital of the region, Tarnów is a city.",
    "Tarnów – the pearl of the Renaissance – is a city.",
    "Tarnów, with 110,000 inhabitants, is the capital.",
    "Située sur la Biała, Tarnów est une ville.",
    "Welcome to Tarnów!",
    "Situated on the Biała, the town of Tarnów is a city.",
    "Tarnów, Poland, is a city.",
    "Tarnów’s old town is a jewel of the Renaissance.",
    "In 1330, Tarnów became a town.",
    "Ville de la Renaissance, Tarnów accueille un festival.",
])
def test_city_from_the_first_sentence(first):
    from indexer.parse import parse_profile

    p = parse_profile(first + "\n\nThe city and Efus\nMember since 2003\n", path="12-tarnow.txt")
    assert (p.city, p.city_source) == ("Tarnów", "text")


@pytest.mark.parametrize("name", [
    "Villeneuve-d'Ascq", "Villeneuve d’Ascq", "Reggio nell'Emilia", "'s-Hertogenbosch", "A Coruña", "Œuilly",
    "Brighton and Hove", "Bad Homburg vor der Höhe", "Sant Adrià de Besòs", "La Seyne-sur-Mer", "Liège",
    "Sesto San Giovanni sul Lario", "Vila Nova de Gaia", "Castelo do Neiva",
])
def test_city_names_of_many_shapes(name):
    from indexer.parse import parse_profile

    text = f"1. General information\n\n{name} is a city with a long history and a lively centre.\n\nPopulation: 45,000\n"
    p = parse_profile(text, path="00012-unrelated.txt")
    assert (p.city, p.city_source) == (name, "text")


def test_a_possessive_opening_names_the_city_only_when_something_else_agrees():
    from indexer.parse import parse_profile

    p = parse_profile("Europe’s largest river port has a long history.\n\nThe city and Efus\nMember since 2003\n",
                      path="12-tarnow.txt")
    assert (p.city, p.city_source) == ("Tarnow", "filename")


@pytest.mark.parametrize("facts,country,region", [
    ("Region: Lombardy\nCountry: Italy", "Italy", "Lombardy"),
    ("Country: Italy\nRegion: Lombardy", "Italy", "Lombardy"),
    ("Regione: Lombardia\nPaese: Italia", "Italy", "Lombardia"),
    ("County: Kent\nCountry: United Kingdom", "United Kingdom", "Kent"),
])
def test_region_and_country_on_separate_lines(facts, country, region):
    from indexer.parse import parse_profile

    p = parse_profile(f"Tarnow is a town.\n\n{facts}\n", path="tarnow.txt")
    assert (p.country, p.region) == (country, region)


@pytest.mark.parametrize("line,networks,events", [
    ("Member of the FFSU since 2001", {"Efus": (2005, None), "FFSU": (2001, None)}, 1),
    ("Annual meeting of FFSU members in 2012", {"Efus": (2005, None)}, 2),
    ("Conference with members of the FFSU in Paris, 2012", {"Efus": (2005, None)}, 2),
])
def test_a_membership_of_another_network_written_inside_a_block(line, networks, events):
    from indexer.parse import parse_profile

    text = IN_BLOCK.replace("Poland", "France").format(f"{line}\n\nMember since 2005\n\n• Conference, Paris, 5 May 2010")
    p = parse_profile(text, path="tarnow.txt")
    assert {m.network: (m.member_since, m.executive_committee_since) for m in p.memberships} == networks
    assert len(p.events) == events


def test_bare_labels_with_values_on_the_next_line():
    from indexer.parse import parse_profile

    text = ("1. General information\n\nTarnow is a town in Poland.\n\nPopulation\n110,000 (2014)\n\nLocation\n"
            "Poland, Lesser Poland\n\nMayor\nAnna Nowak\n\n2. The city in our network\n\nThe city and Efus\n\n"
            "Member since\n2003\n\nMember of the Executive Committee since\n2013 (re-elected in 2016)\n\n"
            "4. Further information\n\nLocation\n\nThe new police station opened next to the station.\n")
    p = parse_profile(text, path="tarnow.txt")
    assert (p.population, p.population_year, p.country, p.region, p.mayor) == (110000, 2014, "Poland", "Lesser Poland", "Anna Nowak")
    assert [(m.member_since, m.executive_committee_since) for m in p.memberships] == [(2003, 2013)]
    last = p.blocks[-1]
    assert (last.kind, last.heading) == ("news", "Location")


def test_a_photo_caption_naming_only_a_person_is_not_the_city():
    from indexer.parse import parse_profile

    text = "Jean-Marie_Dupont [300x200]“We work with all our partners.”\nThe city and Efus\nMember since 2003\n"
    p = parse_profile(text, path="00007-velbeek.txt")
    assert (p.city, p.city_source) == ("Velbeek", "filename")
    assert any("file name" in w for w in p.warnings)


def test_profile_cut_inside_a_membership_line_keeps_what_came_before():
    from indexer.parse import parse_profile

    text = "Velbeek is a town in Belgium.\nThe city and Efus\nMember since 2003\nMember of the Executive Committee since 20"
    p = parse_profile(text, path="velbeek.txt")
    assert [(m.network, m.member_since, m.executive_committee_since) for m in p.memberships] == [("Efus", 2003, None)]
    assert p.events == ()
    assert any("membership year not understood" in w for w in p.warnings)
    assert any("cut off" in w for w in p.warnings)


def test_events_listed_on_one_line_after_their_label_are_separate_events():
    from indexer.parse import parse_profile

    text = ("Velbeek is a town in Belgium.\nThe city and Efus\nMember since 2003\nParticipated in: General Assembly, "
            "Paris, 3 July 2008; Training session on mediation, Lyon, 2009; Conference “Cities; safety”, Rome, 2010.\n")
    p = parse_profile(text, path="velbeek.txt")
    assert [(e.kind, e.years, e.place) for e in p.events] == [
        ("general_assembly", (2008,), "Paris"), ("training", (2009,), "Lyon"), ("conference", (2010,), "Rome")]
    assert {b.heading for b in p.blocks if b.kind == "event"} == {"Participated in"}


def test_twin_towns_listed_under_their_label():
    from indexer.parse import parse_profile

    text = ("Tarnow is a town in Poland.\n\nTwinned with:\n• Dortmund (Germany) since 1960\n• Görlitz (Allemagne) since 1971\n"
            "• Bergen (Norway)\n\nMayor: Anna Nowak\n\nThe city and Efus\nMember since 2003\n")
    p = parse_profile(text, path="tarnow.txt")
    assert [(t.city, t.country, t.since) for t in p.twinned_with] == [
        ("Dortmund", "Germany", 1960), ("Görlitz", "Germany", 1971), ("Bergen", "Norway", None)]
    assert p.mayor == "Anna Nowak"


def test_news_about_joining_a_working_group_is_not_a_membership():
    from indexer.parse import parse_profile

    text = ("Tarnow is a town in Poland.\n\n2. The city in our network\n\nThe city and Efus\nMember since 2003\n\n"
            "4. Further information\n\nThe city joined the FFSU working group on nightlife in 2014.\n")
    p = parse_profile(text, path="tarnow.txt")
    assert [(m.network, m.member_since) for m in p.memberships] == [("Efus", 2003)]


@pytest.mark.parametrize("raw,city", [
    ("City profile: Saint-Denis, France | Efus", "Saint-Denis"),
    ("Tarnow (Poland) | Efus", "Tarnow"),
    ("Ville d’Amiens", "Amiens"),
    ("Amiens – City profile", "Amiens"),
    ("LA SEYNE-SUR-MER", "La Seyne-sur-Mer"),
    ("Efus | City profiles", None),
    ("Member cities: Tarnow | Efus", "Tarnow"),
    ("Profile of the city of Tarnow", "Tarnow"),
    ("Welcome to Tarnow", "Tarnow"),
    ("CITTÀ DI SESTO SAN GIOVANNI", "Sesto San Giovanni"),
    ("Our members", None),
    ("FFSU - Brenton", "Brenton"),
    ("DEFUS | Mitglieder | Brenton", "Brenton"),
    ("Brenton – Italian Forum for Urban Security", "Brenton"),
    ("1. General information", None),
])
def test_city_in_title(raw, city):
    from indexer.parse import city_in_title

    assert city_in_title(raw) == city


@pytest.mark.parametrize("first,city,source", [
    ("AMIENS (FRANCE)", "Amiens", "text"),
    ("General Assembly", "Xyz", "filename"),  # a capitalised line the text never names again
])
def test_title_line_before_the_first_heading(first, city, source):
    from indexer.parse import parse_profile

    text = (f"{first}\n\n1. General information\n\nThe town lies on the river.\n\n“We work with all our partners.”\n"
            "Jean Dupont, Deputy Mayor of Amiens\n\nThe city and Efus\nMember since 2003\n")
    if source == "filename":
        text = text.replace("Deputy Mayor of Amiens", "Deputy Mayor")
    p = parse_profile(text, path="00001-xyz.txt")
    assert (p.city, p.city_source) == (city, source)
