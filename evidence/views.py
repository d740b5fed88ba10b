"""What the views show as ready text: built once per data fingerprint (and selection), so that a rerun only draws.

Every text here is already escaped for st.markdown (wording.plain); the components put it on screen as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from evidence.citations import citation, link
from evidence.filters import for_metric
from evidence.load import BY_FINGERPRINT, Evidence, Selection, selection_of
from evidence.summary import summaries
from evidence.wording import explained, plain, plain_design, short_name


@dataclass(frozen=True)
class Claim:
    """One passage of the source article with our check of it."""

    passage_id: str
    paragraph: int
    text: str  # the article's words, escaped
    verdict: str
    reason: str
    checked_against: str  # the studies it was checked against, named, or ""
    metric_ids: tuple[str, ...]
    comparison_ids: tuple[str, ...]  # the comparisons it speaks about, in screen order


@dataclass(frozen=True)
class Measure:
    """One measure of a comparison in a selection: its words and which figures report it."""

    metric_id: str
    explanation: str
    rows: Selection  # its figures in the selection
    source_ids: tuple[str, ...]
    reported: bool  # some figure in all the evidence reports it (so an empty selection is the filters' doing)


@dataclass(frozen=True)
class Comparison:
    """A comparison view: heading, question, its measures, the article's claims on them, the words they use."""

    comparison_id: str
    title: str
    question: str
    chart: str
    measures: tuple[Measure, ...]
    claims: tuple[Claim, ...]
    glossary: str  # markdown: the terms its text uses, explained


def terms_in(glossary: pd.DataFrame, text: str) -> list[str]:
    """Glossary terms that appear in a text (matching the term or its short form in brackets)."""
    lowered = text.lower()
    found = []
    for term in glossary.term:
        forms = [term.split(" (")[0].lower()] + [part.rstrip(")").lower() for part in term.split(" (")[1:]]
        if any(form and re.search(rf"\b{re.escape(form)}\b", lowered) for form in forms):
            found.append(term)
    return found


@st.cache_resource(show_spinner=False, max_entries=32, hash_funcs=BY_FINGERPRINT)
def claims(evidence: Evidence) -> tuple[Claim, ...]:
    """Every passage of the article with its check, in article order."""
    names = {source_id: plain(short_name(source)) for source_id, source in
             evidence.sources.set_index("source_id").iterrows()}
    comparison_of = evidence.metrics.set_index("metric_id").comparison_id
    out = []
    for row in evidence.passages.itertuples():
        metric_ids = tuple(m.strip() for m in row.metric_ids.split(";") if m.strip())
        sources = [s.strip() for s in row.source_ids.split(";") if s.strip()] if isinstance(row.source_ids, str) else []
        out.append(Claim(
            row.passage_id, int(row.paragraph), plain(row.text), row.verdict, plain(row.verdict_reason),
            "; ".join(names[s] for s in sources),
            metric_ids, tuple(dict.fromkeys(comparison_of[m] for m in metric_ids if m in comparison_of.index)),
        ))
    return tuple(out)


def claims_on(evidence: Evidence, metric_ids: list[str]) -> list[Claim]:
    """The claims that speak about any of these measures, in article order."""
    wanted = set(metric_ids)
    return [claim for claim in claims(evidence) if wanted & set(claim.metric_ids)]


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs=BY_FINGERPRINT)
def comparison(evidence: Evidence, selection: Selection, comparison_id: str) -> Comparison:
    """Everything a comparison view says, for the figures in a selection."""
    row = evidence.comparisons.set_index("comparison_id").loc[comparison_id]
    metrics = evidence.metrics[evidence.metrics.comparison_id == comparison_id].sort_values("order")
    figures = evidence.figures[evidence.figures.figure_id.isin(selection.ids)]
    measures = []
    for metric in metrics.itertuples():
        rows = for_metric(figures, metric.metric_id)
        measures.append(Measure(metric.metric_id, plain(metric.explanation), selection_of(rows),
                                tuple(dict.fromkeys(rows.source_id)),
                                not for_metric(evidence.figures, metric.metric_id).empty))
    quoted = claims_on(evidence, list(metrics.metric_id))
    by_metric = summaries(evidence, selection)
    shown = [by_metric[m] for m in metrics.metric_id if m in by_metric]  # every line summary_block prints
    cells = [text for s in shown for text in (s.open_plain, s.miss_plain, s.more_plain, s.agreement_words, s.not_for,
                                                *s.also, *s.background)]
    words = " ".join([*metrics.label, *metrics.explanation, *(c.text for c in quoted), *(c.reason for c in quoted),
                      *cells,
                      *evidence.appraisal[evidence.appraisal.metric_id.isin(metrics.metric_id)].main_reason,
                      "confidence interval meta-analysis"])
    return Comparison(comparison_id, plain(row.title), plain(row.patient_question), row.chart, tuple(measures),
                      tuple(quoted), glossary_text(evidence, tuple(terms_in(evidence.glossary, words))))


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs=BY_FINGERPRINT)
def glossary_text(evidence: Evidence, terms: tuple[str, ...] | None = None) -> str:
    """Plain definitions of the terms a patient meets (all, or the named ones), as markdown."""
    rows = evidence.glossary if terms is None else evidence.glossary[evidence.glossary.term.isin(terms)]
    return "\n\n".join(f"**{plain(row.term)}**: {plain(row.definition)}" for row in rows.itertuples())


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs=BY_FINGERPRINT)
def studies_text(evidence: Evidence, source_ids: tuple[str, ...], patient: bool = False) -> str:
    """The studies behind figures as a markdown list: citation, design, size, certainty and a DOI link (for a
    patient, designs and technical terms in plain words)."""
    design, said = (plain_design, explained) if patient else (str, str)
    table = evidence.sources.set_index("source_id").loc[list(dict.fromkeys(source_ids))]
    items = []
    for _, source in table.iterrows():
        stated = source.certainty if isinstance(source.certainty, str) else "not stated"
        size = ", ".join(
            part for part in (
                f"{source.n_studies} studies" if pd.notna(source.n_studies) and source.n_studies > 1 else "",
                f"{source.n_patients:,} patients" if pd.notna(source.n_patients) else "",
            ) if part
        )
        items.append(
            f"- {plain(citation(source))}  \n"
            f"  {plain(design(source.design))}{plain(' · ' + size) if size else ''} · "
            f"certainty as stated: {plain(said(stated))} · "
            f"numbers from the {plain(source.locator)} · [{plain(link(source))}]({link(source)})"
        )
    return "\n".join(items)


def all_studies(evidence: Evidence) -> tuple[str, ...]:
    """Every source, oldest first."""
    return tuple(evidence.sources.sort_values(["year", "source_id"]).source_id)
