"""Deterministic generator of synthetic city profiles in the corpus's shape (fictional towns).

    python bench/generate.py --profiles 2000 --out bench/out/corpus-2000 [--seed 7]

About 50 passages per profile: an overview, fact lines, a quote, Efus and national-forum blocks
with memberships, roles and dated events, and further-information paragraphs. About one profile
in ten is written in French and one in ten is a saved HTML page, as in the real corpus.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

SYLLABLES = ["ber", "lin", "mar", "vel", "dor", "san", "tor", "ven", "cal", "mon", "gar", "ril", "bel", "ost",
             "fen", "lor", "dra", "kel", "pra", "sol", "ve", "na", "ro", "li", "ta", "zu", "quin", "hal", "wick", "stad"]
COUNTRIES = [("France", "FFSU", "French Forum for Urban Security"), ("Germany", "DEFUS", "German-European Forum for Urban Security"),
             ("Italy", "FISU", "Italian Forum for Urban Security"), ("Spain", "FESU", "Spanish Forum for Urban Security"),
             ("Belgium", "FBPSU", "Belgian Forum for Prevention and Urban Security"), ("Portugal", "FPSU", "Portuguese Forum for Urban Security")]
TOPICS = ["crime prevention", "CCTV", "video surveillance", "juvenile justice", "drug use", "radicalisation",
          "public spaces", "nightlife", "domestic violence", "road safety", "school drop-out", "victim support",
          "community policing", "mediation", "urban renewal", "human trafficking", "cybercrime", "hate crime",
          "gender equality", "fight against discrimination", "alcohol", "football violence", "street lighting",
          "local security diagnosis", "restorative justice", "social cohesion", "housing estates", "youth work"]
KINDS = ["Training session", "Conference", "Working group", "Lunch-debate", "General Assembly", "Study visit",
         "Seminar", "European project", "Mission", "Study"]
PLACES = ["Paris", "Brussels", "Lisbon", "Barcelona", "Rome", "Berlin", "Lyon", "Liège", "Turin", "Bordeaux",
          "Rotterdam", "Naples", "Seville", "Nantes", "Köln"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre"]
FIRST = ["Anna", "Marc", "Lucia", "Pieter", "Jean", "Sofia", "Karl", "Inès", "Paolo", "Maria", "Tomas", "Claire"]
LAST = ["Verbeek", "Moreau", "Rossi", "Schmidt", "Garcia", "Santos", "Dubois", "Weber", "Costa", "Lambert"]


def town_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice([2, 2, 3]))).capitalize()
        if rng.random() < 0.15:
            name += rng.choice(["-sur-Mer", " an der Weide", "-les-Bains", " del Monte"])
        if name not in used:
            used.add(name)
            return name


def sentence(rng: random.Random, city: str) -> str:
    a, b = rng.sample(TOPICS, 2)
    templates = [
        f"{city} has developed a local strategy on {a}, in partnership with the police, schools and associations.",
        f"The municipality launched a programme on {a} and {b}, evaluated every year by an independent body.",
        f"Since the last elections, the city council has made {a} a priority of its prevention policy.",
        f"Local stakeholders meet monthly to coordinate their work on {a}, with a focus on {b}.",
        f"A new observatory collects data on {a} to guide the work of the local council for security and crime prevention.",
    ]
    return rng.choice(templates)


def profile_text(rng: random.Random, city: str) -> tuple[str, str]:
    country, forum, forum_name = rng.choice(COUNTRIES)
    french = rng.random() < 0.1
    pop = rng.randint(8_000, 900_000)
    pop_s = rng.choice([f"{pop:,}", f"{pop:,}".replace(",", " "), f"{pop:,}".replace(",", ".")])
    year = rng.randint(2008, 2016)
    lines: list[str] = []
    if french:
        lines += ["1. Informations générales", "",
                  f"{city} est une ville de {country} connue pour sa politique de prévention de la délinquance et de sécurité urbaine.", "",
                  f"Population : {pop_s} habitants ({year})", "", f"Localisation : {country}", "",
                  f"Contrat de sécurité : contrat local de sécurité signé en {rng.randint(1995, 2012)}", "",
                  "2. La ville dans notre réseau", "",
                  "« La prévention est l'affaire de tous et le réseau nous aide à partager nos expériences. »",
                  f"{rng.choice(FIRST)} {rng.choice(LAST)}, adjoint au maire de {city}, chargé de la sécurité", "",
                  "La ville et l'Efus", "", f"Membre depuis : {rng.randint(1990, 2015)}", ""]
        for _ in range(rng.randint(8, 16)):
            y = rng.randint(1995, 2016)
            lines.append(f"• {rng.choice(['Formation', 'Colloque', 'Groupe de travail', 'Assemblée générale'])} « {rng.choice(TOPICS).capitalize()} », {rng.choice(PLACES)}, {rng.randint(1, 28)} {rng.choice(MOIS)} {y}")
        lines += ["", f"La ville et le Forum ({forum})", "", f"Membre depuis {rng.randint(1990, 2015)}", ""]
        for _ in range(rng.randint(10, 20)):
            y = rng.randint(1995, 2016)
            lines.append(f"• Formation « {rng.choice(TOPICS).capitalize()} », {rng.choice(PLACES)}, {y}")
        lines += ["", "3. Fiches projets", "", "4. Pour en savoir plus", ""]
        for _ in range(rng.randint(3, 6)):
            lines += [f"La ville mène des actions sur {rng.choice(TOPICS)} avec ses partenaires locaux depuis {rng.randint(1995, 2015)}.", ""]
        return "\n".join(lines), "fr"
    lines += ["1. General information", "", sentence(rng, city) + " " + sentence(rng, city), "",
              sentence(rng, city), "",
              f"Population: {pop_s} inhabitants ({year})", "",
              f"Location: {country}", "",
              f"Official website: www.{city.lower().replace(' ', '')}.example", "",
              f"Safety contract: Local Security Contract signed in {rng.randint(1995, 2012)}", "",
              f"Mayor: {rng.choice(FIRST)} {rng.choice(LAST)}", "",
              f"Twinned with: {rng.choice(PLACES)} ({rng.choice(COUNTRIES)[0]}) since {rng.randint(1955, 2010)}", "",
              "2. The city in our network", "",
              f"“Being part of the network allows us to learn from other cities and to share our own experience of {rng.choice(TOPICS)}.”",
              f"{rng.choice(FIRST)} {rng.choice(LAST)}, Deputy Mayor of {city}, in charge of security", "",
              "The city and Efus", "",
              f"Member since : {rng.randint(1990, 2015)}", ""]
    if rng.random() < 0.3:
        lines += [f"Member of the Executive Committee since : {rng.randint(2000, 2016)}", ""]
    lines += ["Participated in:", ""]
    for _ in range(rng.randint(8, 16)):
        y = rng.randint(1995, 2016)
        d = rng.choice([f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {y}", f"{y}", f"{rng.randint(1, 27)}-{rng.randint(28, 30)} {rng.choice(MONTHS)} {y}"])
        lines.append(f"  • {rng.choice(KINDS)} “{rng.choice(TOPICS).capitalize()} in European cities”, {rng.choice(PLACES)}, {d}")
    lines += ["", f"The city and the National Forum ({forum})" if rng.random() < 0.5 else f"The city and the {forum_name}", "",
              f"Member since {rng.randint(1990, 2015)}", ""]
    if rng.random() < 0.3:
        a = rng.randint(2005, 2014)
        lines += [f"  • Presidency from {a} to {a + 2}", ""]
    lines += ["Participated in:", ""]
    for _ in range(rng.randint(12, 22)):
        y = rng.randint(1995, 2016)
        lines.append(f"  • {rng.choice(KINDS)} “{rng.choice(TOPICS).capitalize()}: {rng.choice(['challenges', 'practices', 'tools', 'evaluation'])}”, {rng.choice(PLACES)}, {rng.randint(1, 28)} {rng.choice(MONTHS)} {y}")
    lines += ["", "3. Project Files (Best practice forms)", "", "4. Further information", ""]
    for _ in range(rng.randint(2, 4)):
        lines += [rng.choice(TOPICS).capitalize(), "", sentence(rng, city) + " " + sentence(rng, city), "", sentence(rng, city), ""]
    return "\n".join(lines), "en"


def as_html(city: str, text: str) -> str:
    from html import escape

    body = []
    for line in text.splitlines():
        if not line.strip():
            continue
        s = line.strip()
        if s.startswith("•"):
            body.append(f"<li>{escape(s[1:].strip())}</li>")
        elif s[:2] in ("1.", "2.", "3.", "4."):
            body.append(f"<h2>{escape(s)}</h2>")
        else:
            body.append(f"<p>{escape(s)}</p>")
    return (f"<!doctype html><html><head><title>{escape(city)} | Efus</title><script>var x=1;</script></head>"
            f"<body><nav><a href='/'>Home</a> <a href='/members'>Members</a></nav><main><h1>{escape(city)}</h1>"
            + "\n".join(body) + "</main><footer>© Efus</footer></body></html>")


def generate(n: int, out: Path, seed: int = 7) -> list[Path]:
    """Write `n` profiles into `out` (emptied first); the same seed gives the same files."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    used: set[str] = set()
    paths = []
    for i in range(n):
        city = town_name(rng, used)
        text, _ = profile_text(rng, city)
        slug = city.lower().replace(" ", "-")
        if rng.random() < 0.1:
            p = out / f"{i:05d}-{slug}.html"
            p.write_text(as_html(city, text), "utf-8")
        else:
            p = out / f"{i:05d}-{slug}.txt"
            p.write_text(text, "utf-8")
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--profiles", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    out = args.out or Path(__file__).parent / "out" / f"corpus-{args.profiles}"
    paths = generate(args.profiles, out, args.seed)
    print(f"wrote {len(paths)} profiles to {out}")


if __name__ == "__main__":
    main()
