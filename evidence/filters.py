"""Which rows a view shows: the surgeon's filters, one measure's figures, the article's passages on some measures."""

from __future__ import annotations

import pandas as pd

from evidence.load import Evidence


def filtered(figures: pd.DataFrame, procedures: list[str] | None, designs: list[str] | None) -> pd.DataFrame:
    """Figures limited to the chosen procedures and study designs (None or empty = all)."""
    keep = pd.Series(True, index=figures.index)
    if procedures:
        keep &= figures.procedure.isin(procedures)
    if designs:
        keep &= figures.design.isin(designs)
    return figures[keep]


def for_metric(figures: pd.DataFrame, metric_id: str) -> pd.DataFrame:
    return figures[figures.metric_id == metric_id]


def passages_for(evidence: Evidence, metric_ids: list[str]) -> pd.DataFrame:
    """The article's passages that speak about any of these metrics, in article order."""
    wanted = set(metric_ids)
    mask = evidence.passages.metric_ids.map(lambda cell: bool(wanted & {m.strip() for m in cell.split(";")}))
    return evidence.passages[mask]
