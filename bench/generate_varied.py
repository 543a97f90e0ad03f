"""A second deterministic generator of synthetic profiles, varied in length and vocabulary.

    python bench/generate_varied.py --profiles 2000 --out bench/out/scale-2000/corpus [--seed 3]

Built on bench/generate.py's profiles, then made uneven as real collections are: a long tail of
lengths (a few passages to several hundred: log-normal numbers of events and paragraphs), a
Zipf-distributed vocabulary of rare words next to the domain's, and many multi-word phrases
(night-time economy, juvenile justice, local security diagnosis …) in running text.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from generate import KINDS, MONTHS, PLACES, TOPICS, as_html, profile_text, town_name

PHRASES = ["night-time economy", "juvenile justice", "local security diagnosis", "video surveillance",
           "crime prevention council", "restorative justice", "school drop-out", "domestic violence",
           "community policing", "harm reduction", "violent extremism", "public spaces", "victim support",
           "road safety", "urban renewal", "street lighting", "football stewarding", "social cohesion"]
SYLL = ["ka", "ro", "mi", "tel", "vor", "an", "shu", "bel", "dri", "os", "quen", "lu", "pax", "zor", "ith"]


def rare_words(rng: random.Random, n: int) -> list[str]:
    return sorted({"".join(rng.choice(SYLL) for _ in range(rng.randint(2, 4))) for _ in range(n)})


def zipf_word(rng: random.Random, vocab: list[str]) -> str:
    # rank r drawn with probability ~ 1/r
    r = int(len(vocab) ** rng.random())
    return vocab[min(r, len(vocab) - 1)]


def paragraph(rng: random.Random, city: str, vocab: list[str]) -> str:
    words = []
    for _ in range(rng.randint(12, 60)):
        roll = rng.random()
        if roll < 0.12:
            words.append(rng.choice(PHRASES))
        elif roll < 0.45:
            words.append(zipf_word(rng, vocab))
        else:
            words.append(rng.choice(["the", "city", "council", "project", "with", "and", "for", "young", "people",
                                     "police", "residents", "partners", "schools", "district", "evaluation"]))
    return f"{city} " + " ".join(words) + "."


def varied_profile(rng: random.Random, city: str, vocab: list[str]) -> tuple[str, str]:
    text, lang = profile_text(rng, city)
    if lang != "en":
        return text, lang
    lines = text.split("\n")
    events = int(min(400, rng.lognormvariate(2.0, 1.0)))
    paras = int(min(120, rng.lognormvariate(1.2, 1.1)))
    extra = [f"  • {rng.choice(KINDS)} on {rng.choice(PHRASES)} and {zipf_word(rng, vocab)}, {rng.choice(PLACES)}, "
             f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1995, 2020)}" for _ in range(events)]
    at = lines.index("3. Project Files (Best practice forms)") if "3. Project Files (Best practice forms)" in lines else len(lines)
    lines[at:at] = extra + [""]
    for _ in range(paras):
        lines += [rng.choice(TOPICS).capitalize(), "", paragraph(rng, city, vocab), ""]
    if rng.random() < 0.2:  # a short profile: general information only
        lines = lines[: lines.index("2. The city in our network")] if "2. The city in our network" in lines else lines
    return "\n".join(lines), lang


def generate(n: int, out: Path, seed: int = 3) -> list[Path]:
    rng = random.Random(seed)
    vocab = rare_words(rng, 20_000)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    used: set[str] = set()
    paths = []
    for i in range(n):
        city = town_name(rng, used)
        text, _ = varied_profile(rng, city, vocab)
        slug = city.lower().replace(" ", "-")
        if i % 10 == 7:
            path = out / f"{slug}.html"
            path.write_text(as_html(city, text), encoding="utf-8")
        else:
            path = out / f"{slug}.txt"
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--profiles", type=int, default=2000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    print(f"wrote {len(generate(args.profiles, args.out, args.seed))} profiles to {args.out}")


if __name__ == "__main__":
    main()
