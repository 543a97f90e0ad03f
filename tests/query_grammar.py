"""Random requests drawn from the documented query language (README "Searching", the search page's
"Search syntax"): words, synonyms, themes, places and network names, every operator, phrases with and
without slop, prefixes, wildcards, fuzzy words, boosts, brackets (balanced or not), every `field:value`
and year form, year words, unknown fields, mixed scripts, control characters, very long input; with
filters as parameters, every sort, grouping, paging and facet sizes — and some values that are wrong
on purpose. The same seed gives the same requests.

``GrammarFuzz(seed=7).request()`` → ``"/api/search?q=…&sort=newest&group=city"``
"""

from __future__ import annotations

import random
from urllib.parse import urlencode

WORDS = ["cctv", "prevention", "crime", "youth", "training", "seminar", "security", "urban", "juvenile", "justice",
         "police", "nightlife", "drugs", "mediation", "radicalisation", "lighting", "street", "football", "women",
         "violence", "victims", "schools", "network", "forum", "assembly", "conference", "project", "council",
         "sécurité", "prévention", "délinquance", "médiation", "jeunesse", "vidéoprotection", "Liège", "Köln",
         "amiens", "bagneux", "the", "of", "and", "de", "la", "x", "a", "2008", "1999", "0", "l'insécurité",
         "night-time", "anti-social", "co-operation", "safer", "touristic", "nighttime"]
PHRASES = ["video surveillance", "crime prevention", "juvenile justice", "night-time economy", "urban security",
           "local security diagnosis", "French Forum for Urban Security", "European Forum", "the of"]
PLACES = ["France", "Germany", "Allemagne", "Portugal", "Italie", "Belgium", "Spain", "Portuguese", "French"]
NETWORKS = ["Efus", "FFSU", "DEFUS", "FISU", "European Forum for Urban Security", "Forum français"]
FIELDS = ["city", "country", "network", "section", "kind", "year", "City", "YEAR", "foo", "http", "title"]
FIELD_VALUES = {"city": ["Amiens", "amie", "Bagneux", '"Saint Denis"', "Zzz", "Köln"],
                "country": ["France", "fr", "Germany", "nowhere"], "network": ["FFSU", "Efus", "ef", "XYZ"],
                "section": ['"Further information"', "general", '"In the network"'],
                "kind": ["event", "fact", "quote", "membership", "nothing"]}
YEARS = ["2008", "2008..2010", "..2000", "2010..", "[2008 TO 2010]", "[* TO 2005]", "2010..2008", "abc", "2008-2010",
         "1700", "20081", '"2009"', ""]
YEAR_WORDS = ["since 2010", "before 2000", "in the 1990s", "2008-2010", "between 2008 and 2012", "after 2015",
              "depuis 2005", "in 2009", "from 2012 to 2014", "2015–2013"]
SCRIPTS = ["безопасность", "ασφάλεια", "安全", "أمن", "סדר", "🚓", "\u200b", "e\u0301", "ǅ", "ß", "İ"]
OPERATORS = ["AND", "OR", "NOT", "ANDNOT", "and", "or", "&&", "||", "!"]
SORTS = ["relevance", "newest", "oldest", "city", "changed", "", "sideways", "RELEVANCE"]


