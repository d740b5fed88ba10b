"""Patient-facing text reads at about US grade 8 or below, and never tells anyone which operation to choose."""

import pytest
import textstat

from components import method
from components.evidence_text import NOTICE
from components.glance import CONDITION, DECISION, OFFERS, OPTIONS, SAME_GOAL
from components.matters import DISCLAIMER, FACTORS
from evidence.load import SHIPPED_DATA, load_folder
from evidence.summary import AGREEMENT_RULE, RULE, summaries_for
from evidence.wording import ARTICLE_LABEL

EVIDENCE = load_folder(SHIPPED_DATA)
SUMMARIES = summaries_for(EVIDENCE, EVIDENCE.figures).values()
GROUPS = {
    "metric explanations": list(EVIDENCE.metrics.explanation),
    "glossary": list(EVIDENCE.glossary.definition),
    "claim checks": list(EVIDENCE.passages.verdict_reason),
    "certainty reasons": list(EVIDENCE.appraisal.main_reason.dropna()),
    "caveats": list(EVIDENCE.appraisal.caveat.dropna()),
    "screens": [NOTICE, DECISION, DISCLAIMER, CONDITION, SAME_GOAL, ARTICLE_LABEL, *OPTIONS.values(),
                *(point for points in OFFERS.values() for point in points),
                *(question for _, question in FACTORS.values()), *(f"{label}." for label, _ in FACTORS.values())],
    "how this was made": [method.SEARCH, method.CERTAINTY, method.UPDATES, RULE, AGREEMENT_RULE],
    "summaries": [s.sentence for s in SUMMARIES] + [s.agreement_words for s in SUMMARIES],
    "patient labels": [f"{label}." for label in EVIDENCE.metrics.patient_label] + list(
        EVIDENCE.comparisons.patient_question),
}


@pytest.mark.parametrize("group", list(GROUPS))
def test_grade_8_or_below(group):
    texts = GROUPS[group]
    assert textstat.flesch_kincaid_grade(" ".join(texts)) <= 8
    sentences = [t for t in texts if len(t.split()) >= 8]  # the formula means little for a three-word label
    assert max((textstat.flesch_kincaid_grade(t) for t in sentences), default=0) <= 10


@pytest.mark.parametrize("group", list(GROUPS))
def test_no_advice_on_which_to_choose(group):
    words = " ".join(GROUPS[group]).lower()
    for advice in ("you should choose", "we recommend", "the better option", "is the best choice", "choose miss",
                   "choose open"):
        assert advice not in words
