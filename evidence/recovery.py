"""What the weeks after each operation are like (IPDAS Q6), from data/recovery.csv: the one place the screens, the
phone's digest, the handout and the slide take it from.

A row tied to a measure (metric_id) takes its open and MISS words from that measure's summary, so the recovery table
never disagrees with the measure's own screen. A row where the options do not differ shows one text for both and says
so; a row without a source says plainly that none was found.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from evidence.load import BY_FINGERPRINT, NO_SOURCE, Evidence, Selection, selection_of
from evidence.schemas import PERIODS
from evidence.summary import summaries_for
from evidence.wording import markdown_table, short_name

TITLE = "What it is like, week by week"
SAME = "About the same for both; your surgeon's instructions come first."
UNKNOWN = "No source found for either; your surgeon's instructions come first."
BOTH = "Where a line names no difference, it is about the same for both. Your surgeon's instructions come first."
INTRO = ("What the weeks after each operation are like, from the studies and surveys we could cite. "
         "Everyone heals at their own pace.")
MILESTONES = (1, 2, 6, 12)  # the weeks the short digest speaks of
RECOVERY_STEP = "recovery_weeks"  # the presenter's slide
RECOVERY_VIEW = "recovery"  # comparisons.csv: the screen (and slides) the weeks after surgery follow
COLUMNS = {"patient": ["What", "Open", "MISS", "Sources"],
           "surgeon": ["What", "Open", "MISS", "Sources", "Where in the source"]}


@dataclass(frozen=True)
class Activity:
    """One row of the recovery table, in the words every output uses."""

    period: str
    activity: str
    open: str
    miss: str
    differs: bool
    sources: str  # 'Ma 2021; Yao 2018', or '' where none was found
    locator: str


def activities(evidence: Evidence, figures: pd.DataFrame) -> list[Activity]:
    """Every row in period order, then in its own order; a measure's row in its summary's (rounded) words."""
    by_metric = summaries_for(evidence, figures)
    names = evidence.sources.set_index("source_id")
    rows = evidence.recovery.assign(rank=evidence.recovery.period.map(PERIODS.index)).sort_values(["rank", "order"])
    found = []
    for row in rows.itertuples():
        ids = [*_ids(row.compared_by), *_ids(row.source_ids)]
        if isinstance(row.metric_id, str):
            summary = by_metric[row.metric_id]
            open_text, miss_text = summary.open_plain, summary.miss_plain
            ids += [s for s in summary.source_ids if s not in ids]
        elif row.differs == "yes":
            open_text, miss_text = row.open_text, row.miss_text
        else:
            open_text = row.open_text
            miss_text = UNKNOWN if NO_SOURCE in row.open_text.lower() else SAME
        cited = "; ".join(dict.fromkeys(short_name(names.loc[s]) for s in ids if s in names.index))
        found.append(Activity(row.period, row.activity, open_text, miss_text, row.differs == "yes", cited,
                              row.locator))
    return found


def by_period(evidence: Evidence, figures: pd.DataFrame, mode: str) -> list[tuple[str, pd.DataFrame]]:
    """The table a screen draws, one per period: what, open, MISS and the sources (surgeons: and where in them),
    escaped for st.table (wording.markdown_table: the first column is the index)."""
    return period_tables(evidence, selection_of(figures), mode)


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs=BY_FINGERPRINT)
def period_tables(evidence: Evidence, selection: Selection, mode: str) -> list[tuple[str, pd.DataFrame]]:
    """by_period, built once per data fingerprint, selection and mode; shared read-only between sessions."""
    figures = evidence.figures[evidence.figures.figure_id.isin(selection.ids)]
    columns = COLUMNS["surgeon" if mode == "surgeon" else "patient"]
    every = activities(evidence, figures)
    tables = []
    for period in PERIODS:
        rows = [a for a in every if a.period == period]
        if rows:
            frame = pd.DataFrame([[a.activity, a.open, a.miss, a.sources or "None found", a.locator] for a in rows],
                                 columns=COLUMNS["surgeon"])
            tables.append((period, markdown_table(frame[columns])))
    return tables


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=BY_FINGERPRINT)
def digest(evidence: Evidence) -> list[tuple[str, str]]:
    """('Week 1', 'Some days in hospital; …') for weeks 1, 2, 6 and 12: the short lines a phone shows first."""
    rows = evidence.recovery.dropna(subset=["milestone", "digest"]).sort_values("order")
    return [(f"Week {week}", " ".join(rows[rows.milestone == week].digest)) for week in MILESTONES
            if (rows.milestone == week).any()]


def digest_source_ids(evidence: Evidence) -> list[str]:
    """The studies behind the digest lines, in order of first use."""
    rows = evidence.recovery.dropna(subset=["milestone", "digest"]).sort_values("order")
    known = set(evidence.sources.source_id)
    ids = [s for row in rows.itertuples() for s in (*_ids(row.compared_by), *_ids(row.source_ids))]
    return [s for s in dict.fromkeys(ids) if s in known]


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=BY_FINGERPRINT)
def digest_sources(evidence: Evidence) -> str:
    """The same, as people cite them: 'Goldstein 2016; Serban 2017; …'."""
    names = evidence.sources.set_index("source_id")
    return "; ".join(dict.fromkeys(short_name(names.loc[s]) for s in digest_source_ids(evidence)))


def _ids(cell) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()] if isinstance(cell, str) else []
