"""Patient-facing text reads at about US grade 8 or below, and never tells anyone which operation to choose."""

import pytest
import textstat

from components.evidence_text import NOTICE
from components.glance import DECISION
from components.matters import DISCLAIMER, FACTORS
from evidence.load import SHIPPED_DATA, load_folder

EVIDENCE = load_folder(SHIPPED_DATA)
GROUPS = {
    "metric explanations": list(EVIDENCE.metrics.explanation),
    "glossary": list(EVIDENCE.glossary.definition),
    "claim checks": list(EVIDENCE.passages.verdict_reason),
    "certainty reasons": list(EVIDENCE.metrics.certainty_reason.dropna()),
    "screens": [NOTICE, DECISION, DISCLAIMER, *(question for _, question in FACTORS.values())],
}


@pytest.mark.parametrize("group", list(GROUPS))
def test_grade_8_or_below(group):
    texts = GROUPS[group]
    assert textstat.flesch_kincaid_grade(" ".join(texts)) <= 8
    assert max(textstat.flesch_kincaid_grade(t) for t in texts) <= 10


@pytest.mark.parametrize("group", list(GROUPS))
def test_no_advice_on_which_to_choose(group):
    words = " ".join(GROUPS[group]).lower()
    for advice in ("you should choose", "we recommend", "the better option", "is the best choice", "choose miss",
                   "choose open"):
        assert advice not in words
