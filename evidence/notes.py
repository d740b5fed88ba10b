"""Speaker notes for presenter slides: the numbers, how sure they are, and what not to over-claim, in one short
paragraph built from a measure's one summary (no Streamlit)."""

from __future__ import annotations

from evidence.summary import Summary

DO_NOT_OVERCLAIM = {
    "high": "Say it as an average: one patient's result may differ.",
    "moderate": "Say \u201cprobably\u201d: new studies could change this.",
    "low": "Say \u201cmay\u201d, and do not present it as settled.",
    "very low": "Do not draw a conclusion from it.",
}
OVERVIEW_NOTE = ("The decision here is open or minimally invasive fusion, once fusion itself is decided. Say what "
                 "fusion is and how the two operations differ (one long cut; a few short cuts through tubes, guided "
                 "by X-ray). Both aim at the same result, and neither is right for everyone: do not present either "
                 "as the better choice. Each of the next slides is one measure, benefits and downsides alike.")
NOT_RATED = "Do not present a number: there is none to rely on."


def speaker_note(summary: Summary) -> str:
    """'<the numbers> <agreement>. How sure: Low. <reason> <basis> <the other side> Do not over-claim: ...'"""
    level = summary.certainty_words.split(":")[0]
    warning = DO_NOT_OVERCLAIM.get(summary.certainty, NOT_RATED)
    if summary.agreement == "disagree":
        warning += " The studies disagree: give both sides."
    parts = [summary.sentence, f"{summary.agreement_words.rstrip('.')}.", f"How sure: {level.rstrip('.')}.",
             summary.certainty_reason, summary.basis, *summary.also, f"Do not over-claim: {warning}"]
    return " ".join(part.strip() for part in parts if part and part.strip())
