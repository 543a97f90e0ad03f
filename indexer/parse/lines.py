"""Normalising a profile's text into lines: markup, shortcodes, captions, page chrome, bullets, wrapped lines.

``normalise("• Member since 2000").lines[0].bullet is True``
"""

from __future__ import annotations

import re

from .headings import BLOCK_RE, heading_key, section_of
import html as htmllib
from dataclasses import dataclass


_SHORTCODE_PAIR = re.compile(r"\[(\w+)(?:\s[^\]\n]*)?\](.*?)\[/\1\]", re.DOTALL)
_SHORTCODE_LONE = re.compile(r"\[/?(?:link|url|caption|embed|img|image|gallery|video|button|file|b|i|u|em|strong|span|quote|size|color|font)(?:[\s=][^\]\n]*)?\]", re.IGNORECASE)
_FORMAT_TAGS = re.compile(
    r"</?(?:p|br|div|span|strong|b|i|em|u|a|font|ul|ol|li|h[1-6]|img|table|tbody|thead|tr|td|th|sup|sub|small|section|article|blockquote)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_CAPTION_PAIR = re.compile(r"\[caption(?:\s[^\]\n]*)?\](.*?)\[/caption\]", re.IGNORECASE | re.DOTALL)
_BREADCRUMB = re.compile(r"^[^>»›\n]{1,40}(?:\s[>»›]\s[^>»›\n]{1,40}){2,}$")
_BREADCRUMB_MARK = re.compile(r"[>»›]")  # a quick look: a breadcrumb has these between its parts
_CAPTION = re.compile(r"^\s*(\S{2,80}?)\s*\[\d{2,5}\s*[x×]\s*\d{2,5}\]\s*")
_FILE_LINE = re.compile(r"^\s*(?:File|Fichier|Datei|Image|Archivo|File)\s*:\s*\S.*\.(?:svg|png|jpe?g|gif|webp)\s*$", re.IGNORECASE)
#: lines of a web page's chrome copied along with the profile ("Share this page", "© Efus 2017", "Back to top")
_CHROME = re.compile(
    r"^(?:share(?: this(?: page| article| profile)?| on \w+)?|print(?: this page)?|tweet|e-?mail|back to top|top of page|"
    r"read more|next|previous|contact(?: us)?|facebook|twitter|linkedin|instagram|youtube|whatsapp|x \(twitter\)|"
    r"follow us(?: on \w+)?|suivez-nous(?: sur \w+)?|legal notice|legal information|privacy policy|cookie policy|sitemap|site map|"
    r"mentions l[ée]gales|imprimer(?: cette page)?|partager(?: cette page| sur \w+)?|retour(?: en haut)?|haut de page|lire la suite|"
    r"skip to (?:main )?content|log ?in|sign in|search|rechercher|menu|accept(?: all)?(?: cookies)?|"
    r"page \d+ (?:of|sur) \d+|(?:tags?|keywords?|mots[- ]cl[ée]s)\s*:.*|back to (?:the )?(?:list|members|profiles|top).*|"
    r"retour [àa] la liste.*|download (?:the )?(?:profile|page|pdf).*|t[ée]l[ée]charger (?:la )?(?:fiche|page).*|"
    r"©.*|\(c\) ?(?:1[89]|20)\d\d.*|copyright\b.*|all rights reserved.*|tous droits r[ée]serv[ée]s.*|"
    r"(?:last )?updated(?: on)?:? .{0,30}|published(?: on)?:? \d.{0,30}|mis [àa] jour(?: le)?:? .{0,30}|publi[ée] le .{0,30}|"
    r"(?:photo|cr[ée]dits? photos?|photo credits?)\s*:.*)$",
    re.IGNORECASE,
)
#: chrome lines after which the rest of a block is page furniture ("Contact" then a name)
_TRAILER_CHROME = re.compile(r"^(?:share|contact|partager|follow us|suivez-nous|print|imprimer)\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•·▪●○◦►▸‣∙*]|[-–—]+(?=\s)|\d{1,2}[.)](?=\s+\D))\s*")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
#: what SPACES changes: a space other than " ", or two in a row (most lines have neither)
_ODD_SPACES = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]|[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]{2}")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
_ENTITY = re.compile(r"&(?:nbsp|amp|quot|apos|lt|gt|rsquo|lsquo|ldquo|rdquo|ndash|mdash|hellip|eacute|egrave|agrave|ccedil|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
_WORD_CHAR = re.compile(r"\w")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_STRONG = re.compile(r"\*\*|__")
_MD_EMPHASIS = re.compile(r"\*(\S(?:.*\S)?)\*")


@dataclass(frozen=True)
class Line:
    text: str
    bullet: bool = False
    #: after a "Contact" / "Share" line of the web page: what follows is page furniture, unless dated
    trailer: bool = False


@dataclass(frozen=True)
class Normalised:
    lines: tuple[Line, ...]
    captions: tuple[str, ...]
    file_lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def normalise(text: str) -> Normalised:
    """Clean raw profile text into lines: shortcodes keep their text, captions and markup go.

    ``normalise('[link url="1"]Goal[/link]').lines[0].text == "Goal"``
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CTRL.sub("", text)
    captions: list[str] = []

    def caption(m: re.Match[str]) -> str:
        captions.append(SPACES.sub(" ", m.group(1)).strip())
        return "\n"

    text = _CAPTION_PAIR.sub(caption, text)  # an image's caption is not profile text
    for _ in range(3):
        new = _SHORTCODE_PAIR.sub(lambda m: m.group(2), text)
        if new == text:
            break
        text = new
    text = _SHORTCODE_LONE.sub("", text)
    text = _FORMAT_TAGS.sub(" ", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: htmllib.unescape(m.group(0)), text)
    lines: list[Line] = []
    files: list[str] = []
    trailer = False
    for raw in text.split("\n"):
        line = (SPACES.sub(" ", raw) if _ODD_SPACES.search(raw) else raw).strip()
        if not line:
            continue
        if "*" in line or "#" in line or "__" in line:
            line = _markdown(line)
        if (_BREADCRUMB_MARK.search(line) and _BREADCRUMB.match(line)) or (len(line) < 120 and all(_CHROME.match(x.strip()) for x in line.split(" | "))):
            trailer = trailer or bool(_TRAILER_CHROME.match(line))
            continue  # "Home > Members > Greystone", "Share this page"
        if trailer and (section_of(line) or BLOCK_RE.match(heading_key(line))):
            trailer = False
        if _FILE_LINE.match(line):
            files.append(line)
            continue
        m = _CAPTION.match(line)
        if m:
            captions.append(m.group(1))
            line = line[m.end():].strip()
            if not line:
                continue
        bullet = False
        m = _BULLET.match(line)
        if m and m.end() < len(line):
            bullet = True
            line = line[m.end():].strip()
        elif m:
            continue  # a bullet with nothing after it
        if not _WORD_CHAR.search(line):
            continue
        lines.append(Line(line, bullet, trailer))
    return Normalised(tuple(_join_wrapped(lines)), tuple(captions), tuple(files))


def _markdown(line: str) -> str:
    """A line without Markdown heading marks and emphasis: "## 1. General information", "**Population:** 45 000"."""
    line = _MD_HEADING.sub("", line)
    line = _MD_STRONG.sub("", line).strip()
    m = _MD_EMPHASIS.fullmatch(line)  # "*Member since 2001*"
    return m.group(1) if m else line


_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_LABEL_BROKEN_AFTER = re.compile(r"(?i)\b(?:executive|exécutif|member of the|membre du)$")
_LABEL_BROKEN_BEFORE = re.compile(r"(?i)(?:committee|comité|comite|bureau|board)\b")
_DATE_FIRST = re.compile(r"\d{1,2}(?:st|nd|rd|th|er)?\b.*(?:1[89]|20)\d\d|(?:1[89]|20)\d\d\.?$")
_PLACE_DATE_LINE = re.compile(r"^[A-ZÀ-Ý][\w'’.\- ]{1,40},\s*(?:\d{1,2}(?:st|nd|rd|th|er)?\b[^,]*|[A-Za-zÀ-ÿ]+\s+)?(?:1[89]|20)\d\d\.?$")


def _unclosed_quote(text: str) -> bool:
    """A quote mark is left open: “…, «…, or a German „… (which “ closes).

    ``_unclosed_quote("„Sichere Innenstädte“ – Fachtagung, 2013") is False``
    """
    german = text.count("„")
    german_closed = min(german, text.count("“"))
    opened = text.count("“") - german_closed + german + text.count("«")
    return opened > text.count("”") + text.count("»") + german_closed


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """Rejoin a line broken inside a quoted title ("• Training “Justice for" + "Minors”, Paris, 2008") or
    before its date ("• Conference, Barcelona," + "12 November 2006")."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and not line.bullet and len(prev.text) < 200 and not section_of(line.text) and (
                (_unclosed_quote(prev.text) and ("”" in line.text or "»" in line.text
                                                  or ("„" in prev.text and "“" in line.text)))
                # "Member of the Executive" + "Committee since 2008": a label broken in two
                or (_LABEL_BROKEN_AFTER.search(prev.text) and _LABEL_BROKEN_BEFORE.match(line.text))
                # "• Conference, Barcelona," + "12 November 2006": an event broken before its date
                or (prev.text.endswith(",") and not _YEAR.search(prev.text)
                    and _DATE_FIRST.match(line.text) and len(line.text) < 60)
                # "• Training on CCTV" + "Paris, 12 March 2008": a list item whose place and date went to a new line
                or (prev.bullet and not prev.text.endswith((":", ".")) and not _YEAR.search(prev.text)
                    and len(line.text) < 60 and _PLACE_DATE_LINE.match(line.text))):
            out[-1] = Line(prev.text + " " + line.text, prev.bullet, prev.trailer)
        else:
            out.append(line)
    return out
