"""How this was made: the search, which evidence counts, how certainty is rated, who made it, funding, updates."""

from __future__ import annotations

import streamlit as st

from components.evidence_text import grade_table
from evidence.citations import evidence_searched
from evidence.load import Evidence
from evidence.summary import AGREEMENT_RULE, RULE, summaries_for
from evidence.wording import CERTAINTY_PLAIN, FUNDING, NOT_COMPARED, explained, plain

SEARCH = (
    "We looked for studies that compare open with minimally invasive fusion of the lower back. We looked most for "
    "reviews that pool many studies, for fair tests (randomised trials) and for large studies. We read the journals' "
    "own pages and took every number from them. We also note where in the paper each number stands. Most pages "
    "showed only the summary (the abstract), so many tables were out of reach. Where a number was missing, we left "
    "it out and said so."
)
CERTAINTY = (
    "For each measure we judged how sure we can be, in the way of the GRADE method. Evidence from randomised trials "
    "starts high and other studies start low. We rated down one or two steps for each of five problems: flaws in how "
    "studies were done, studies that disagree, studies that do not fit today's patients, too few people, and studies "
    "that may be missing. We wrote down each step and its reason; how sure we are follows from them."
)
MADE_BY = (
    "Made by the Spine Fusion Compare team. Nobody who sells implants, devices or surgery took part. "
)
NAMING = (
    "We name each option by what it is: open surgery (one long cut) and MISS (a few short cuts through tubes). "
    "Names can sway a choice. In one study, 54 patients who needed a fusion were asked, step by step, which way "
    "they would choose. At first 65 in 100 chose the open way. Once the words 'minimally invasive' came up, only "
    "about 17 in 100 did. In the end, X-ray and the scar swayed them most (Tan and others, ISASS meeting 2017, "
    "abstract 167, isass.org). In another study, people who had MISS saw more good and fewer bad sides in their "
    "operation than people who had open surgery (White and others, Spine 2021, volume 47, pages 309 to 316, "
    "doi 10.1097/BRS.0000000000004134)."
)
UPDATES = (
    "We search again at least once a year, and soon after a large new trial or review appears. The date of the last "
    "search is at the foot of every page."
)


def render(evidence: Evidence) -> None:
    """The method in plain words."""
    st.title("How this was made")
    sections = {
        "How we found the studies": SEARCH,
        "Which evidence we use": RULE,
        "How we say whether studies agree": AGREEMENT_RULE,
        "How sure we are": CERTAINTY + "\n\n" + "\n".join(
            f"- {text}" for text in [*CERTAINTY_PLAIN.values(), NOT_COMPARED]),
        "How we name the two options": NAMING,
        "Who made it, and who paid": MADE_BY + FUNDING,
        "When it is updated": f"{UPDATES} Last search: {evidence_searched(evidence)}.",
    }
    for heading, text in sections.items():
        st.header(heading, divider="gray")
        st.markdown(text)
    st.header("Why each number", divider="gray")
    said = explained if st.session_state.get("mode") == "patient" else str  # patients: each term in plain words
    for summary in summaries_for(evidence, evidence.figures).values():
        box = st.expander(plain(summary.patient_label), key=f"why_{summary.metric_id}", on_change="rerun")
        if not box.open:  # built only when opened
            continue
        with box:
            st.markdown("\n\n".join(f"**{label}**: {plain(said(text))}" for label, text in (
                ("What we show", f"Open: {summary.open_plain}. MISS: {summary.miss_plain}."),
                ("Which evidence and why", summary.headline_reason or summary.basis),
                ("Does not apply to", summary.not_for),
                ("How sure we are", summary.certainty_words),
            ) if text))
            if summary.grade:
                grade_table(summary, said)
