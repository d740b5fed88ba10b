"""Plain-language wording: natural frequencies in both frames, certainty words, safe text."""

import pandas as pd
import pytest

from evidence.wording import about, denominator, effect_text, plain, rounded, with_unit


def test_same_denominator_for_both_options_and_1000_below_1_in_100():
    assert denominator(4.0, 0.6) == 1000
    assert denominator(4.0, 2.0) == 100


@pytest.mark.parametrize("value,expected", [(1352, 1400), (291.46, 290), (48.3, 48), (4.12, 4), (1.77, 2),
                                            (1.3, 1.5), (0.34, 0.3)])
def test_patients_read_rounded_numbers(value, expected):
    assert rounded(value) == expected


def test_rounded_words_keep_units_people_feel():
    assert about(580, "mL") == "about 580 mL (2.4 cups)"
    assert about(255, "MME").startswith("about 260 MME (milligrams of morphine")


def test_units_people_can_feel():
    assert with_unit(240.0, "mL") == "240 mL (about 1.0 cups)"
    assert with_unit(5.08, "cm") == "5.08 cm (2.0 in)"


def test_effect_sign_is_spelled_out():
    row = pd.Series({"effect_value": -291.46, "effect_low": -366.66, "effect_high": -216.47, "unit": "mL",
                     "effect_sign": "miss_minus_open", "effect_measure": "weighted mean difference"})
    assert effect_text(row).startswith("291 mL less with MISS")


def test_markdown_and_html_in_data_are_escaped():
    escaped = plain("<script>alert(1)</script> ![x](http://evil) **bold**")
    assert "<" not in escaped.replace("\\<", "") and "\\!\\[" in escaped and "\\*\\*" in escaped


def test_glossary_terms_are_found_in_text():
    import pandas as pd

    from evidence.views import terms_in
    glossary = pd.DataFrame({"term": ["fluoroscopy", "randomised controlled trial (RCT)", "ODI"], "definition": ["", "", ""]})
    assert terms_in(glossary, "More fluoroscopy in one RCT") == ["fluoroscopy", "randomised controlled trial (RCT)"]
    assert terms_in(glossary, "a periodic check") == []


def test_each_page_explains_the_terms_its_claim_checks_and_summaries_use():
    """'Words explained' on a topic page covers every line that page prints: the claim checks' reasons (Hospital
    stay's says 'lumbar' and 'TLIF'), the cells, the background lines, not only the labels."""
    from evidence.load import SHIPPED_DATA, load_folder, selection_of
    from evidence.summary import summaries
    from evidence.views import comparison, terms_in

    evidence = load_folder(SHIPPED_DATA)
    selection = selection_of(evidence.figures)
    by_metric = summaries(evidence, selection)
    for comparison_id in evidence.comparisons.comparison_id:
        page = comparison(evidence, selection, comparison_id)
        shown = [s for s in by_metric.values() if s.comparison_id == comparison_id]
        printed = " ".join([*(c.reason for c in page.claims),
                            *(t for s in shown for t in (s.open_plain, s.miss_plain, *s.background))])
        for term in terms_in(evidence.glossary, printed):
            assert f"**{plain(term)}**" in page.glossary, (comparison_id, term)
    assert "**lumbar**" in comparison(evidence, selection, "hospital_stay").glossary
