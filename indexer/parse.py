"""Text → :class:`Profile`. Pure functions: no file access, no index, no Flask.

The parser recognises the parts of a profile by meaning, not by exact wording: headings with or
without numbers and colons, English and French labels, network blocks named by acronym or in
words, bulleted or bare event lists, captions and CMS shortcodes.
"""

from __future__ import annotations

import html as htmllib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from . import values as V
from .errors import ParseError
from .models import (
    FURTHER,
    Block,
    GENERAL,
    NETWORK,
    PROJECTS,
    Event,
    Membership,
    Profile,
    Quote,
    Role,
    Section,
    Source,
    Twin,
)

PARSER_VERSION = 4
NATIONAL = "\x00national"  # a "National Forum" block whose acronym depends on the country

# ---------------------------------------------------------------------------------------------
# normalisation

_SHORTCODE_PAIR = re.compile(r"\[(\w+)(?:\s[^\]\n]*)?\](.*?)\[/\1\]", re.DOTALL)
_SHORTCODE_LONE = re.compile(r"\[/?(?:link|url|caption|embed|img|image|gallery|video|button|file|b|i|u|em|strong|span|quote|size|color|font)(?:[\s=][^\]\n]*)?\]", re.IGNORECASE)
_FORMAT_TAGS = re.compile(
    r"</?(?:p|br|div|span|strong|b|i|em|u|a|font|ul|ol|li|h[1-6]|img|table|tbody|thead|tr|td|th|sup|sub|small|section|article|blockquote)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_CAPTION_PAIR = re.compile(r"\[caption(?:\s[^\]\n]*)?\](.*?)\[/caption\]", re.IGNORECASE | re.DOTALL)
_BREADCRUMB = re.compile(r"^[^>»›\n]{1,40}(?:\s[>»›]\s[^>»›\n]{1,40}){2,}$")
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
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")


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
        captions.append(_SPACES.sub(" ", m.group(1)).strip())
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
        text = re.sub(r"&(?:nbsp|amp|quot|apos|lt|gt|rsquo|lsquo|ldquo|rdquo|ndash|mdash|hellip|eacute|egrave|agrave|ccedil|#\d{2,5}|#x[0-9a-fA-F]{2,4});", lambda m: htmllib.unescape(m.group(0)), text)
    lines: list[Line] = []
    files: list[str] = []
    trailer = False
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            continue
        if "*" in line or "#" in line or "__" in line:
            line = _markdown(line)
        if _BREADCRUMB.match(line) or (len(line) < 120 and all(_CHROME.match(x.strip()) for x in line.split(" | "))):
            trailer = trailer or bool(_TRAILER_CHROME.match(line))
            continue  # "Home > Members > Greystone", "Share this page"
        if trailer and (section_of(line) or _BLOCK_RE.match(heading_key(line))):
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
        if not re.search(r"\w", line):
            continue
        lines.append(Line(line, bullet, trailer))
    return Normalised(tuple(_join_wrapped(lines)), tuple(captions), tuple(files))


def _markdown(line: str) -> str:
    """A line without Markdown heading marks and emphasis: "## 1. General information", "**Population:** 45 000"."""
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = re.sub(r"\*\*|__", "", line).strip()
    m = re.fullmatch(r"\*(\S(?:.*\S)?)\*", line)  # "*Member since 2001*"
    return m.group(1) if m else line


