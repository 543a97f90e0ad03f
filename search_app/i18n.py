"""The site in English and French: which language a request gets, and the words, numbers and dates
of the page in it (Flask-Babel over Babel; the catalogues in ``search_app/translations``).

The language comes from ``?lang=``, then the ``lang`` cookie (set by the language switch in the
header, so the choice holds from page to page), then the browser's Accept-Language; English
otherwise. Searching is the same in every language; the profiles' own text stays as written.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, has_request_context, request
from flask_babel import Babel, format_date, format_decimal, get_locale, get_translations

from .messages import Message

#: the languages of the site, by code, each named in itself (for the switch)
LANGUAGES = {"en": "English", "fr": "Français"}
DEFAULT = "en"
COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600


def N_(text: str) -> str:
    """Marks a product-named label for the catalogues; :func:`label` translates it where it is shown."""
    return text


#: labels the product names (the parser's section names, kinds of passage, the registry's facets, the
#: networks' full names): listed here so the catalogues hold them
LABELS = (
    N_("City"), N_("Country"), N_("Network"), N_("Section"), N_("Kind"), N_("Year"), N_("Population"),
    N_("Member since"), N_("Executive Committee since"), N_("Kind of passage"),
    N_("General information"), N_("In the network"), N_("Project files"), N_("Further information"),
    N_("event"), N_("fact"), N_("membership"), N_("news"), N_("overview"), N_("project"), N_("quote"), N_("role"),
    N_("European Forum for Urban Security"), N_("French Forum for Urban Security"),
    N_("German-European Forum for Urban Security"), N_("Italian Forum for Urban Security"),
    N_("Spanish Forum for Urban Security"), N_("Belgian Forum for Prevention and Urban Security"),
    N_("Portuguese Forum for Urban Security"), N_("Luxembourg Forum for Urban Security"),
)


def init_app(app: Flask) -> None:
    """Babel for the app, the cookie that keeps a chosen language, and the templates' helpers."""
    Babel(app, locale_selector=select_language)
    app.after_request(_remember_choice)
    app.context_processor(lambda: {"lang": current_language(), "language_links": language_links, "number": number,
                                   "date": date, "label": label, "country_label": country_label,
                                   "translate": translate})


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


def language_links() -> list[LanguageLink]:
    """The header's language switch: this page in each language of the site (``?lang=`` added, which the
    site then keeps in a cookie)."""
    current = current_language()
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return [LanguageLink(code, name, request.path + "?" + urlencode(args + [("lang", code)]), code == current)
            for code, name in LANGUAGES.items()]


def select_language() -> str:
    """``?lang=``, then the cookie, then Accept-Language; English when none names a language of the site."""
    asked = request.args.get("lang", "").strip().lower()
    if asked in LANGUAGES:
        return asked
    kept = request.cookies.get(COOKIE, "").strip().lower()
    if kept in LANGUAGES:
        return kept
    return request.accept_languages.best_match(tuple(LANGUAGES), default=DEFAULT)


def _remember_choice(response):
    """A language chosen with ``?lang=`` is kept in a cookie for the next pages."""
    asked = request.args.get("lang", "").strip().lower()
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_AGE, samesite="Lax", httponly=True)
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def current_language() -> str:
    """The request's language code ("en" outside a request: the command line speaks English)."""
    if not has_request_context():
        return DEFAULT
    return str(get_locale() or DEFAULT)


def translate(text: str | None) -> str | None:
    """A message in the request's language: a :class:`Message` by its template (its values put back,
    numbers in the language's way), any other text by itself when the catalogues know it."""
    if text is None or not has_request_context():
        return text
    if isinstance(text, Message):
        # large numbers the language's way; years (and other numbers below 10,000) as written
        values = {k: number(v) if isinstance(v, int) and abs(v) >= 10_000 else v for k, v in text.values.items()}
        if "country" in values:  # a country of the index, named the page's way
            values["country"] = country_label(values["country"])
        catalogue = get_translations()
        if text.plural is not None:
            return catalogue.ngettext(text.template, text.plural, text.values.get("n", 0)).format(**values)
        return catalogue.gettext(text.template).format(**values)
    return get_translations().gettext(text) if text else text


def label(text: str | None) -> str | None:
    """A label the product names (see :data:`LABELS`) in the request's language; other text as written."""
    if not text or not has_request_context():
        return text
    return get_translations().gettext(text)


def number(n: int | float | None) -> str:
    """A number the language's way: "133,327" in English, "133 327" in French."""
    if n is None:
        return ""
    if not has_request_context():
        return f"{n:,}"
    try:
        return format_decimal(n)
    except (ArithmeticError, ValueError):  # beyond what a locale formats (a typed 10^25): as written
        return str(n)


def date(d: dt.date | dt.datetime | str | None) -> str:
    """A date the language's way ("4 December 2026", "4 décembre 2026"); text that is no date as is."""
    if d is None or d == "":
        return ""
    if isinstance(d, str):
        try:
            d = dt.date.fromisoformat(d[:10])
        except ValueError:
            return d
    if not has_request_context():
        return d.strftime("%-d %B %Y")
    return format_date(d, format="long")


def country_label(name: str | None) -> str | None:
    """A country of the index (named in English by the parser) in the request's language."""
    if not name or current_language() == DEFAULT:
        return name
    code = _country_codes().get(name)
    if code is None:
        return name
    return Locale.parse(current_language()).territories.get(code, name)


@functools.lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    return {v: k for k, v in Locale.parse("en").territories.items() if k.isalpha() and len(k) == 2}
