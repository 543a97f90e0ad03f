

def test_scoring_terms_follow_the_ranking_rule():
    """Every engine scores the same terms with the same weights: a NOT's terms never score, a phrase's
    words a fifth more, and a term named twice adds its boosts."""
    from search_app.query.tree import And, AndNot, Or, Phrase, Term, scoring_terms

    tree = AndNot(And((Or((Term("text_en", "cctv"), Term("text_en", "cctv", 2.0)), boost=0.5),
                       Phrase("text_en", ("crime", "prevent")))), Term("text_en", "camera"))
    got = scoring_terms(tree)
    assert got == {("text_en", "cctv"): 1.5, ("text_en", "crime"): 1.2, ("text_en", "prevent"): 1.2}
    assert ("text_en", "camera") not in got
