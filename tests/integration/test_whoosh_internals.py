"""The one module that reads Whoosh's internals says clearly what changed after an upgrade."""

from search_app.whoosh.engine import WhooshEngine
from search_app.whoosh.postings import WHOOSH_VERSION, check_internals


def test_the_whoosh_internals_block_reading_relies_on_are_all_there(seed_index):
    with WhooshEngine(seed_index).view() as view:
        missing = check_internals(view.session.searcher.reader(), "text_en", "prevent")
    assert missing == [], (
        "search_app/whoosh/postings.py reads Whoosh "
        + ".".join(map(str, WHOOSH_VERSION))
        + " internals that this Whoosh lacks: " + "; ".join(missing)
        + ". Adapt postings.py to the new internals (or its public-API fallbacks) and pin the new version."
    )