class GrammarFuzz:
    def __init__(self, seed: int, cities: list[str] | None = None):
        self.rng = random.Random(seed)
        self.cities = cities or ["Amiens", "Bagneux"]

    def term(self) -> str:
        r, rng = self.rng.random(), self.rng
        if r < 0.30:
            return rng.choice(WORDS)
        if r < 0.38:
            return '"' + rng.choice(PHRASES) + '"' + rng.choice(["", "", "~2", "~10", "^2", "~0"])
        if r < 0.44:
            w = rng.choice(WORDS)
            return w[:rng.randint(1, max(1, len(w)))] + rng.choice(["*", "*", "?", "*x", "?*"])
        if r < 0.50:
            return rng.choice(WORDS) + rng.choice(["~", "~1", "~2", "~3", "~0"])
        if r < 0.55:
            return rng.choice(WORDS) + rng.choice(["^2", "^0.5", "^0", "^abc", "^"])
        if r < 0.62:
            return rng.choice(PLACES + NETWORKS + self.cities)
        if r < 0.74:
            return self.field()
        if r < 0.80:
            return rng.choice(YEAR_WORDS)
        if r < 0.86:
            return rng.choice(["-", "+"]) + rng.choice(WORDS + PHRASES[:2])
        if r < 0.90:
            return rng.choice(SCRIPTS) + rng.choice(["", rng.choice(WORDS)])
        if r < 0.94:
            return "(" + self.expr(depth=1) + rng.choice([")", ")", "", "))"]) + rng.choice(["", "^3"])
        return rng.choice(['"', "(", ")", "*", "~", ":", "\\", "*:*", "[", "]", "{", "}", "^", "-", "+", "\t", "\x00",
                           "%", "&", "<script>", "'", "’"])

    def field(self) -> str:
        name = self.rng.choice(FIELDS)
        key = name.lower()
        if key == "year":
            value = self.rng.choice(YEARS)
        else:
            value = self.rng.choice(FIELD_VALUES.get(key, ["x", "Amiens", '"two words"']))
        return self.rng.choice(["", "", "-"]) + f"{name}:{self.rng.choice(['', ' '])}{value}"

    def expr(self, depth: int = 0) -> str:
        parts = []
        for _ in range(self.rng.randint(1, 5 if depth else 7)):
            parts.append(self.term())
            if self.rng.random() < 0.25:
                parts.append(self.rng.choice(OPERATORS))
        return " ".join(parts)

    def query(self) -> str:
        r = self.rng.random()
        if r < 0.02:
            return ""
        if r < 0.04:
            return " ".join(self.rng.choice(WORDS) for _ in range(120))[:self.rng.choice([499, 500, 501, 2000])]
        if r < 0.05:
            return "(" * self.rng.randint(20, 300) + "cctv" + ")" * self.rng.randint(0, 300)
        return self.expr()

    def params(self) -> list[tuple[str, str]]:
        """The query and some parameters; about one request in six has a parameter that is wrong on purpose."""
        rng = self.rng
        wrong = rng.random() < 0.15
        out = [("q", self.query())]
        if rng.random() < 0.3:
            out.append(("city", rng.choice(self.cities + ["Zzz", ""])))
        if rng.random() < 0.15:
            out.append(("network", rng.choice(["FFSU", "Efus", "nope"])))
        if rng.random() < 0.15:
            out.append(("year", rng.choice(["2008", "2010", "2012", ""])))
        if rng.random() < 0.15:
            out += [("year_from", rng.choice(["2000", "2005", ""])), ("year_to", rng.choice(["2010", "2015", ""]))]
        if rng.random() < 0.4:
            out.append(("sort", rng.choice(SORTS[:6])))
        if rng.random() < 0.4:
            out.append(("group", rng.choice(["city", "none", ""])))
        if rng.random() < 0.3:
            out.append(("page", rng.choice(["1", "2", "3", "1000"])))
        if rng.random() < 0.3:
            out.append(("size", rng.choice(["1", "5", "20", "100"])))
        if rng.random() < 0.1:
            out.append(("facet_size", rng.choice(["1", "10", "10000"])))
        if wrong:
            out.append(rng.choice([("sort", "sideways"), ("group", "x"), ("page", "0"), ("page", "-1"), ("page", "x"),
                                   ("size", "101"), ("size", "0"), ("year", "abc"), ("year", "1700"),
                                   ("year_from", "2012"), ("year_to", "1999"), ("facet_size", "20000"),
                                   ("year_from", "x"), ("q", "x" * 501)]))
        return out

    def request(self) -> str:
        """A search request: the JSON API, the page, or the CSV export."""
        path = self.rng.choices(["/api/search", "/", "/api/search.csv"], weights=[6, 3, 1])[0]
        return path + "?" + urlencode(self.params())
