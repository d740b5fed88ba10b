"""Ready to decide: a knowledge check, trade-offs, where the patient leans, and the note for the record.

Everything here is built from the measure summaries (evidence.summary): no number is typed into a question, a
choice or a trade-off. The answers are the patient's own; nothing here scores, infers or suggests an option from
them (the knowledge score counts right answers to questions of fact, nothing more). No Streamlit: the component
components/decide.py draws these objects and keeps the answers in the session only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evidence.summary import Summary
from evidence.sure import SURE_CITATION, SURE_ITEMS, sure_lines, sure_noes, sure_summary
from evidence.wording import CERTAINTY_PLAIN, count_words, per

OPTIONS = {  # each option named by what it is, in the same order and weight everywhere
    "open": "Open surgery (one long cut)",
    "miss": "MISS (a few short cuts through tubes)",
}
NOT_SURE = "Not sure"
NOT_SURE_YET = "Not sure yet"
LEANINGS = (OPTIONS["open"], OPTIONS["miss"], NOT_SURE_YET)  # starts at NOT_SURE_YET
SAME_TO_ME = "Both matter the same to me"
DIRECTIONS = {"less": "Less with MISS", "more": "More with MISS", "same": "About the same"}
NO_ADVICE = ("This page does not score your answers to pick an option, and it never suggests one. Your leaning is "
             "yours to share with your surgeon.")
ESTIMATE_WORDS = "an estimate from averages, not a validated calculator"


@dataclass(frozen=True)
class Question:
    """One knowledge question, answered by choosing; the right answer comes from a measure's summary."""

    question_id: str
    metric_id: str
    text: str
    choices: tuple[str, ...]  # the last is always NOT_SURE
    answer: str
    explanation: str  # the right answer in words and numbers: the summary's own sentence
    read_more: str  # the comparison (view id) where the measure is explained


@dataclass(frozen=True)
class TradeOff:
    """Two things a person may want that the two options give in different measure: each side is a measure, with
    the summary's plain cells for open and MISS."""

    tradeoff_id: str
    question: str
    sides: tuple[tuple[str, str, str], ...]  # (label, open_plain, miss_plain), from the summaries

    @property
    def choices(self) -> tuple[str, ...]:
        return (*(label for label, _, _ in self.sides), SAME_TO_ME, NOT_SURE_YET)

    @property
    def either(self) -> str:
        """'Less X-ray during the operation, or a shorter hospital stay?'"""
        first, second = (label for label, _, _ in self.sides)
        return f"{first}, or {second[:1].lower()}{second[1:]}?"


@dataclass
class Answers:
    """What one person answered in this session (never stored on the server)."""

    knowledge: dict[str, str] = field(default_factory=dict)  # question_id -> choice
    tradeoffs: dict[str, str] = field(default_factory=dict)  # tradeoff_id -> choice
    leaning: str = NOT_SURE_YET
    priorities: dict[str, str] = field(default_factory=dict)  # metric_id -> how much it matters
    questions: list[str] = field(default_factory=list)
    notes: str = ""  # the surgeon's notes
    sure: dict[str, str] = field(default_factory=dict)  # SURE link_id -> YES or NO (unanswered: absent)


# ---------------------------------------------------------------- the knowledge check


def direction(summary: Summary) -> str:
    """'less', 'more' or 'same' with MISS, from the summary's best evidence; '' where it gives no single effect."""
    if summary.effect is None:
        return ""
    finding = summary.effect.finding
    if finding == "no_significant_difference":
        return "same"
    if finding not in ("favours_miss", "favours_open") or summary.better not in ("lower", "higher"):
        return ""
    lower_with_miss = (finding == "favours_miss") == (summary.better == "lower")
    return "less" if lower_with_miss else "more"


def sure_label(summary: Summary) -> str:
    """'Moderate': how sure we are, in the word every screen uses."""
    return summary.certainty_words.split(":")[0]


