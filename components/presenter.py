"""Presenter mode: one measure a slide, benefits and downsides alike, each filling one screen; a clicker steps."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import glance, handout, recovery_weeks
from components.evidence_text import VERDICT_BADGES
from components.navigation import presenter_steps
from evidence import figures as charts
from evidence.balance import BOTH_LATER, OFFERS, OFFERS_SHORT
from evidence.filters import for_metric
from evidence.load import Evidence, selection_of
from evidence.qr import local_address_note, phone_address, qr_png
from evidence.recovery import RECOVERY_STEP, RECOVERY_VIEW
from evidence.summary import Summary, summaries
from evidence.views import claims_on, comparison
from evidence.wording import plain, short_name

MOST_SOURCES = 4  # a sources line names at most this many studies, so that it stays one short line


def _go(evidence: Evidence, step: str) -> None:
    """Show a step: the overview or a measure (its comparison becomes the view)."""
    metrics = evidence.metrics.set_index("metric_id")
    st.session_state.slide = step
    if step == RECOVERY_STEP:
        st.session_state.view = RECOVERY_VIEW
        return
    st.session_state.view = step if step in ("glance", "closing") else metrics.comparison_id[step]


def _here(evidence: Evidence) -> str | None:
    """The step on screen: 'glance', a measure id, 'closing', or None on a view that is not a slide (e.g. the
    article)."""
    view = st.session_state.get("view")
    if view in ("glance", "closing"):
        return view
    return st.session_state.get("slide") if view in set(evidence.metrics.comparison_id) else None


def _step(evidence: Evidence, delta: int) -> None:
    """One step on or back; the deck stops at its ends instead of wrapping. Off the deck, any step starts it."""
    steps = presenter_steps(evidence)
    here = _here(evidence)
    index = min(max(steps.index(here) + delta, 0), len(steps) - 1) if here in steps else 0
    _go(evidence, steps[index])


def controls(evidence: Evidence) -> None:
    """Keys for a room: Right/PageDown on, Left/PageUp back (what a clicker sends), and a small hint. The buttons'
    bar is not projected: it appears on hover or keyboard focus (CSS in components.layout)."""
    steps = presenter_steps(evidence)
    here = _here(evidence)
    position = steps.index(here) + 1 if here in steps else 0
    with st.container(key="presenter_controls"):  # fixed: it takes no room on the slide
        with st.container(key="presenter_bar", horizontal=True, vertical_alignment="center"):
            st.button("← Previous", on_click=_step, args=(evidence, -1), shortcut="Left", key="prev")
            st.markdown(f"**{position} of {len(steps)}**")
            st.button("Next →", on_click=_step, args=(evidence, 1), shortcut="Right", key="next")
            st.button("Leave presenter mode", on_click=lambda: st.session_state.update(mode="surgeon"), key="leave")
            handout.presenter_button(evidence)
        with st.container(key="clicker_keys"):
            st.button("Previous slide", on_click=_step, args=(evidence, -1), shortcut="PageUp", key="page_up")
            st.button("Next slide", on_click=_step, args=(evidence, 1), shortcut="PageDown", key="page_down")
        if position == len(steps):
            hint = f"End of the slides ({position} of {len(steps)}) · ← back"
        else:
            hint = f"{position} of {len(steps)} · → next · ← back"
        st.container(key="presenter_hint").markdown(hint)
        note = local_address_note()
        if note and here == "glance":  # for the presenter, in small type: the room's phones cannot open the QR code
            st.container(key="qr_local").warning(plain(note), icon=":material/wifi_off:")


def sources_line(evidence: Evidence, figures: pd.DataFrame, summary: Summary, drawn: tuple[str, ...] = ()) -> str:
    """'Sources: Li 2018; Skovrlj 2015': the studies behind the summary's numbers and those its chart draws, else those
    reporting on the measure (at most MOST_SOURCES, then how many more)."""
    table = evidence.sources.set_index("source_id")
    ids = [*summary.source_ids, *drawn] or list(for_metric(figures, summary.metric_id).source_id)
    names = list(dict.fromkeys(short_name(table.loc[i]) for i in ids if i in table.index))
    if not names:
        return "Sources: no study we searched reports this."
    more = f" and {len(names) - MOST_SOURCES} more" if len(names) > MOST_SOURCES else ""
    return "Sources: " + "; ".join(names[:MOST_SOURCES]) + more


LONG_WORDS = 120  # characters: longer words for one option are set at 44 px, not 60, so that the slide fits


def big_numbers(summary: Summary) -> None:
    """For a measure with no chart: the summary's words for open and for MISS, large."""
    for arm, shape, words in (("Open", "●", summary.open_plain), ("MISS", "◆", summary.miss_plain)):
        with st.container(key=f"big_{arm.lower()}{'_long' if len(words) > LONG_WORDS else ''}"):
            st.markdown(f"{shape} **{arm}**")
            st.markdown(plain(words))