_PLACE_DATE_LINE = re.compile(r"^[A-ZÀ-Ý][\w'’.\- ]{1,40},\s*(?:\d{1,2}(?:st|nd|rd|th|er)?\b[^,]*|[A-Za-zÀ-ÿ]+\s+)?(?:1[89]|20)\d\d\.?$")


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """Rejoin a line broken inside a quoted title ("• Training “Justice for" + "Minors”, Paris, 2008") or
    before its date ("• Conference, Barcelona," + "12 November 2006")."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and not line.bullet and len(prev.text) < 200 and not section_of(line.text) and (
                (prev.text.count("“") + prev.text.count("«") > prev.text.count("”") + prev.text.count("»")
                 and ("”" in line.text or "»" in line.text))
                # "Member of the Executive" + "Committee since 2008": a label broken in two
                or (re.search(r"(?i)\b(?:executive|exécutif|member of the|membre du)$", prev.text)
                    and re.match(r"(?i)(?:committee|comité|comite|bureau|board)\b", line.text))
                # "• Conference, Barcelona," + "12 November 2006": an event broken before its date
                or (prev.text.endswith(",") and not re.search(r"(?:1[89]|20)\d\d", prev.text)
                    and re.match(r"\d{1,2}(?:st|nd|rd|th|er)?\b.*(?:1[89]|20)\d\d|(?:1[89]|20)\d\d\.?$", line.text) and len(line.text) < 60)
                # "• Training on CCTV" + "Paris, 12 March 2008": a list item whose place and date went to a new line
                or (prev.bullet and not prev.text.endswith((":", ".")) and not re.search(r"(?:1[89]|20)\d\d", prev.text)
                    and len(line.text) < 60 and _PLACE_DATE_LINE.match(line.text))):
            out[-1] = Line(prev.text + " " + line.text, prev.bullet, prev.trailer)
        else:
            out.append(line)
    return out


# ---------------------------------------------------------------------------------------------
# headings and labels

_NUMBERING = re.compile(r"^\s*(?:(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4}|[A-Da-d])\s*[.)\-–:](?!\d)\s*|\d{1,2}(?:\.\d{1,2})*\s+(?=[A-Za-zÀ-ÿ]))")
_SECTION_PATTERNS = [
    (GENERAL, re.compile(r"^(?:general(?:ities)?(?: informations?| info| data| facts)?(?: (?:about|on|of) the (?:city|town|municipality))?|presentation of the (?:city|town|municipality)|generalites|informations? generales?|donnees generales|overview|presentation(?: de la ville)?|about the (?:city|town)|the (?:city|town) in brief|key facts|informazioni generali|datos generales|allgemeine informationen|informacoes gerais)$")),
    (NETWORK, re.compile(r"^(?:the |la |le |our )?(?:city|town|municipality|local authority|region|ville|commune|collectivite|municipalite)?\s*(?:in|within|and|dans|et)\s+(?:our|the|notre|le|les|nos)\s+(?:networks?|forums?|reseaux?)$|^(?:in the network|network|networks|membership|memberships? (?:in|of|to) (?:our |the )?networks?|memberships|network membership|networks? and memberships?|reseaux?|notre reseau|participation (?:in|to) the networks?|la ville dans le reseau)$")),
    (PROJECTS, re.compile(r"^(?:projects? files?|projects?|best practices?|best practice forms?|fiches?(?: de)? projets?|projets?|bonnes pratiques|fiches? de bonnes pratiques|fiches? pratiques?|practices?)(?:\s*[(\[].*[)\]])?$")),
    (FURTHER, re.compile(r"^(?:further|more|additional|other|complementary) (?:information|info|informations|details)|^(?:pour )?en savoir plus$|^informations? (?:complementaires?|supplementaires?)$|^plus d'informations?$|^autres informations$|^further reading$|^(?:useful )?links$|^ulteriori informazioni$|^mas informacion$|^weitere informationen$")),
]


def heading_key(line: str) -> str:
    """A line reduced for heading matching: numbering, trailing colon and accents gone."""
    t = _NUMBERING.sub("", line.strip())
    t = t.strip().rstrip(":：.").strip()
    t = V.fold(t).replace("’", "'")
    return re.sub(r"\s+", " ", t)


def section_of(line: str) -> str | None:
    """Canonical section a heading line opens, or None: ``section_of("2. The City in our Network:") == "In the network"``."""
    if len(line) > 90:
        return None
    key = heading_key(line)
    for candidate in (key, None):
        if candidate is None:
            candidate = V.correct_words(key)  # "General Infomation", "The city in our netwrok"
            if candidate == key:
                break
        for name, pattern in _SECTION_PATTERNS:
            if pattern.match(candidate):
                return name
    if _CITY_IN.match(key) and len(set(V.network_names(key))) >= 2:
        return NETWORK  # "The city in Efus and the FFSU"
    return None


_CITY_IN = re.compile(r"^(?:the |la |le |our )?(?:city|town|municipality|ville|commune) (?:in|within|and|dans|et) ")


_BLOCK_RE = re.compile(
    r"^(?:the |la |le |l'|our |die |a )?(?:city|town|municipality|municipalite|local authority|region|ville|commune|collectivite|stadt|citta|ciudad|cidade)\s+(?:and|et|und|e|y|in|within|dans)\s+(.+)$"
)


def network_block(line: str, country: str | None) -> str | None:
    """Network whose block a heading line opens: ``network_block("The city and Efus", None) == "Efus"``."""
    if len(line) > 120 or line.rstrip().endswith((".", ";")) and len(line) > 60:
        return None
    key = heading_key(line)
    m = _BLOCK_RE.match(key)
    if m:
        name = V.network_name(line, country) or _unknown_network(line)
        if name is None and re.search(r"\b(national|nationale|nazionale|nacional)\b", key):
            return NATIONAL
        return name
    stripped = key.strip(" ()")
    if len(stripped) <= 70 and not re.search(r"\d", stripped):
        name = V.network_name(line, country)
        outside = V._NETWORK_RE.sub(" ", V.fold(stripped))  # "Le Forum belge pour la prévention et la …"
        if name and (len(stripped.split()) <= 8 or len(outside.split()) <= 3) and not _EVENT_LABEL.match(key):
            # a line that is only a network's name ("Efus", "French Forum for Urban Security (FFSU)")
            rest = re.sub(r"\b(?:membership|adhesion)\s*:?\s*$", "", V.fold(line))  # "Efus membership"
            rest = re.sub(r"^\s*(?:membership (?:of|in|to)|adhesion (?:a|au|a l'))\s", "", rest)  # "Membership of Efus"
            for word in ("member", "membre", "since", "depuis", "participat", "attend", "training", "conference"):
                if word in rest:
                    return None
            return name
    return None


def _unknown_network(line: str) -> str | None:
    """The acronym of a forum the network does not list: "the Dutch Forum (DFUS)" → "DFUS"."""
    if not re.search(r"\b(?:forum|foro|forums|network|reseau|netzwerk|rete|red)\b", V.fold(line)):
        return None  # "The town and its young people (CLSPD)" names no network
    m = re.search(r"\(([A-Z][A-Za-z\-]{2,9})\)", line)
    return m.group(1) if m else None


_LABELS: dict[str, tuple[str, ...]] = {
    "population": ("population", "pop", "inhabitants", "habitants", "nombre d'habitants", "number of inhabitants",
                   "einwohner", "einwohnerzahl", "abitanti", "poblacion", "populacao", "residents", "habitantes",
                   "inwoners", "bevolking", "popolazione"),
    "location": ("location", "localisation", "situation", "country", "pays", "situation geographique",
                 "geographical location", "lage", "localizzazione", "ubicacion", "localizacao", "land", "region",
                 "regione", "paese", "pais", "provincia", "province", "bundesland", "staat", "department", "departement",
                 "county", "comarca", "distrito"),
    "website": ("official website", "official web site", "website", "web site", "site officiel", "site internet",
                "site web", "homepage", "internet", "web", "official site", "site"),
    "safety_contract": ("safety contract", "security contract", "local security contract", "local safety contract",
                        "contrat de securite", "contrat local de securite", "contrat de securite et de prevention",
                        "safety and security contract", "crime prevention contract", "security plan",
                        "local security plan", "contrat"),
    "mayor": ("mayor", "maire", "lord mayor", "bourgmestre", "burgermeister", "oberburgermeister", "sindaco",
              "alcalde", "alcaldesa", "presidente da camara", "mayoress", "burgemeester", "le maire", "the mayor"),
    "twinned_with": ("twinned with", "twin towns", "twin cities", "twin town", "twinning", "twinnings",
                     "sister cities", "sister city", "partner cities", "partner towns", "jumelee avec",
                     "jumelages", "jumelage", "jumelee a", "villes jumelles", "villes jumelees",
                     "partnerstadte", "gemellata con", "gemellaggi", "hermanada con", "twinned", "twin-towns"),
}
_LABEL_LOOKUP = {alias: field for field, aliases in _LABELS.items() for alias in aliases}
_LABEL_RE = re.compile(
    r"^(" + "|".join(re.escape(a) for a in sorted(_LABEL_LOOKUP, key=len, reverse=True)) + r")(?:\b|(?<=\bpop)\.)\s*(\([^)]{0,40}\))?\s*(?:[:：]|\s[-–]\s|(?=\s*\d))\s*(.*)$"
)
_NO_COLON_LABELS = re.compile(r"^(twinned with|jumelee avec|gemellata con|hermanada con)\s+(.+)$")


def label_of(line: str) -> tuple[str, str, str] | None:
    """(field, label as written, value) for a fact line: ``label_of("Population: 38,495")[0] == "population"``."""
    folded = V.fold_same_length(line).replace("’", "'")
    m = _LABEL_RE.match(folded)
    if m:
        fieldname = _LABEL_LOOKUP[m.group(1)]
        value = line[m.start(3):].strip()
        label = line[: m.end(1)]
        if fieldname == "population" and m.group(2):
            value = (m.group(2) + " " + value).strip()
        # "Population growth is strong: ..." is prose, not a label: labels are short
        between = folded[m.end(1): m.start(3)]
        if ":" not in between and "：" not in between and fieldname != "population":
            if not re.match(r"\s*[-–]\s", between):
                return None
        if fieldname == "population" and not re.search(r"\d", value) and value:
            if ":" not in between:
                return None
        return fieldname, label, value
    m = _NO_COLON_LABELS.match(folded)
    if m:
        return "twinned_with", line[: m.end(1)], line[m.start(2):].strip()
    bare = folded.strip().rstrip(".")
    if bare in _LABEL_LOOKUP and bare not in _AMBIGUOUS_BARE:
        return _LABEL_LOOKUP[bare], line.strip(), ""  # "Population" alone, its value on the next line
    return _misspelled_label(line)


#: label words that alone on a line are more likely a sub-heading than a label
_AMBIGUOUS_BARE = frozenset({"situation", "region", "land", "site", "internet", "web", "contrat", "residents",
                             "inhabitants", "habitants", "country", "pays", "regione", "paese", "pais", "provincia",
                             "province", "bundesland", "staat", "department", "departement", "county", "comarca",
                             "distrito", "habitantes", "inwoners", "bevolking", "popolazione"})


def _misspelled_label(line: str) -> tuple[str, str, str] | None:
    """A "Label: value" line whose label is a near-miss of a known one ("Populaton: 52 300")."""
    label, colon, value = line.partition(":")
    if not colon or len(label) > 40:
        return None
    key = re.sub(r"\s+", " ", V.fold(label).replace("’", "'")).strip()
    fixed = V.correct_words(key)
    if fixed == key or fixed not in _LABEL_LOOKUP:
        return None
    return _LABEL_LOOKUP[fixed], label.strip(), value.strip()


_MEMBER = re.compile(r"\b(member since|membre depuis|member from|members? since|membership since|adhesion|adherent depuis|adherente depuis|joined|mitglied seit|socio dal|miembro desde|membro desde|member\s*:|membre\s*:|member in|membre en)\b")
_MEMBER_LOOSE = re.compile(r"\b(member|membre|membership|mitglied|socio|miembro|membro)\b")
_EXEC = re.compile(r"(ex[ec]{1,2}u?t?i?\w*\.?\s+(?:committee|comittee|commitee|comite|board|bureau|council)|comite\s+(?:ex\w*|directeur)|executive(?!\s+(?:director|directeur|secretar|officer|summary|manager|assistant))|exekutiv\w*|vorstand|comitato esecutivo|comite ejecutivo|comissao executiva|executif)")
_ROLE = re.compile(r"\b(presiden\w*|presidence|vice[- ]?presid\w*|chair\w*|co-chair\w*|treasur\w*|tresor\w*|secretar\w*|secretaire\w*|board member|member of the board|bureau|conseil d'administration|board of directors|spokes\w*|porte-parole|administrat\w*|vorsitz\w*|vicepresiden\w*)")
_EVENT_LABEL = re.compile(
    r"^(?:(?:has |have )?(?:participated|participates|took part|takes part|taken part|attended|attends|hosted|hosts|has hosted|organi[sz]ed|co-organi[sz]ed|contributed|involved|involvement)(?: (?:in|to|at|the following))?(?: (?:events?|activities|trainings?|projects?))?|participations?(?: (?:in|to|a|aux?))?|(?:a |ont )?(?:participe|accueilli|organise)(?: (?:a|aux?|en))?|accueil|events?|activities|activites|evenements|manifestations|trainings?|formations?|conferences?|projects?(?: and activities)?|projets?|missions?|studies|etudes|working groups?|groupes? de travail|general assemblies|assemblees generales|lunch-debates?)\s*:?\s*(.*)$"
)

EVENT_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("general_assembly", re.compile(r"\b(general assembl\w*|assemblee generale|assemblees generales|assemblea generale|asamblea general|mitgliederversammlung|annual general meeting|\bAGM\b)")),
    ("lunch_debate", re.compile(r"\b(lunch[- ]debates?|dejeuners?[- ]debats?|breakfast[- ]debates?|petit[- ]dejeuner)")),
    ("working_group", re.compile(r"\b(working groups?|work groups?|workgroups?|groupes? de travail|arbeitsgruppe\w*|gruppo di lavoro|grupo de trabajo|task force|commission)")),
    ("training", re.compile(r"\b(training\w*|formations?|courses?|summer school|e-learning|webinar\w*|masterclass\w*|workshops?|ateliers?)")),
    ("conference", re.compile(r"\b(conferences?|colloques?|colloquium|congress\w*|congres|symposium|seminars?|seminaires?|forum|rencontres?|convention|summit|sommet|biennale|lecture|tagung|konferenz|convegno|jornadas?)")),
    ("mission", re.compile(r"\b(missions?|advice and assistance|support mission|accompagnement|expertise|peer review|audit)")),
    ("study", re.compile(r"\b(stud(?:y|ies)|etudes?|survey|research|enquete|publication|report|guide|diagnos\w*|evaluation)")),
    ("project", re.compile(r"\b(projects?|projets?|programmes?|programs?|scholarship|campaign|campagne|network of|initiative)")),
    ("meeting", re.compile(r"\b(meetings?|reunions?|visits?|visite|exchanges?|echanges?|committee|comite|jury|delegation)")),
)


def event_kind(text: str) -> str:
    """Kind of an event line, from the earliest keyword outside quoted titles.

    ``event_kind("Training session “Justice for Minors”, Paris, 24-25 April 2008") == "training"``
    """
    for scope in (V._outside_quotes(text), text):
        folded = V.fold_same_length(scope)
        best: tuple[int, str] | None = None
        for kind, pattern in EVENT_KEYWORDS:
            m = pattern.search(folded)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), kind)
        if best:
            return best[1]
    return "other"


_PLACE_SEGMENT = re.compile(r"^(?:in |a |en |at )?([A-ZÀ-Ý][\w'’.\-]*(?:[ \-](?:[A-ZÀ-Ý][\w'’.\-]*|sur|sous|les|le|la|de|du|des|en|am|an|der|di|del|upon|on|le|am|im))*)$")
_STOPPLACE = {"ffsu", "efus", "defus", "fisu", "fesu", "fbpsu", "fpsu", "the", "general assembly"}


def event_place(text: str) -> str | None:
    """Place of an event line: ``event_place("General Assembly, Naples, Italy, 7 December 2000") == "Naples, Italy"``."""
    scope = V._outside_quotes(text)
    dates = V.find_dates(scope)
    tail_start = dates[-1].end if dates else len(scope)
    m = re.search(r"\b(?:in|a|à|en)\s+([A-ZÀ-Ý][\w'’\-]+(?:[ \-][A-ZÀ-Ý][\w'’\-]+)*)", scope[tail_start:])
    if m and not V.country_name(m.group(1)):
        return m.group(1)
    m = re.fullmatch(r"\s*[,–-]\s*(?:in |à )?(" + NAME + r")\s*\.?\s*", scope[tail_start:]) if dates else None
    if m and not V.country_name(m.group(1)) and not V.network_name(m.group(1)):
        return m.group(1)  # "Rencontre, 15-16 mai 2012, Lyon"
    head = scope[: dates[0].start] if dates else scope
    segments = [s.strip(" .;:()") for s in re.split(r",|;|\s[–-]\s", head)]
    places: list[str] = []
    for i, seg in enumerate(segments):
        if i == 0 or not seg or len(seg) > 40:
            continue
        if re.search(r"\d", seg) or V.fold(seg) in _STOPPLACE or V.network_name(seg):
            continue
        if event_kind(seg) != "other" and not V.country_name(seg):
            continue
        pm = _PLACE_SEGMENT.match(seg)
        if not pm:
            continue
        if V.fold(seg) in V.COUNTRIES:
            if places:
                places.append(seg)  # "Naples, Italy"
            continue
        if places:
            break
        places.append(pm.group(1))
    return ", ".join(places) if places else None


# ---------------------------------------------------------------------------------------------
# city name

#: a place name: capitalised words, joined by the small words of place names ("Lorfen del Monte")
NAME = (r"(?:'s-|(?:St|Ste|Sts|Mt)\. ?)?[A-ZÀ-ÝŒ](?:[\w'’\-]+|(?= [A-ZÀ-Ý]))(?:[ \-](?:(?:sur|sous|les|lès|lez|le|la|de|du|del|della|dei|"
        r"des|en|am|an|der|di|upon|on|im|op|aan|den|y|and|vor|bei|zum|zur|sul|al|nel|da|do|dos|das|dei|delle|degli|"
        r"los|las|sobre|ob|unter)[ \-]|(?:nell|dell|sull|d|l)['’])*"
        r"[A-ZÀ-ÝŒ][\w'’\-]+){0,5}")

_FIRST_SENTENCE = re.compile(
    # an optional leading clause ("Located on the Somme, ", "With 133,000 inhabitants, ")
    r"^(?i:(?:[^,\n]|,(?=\d)){3,80}?, )?(?i:(?:the )?(?:city|town|municipality|commune|ville|municipalite|(?:london |royal |metropolitan |county )?borough) of |la (?:ville|commune) de |(?:il |el |o |a )?(?:comune|citta|città|ciudad|ayuntamiento|municipio|município|cidade|camara municipal|câmara municipal) (?:di |de |do |da )|die stadt )?"
    rf"({NAME})"
    # an optional bracket or apposition ("Amiens, capital of Picardy, is", "X – the capital – is")
    r"(?:\s*\([^)]{1,60}\))?(?:\s*,\s*(?:[^,\n]|,(?=\d)){3,80}?,|\s+[–—-]\s+[^–—\n]{3,80}?\s+[–—-])?"
    r"\s*,?\s+(?i:is|was|has|lies|stands|counts|covers|became|remains|boasts|offers|hosts|enjoys|combines|belongs|"
    r"borders|sits|attracts|includes|forms|est|a|se situe|se trouve|compte|ist|liegt|e|è|es|fica|constitue|devient|reste|"
    r"accueille|occupe|regroupe|dispose|s'etend|s’étend|beneficie|bénéficie|possede|possède|abrite|jouit|appartient|"
    r"fait partie|borde|domine)\b"
)
#: the same without a leading clause, for "Brenton, France, is…" where the clause would take the town
_FIRST_SENTENCE_PLAIN = re.compile(_FIRST_SENTENCE.pattern.replace("(?i:(?:[^,\\n]|,(?=\\d)){3,80}?, )?", "", 1))
#: "Brenton’s port is…": a possessive town name opening the text
_POSSESSIVE = re.compile(r"^([A-ZÀ-Ý][\w\-]+(?:[ \-][A-ZÀ-Ý][\w\-]+){0,3})['’]s\s")
#: "Ville de Mérignac, commune de …": a profile opening on the town's name and an apposition
_TOWN_OF = re.compile(rf"^(?i:ville|commune|city|town|municipality|municipalite|comune|citta|città|ciudad|cidade|stadt) (?i:de |d['’]|of |di |do |da )?({NAME})\s*[,.:;(–—-]")
#: "Bexley City Council", "Loures Municipality": the town without its institution
_INSTITUTION = re.compile(r"\s+(?:(?:city|town|borough|county|district|municipal|metropolitan borough) council|council|city hall|town hall|municipality|municipal council|city administration)$", re.IGNORECASE)
_WELCOME = re.compile(rf"^(?i:welcome to|bienvenue (?:a|à)) ({NAME})\s*[!.]?$")
_NOT_A_CITY = {"it", "this", "the", "there", "its", "city", "town", "located", "situated", "capital", "ce", "cette", "elle", "il", "la", "le", "with", "since", "in", "population", "our", "municipality", "commune", "ville"}
_MAYOR_OF = re.compile(r"\b(?:Deputy |Lord |Vice-|First Deputy |Assistant )?(?:Mayor|Maire(?: adjoint)?|Adjointe? au [Mm]aire|Bürgermeister(?:in)?|Sindaco|Alcalde(?:sa)?|Burgemeester|Bourgmestre|Échevin|Councillor)\s+(?:of|de|d’|d'|von|di|del|de la|van)\s*" + f"({NAME})")
_BLASON = re.compile(r"(?:Blason|Coat[ _]of[ _]arms|Wappen|Stemma|Escudo|Armoiries|Logo|Flag|Drapeau)[ _](?:(?:de[ _]la[ _])?ville[ _]|city[ _]|commune[ _])?(?:(?:fr|de|it|es|be|pt|nl|lu|uk|en)[ _])?(.+?)(?:[ _]\(.*?\))?(?:[ _]\d+)?\.(?:svg|png|jpe?g|gif|webp)", re.IGNORECASE)


_GENERIC_TITLES = re.compile(
    r"^(efus|home|accueil|members?|member cities|city profiles?|profiles?|fiche ville|fiches villes|our members|"
    r"(?:nos |les )?(?:membres|villes membres|villes)|mitglieder|mitgliedsst[aä]dte|membri|soci|citt[aà] associate|"
    r"miembros|socios|membros|(?:our )?(?:network|cities|news)|actualit[ée]s|le r[ée]seau|"
    r"european forum for urban security|forum europ[ée]en pour la s[ée]curit[ée] urbaine|untitled|page)$",
    re.IGNORECASE,
)
_TITLE_AFFIX = re.compile(
    r"^(?:profile of(?: the (?:city|town|municipality) of)?|city profile|profile|fiche ville|fiche|ville de|ville d['’]|commune de|commune d['’]|(?:the )?city of|(?:the )?town of|"
    r"(?:the )?municipality of|(?:the )?(?:london )?borough of|profil de (?:la )?ville|profil|"
    r"citt[aà] di|comune di|ciudad de|ayuntamiento de|cidade de|c[aâ]mara municipal de|munic[ií]pio de|stadt|gemeente|"
    r"welcome to|bienvenue [aà]|member cities|members?)\b\s*[:\-–]?\s*"
    r"|\s*[:\-–]?\s*\b(?:city profile|profile|fiche ville)$",
    re.IGNORECASE,
)
_LOWER_JOINERS = {"sur", "sous", "les", "lès", "le", "la", "de", "du", "des", "en", "am", "an", "der", "di", "del",
                  "upon", "on", "im", "aux", "au", "sul", "al", "nel", "della", "dei", "delle", "degli", "da", "do",
                  "dos", "das", "los", "las", "y", "ob", "bei", "unter", "sobre"}


def is_generic_title(raw: str) -> bool:
    """A page heading that names the site or the page kind, not a town: ``is_generic_title("City profiles")``."""
    return bool(_GENERIC_TITLES.match(raw.strip(" :|–-")))


def city_in_title(raw: str) -> str | None:
    """The city named by a page title, heading or title line, without site names and affixes.

    ``city_in_title("City profile: Saint-Denis, France | Efus") == "Saint-Denis"``
    """
    for part in re.split(r"\s+[|–—:»·-]\s+|\s*\|\s*|(?<=[a-z]):\s+", raw.strip()):
        part = _TITLE_AFFIX.sub("", part.strip()).strip(" -–|:")
        part = re.sub(r"\s*\([^)]*\)\s*$", "", part)  # "Tarnow (Poland)"
        part = _INSTITUTION.sub("", part)  # "Bexley City Council"
        head, comma, tail = part.rpartition(",")
        if comma and head.strip() and V.country_name(tail) and len(tail.split()) <= 3:
            part = head.strip()  # "Tarnow, Poland"
        if part.isupper() and len(part) > 3:
            part = _title_case(part)  # "LA SEYNE-SUR-MER"
        if V.fold(part) in V._NETWORK_ALIASES or re.fullmatch(r"(?i)(?:the |le |il |el |o )?\S+ forum .{0,60}|forum .{0,60}", part):
            continue  # "FFSU", "French Forum for Urban Security": the site, not the town
        if 2 <= len(part) <= 60 and not _GENERIC_TITLES.match(part) and not section_of(part):
            return part
    return None


def _title_case(name: str) -> str:
    words = re.split(r"([ \-])", name.lower())
    out = [w if (n and w in _LOWER_JOINERS) else w[:1].upper() + w[1:] for n, w in enumerate(words)]
    return "".join(out)


@dataclass
class _CityVotes:
    found: list[tuple[str, str]] = field(default_factory=list)  # (name, source)

    def add(self, name: str | None, source: str) -> None:
        if not name:
            return
        name = name.strip(" .,;:-–\"“”")
        name = name.rstrip("’'") if name.startswith(("'s-", "’s-")) else name.strip("’'")
        name = re.sub(r"\s+", " ", name)
        name = _INSTITUTION.sub("", name)
        if not name or V.fold(name) in _NOT_A_CITY or len(name) > 60 or len(name) < 2:
            return
        if V.country_name(name) and V.fold(name) in V.COUNTRIES:
            return
        if V.network_name(name) and V.fold(name) in ("efus", "ffsu", "defus", "fisu", "fesu"):
            return
        self.found.append((name, source))

    def best(self) -> tuple[str, str] | None:
        """The name most sources agree on; ties go to the title, then the text, then the file name."""
        if not self.found:
            return None
        counts = Counter(V.slugify(name) for name, _ in self.found)
        order = {"title": 0, "text": 1, "filename": 2}
        _, (name, source) = min(
            enumerate(self.found),
            key=lambda it: (-counts[V.slugify(it[1][0])], order[it[1][1]], it[0]),
        )
        # the text's spelling (capitals, accents) beats the file name's
        for cand, src in self.found:
            if V.slugify(cand) == V.slugify(name) and src != "filename":
                return cand, src
        return name, source


def _city_from_filename(path: str | None) -> str | None:
    if not path:
        return None
    stem = PurePath(path).stem
    stem = re.sub(r"^[\d_\- .]+(?=[A-Za-zÀ-ÿ])", "", stem)
    stem = re.sub(r"(?i)^(?:profile|city|fiche|ville)[-_ ]+|[-_ ]+(?:profile|city|en|fr|efus)$", "", stem)
    stem = re.sub(r"[_]+", " ", stem).strip(" -")
    if not stem or not re.search(r"[A-Za-zÀ-ÿ]", stem):
        return None
    if stem.islower():
        stem = "-".join(w[:1].upper() + w[1:] for w in stem.split("-"))
        stem = " ".join(w[:1].upper() + w[1:] for w in stem.split(" "))
    return stem


# ---------------------------------------------------------------------------------------------
# language

_FR_WORDS = {"le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "dans", "pour", "sur", "au", "aux",
             "avec", "par", "qui", "que", "ville", "depuis", "membre", "ses", "son", "sa", "en", "ont", "sont", "été"}
_EN_WORDS = {"the", "and", "of", "to", "in", "is", "a", "for", "on", "with", "by", "city", "since", "member",
             "its", "has", "are", "was", "which", "town", "from", "as", "at", "this", "that"}


def detect_lang(text: str) -> str:
    """"fr" or "en" from function-word counts: ``detect_lang("La ville est membre depuis 2000") == "fr"``."""
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", text.lower())
    fr = sum(1 for w in words if w in _FR_WORDS)
    en = sum(1 for w in words if w in _EN_WORDS)
    return "fr" if fr > en * 1.2 else "en"


# ---------------------------------------------------------------------------------------------
# the parse


@dataclass
class _MembershipDraft:
    network: str
    member_since: int | None = None
    executive_committee_since: int | None = None
    roles: list[Role] = field(default_factory=list)


@dataclass
class _State:
    section: str = GENERAL
    section_heading: str = ""
    heading: str | None = None
    network: str | None = None
    label: str | None = None  # last fact label seen in General information
    fresh_heading: bool = False  # a sub-heading was just seen, with no content under it yet
    explicit_sections: int = 0


_QUOTE_OPEN = ("“", '"', "«", "„", "‘‘", "‟")
#: "“Security, Democracy and Cities”, Saragossa, 2010": an event whose title is quoted, not a quote
_TITLE_THEN_DATE = re.compile(r"[”\"»]\s*,\s*[^”\"»“«]{0,80}\b(?:1[89]|20)\d\d\s*\)?\s*\.?\s*$")
_QUOTE_CLOSE = re.compile(r"[”\"»“]\s*[.,]?\s*$")
_ATTRIBUTION = re.compile(r"^(?:[—–-]\s*)?([A-ZÀ-Ý][\w’'.\-]+(?:\s+(?:[A-ZÀ-Ý][\w’'.\-]+|de|van|von|di|da|del|der|le|la)){0,4})\s*,\s*(.+)$")


def parse_profile(text: str, *, path: str | None = None, title: str | None = None,
                  source_hash: str | None = None) -> Profile:
    """Parse one profile's text. Raises :class:`ParseError` only when there is no text at all.

    ``parse_profile(open("corpus/amiens.txt").read(), path="amiens.txt").city == "Amiens"``
    """
    title = _SPACES.sub(" ", title or "").strip() or None
    norm = normalise(text)
    if not norm.lines:
        raise ParseError("the file holds no text that could be a profile")
    lines = list(norm.lines)
    warnings: list[str] = []

    # pass 1: facts that later decisions depend on (country decides "the National Forum")
    facts: dict[str, str] = {}
    for i, line in enumerate(lines):
        lab = label_of(line.text)
        if lab and lab[0] == "location" and facts.get("location") and not V.country_name(facts["location"]):
            value = lab[2] or "\n".join(x.text for x in lines[i + 1: i + 1 + _value_lines(lines, i + 1, lab[0])])
            if V.country_name(value):  # "Region: Lombardy" then "Country: Italy"
                facts["location_region"] = facts["location"]
                facts["location"] = value
        elif (lab and lab[0] == "location" and facts.get("location") and lab[2] and not V.country_name(lab[2])
              and not facts.get("location_region") and len(lab[2]) < 40 and "." not in lab[2]):
            facts["location_region"] = lab[2]  # "Country: Italy" then "Region: Lombardy"
        elif lab and not facts.get(lab[0]):  # the first label with a value wins
            value = lab[2]
            if not value:
                value = "\n".join(x.text for x in lines[i + 1: i + 1 + _value_lines(lines, i + 1, lab[0])])
            facts[lab[0]] = value
    country, region = (None, None)
    if facts.get("location"):
        country, region = V.split_location(facts["location"])
        region = region or _clean_value(facts.get("location_region"))
    lang = detect_lang(norm.text)

    blocks: list[Block] = []
    sections: list[tuple[str, str, list[str]]] = []
    memberships: dict[str, _MembershipDraft] = {}
    events: list[Event] = []
    quotes: list[Quote] = []
    state = _State()
    i = 0

    def add_block(kind: str, text_: str, years: tuple[int, ...], network: str | None = None,
                  heading: str | None = None) -> None:
        blocks.append(Block(state.section, heading if heading is not None else state.heading,
                            network, kind, years, text_))
        if not sections or sections[-1][0] != state.section:
            sections.append((state.section, state.section_heading, []))
        sections[-1][2].append(text_)

    def membership(net: str) -> _MembershipDraft:
        if net not in memberships:
            memberships[net] = _MembershipDraft(net)
        return memberships[net]

    while i < len(lines):
        line = lines[i]
        t = line.text
        i += 1

        # main section headings
        sec = section_of(t) if not line.bullet or len(t) < 40 else None
        if sec:
            state.section, state.section_heading = sec, t
            state.heading, state.network, state.label = None, None, None
            state.explicit_sections += 1
            if not sections or sections[-1][0] != sec:
                sections.append((sec, t, []))
            continue

        # network blocks ("The city and Efus")
        net = network_block(t, country) if not line.bullet else None
        if net and state.section in (FURTHER, PROJECTS) and not _BLOCK_RE.match(heading_key(t)):
            net = None  # "DEFUS e.V." in Further information names a partner, it opens no block
        if net:
            if state.section != NETWORK:
                state.section, state.section_heading = NETWORK, ""
            state.network, state.heading, state.label = net, t, None
            membership(net)
            split = re.search(r":|\s[–—-]\s|\((?=[^)]*(?:1[89]|20)\d\d[^)]*\)\s*$)", t)
            if split and re.search(r"(?:1[89]|20)\d\d", t[split.end():]):
                # "The city and Efus: member since 2003", "… – member since 2003", "The city and the FFSU (since 2000)"
                lines.insert(i, Line(t[split.end():].strip().rstrip(")").strip()))
                state.heading = t[: split.start()].strip()
            continue

        # a network section whose first block has no heading: the profile's own network, Efus
        if state.section == NETWORK and state.network is None and not t.startswith(_QUOTE_OPEN):
            folded = V.fold(t).replace("’", "'")
            membership_line = (_MEMBER.search(folded) or _EXEC.search(folded)) and re.search(r"(?:1[89]|20)\d\d", t)
            if membership_line or (_EVENT_LABEL.match(folded) and len(t) < 40):
                named = V.network_names(t)
                implicit = named[0] if named else ("Efus" if "Efus" not in memberships else None)
                if implicit:
                    state.network = implicit
                    membership(implicit)
                    if not named:
                        warnings.append(f"network block without a heading; taken as Efus: {t[:80]}")

        # quotes (any section; usually "In the network")
        if t.startswith(_QUOTE_OPEN) and len(t) > 40 and not (state.network is not None and _TITLE_THEN_DATE.search(t)):
            parts = [t]
            while not _QUOTE_CLOSE.search(parts[-1]) and i < len(lines) and len(parts) < 12:
                nxt = lines[i].text
                if section_of(nxt) or network_block(nxt, country) or lines[i].bullet:
                    break
                parts.append(nxt)
                i += 1
            speaker = role = None
            quote_text = "\n".join(parts)
            inline = re.search(r"[”\"»]\s*[.,]?\s*[—–-]?\s*([A-ZÀ-Ý].{3,200})$", parts[-1])
            if inline and _ATTRIBUTION.match(inline.group(1)):
                am = _ATTRIBUTION.match(inline.group(1))
                speaker, role = am.group(1), am.group(2).rstrip(". ")
            elif i < len(lines) and _is_attribution(lines[i].text, country):
                am = _ATTRIBUTION.match(lines[i].text)
                speaker, role = am.group(1), am.group(2).rstrip(". ")
                quote_text += "\n" + lines[i].text
                i += 1
            body = "\n".join(parts).strip()
            body = re.sub(r"^[“\"«„‟]+|[”\"»]\s*[.,]?\s*$", "", body).strip()
            quotes.append(Quote(speaker, role, body))
            add_block("quote", quote_text, V.years_in(quote_text), state.network)
            continue

        # "The town has been a member of Efus since 2005." outside any network block
        if state.network is None and state.section in (GENERAL, NETWORK) and len(t) < 240:
            folded = V.fold(t).replace("’", "'")
            nets = V.network_names(t)
            if nets and (_MEMBER_OF.search(folded) or (_MEMBERSHIP_LINE.match(folded) and re.search(r"(?:1[89]|20)\d\d", t))):
                segments = _network_segments(folded)
                if len(segments) >= 2:
                    # "Member of Efus since 2004 and of the FFSU since 2000": each network its own year
                    for net, seg in segments:
                        _record_membership(membership(net), seg)
                else:
                    _record_membership(membership(nets[0]), folded)
                add_block("membership", t, V.years_in(t), nets[0])
                nxt = lines[i] if i < len(lines) else None
                nxt_folded = V.fold(nxt.text) if nxt else ""
                if (len(t) < 80 and not t.endswith(".") and len(set(nets)) == 1 and nxt is not None
                        and (state.section == NETWORK or state.explicit_sections == 0)
                        and (nxt.bullet or _EVENT_LABEL.match(nxt_folded) or _EXEC.search(nxt_folded)
                             or re.search(r"(?:1[89]|20)\d\d", nxt.text))):
                    # "Member of Efus since 2012" as a line of its own opens that network's block
                    state.section, state.network, state.heading = NETWORK, nets[0], None
                continue

        # fact lines ("Population: 133,327 inhabitants (2011)")
        lab = label_of(t) if state.network is None else None
        if lab and not lab[2] and ":" not in t and not (i < len(lines) and _plausible_value(lab[0], lines[i].text)):
            lab = None  # a bare label word ("Population") counts only with its value on the next line
        if lab and state.section in (GENERAL, FURTHER) or (lab and state.explicit_sections == 0):
            fieldname, label, value = lab
            if not value:
                n = _value_lines(lines, i, fieldname)
                t = "\n".join([t] + [x.text for x in lines[i: i + n]])
                i += n
            state.label = label.strip()
            if value or "\n" in t:
                add_block("fact", t, _fact_years(fieldname, t), None, heading=label.strip())
            continue

        # inside a network block
        if state.network is not None:
            listed = False  # the line carried its list label ("Hosted: …"): an event, whatever it names
            folded = V.fold(t).replace("’", "'")
            if len(t) < 100 and not (_MEMBER.search(folded) or _EXEC.search(folded)):
                folded = V.correct_words(folded)  # "Menber since: 2003"
            em = _EVENT_LABEL.match(folded)
            if em and not re.search(r"\d{4}", t) and (len(t) < 60):
                rest = em.group(1).strip()
                state.heading = t.rstrip(":").strip() if not rest else state.heading
                if not rest:
                    continue
            elif _LIST_LABEL.match(folded) and re.search(r"\d{4}", t):
                head, _, t = t.partition(":")  # "Participated in: General Assembly, Paris, 2008"
                state.heading, t = head.strip(), t.strip()
                folded = V.fold(t).replace("’", "'")
                listed = True
            year_heading = re.fullmatch(r"((?:1[89]|20)\d\d)\s*[:：]?", t)
            if year_heading:  # "2010" above that year's events
                state.heading = year_heading.group(1)
                continue
            em_exec = _EXEC.search(folded)
            if em_exec and re.search(r"\d{4}", t) and len(t) < 160 and not _exec_meeting(folded) and not listed:
                draft = membership(state.network)
                role_after = _ROLE.search(folded, em_exec.end())
                if not _ROLE.search(folded):
                    _record_membership(draft, folded)
                    add_block("membership", t, V.years_in(t), state.network, heading=state.heading)
                    continue
                # "Member of the Executive Committee since 2008 and Vice-President since 2012",
                # "Member of the Board (Executive Committee) since 2008": the committee year and a role
                scope = folded[: role_after.start()] if role_after else folded
                if re.search(r"(?:1[89]|20)\d\d", scope[em_exec.start():]):
                    _record_membership(draft, scope)
                    draft.roles.append(Role(t, V.years_in(t)))
                    add_block("role", t, V.years_in(t), state.network, heading=state.heading)
                    continue
            if _ROLE.search(folded) and len(t) < 160 and event_kind(t) in ("other", "meeting") and "general assembl" not in folded \
                    and _is_role_line(folded) and not listed:
                yrs = V.years_in(t)
                membership(state.network).roles.append(Role(t, yrs))
                add_block("role", t, yrs, state.network, heading=state.heading)
                continue
            loose = _MEMBER_LOOSE.search(folded) and (len(t) < 50 or (
                membership(state.network).member_since and re.search(r"\b(?:since|depuis|seit)\b", folded)))
            other = [n for n in V.network_names(t) if n != state.network]
            if (other and len(set(other)) == 1 and len(t) < 120 and _MEMBER_OF.search(folded) and not _EXEC.search(folded)
                    and event_kind(t) == "other" and not _OWN_MEMBERSHIP.match(folded)):
                # "Member of the FFSU since 2001" inside the Efus block is about the FFSU
                _record_membership(membership(other[0]), folded)
                add_block("membership", t, V.years_in(t), other[0], heading=state.heading)
                continue
            bare_since = re.fullmatch(r"(?:since|depuis|seit|dal|desde)\s*:?\s*(?:1[89]|20)\d\d", folded)  # "(since 2000)"
            if (_MEMBER.search(folded) or loose or bare_since) and len(t) < 160 and re.search(r"\d{4}", t):
                draft = membership(state.network)
                if draft.member_since and not _MEMBER.search(folded) and not bare_since and (
                        len(t) < 50 or re.search(r"\b(?:since|depuis|seit)\b", folded)):
                    # "Member of the Steering Committee since 2008" after "Member since 2005": an office
                    yrs = V.years_in(t)
                    draft.roles.append(Role(t, yrs))
                    add_block("role", t, yrs, state.network, heading=state.heading)
                    continue
                draft.member_since = V.since_year(t)
                add_block("membership", t, V.years_in(t), state.network, heading=state.heading)
                continue
            if (_MEMBER.search(folded) or _EXEC.search(folded) or re.fullmatch(r"(?:member|membre|membership|adhesion|mitglied)\s*:?", folded)) \
                    and not re.search(r"\d{4}", t) and len(t) < 80:
                # "Member since :" with the year on the next line
                if i < len(lines) and len(lines[i].text) < 60 and re.match(r"\s*(?:\w+\s+)?(?:1[89]|20)\d\d\b(?![.,]?\d)", lines[i].text):
                    year = int(re.search(r"(1[89]|20)\d\d", lines[i].text).group(0))
                    if _EXEC.search(folded):
                        membership(state.network).executive_committee_since = year
                    else:
                        membership(state.network).member_since = year
                    add_block("membership", t + "\n" + lines[i].text, (year,), state.network, heading=state.heading)
                    i += 1
                    continue
                if not t.endswith((":", "：")) and len(t.split()) <= 10:
                    # "Member since 20" (cut off) or "Member since the beginning": no year to take
                    warnings.append(f"membership year not understood: {t[:80]}")
                    add_block("membership", t, (), state.network, heading=state.heading)
                    continue
            if t.endswith((":", "：")) and not re.search(r"\d{4}", t) and len(t) < 80 and not line.bullet:
                state.heading = t.rstrip(":： ").strip()  # "Efus events the city took part in:"
                continue
            # everything else in a block is an event (training, conference, assembly ...)
            cuts = [m.start() for m in re.finditer(";", V._outside_quotes(t))]
            parts = [p.strip() for p in _cut(t, cuts) if p.strip()]
            if len(parts) >= 2 and all(V.years_in(p) and not _is_prose(p) for p in parts):
                lines[i:i] = [Line(p, True) for p in parts]  # "Assembly, Paris, 2008; Training, Lyon, 2009"
                continue
            yrs = V.years_in(t)
            if not yrs and state.heading and re.fullmatch(r"(?:1[89]|20)\d\d", state.heading):
                yrs = (int(state.heading),)  # under a year heading
            if not yrs and (line.trailer or _TRAILER.match(V.fold(t)) or (state.heading and _TRAILER.match(V.fold(state.heading)))):
                # "Contact: …", "See also: …" copied from the web page after the last event
                add_block("overview", t, (), None, heading=None)
                continue
            if yrs and not line.bullet and _about_the_city(t):
                # "The city has been very active in the network since 2005.": a passage, not an event
                add_block("overview", t, V.years_in(t, dates_win=False), state.network, heading=state.heading)
                continue
            if not yrs and not line.bullet and _is_prose(t):
                # a paragraph after the last block of a profile without headings is not an event
                add_block("overview", t, (), None, heading=None)
                continue
            if not yrs:
                warnings.append(f"event without a year: {t[:120]}")
            ev = Event(state.network, t, event_place(t), V.first_date(t), yrs, event_kind(t))
            events.append(ev)
            add_block("event", t, yrs, state.network, heading=state.heading)
            continue

        # sub-headings in free sections (a second heading-like line in a row is content)
        if state.fresh_heading:
            pass
        elif state.section in (FURTHER, PROJECTS) and _is_subheading(t, lines[i] if i < len(lines) else None, line.bullet):
            state.heading = t.rstrip(":： ").strip()
            state.fresh_heading = True
            continue
        elif state.section == NETWORK and _is_subheading(t, lines[i] if i < len(lines) else None, line.bullet) and t.endswith(":"):
            state.heading = t.rstrip(":： ").strip()
            state.fresh_heading = True
            continue

        kind = {GENERAL: "overview", NETWORK: "event", PROJECTS: "project", FURTHER: "news"}[state.section]
        heading = state.heading
        if state.section == GENERAL and state.label:
            heading = state.label
        if state.section == NETWORK and kind == "event":
            kind = "overview" if not V.years_in(t) else "event"
        add_block(kind, t, V.years_in(t, dates_win=False), None, heading=heading)
        state.fresh_heading = False

    # ---- assemble
    if state.explicit_sections == 0:
        warnings.append("no section headings found; sections were inferred")
    last = lines[-1].text
    if len(last) > 30 and not re.search(r"(?:[.!?:;”\"»)\]…]|\b(?:1[89]|20)\d\d)$", last):
        warnings.append(f"the text looks cut off after: …{last[-60:]}")

    if country is None:
        for m in memberships:
            info = V.NETWORKS.get(m)
            if info and info.country:
                country = info.country
                break
    if country is None:
        overview = " ".join(b.text for b in blocks if b.kind == "overview")[:2000]
        country = V.country_name(overview) or V.country_from_adjective(overview[:400])
    # "the National Forum" without an acronym, resolved now the country is known
    if NATIONAL in memberships:
        real = V.national_forum(country) or "National forum"
        memberships[NATIONAL].network = real
        memberships = {(real if k == NATIONAL else k): v for k, v in memberships.items()}
        events = [replace(e, network=real) if e.network == NATIONAL else e for e in events]
        blocks = [replace(b, network=real) if b.network == NATIONAL else b for b in blocks]

    overviews_all = [b.text for b in blocks
                     if b.kind == "overview" or (b.kind == "membership" and b.section == GENERAL and len(b.text) > 40)]
    votes = _CityVotes()
    city_source = "text"
    if title:
        votes.add(title, "title")
    # a first paragraph that also states a membership ("… a member of Efus since 1995") is still the overview
    overviews = [b.text for b in blocks
                 if b.kind == "overview" or (b.kind == "membership" and b.section == GENERAL and len(b.text) > 40)][:3]
    for text_ in overviews:
        m = _FIRST_SENTENCE.match(text_)
        if m and V.fold(m.group(1)) in V.COUNTRIES:
            m = _FIRST_SENTENCE_PLAIN.match(text_)  # "Brenton, France, is…"
        if m:
            votes.add(m.group(1), "text")
            break
        m = _TOWN_OF.match(text_)
        if m:
            votes.add(m.group(1), "text")
            break
        m = _POSSESSIVE.match(text_)
        if m and (len(re.findall(rf"\b{re.escape(V.fold(m.group(1)))}\b", V.fold(norm.text))) >= 2
                  or V.slugify(m.group(1)) == V.slugify(_city_from_filename(path) or "")):
            votes.add(m.group(1), "text")  # "Pellworth’s history…", when the text or the file name names it again
            break
    for text_ in overviews[:1]:
        m = _WELCOME.match(text_)
        if m:
            votes.add(m.group(1), "text")  # "Welcome to Amiens!"
    body = V.fold(norm.text)
    first_line = city_in_title(overviews[0]) if overviews and len(overviews[0]) <= 60 else None
    if (first_line and re.fullmatch(NAME, first_line) and len(first_line.split()) <= 4
            and (len(re.findall(rf"\b{re.escape(V.fold(first_line))}\b", body)) >= 2
                 or V.slugify(first_line) == V.slugify(_city_from_filename(path) or ""))):
        # a title line before the first heading that the text names again, or that the file is named after
        votes.add(first_line, "text")
    for f in norm.file_lines:
        bm = _BLASON.search(f)
        if bm:
            votes.add(bm.group(1).replace("_", " "), "text")
    for cap in norm.captions:
        parts = re.split(r"[-_]", cap)
        # "ClementStengel-Amiens": the town after the person, if the text names it too
        # ("Jean-Marie_Dupont" names only a person)
        if len(parts) >= 2 and parts[-1][:1].isupper() and re.search(rf"\b{re.escape(V.fold(parts[-1]))}\b", body):
            votes.add(parts[-1], "text")
    for b in blocks[:80]:
        for mm in _MAYOR_OF.finditer(b.text):
            votes.add(mm.group(1), "text")
            break
    votes.add(_city_from_filename(path), "filename")
    if title:
        city, city_source = title.strip(), "title"
    else:
        best = votes.best()
        if best is None:
            raise ParseError("no city name in the text and no file name to take it from")
        city, city_source = best
    if city_source == "filename":
        warnings.append("no city name found in the text; taken from the file name")

    # population
    population = population_year = None
    if "population" in facts:
        population, population_year = parse_population(facts["population"])
        if population is None:
            warnings.append(f"population not understood: {facts['population'][:80]}")
    if population is None:
        population, population_year = _population_from_text(" ".join(overviews_all))

    twins = tuple(parse_twins(facts.get("twinned_with", "")))
    website = _clean_value(facts.get("website"))
    mayor = _clean_value(facts.get("mayor"))
    safety = _clean_value(facts.get("safety_contract"))

    slug = V.slugify(city)
    ms = tuple(
        Membership(d.network, d.member_since, d.executive_committee_since, tuple(d.roles))
        for d in memberships.values()
    )
    profile = Profile(
        slug=slug,
        city=city,
        city_source=city_source,
        country=country,
        region=region,
        population=population,
        population_year=population_year,
        website=website,
        mayor=mayor,
        safety_contract=safety,
        twinned_with=twins,
        memberships=ms,
        events=tuple(events),
        quotes=tuple(quotes),
        sections=tuple(Section(n, h, tuple(ls)) for n, h, ls in sections),
        lang=lang,
        warnings=tuple(warnings),
        source=Source(path, source_hash or "") if path else None,
        blocks=tuple(blocks),
    )
    return profile


def _value_lines(lines: list[Line], start: int, fieldname: str) -> int:
    """How many lines from start hold the value of a label written alone on its line.

    One for most labels; for twin towns, every following line that looks like one
    ("• Dortmund (Germany) since 1960").
    """
    n = 0
    limit = 30 if fieldname == "twinned_with" else 1
    while n < limit and start + n < len(lines) and _plausible_value(fieldname, lines[start + n].text):
        n += 1
    return n


def _plausible_value(fieldname: str, nxt: str) -> bool:
    if section_of(nxt) or label_of(nxt) or len(nxt) > 160:
        return False
    if fieldname == "population":
        return bool(re.search(r"\d", nxt)) and len(nxt) < 80
    if fieldname == "location":
        return V.country_name(nxt) is not None and len(nxt) < 80
    if fieldname == "website":
        return bool(re.search(r"(https?://|www\.|\.\w{2,4}\b)", nxt)) and len(nxt) < 120
    if fieldname == "mayor":
        return len(nxt) < 60 and not nxt.endswith(".")
    if fieldname == "twinned_with":
        return "(" in nxt or V.country_name(nxt) is not None
    return False


#: "Participated in:" written on the same line as the first event
_LIST_LABEL = re.compile(
    r"^(?:has |have )?(?:participated|took part|attended|hosted|organi[sz]ed|co-organi[sz]ed|participations?|"
    r"(?:a |ont )?participe|(?:a |ont )?accueilli|events?|activities|evenements|activites)"
    r"(?: (?:in|to|at|a|aux?|en))?(?: the following(?: events)?)?\s*:"
)
_MEMBER_OF = re.compile(r"\b(?:members?|membre|joined|adhere\w*|adherent\w*)\b[^.;]{0,80}?\b(?:since|depuis|in|en|from|seit)\s*:?\s*(?:1[89]|20)\d\d\b")


#: "Efus membership: since 2004", "Networks: Efus (since 2004), FFSU (since 2000)", "Member of Efus: 2004"
_MEMBERSHIP_LINE = re.compile(r"^(?:(?:networks?|reseaux?|memberships?|adhesions?)\s*:|(?:member|membre) (?:of|de|du)\b|"
                              r"(?:efus|ffsu|defus|fisu|fesu|fbpsu|fpsu) (?:membership|member since|adhesion)\b)")


def _network_segments(folded: str) -> list[tuple[str, str]]:
    """(network, its part of the line) for each network named with a year after it, first mention first."""
    marks = [(m.start(), m.end(), V._NETWORK_ALIASES[m.group(1)]) for m in V._NETWORK_RE.finditer(folded)]
    out: dict[str, str] = {}
    for n, (start, name_end, net) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(folded)
        seg = folded[start:end]
        if net not in out and re.search(r"(?:1[89]|20)\d\d", seg) and event_kind(folded[name_end:end]) == "other":
            out[net] = seg
    return list(out.items())


def _record_membership(draft: _MembershipDraft, folded: str) -> None:
    """Member and executive-committee years from one line, which may hold both.

    "Member since 2000, Executive Committee since 2007" sets both; a line with only the committee
    sets only that; a line with only membership sets only that.
    """
    em = _EXEC.search(folded)
    before = folded[: em.start()] if em else folded
    if (_MEMBER.search(before) or _MEMBER_OF.search(before) or not em) and re.search(r"(?:1[89]|20)\d\d", before):
        draft.member_since = draft.member_since or V.since_year(before)
    if em:
        # the first year stated wins: "Re-elected to the Executive Committee in 2012" keeps "since 2008"
        draft.executive_committee_since = draft.executive_committee_since or V.since_year(folded[em.start():])


#: "Member since 2004 (founding member of the FFSU)": the block's own membership, another network aside
_OWN_MEMBERSHIP = re.compile(r"^(?:member since|membre depuis|member from|mitglied seit|socio dal|miembro desde|membro desde)"
                             r"\s*:?\s*(?:\S+\s+)?(?:1[89]|20)\d\d\b")
_OFFICE_WORDS = re.compile(r"\b(?:members?|membre|since|depuis|seit|elected|elu|re-elected|reelu|dal|desde)\b")


def _exec_meeting(folded: str) -> bool:
    """A meeting of the committee ("Executive Committee meeting, Lyon, 12 March 2013") is an event."""
    if _OFFICE_WORDS.search(folded):
        return False
    return bool(re.search(r"\b(?:meetings?|reunions?|sessions?|seminars?|seminaires?)\b", folded)) or any(
        d.iso for d in V.find_dates(folded))


def _is_role_line(folded: str) -> bool:
    """An office held ("Presidency from 2012 to 2014", "Elected Vice-President in 2012"), not an event that
    names one ("Meeting with the President of Efus, Lyon, 12 May 2011")."""
    m = _ROLE.search(folded)
    if any(d.iso for d in V.find_dates(folded)):
        return False
    return len(folded[: m.start()].split()) <= 1 or bool(
        re.search(r"\b(?:since|depuis|seit|from|de|dal|desde|until|jusqu)\b|\(\s*(?:1[89]|20)\d\d|(?:1[89]|20)\d\d\s*[-–/]\s*(?:(?:1[89]|20)?\d\d)", folded))


def _cut(text: str, positions: list[int]) -> list[str]:
    """Text split at the given character positions, dropping the character at each."""
    out, start = [], 0
    for pos in positions:
        out.append(text[start:pos])
        start = pos + 1
    out.append(text[start:])
    return out


#: web-page leftovers after the last event of a block: contacts, links, "see also"
_TRAILER = re.compile(
    r"^(?:contacts?|see also|voir aussi|related\b|more information|more info|for more information|further information|"
    r"pour en savoir plus|pour plus d'informations?|plus d'informations?|en savoir plus|useful links|liens? utiles|links?|liens?|"
    r"source|sources|website|site internet|e-?mail|tel|telephone|phone)\b")
_STATE_VERB = re.compile(r"\b(?:has|have|had|is|was|are|were|remains|est|sont|ont|etait|reste|a ete|ist|war|hat)\b")


def _about_the_city(t: str) -> bool:
    """A sentence about the city's involvement, with no event in it ("… very active in the network since 2005.")."""
    if not t.endswith(".") or len(t.split()) < 8 or event_kind(t) != "other" or any(d.iso for d in V.find_dates(t)):
        return False
    folded = V.fold(t)
    if re.search(r"\b(?:in|at|a|en|to)\s+(?!the\b|la\b|le\b)[A-ZÀ-Ý]", t[1:]) and "network" not in folded and "reseau" not in folded:
        return False  # "The deputy mayor was a speaker in Lisbon in 2012.": somewhere, something happened
    return bool(_STATE_VERB.search(folded) and re.search(r"\b(?:since|depuis|seit|dal|desde|ever since)\b", folded))


