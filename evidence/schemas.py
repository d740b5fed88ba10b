"""Pandera schemas: one per CSV table in data/. The data dictionary is data/README.md."""

import numpy as np
import pandera.pandas as pa
from pandera.pandas import Check, Column

TEXT = dict(dtype=str, coerce=True)
ID = Check.str_matches(r"^[a-z0-9_]+$", error="must be lowercase letters, digits or _")
MAX_TEXT = Check.str_length(max_value=2000, error="is longer than 2000 characters")
NO_FORMULA = Check(
    lambda s: ~s.str.match(r"^[=+\-@]\D", na=False),
    element_wise=False,
    error="starts like a spreadsheet formula (=, +, - or @)",
)
PLACEHOLDER = r"not shown|not visible|not stated|inferred|as cited|as shown|unknown|n\.d\."
KNOWN = Check(lambda s: ~s.str.contains(PLACEHOLDER, case=False, regex=True, na=False), element_wise=False,
              error="must be the citation as printed, not a placeholder")
FINITE = Check(lambda s: np.isfinite(s) | s.isna(), error="must be a finite number")
NON_NEGATIVE = Check.ge(0, error="must be 0 or more")


def _text(required: bool = True, *checks: Check) -> Column:
    return Column(str, checks=[MAX_TEXT, NO_FORMULA, *checks], nullable=not required, coerce=True)


def _number(*checks: Check) -> Column:
    return Column(float, checks=[FINITE, *checks], nullable=True, coerce=True)


def _count() -> Column:
    return Column("Int64", checks=[Check.ge(1, error="must be 1 or more")], nullable=True, coerce=True)


COMPARISONS = pa.DataFrameSchema(
    {
        "comparison_id": _text(True, ID),
        "order": Column(int, coerce=True),
        "title": _text(),
        "patient_question": _text(),
        "chart": _text(True, Check.isin(["dumbbell", "icon_array"])),
    },
    strict=True,
    unique=["comparison_id"],
)

METRICS = pa.DataFrameSchema(
    {
        "metric_id": _text(True, ID),
        "comparison_id": _text(True, ID),
        "order": Column(int, coerce=True),
        "label": _text(),
        "patient_label": _text(),
        "explanation": _text(),
        "unit": _text(),
        "better": _text(True, Check.isin(["lower", "higher", "none"])),
        "kind": _text(True, Check.isin(["continuous", "risk", "text"])),
        "open_words": _text(False),
        "miss_words": _text(False),
    },
    strict=True,
    unique=["metric_id"],
)

SOURCES = pa.DataFrameSchema(
    {
        "source_id": _text(True, ID),
        "authors": _text(True, KNOWN),
        "year": Column("Int64", checks=[Check.in_range(1950, 2030, error="must be a year 1950-2030")], coerce=True),
        "title": _text(False, KNOWN),  # empty only where the page read printed none (the note says so)
        "journal": _text(True, KNOWN),
        "doi": _text(False, Check.str_matches(r"^10\.\d{4,9}/\S+$", error="must look like 10.xxxx/…")),
        "url": _text(True, Check.str_matches(r"^https?://\S+$", error="must be an http(s) address")),
        "design": _text(),
        "n_studies": _count(),
        "n_patients": _count(),
        "certainty": _text(False),
        "checked_on": Column("datetime64[ns]", coerce=True),
        "locator": _text(),
        "same_study_as": _text(False, ID),
        "includes": _text(False, Check.str_matches(r"^[a-z0-9_]+(;[a-z0-9_]+)*$", error="must be source ids separated by ;")),
        "evidence_note": _text(),
    },
    strict=True,
    unique=["source_id"],
)

SPREADS = ["95% CI", "SD", "range", "IQR", "none"]
EFFECTS = [
    "weighted mean difference",
    "mean difference",
    "standardised mean difference",
    "risk ratio",
    "odds ratio",
    "risk difference",
    "overall rate (both approaches)",
    "none",
]
ARM_BASES = ["comparative", "single_arm", "selected_series", "any_approach"]
FINDINGS = ["favours_miss", "favours_open", "no_significant_difference", "direction_only"]