def slide(evidence: Evidence, figures: pd.DataFrame, metric_id: str) -> None:
    """One measure for a room: the chart (or its numbers, large) beside the summary in words and the article's
    claim on it; its sources in one line below. The recovery step is the weeks after surgery instead."""
    if metric_id == RECOVERY_STEP:
        recovery_weeks.slide(evidence)
        return
    selection = selection_of(figures)
    summary = summaries(evidence, selection)[metric_id]
    st.title(plain(summary.patient_label))
    left, right = st.columns([5, 3] if summary.icons else [11, 9], gap="large")
    chart = comparison(evidence, selection, summary.comparison_id).chart
    figure = charts.slide_chart(evidence, selection, metric_id, chart)
    with left:
        if figure is not None:
            st.plotly_chart(figure, width="content", key=f"slide_{metric_id}",
                            config={"displaylogo": False, "staticPlot": True})
        else:
            big_numbers(summary)
    with right:
        if figure is not None:
            st.markdown(f"**Open:** {plain(summary.open_plain)}")
            st.markdown(f"**MISS:** {plain(summary.miss_plain)}")
        if summary.agreement == "disagree":
            st.warning(plain(summary.agreement_words), icon=":material/compare_arrows:")
        else:
            st.markdown(plain(summary.agreement_words))
        st.markdown(f"How sure we are: **{plain(summary.certainty_words.split(':')[0])}**")
        claims = claims_on(evidence, [metric_id])
        if claims:  # the claim most about this measure: the one naming the fewest others
            first = min(claims, key=lambda claim: len(claim.metric_ids))
            icon, color, words = VERDICT_BADGES[first.verdict]
            st.badge(f"Claim check: {words}", icon=icon, color=color)  # the verdict first, the quotation beneath
            st.container(key="slide_quote").caption("Article, author unknown: \u201c" + first.text + "\u201d")
    drawn = charts.drawn_sources(evidence, selection, metric_id) if figure is not None else ()
    st.container(key="slide_sources").markdown(plain(sources_line(evidence, figures, summary, drawn)))


def overview(evidence: Evidence) -> None:
    """The first slide: the decision, the two options in words and drawn, what each offers, and a QR code that opens
    this view on a phone, in the layout made for phones (at the server's public address: SPINE_PUBLIC_URL)."""
    st.title("Open or minimally invasive spine fusion?")
    st.markdown(glance.DECISION)
    words, picture = st.columns([11, 9], gap="large")
    with words:
        st.markdown("\n\n".join(f"**{name}**: {text}" for name, text in glance.OPTIONS.items()))
        st.markdown(f"{glance.SAME_GOAL} {BOTH_LATER}")
        offers(OFFERS_SHORT)
    with picture:
        st.plotly_chart(charts.options_diagram(*charts.ROOM_DIAGRAM), width="content",
                        key="options_diagram",
                        config={"displaylogo": False, "staticPlot": True}, alt=glance.DIAGRAM_WORDS)
        address = phone_address("glance")
        code, label = st.columns([2, 3], vertical_alignment="center")
        code.image(qr_png(address), width=210, alt=f"QR code: {address}")
        label.markdown("Follow on your phone:")
        label.container(key="qr_address").markdown(plain(address))
        st.container(key="slide_sources").markdown("Sources: named on each slide and in the hand-out.")


def offers(points_by_option: dict[str, list[str]] = OFFERS) -> None:
    """What open surgery offers, then what MISS offers, a line each in the same form: the same weight for both."""
    st.markdown("\n\n".join(f"**{heading}:** {'; '.join(points)}." for heading, points in points_by_option.items()))
