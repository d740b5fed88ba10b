"""The SURE test (Légaré 2010): four yes/no items, as published, about how ready a person feels to choose. One point
per 'yes'; a score under 4 means something to talk through with the surgeon first. The answers are the patient's own
and never used to infer, score or suggest an option. No Streamlit: components/decide.py draws these."""

from __future__ import annotations

from dataclasses import dataclass

# The four items exactly as printed (label: question) on the page in SURE_WORDING_FROM; the scoring (yes = 1, no = 0;
# a score of 3 or less indicates decisional conflict) as printed in Légaré 2010 (page e311, methods; abstract, results).
SURE_PRINTED = (
    "Sure of myself: Do you feel SURE about the best choice for you?",
    "Understanding information: Do you know the benefits and risks of each option?",
    "Risk – benefit ratio: Are you clear about which benefits and risks matter to you most?",
    "Encouragement: Do you have enough support and advice to make a choice?",
)
SURE_WORDING_FROM = ("The Health Foundation. Tools to measure patient experience of shared decision making. "
                     "https://improve.bmj.com/improve_post/tools-to-measure-patient-experience-of-shared-decision-"
                     "making/ (section 1, SURE; checked 2026-12-07)")
SURE_CITATION = ("SURE test: Légaré F, Kearing S, Clay K, Gagnon S, D'Amours D, Rousseau M, O'Connor A. "
                 "Are you SURE?: Assessing patient decisional conflict with a 4-item screening test. Can Fam Physician "
                 "2010;56(8):e308-14 (PubMed 20705870). Checked against the Decisional Conflict Scale: Ferron Parayre "
                 "A, Labrecque M, Rousseau M, Turcotte S, Légaré F. Validation of SURE, a four-item clinical "
                 "checklist for detecting decisional conflict in patients. Med Decis Making 2014;34(1):54-62, "
                 "doi:10.1177/0272989X13491463.")
YES, NO = "Yes", "No"
SURE_INTRO = ("Four questions about your choice between open surgery and MISS. Answer yes or no. "
              "There are no right answers.")
SURE_LOW = ("A 'no' means something is still open. It is worth talking about before you choose. "
            "Ask your surgeon about:")
TALK_THROUGH = {  # link_id -> what to talk through with the surgeon after a 'no' (our words, grade 8)
    "sure-s": "What still makes you unsure, and whether you need more time before you choose.",
    "sure-u": "The good points and the downsides of each operation, until they are clear to you.",
    "sure-r": "Which good points and downsides matter most to you, and why.",
    "sure-e": "Who can help you decide, and what support you would like from your surgeon and family.",
}


@dataclass(frozen=True)
class SureItem:
    """One SURE item as printed: its letter's label and its question."""

    link_id: str
    label: str
    question: str

    @property
    def text(self) -> str:
        return f"{self.label}: {self.question}"

    @property
    def talk_through(self) -> str:
        return TALK_THROUGH[self.link_id]


SURE_ITEMS = tuple(SureItem(f"sure-{printed[0].lower()}", *printed.split(": ", 1)) for printed in SURE_PRINTED)


def sure_score(answers: dict[str, str]) -> int | None:
    """The SURE score, one point per 'yes' (0 to 4); None until all four items are answered."""
    if any(answers.get(item.link_id) not in (YES, NO) for item in SURE_ITEMS):
        return None
    return sum(answers[item.link_id] == YES for item in SURE_ITEMS)


def sure_noes(answers: dict[str, str]) -> list[SureItem]:
    """The items answered 'no': each is something to talk through with the surgeon."""
    return [item for item in SURE_ITEMS if answers.get(item.link_id) == NO]


def sure_summary(answers: dict[str, str]) -> str:
    """'3 of 4 yes (3 or less: something to talk through first).' or how many are answered so far."""
    found = sure_score(answers)
    if found is None:
        return f"{sum(answers.get(i.link_id) in (YES, NO) for i in SURE_ITEMS)} of {len(SURE_ITEMS)} answered."
    return f"{found} of {len(SURE_ITEMS)} yes" + (" (under 4: something to talk through first)." if found < len(
        SURE_ITEMS) else ".")


def sure_lines(answers: dict[str, str]) -> list[str]:
    """The SURE answers for the note: the score, each item with its answer, what to talk through for each 'no'."""
    lines = [f"SURE test: {sure_summary(answers)}"]
    lines += [f"- {item.text} {answers.get(item.link_id) or 'not answered'}." for item in SURE_ITEMS]
    lines += [f"- To talk through ({item.label}): {item.talk_through}" for item in sure_noes(answers)]
    return lines