def _is_prose(t: str) -> bool:
    """A full sentence rather than an event title: long, ending with a full stop."""
    return len(t.split()) >= 12 and t.endswith((".", "!", "?"))


def _is_attribution(line: str, country: str | None) -> bool:
    if len(line) > 260 or section_of(line) or network_block(line, country) or label_of(line):
        return False
    m = _ATTRIBUTION.match(line)
    if not m:
        return False
    role = V.fold(m.group(2))
    return bool(re.search(r"(mayor|maire|adjoint|deputy|councillor|conseill|president|elu|elected|in charge|responsible|charge|head of|director|directeur|directrice|manager|coordinat|chef|officer|burgermeister|sindaco|alcalde|assessore|minister|city|ville|commissioner|delegate|delegue)", role))


def _is_subheading(t: str, nxt: Line | None, bullet: bool) -> bool:
    if bullet or len(t) > 80 or nxt is None or section_of(nxt.text):
        return False
    if t.endswith((".", ";", ",", "!", "?", "”", '"')) or re.search(r"\d{4}", t):
        return False
    if not t[:1].isupper() and not t[:1].isdigit():
        return False
    words = t.split()
    if len(words) > 10:
        return False
    return t.endswith(":") or len(nxt.text) > len(t) or nxt.bullet


def _fact_years(fieldname: str, text: str) -> tuple[int, ...]:
    if fieldname == "population":
        _, year = parse_population(text.split(":", 1)[-1])
        return (year,) if year else ()
    if fieldname == "twinned_with":
        return tuple(sorted({t.since for t in parse_twins(text.split(":", 1)[-1]) if t.since}))
    return V.years_in(text)


