"""My own risk: the infection summary for a patient with one risk factor (diabetes, obesity, an earlier spine
operation), as extra baseline rows in the manner of GRADE's several baselines.

The baseline is the infection summary's own typical risk with open surgery and its risk with MISS; each factor's
pooled risk ratio (data/risk_factors.csv, from a meta-analysis of lumbar surgery) is applied to both. It is an
estimate from averages, not a validated calculator. Several factors are never multiplied together: each is shown
on its own, with a caveat.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from evidence.load import DataError, Problem, data_folder, validated_table
from evidence.schemas import ID, KNOWN, MAX_TEXT, NO_FORMULA
from evidence.summary import Summary
from evidence.wording import count_words, denominator, per

FILE = "risk_factors.csv"
ESTIMATE = "This is an estimate from averages, not a validated calculator."
SEVERAL = ("You ticked more than one. Risks from several factors do not simply add up or multiply, and no study "
           "here gives the risk for them together. Each line shows one factor on its own; ask your surgeon what "
           "they mean together for you.")


def _text(required: bool = True, *checks: Check) -> Column:
    return Column(str, checks=[MAX_TEXT, NO_FORMULA, *checks], nullable=not required, coerce=True)


def _ratio() -> Column:
    return Column(float, checks=[Check.gt(0, error="a ratio must be above 0")], nullable=False, coerce=True)


RISK_FACTORS = pa.DataFrameSchema(
    {
        "factor_id": _text(True, ID),
        "label": _text(),
        "patient_label": _text(),
        "effect_measure": _text(True, Check.isin(["risk ratio"])),
        "effect_value": _ratio(),
        "effect_low": _ratio(),
        "effect_high": _ratio(),
        "authors": _text(True, KNOWN),
        "year": Column("Int64", checks=[Check.in_range(1950, 2030, error="must be a year 1950-2030")], coerce=True),
        "title": _text(True, KNOWN),
        "journal": _text(True, KNOWN),
        "doi": _text(False, Check.str_matches(r"^10\.\d{4,9}/\S+$", error="must look like 10.xxxx/…")),
        "url": _text(True, Check.str_matches(r"^https?://\S+$", error="must be an http(s) address")),
        "design": _text(),
        "n_studies": Column("Int64", checks=[Check.ge(1)], nullable=True, coerce=True),
        "n_patients": Column("Int64", checks=[Check.ge(1)], nullable=True, coerce=True),
        "locator": _text(),
        "checked_on": Column("datetime64[ns]", coerce=True),
        "population": _text(),
        "note": _text(),
    },
    strict=True,
    unique=["factor_id"],
)


def validated(raw: bytes | None) -> pd.DataFrame:
    """The risk-factor table checked against its schema and its intervals, or DataError naming file, row, column."""
    problems: list[Problem] = []
    table = validated_table(FILE, raw, RISK_FACTORS, problems)
    if table is not None:
        for index, row in table.iterrows():
            if not row.effect_low <= row.effect_value <= row.effect_high:
                problems.append(Problem(FILE, f"{row.effect_value:g} lies outside its own interval "
                                        f"{row.effect_low:g} to {row.effect_high:g}", int(index) + 2, "effect_value"))
    if problems:
        raise DataError(problems)
    return table


@functools.lru_cache(maxsize=4)
def _load(raw: bytes | None) -> pd.DataFrame:
    return validated(raw)


def load(folder: Path | None = None) -> pd.DataFrame:
    """The risk factors of the data folder (cached by the file's bytes); DataError if they are not valid."""
    path = (folder or data_folder()) / FILE
    return _load(path.read_bytes() if path.is_file() else None)


def stratum(summary: Summary, factor: pd.Series) -> Summary:
    """The infection summary for a patient with this factor: both risks times the factor's risk ratio (capped at
    100%), with one denominator and their words; its range comes from the ratio's 95% interval."""
    ratio = float(factor.effect_value)
    open_value = min(summary.open_value * ratio, 100.0)
    miss_value = min(summary.miss_value * ratio, 100.0)
    out_of = denominator(open_value, miss_value)
    words = {arm: f"about {count_words(per(value, out_of))} in {out_of:,}"
             for arm, value in (("open", open_value), ("miss", miss_value))}
    spread = {arm: (f"{count_words(per(min(value * factor.effect_low, 100), out_of))} to "
                    f"{count_words(per(min(value * factor.effect_high, 100), out_of))}")
              for arm, value in (("open", summary.open_value), ("miss", summary.miss_value))}
    label = f"{summary.patient_label}, with {factor.label.lower()}"
    sentence = (f"{label}: with open surgery, {words['open']} ({spread['open']}); with MISS, {words['miss']} "
                f"({spread['miss']}). {ESTIMATE}")
    cells = {arm: f"{words[arm]} ({spread[arm]})" for arm in ("open", "miss")}
    return dataclasses.replace(
        summary, patient_label=label, open_value=open_value, miss_value=miss_value,
        miss_low=None, miss_high=None, out_of=out_of,
        open_plain=cells["open"], miss_plain=cells["miss"], open_first=cells["open"], miss_first=cells["miss"],
        more_plain="",
        open_cell=f"{open_value:.2g}% ({words['open']})", miss_cell=f"{miss_value:.2g}% ({words['miss']})",
        sentence=sentence)


def basis(factor: pd.Series) -> str:
    """Where a stratum's numbers come from, in words."""
    return (f"The typical risks above, times the risk ratio for {factor.label.lower()} ({factor.effect_value:g}, "
            f"95% CI {factor.effect_low:g} to {factor.effect_high:g}) from a review of {factor.n_studies} studies "
            f"({str(factor.authors).split(',')[0].split(' ')[0]} {int(factor.year)}, {factor.journal}, "
            f"doi {factor.doi}), in {factor.population}. The same ratio is applied to both options, as the review "
            "did not give one for each.")


def strata(summary: Summary, factors: pd.DataFrame, ticked: list[str] | tuple[str, ...]
           ) -> list[tuple[pd.Series, Summary]]:
    """One stratum per ticked factor, in the table's order; none when the summary has no pair of risks."""
    if not summary.icons:
        return []
    return [(row, stratum(summary, row)) for _, row in factors.iterrows() if row.factor_id in ticked]
