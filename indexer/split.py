"""Profile → passages: the fielded documents that are indexed and returned. Pure."""

from __future__ import annotations

from .models import Passage, Profile


def split_profile(profile: Profile) -> list[Passage]:
    """One passage per block the parser found, in profile order, with stable ids; then the passages
    of the profile's translations (same city, their own language), numbered on.

    ``split_profile(profile)[0].id == f"{profile.slug}-0001"``
    """
    passages = []
    blocks = [(b, profile.lang) for b in profile.blocks]
    blocks += [(b, t.lang) for t in profile.translations for b in t.blocks]
    for n, (block, lang) in enumerate(blocks, start=1):
        passages.append(
            Passage(
                id=f"{profile.slug}-{n:04d}",
                profile=profile.slug,
                city=profile.city,
                country=profile.country,
                section=block.section,
                heading=block.heading or None,
                network=block.network,
                kind=block.kind,
                years=tuple(block.years),
                lang=lang,
                text=block.text,
            )
        )
    return passages