_POP_YEAR = re.compile(r"(?:\(\s*(?:[A-Za-zé]+\s+)?((?:1[89]|20)\d\d)(?:\s+[A-Za-zé]+)?\s*\)|\b(?:in|en|census|recensement|as of|au|year|annee|estimate)\s+((?:1[89]|20)\d\d)\b|\b((?:1[89]|20)\d\d)\s*(?:census|recensement|estimate|data)\b)", re.IGNORECASE)


def parse_population(value: str) -> tuple[int | None, int | None]:
    """(inhabitants, year) from a population value: ``parse_population("133,327 inhabitants (2011)") == (133327, 2011)``."""
    year = None
    m = _POP_YEAR.search(value)
    blanked = value
    dm = re.search(r"(?<![\d.,])\d{1,2}[./]\d{1,2}[./]((?:1[89]|20)\d\d)\b", value)  # "(Stand: 31.12.2015)"
    if m is None and dm:
        year = int(dm.group(1))
        blanked = value[: dm.start()] + " " + value[dm.end():]
    if m:
        year = int(next(g for g in m.groups() if g))
        blanked = value[: m.start()] + " " + value[m.end():]
    lead = re.search(r"(?<![\d.,])((?:1[89]|20)\d\d)\s*:", blanked)  # "2011: 133,327"
    if lead:
        year = year or int(lead.group(1))
        blanked = blanked[: lead.start()] + " " + blanked[lead.end():]
    number = V.parse_number(blanked)
    if year is None and number is not None:
        # "133.327 habitants au 1er janvier 2011", "45 000 inhabitants, 2010"
        others = [int(y) for y in re.findall(r"(?<![\d.,'])\b((?:1[89]|20)\d\d)\b(?![.,']?\d)", blanked)]
        if number in others:
            others.remove(number)
        year = others[0] if others else None
    if number is not None and 1800 <= number <= 2099 and not re.search(r"\d[ ,.]\d{3}", blanked):
        other = V.parse_number(re.sub(str(number), " ", blanked, count=1))
        if other is not None:
            year, number = year or number, other
    return number, year


