"""What helps a patient read and use the material, shared by the printed handout and the patient screens (scored
with AHRQ's PEMAT-P, docs/pemat-scoring.md): what the decision is and what each operation is, before any number;
how to use the sheet or the screens, step by step; how to read the numbers once; the study tallies in a later
'About these numbers' layer; plain chart titles; and what to do next. Our own wording, no data and no numbers."""

from __future__ import annotations

from evidence.summary import Summary

PURPOSE = ("This sheet helps you compare two ways of doing a spine fusion, so that you can talk them through with "
           "your surgeon. It does not choose for you.")
WHAT_FUSION_IS = ("Spine fusion joins two or more bones of the spine (vertebrae) so that they grow into one. Both "
                  "operations put in screws and rods. They differ in how the surgeon reaches the spine.")
OPERATIONS = (  # (name as printed, what it is in plain words); MISS is spelled out at its first use
    ("Open surgery", "one long cut down the middle of the back. The surgeon moves the back muscles aside to see "
                     "the spine."),
    ("Minimally invasive spine surgery (MISS)", "a few short cuts. The surgeon works through narrow tubes, guided "
                                                "by live X-ray pictures, and pushes the muscles apart."),
)
DRAWING_TITLE = "Where the cuts are made (drawing, not to scale)"
DRAWING_CAPTION = "Drawing, not to scale: where the cuts are made. Open: one long cut. MISS: a few short cuts."
HOW_TO_USE_TITLE = "How to use this sheet"
HOW_TO_USE = (
    "Read what each operation is, then the numbers for both.",
    "Tick (\u2713) the lines that matter most to you.",
    "Circle anything you do not understand or want to ask about.",
    "Bring this sheet to your next visit and go through it with your surgeon.",
)
INTRODUCTION_SHORT = (  # the introduction and the steps in two lines, when the sheet is short of room
    ("Open surgery: ", "one long cut. "), ("Minimally invasive spine surgery (MISS): ", "a few short cuts. "),
    ("Brackets: ", "the likely range. "), ("To use: ", "read, tick (\u2713), circle questions, bring it."),
)
SCREEN_STEPS = (
    "Read what each operation is, below, then the table that puts them side by side.",
    "Choose a topic from the menu to see its chart and the studies behind it.",
    "Mark what matters to you on the page 'What matters to me'. It gives you questions to ask.",
    "Print your sheet ('Take home' in the menu) and bring it to your next visit.",
)
READING_NUMBERS = (
    "'13 in 1,000' means 13 out of every 1,000 people. A range in brackets, such as (1 to 12), is where the true "
    "number most likely lies. 'How sure we are: low' or 'very low': new studies could change a number a lot. 'Lumbar' means the lower back."
)
ABOUT_TITLE = "About these numbers"
ABOUT_POINTER = ("The numbers come from published studies. How many studies compared the two operations on each "
                 "measure, and how each number was chosen, is in the app ('How this was made').")
ABOUT_INTRO = ("How many studies compared the two operations on each measure, and what they found. The app explains "
               "how each number was chosen ('How this was made').")
IN_SHORT = ("Both operations aim at the same result: bones that have grown together. A year or more later, results "
            "are about the same. MISS uses shorter cuts; open surgery uses less X-ray and suits more spines. Neither "
            "is right for everyone.")
NEXT_STEPS_TITLE = "What to do next"
NEXT_STEPS = (
    "Mark what matters most to you ('What matters to me').",
    "Write down your questions, or use the ones the app gives you.",
    "Print your sheet ('Take home' in the menu) and bring it to your next visit.",
    "Talk the choice through with your surgeon. Your own risks may differ from these averages.",
)
UNSURE = ("low", "very low")


def tallies(summaries: list[Summary]) -> list[tuple[str, str]]:
    """(measure, how many studies compared them and what they found) for each summary: the study tallies, kept out
    of the first layer and printed once under ABOUT_TITLE."""
    return [(s.patient_label, s.agreement_words) for s in summaries if s.agreement_words]


def chart_title(summary: Summary) -> str:
    """A chart's title in plain words that say what it shows: 'Wound infection: how many people out of 1,000, with
    each operation'."""
    if summary.icons and summary.out_of:
        return f"{summary.patient_label}: how many people out of {summary.out_of:,}, with each operation"
    return f"{summary.patient_label}: the usual amount with each operation"


def studies_chart_title(summary: Summary) -> str:
    """The title of a chart of single studies for patients: it says the numbers are each study's own, not rounded,
    so that they never seem to contradict the rounded summary above them (e.g. 255 in a study, 'about 260')."""
    return f"{summary.patient_label}: each study's own numbers (not rounded)"


def in_short(summaries: list[Summary]) -> str:
    """How sure we are across the measures, counted from their summaries, for the summary at the end."""
    rated = [s for s in summaries if s.certainty]
    unsure = sum(1 for s in rated if s.certainty.lower() in UNSURE)
    return (f"For {unsure} of the {len(rated)} measures we are unsure ('low' or 'very low'): new studies could "
            f"change those numbers." if rated else "")