COMPARE = {  # metric_id -> what the question asks about, in words (no numbers)
    "blood_loss": "the blood lost during the operation",
    "fluoroscopy": "the X-ray used during the operation",
    "operative_time": "the time the operation takes",
}
HOW_SURE = ("fluoroscopy", "infection")


def _compare_question(summary: Summary) -> Question | None:
    found = direction(summary)
    if not found:
        return None
    return Question(f"compare_{summary.metric_id}", summary.metric_id,
                    f"How does {COMPARE[summary.metric_id]} with MISS compare with open surgery?",
                    (*DIRECTIONS.values(), NOT_SURE), DIRECTIONS[found], summary.sentence, summary.comparison_id)


def _risk_question(summary: Summary) -> Question | None:
    if not summary.icons:
        return None
    open_count, miss_count = per(summary.open_value, summary.out_of), per(summary.miss_value, summary.out_of)
    if open_count == miss_count:
        return None
    both = (f"About {count_words(open_count)} with open surgery and about {count_words(miss_count)} with MISS",
            f"About {count_words(miss_count)} with open surgery and about {count_words(open_count)} with MISS")
    return Question(f"count_{summary.metric_id}", summary.metric_id,
                    f"{summary.patient_label}: out of {count_words(summary.out_of)} people in the studies, about how "
                    "many had it?", (*both, NOT_SURE), both[0], summary.sentence, summary.comparison_id)


def _sure_question(summary: Summary) -> Question | None:
    if not summary.certainty:
        return None
    labels = tuple(words.split(":")[0] for words in CERTAINTY_PLAIN.values())
    return Question(f"sure_{summary.metric_id}", summary.metric_id,
                    f"{summary.patient_label}: how sure can we be of what the studies found?",
                    (*labels, NOT_SURE), sure_label(summary), summary.certainty_words, summary.comparison_id)


def question_bank(by_metric: dict[str, Summary]) -> list[Question]:
    """The knowledge check (5 to 8 questions), every number and right answer taken from the summaries: how MISS
    compares on blood loss, X-ray and operating time, how many in the studies had a wound infection, and how sure
    the studies are on X-ray and infection. A question whose summary cannot answer it is left out."""
    made = [_compare_question(by_metric[m]) for m in COMPARE if m in by_metric]
    made += [_risk_question(by_metric["infection"])] if "infection" in by_metric else []
    made += [_sure_question(by_metric[m]) for m in HOW_SURE if m in by_metric]
    return [q for q in made if q is not None]


def is_right(question: Question, choice: str | None) -> bool:
    return choice == question.answer


def score(bank: list[Question], answers: dict[str, str]) -> tuple[int, int]:
    """(right answers, questions): 'Not sure' and unanswered questions are not right."""
    return sum(is_right(q, answers.get(q.question_id)) for q in bank), len(bank)


# ---------------------------------------------------------------- trade-offs


TRADEOFF_PAIRS = (  # (id, question, (metric, what a person may want), (metric, what a person may want))
    ("xray_or_stay", "Which matters more to you?",
     ("fluoroscopy", "Less X-ray during the operation"), ("hospital_stay", "A shorter hospital stay")),
    ("usual_or_cuts", "Which matters more to you?",
     ("learning_curve", "The usual method, which more surgeons have done for longer"),
     ("incision_length", "Smaller cuts")),
)


def tradeoffs(by_metric: dict[str, Summary]) -> list[TradeOff]:
    """The forced trade-offs: each side a measure with what the summaries say for open and MISS."""
    made = []
    for tradeoff_id, question, *sides in TRADEOFF_PAIRS:
        if all(metric in by_metric for metric, _ in sides):
            made.append(TradeOff(tradeoff_id, question, tuple(
                (label, by_metric[metric].open_plain, by_metric[metric].miss_plain) for metric, label in sides)))
    return made


# ---------------------------------------------------------------- the note for the record