_POP_TEXT = re.compile(r"(?:population of|inhabitants?:|habitants?:|population de|compte|counts|has|\(pop\.?:?|\(population:?)\s+(?:about|almost|around|approximately|nearly|some|over|more than|environ|pres de|plus de|quelque)?\s*(\d[\d ,.\u00a0]*\d)\s*(?:inhabitants|habitants|residents|people)?", re.IGNORECASE)


def _population_from_text(text: str) -> tuple[int | None, int | None]:
    m = _POP_TEXT.search(V.fold_same_length(text))
    if not m:
        m2 = re.search(r"(\d{1,3}(?:[ ,.\u00a0]\d{3})+)\s+(?:inhabitants|habitants|residents)", text)
        if not m2:
            return None, None
        return V.parse_number(m2.group(1)), None
    return V.parse_number(m.group(1)), None


_TWIN_ITEM = re.compile(r"^(.*?)\s*(?:\(([^)]*)\))?\s*(?:[-–,]\s*)?(?:(?:since|depuis|seit|dal|desde|in|en|from)\s*)?\(?((?:1[89]|20)\d\d)?\)?\s*\.?$", re.IGNORECASE)


def parse_twins(value: str) -> list[Twin]:
    """Twin towns: ``parse_twins("Dortmund (Germany) since 1960")[0] == Twin("Dortmund", "Germany", 1960)``."""
    value = value.strip().rstrip(".")
    if not value:
        return []
    # split on commas, semicolons, " and " outside parentheses
    items: list[str] = []
    depth = 0
    cur = ""
    for ch in value:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0 and ch in ",;•/\n":
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    pieces: list[str] = []
    for item in items:
        pieces.extend(re.split(r"\s+(?:and|et|und|e|y)\s+(?=[A-ZÀ-Ý])", item))
    twins: list[Twin] = []
    for piece in (p.strip(" .-–") for p in pieces):
        if not piece:
            continue
        if twins and (V.fold(piece) in V.COUNTRIES or re.fullmatch(r"(?:since |depuis |seit )?\(?(?:1[89]|20)\d\d\)?", piece, re.IGNORECASE)):
            prev = twins[-1]
            if V.fold(piece) in V.COUNTRIES and prev.country is None:
                twins[-1] = Twin(prev.city, V.COUNTRIES[V.fold(piece)], prev.since)
            elif prev.since is None:
                twins[-1] = Twin(prev.city, prev.country, int(re.search(r"\d{4}", piece).group(0)))
            continue
        m = _TWIN_ITEM.match(piece)
        city, paren, year = (m.group(1), m.group(2), m.group(3)) if m else (piece, None, None)
        country = None
        if paren:
            country = V.country_name(paren)
            if country is None and re.fullmatch(r"\s*(?:since |depuis )?(?:1[89]|20)\d\d\s*", paren):
                year = year or re.search(r"\d{4}", paren).group(0)
            elif country is None:
                country = paren.strip() or None
        city = re.sub(r"\s+(?:since|depuis|seit|in|en)\s*$", "", city.strip(" -–,")).strip()
        if not paren:
            cm = re.match(r"^(.*?)\s*[-–]\s*([A-Za-zÀ-ÿ\- ]+)$", city)
            if cm and V.country_name(cm.group(2)):
                city, country = cm.group(1), V.country_name(cm.group(2))
        if not city or not re.search(r"[A-Za-zÀ-ÿ]", city):
            continue
        twins.append(Twin(city, country, int(year) if year else None))
    return twins


def _clean_value(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().rstrip(".").strip()
    return value or None