FIGURES = pa.DataFrameSchema(
    {
        "figure_id": _text(True, ID),
        "metric_id": _text(True, ID),
        "source_id": _text(True, ID),
        "typical_open": _text(True, Check.isin(["yes", "no"])),
        "locator": _text(),
        "procedure": _text(),
        "design": _text(),
        "n_studies": _count(),
        "n_patients": _count(),
        "open_value": _number(),
        "open_low": _number(),
        "open_high": _number(),
        "miss_value": _number(),
        "miss_low": _number(),
        "miss_high": _number(),
        "open_sd": _number(NON_NEGATIVE),
        "miss_sd": _number(NON_NEGATIVE),
        "spread_type": _text(True, Check.isin(SPREADS)),
        "effect_measure": _text(True, Check.isin(EFFECTS)),
        "effect_value": _number(),
        "effect_low": _number(),
        "effect_high": _number(),
        "effect_sign": _text(False, Check.isin(["miss_minus_open", "miss_over_open"])),
        "p_value": _text(False),
        "finding": _text(True, Check.isin(FINDINGS)),
        "unit": _text(),
        "follow_up": _text(False),
        "population": _text(False),
        "arm_basis": _text(True, Check.isin(ARM_BASES)),
        "comparable_as": _text(False),
        "note": _text(),
    },
    strict=True,
    unique=["figure_id"],
)

VERDICTS = ["supported", "partly supported", "not supported or overstated", "no evidence found", "general"]

PASSAGES = pa.DataFrameSchema(
    {
        "passage_id": _text(True, Check.str_matches(r"^[A-Za-z0-9_]+$")),
        "paragraph": Column(int, checks=[Check.ge(1)], coerce=True),
        "text": _text(),
        "metric_ids": _text(),
        "verdict": _text(True, Check.isin(VERDICTS)),
        "verdict_reason": _text(),
        "source_ids": _text(False),
    },
    strict=True,
    unique=["passage_id"],
)

LEVELS_DOWN = Column(int, checks=[Check.isin([0, -1, -2], error="must be 0, -1 or -2 (levels rated down)")],
                     coerce=True)
APPRAISAL = pa.DataFrameSchema(
    {
        "metric_id": _text(True, ID),
        "evidence_start": _text(True, Check.isin(["randomised", "non-randomised"])),
        **{column: spec for domain in ("risk_of_bias", "inconsistency", "indirectness", "imprecision",
                                        "publication_bias")
           for column, spec in ((domain, LEVELS_DOWN), (f"{domain}_reason", _text(False)))},
        "upgrade": Column(int, checks=[Check.isin([0, 1, 2], error="must be 0, 1 or 2 (levels rated up)")],
                          coerce=True),
        "upgrade_reason": _text(False),
        "certainty": _text(True, Check.isin(["high", "moderate", "low", "very low"])),
        "main_reason": _text(),
        "headline": _text(True, Check.isin(["effect", "range", "words"])),
        "headline_reason": _text(),
        "caveat": _text(False),
        "not_for": _text(False),
        "studies_counted": Column("Int64", checks=[Check.ge(0)], nullable=True, coerce=True),
    },
    strict=True,
    unique=["metric_id"],
)

GLOSSARY = pa.DataFrameSchema(
    {"term": _text(), "definition": _text()},
    strict=True,
    unique=["term"],
)

PERIODS = ["Day of surgery", "Week 1", "Weeks 2-6", "Weeks 6-12", "3-12 months"]
IDS = Check.str_matches(r"^[a-z0-9_]+(;[a-z0-9_]+)*$", error="must be source ids separated by ;")
RECOVERY = pa.DataFrameSchema(
    {
        "row_id": _text(True, ID),
        "order": Column(int, coerce=True),
        "period": _text(True, Check.isin(PERIODS)),
        "activity": _text(),
        "metric_id": _text(False, ID),
        "open_text": _text(False),
        "miss_text": _text(False),
        "differs": _text(True, Check.isin(["yes", "no"])),
        "compared_by": _text(False, IDS),
        "source_ids": _text(False, IDS),
        "locator": _text(),
        "milestone": Column("Int64", checks=[Check.isin([1, 2, 6, 12], error="must be week 1, 2, 6 or 12")],
                            nullable=True, coerce=True),
        "digest": _text(False, Check.str_length(max_value=120, error="is longer than 120 characters (a phone line)")),
        "note": _text(False),
    },
    strict=True,
    unique=["row_id"],
)

TABLES = {
    "comparisons": COMPARISONS,
    "metrics": METRICS,
    "sources": SOURCES,
    "figures": FIGURES,
    "passages": PASSAGES,
    "glossary": GLOSSARY,
    "appraisal": APPRAISAL,
    "recovery": RECOVERY,
}