@dataclass(frozen=True)
class NoteContext:
    """What the note says beyond the answers: dates, version, the measures discussed, own-risk lines."""

    made_on: str
    version: str
    evidence_date: str
    measures: tuple[Summary, ...]
    risk_lines: tuple[str, ...] = ()


def knowledge_lines(bank: list[Question], answers: dict[str, str]) -> list[str]:
    right, total = score(bank, answers)
    lines = [f"Knowledge check: {right} of {total} right."]
    for q in bank:
        chosen = answers.get(q.question_id) or "not answered"
        mark = "right" if is_right(q, chosen) else "not right"
        lines.append(f"- {q.text} Answer: {chosen} ({mark}; the studies: {q.answer}).")
    return lines


def note_text(bank: list[Question], pairs: list[TradeOff], answers: Answers, context: NoteContext,
              labels: dict[str, str]) -> str:
    """The plain-text note for the medical record: date, app version and evidence date, the measures discussed,
    the patient's priorities and trade-off answers, the leaning, the knowledge score, the SURE answers and score,
    questions, surgeon's notes.
    `labels`: metric_id -> patient label (for the priorities)."""
    lines = ["Spine fusion: open or minimally invasive (MISS)? Decision note",
             f"Date: {context.made_on}. Spine Fusion Compare, version {context.version}. "
             f"Evidence last searched: {context.evidence_date}.",
             "The app gives no recommendation and does not pick an option from these answers.", "",
             "Measures discussed (typical results from the studies):"]
    lines += [f"- {s.patient_label}: open: {s.open_plain}; MISS: {s.miss_plain}. "
              f"How sure: {sure_label(s).lower().rstrip('.')}."
              for s in context.measures] or ["- none chosen"]
    lines += ["", "What matters to the patient:"]
    lines += [f"- {labels.get(m, m)}: {str(level).lower()}" for m, level in answers.priorities.items()] or [
        "- nothing marked"]
    lines += ["", "Trade-offs:"]
    lines += [f"- {pair.either} {answers.tradeoffs.get(pair.tradeoff_id) or NOT_SURE_YET}" for pair in pairs]
    lines += ["", f"Where the patient is leaning: {answers.leaning or NOT_SURE_YET}", ""]
    lines += knowledge_lines(bank, answers.knowledge)
    lines += ["", *sure_lines(answers.sure), f"({SURE_CITATION})"]
    if context.risk_lines:
        lines += ["", f"Own infection risk ({ESTIMATE_WORDS}):", *(f"- {line}" for line in context.risk_lines)]
    lines += ["", "Questions to ask the surgeon:"]
    lines += [f"- {q}" for q in answers.questions] or ["- none written"]
    lines += ["", "Surgeon's notes:", answers.notes.strip() or "none"]
    return "\n".join(lines) + "\n"


def handout_lines(bank: list[Question], pairs: list[TradeOff], answers: Answers) -> list[tuple[str, str]]:
    """The decision section of the patient handout as (bold lead, text) pairs: leaning, trade-offs, knowledge score,
    the SURE answers and score with what to talk through for each 'no' (once any SURE item is answered)."""
    right, total = score(bank, answers.knowledge)
    lines = [("Where I am leaning: ", answers.leaning or NOT_SURE_YET)]
    lines += [(f"{pair.either} ", answers.tradeoffs.get(pair.tradeoff_id) or NOT_SURE_YET) for pair in pairs]
    lines.append(("Knowledge check: ", f"{right} of {total} right."))
    if any(answers.sure.get(item.link_id) for item in SURE_ITEMS):
        given = "; ".join(f"{item.label}: {(answers.sure.get(item.link_id) or 'not answered').lower()}"
                          for item in SURE_ITEMS)
        lines.append(("SURE test: ", f"{sure_summary(answers.sure)} {given}."))
        lines += [(f"To talk through ({item.label}): ", item.talk_through) for item in sure_noes(answers.sure)]
    return lines
