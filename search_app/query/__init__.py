"""Query understanding, written once for every engine: the query string → a plan (filters, years)
→ the neutral query tree (words analysed per field, synonyms, themes, places, looked-up prefixes and
fuzzy words) → what to mark in passages; "did you mean". No engine type appears here.

``understand(plan_query("cctv since 2008").text, dictionary).strict``
"""

from .plan import (FIELD_NAMES, MAX_QUERY_CHARS, YEAR_MAX, YEAR_MIN, BadRequest, QueryPlan,
                   parse_year_value, plan_query)
from .suggest import corrected_query, words_to_check
from .understanding import PREFIX_CAP, TermDictionary, TextQuery, analysed, understand

__all__ = ["FIELD_NAMES", "MAX_QUERY_CHARS", "YEAR_MAX", "YEAR_MIN", "BadRequest", "QueryPlan", "corrected_query", "words_to_check",
           "parse_year_value", "plan_query", "PREFIX_CAP", "TermDictionary", "TextQuery", "analysed", "understand"]
