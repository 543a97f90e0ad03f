"""Profile → passages: the fielded documents that are indexed and returned. Pure."""

from __future__ import annotations

from .models import Passage, Profile


def split_profile(profile: Profile) -> list[Passage]:
    """One passage per block the parser found, in profile order, with stable ids.

    ``split_profile(profile)[0].id == f"{profile.slug}-0001"``
    """
    passages = []
    for n, block in enumerate(profile.blocks, start=1):
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
                lang=profile.lang,
                text=block.text,
            )
        )
    return passages
