"""Plain-language wording of the numbers: natural frequencies, certainty words, units people can feel."""

from __future__ import annotations

import math
import re

import pandas as pd

NOTICE = (
    "This is educational material, not medical advice. It does not tell you which operation to choose. "
    "Your own risks may differ from these averages: talk them through with your surgeon."
)
FUNDING = "Funding: none; nobody paid for this tool and its makers have no ties to device makers."
ML_PER_CUP = 240  # a US cup, for "as a familiar amount"
CM_PER_INCH = 2.54
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&\"'])")

VERDICT_WORDS = {  # a claim check in words: never an endorsement of the claim
    "supported": "Backed by studies",
    "partly supported": "Only partly true",
    "not supported or overstated": "Overstated, or not backed by studies",
    "no evidence found": "No studies found",
    "general": "General statement, not a checkable claim",
}
ARTICLE_LABEL = (
    "From a patient article whose author is not known. It speaks well of MISS. This tool was made to check its "
    "claims, one by one, against published studies."
)

CERTAINTY_PLAIN = {
    "high": "High: we are confident; new studies are very unlikely to change this.",
    "moderate": "Moderate: this is probably right, but new studies could change it.",
    "low": "Low: this may be right; the true result may be quite different.",
    "very low": "Very low: we are very unsure; the true result is likely to be quite different.",
}
NOT_COMPARED = (
    "Not compared: no study we found measured this for both operations, so there is no result to rate. The words "
    "say what each operation involves; how big any difference is, is not known."
)


def certainty_words(certainty: str, compared: bool) -> str:
    """How sure we are, in plain words. Where no study compared the two and the cells only say what each option
    involves (a fact of the technique, such as the length of the cut), there is no result whose size could be
    rated, so the words say so instead of a GRADE level (surgeons still see the level)."""
    if certainty and not compared:
        return NOT_COMPARED
    return CERTAINTY_PLAIN.get(certainty, "Not rated.")


def plain(text: object) -> str:
    """Data text made safe for st.markdown: every markdown and HTML character escaped."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def markdown_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table ready for st.table, which reads Markdown: every cell and heading escaped (plain), the first column
    as the index. Cheap to draw again when built once in a cache."""
    escaped = frame.map(plain).rename(columns=plain)
    return escaped.set_index(escaped.columns[0])


def plotly_text(text: object) -> str:
    """Data text made safe for Plotly labels, which read a small subset of HTML."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def denominator(*rates_percent: float) -> int:
    """100 for risks of 1 in 100 or more, else 1000; one denominator for every option."""
    known = [r for r in rates_percent if r is not None and not math.isnan(r) and r > 0]
    return 1000 if known and min(known) < 1 else 100


def per(rate_percent: float, out_of: int) -> int:
    """How many people out of `out_of` a percentage is, rounded."""
    return round(rate_percent * out_of / 100)


def number(value: float) -> str:
    """A figure with as few digits as it needs."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not reported"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


PLAIN_UNITS = {  # unit -> (the word patients read, its explanation), explained wherever it appears
    "MME": ("MME", " (milligrams of morphine, or the same strength of another strong medicine)"),
    "points (ODI 0-100)": ("points", " on a 0-100 score of how much back problems limit daily life"),
    "points (VAS 0-10)": ("points", " on a 0-10 pain score"),
    "% multifidus atrophy (CSA loss)": ("%", " less of the muscle beside the operated level (scans after a year)"),
}


CHART_UNITS = {  # the same, short enough for a chart's axis
    "MME": "MME (milligrams of morphine)",
    "points (ODI 0-100)": "points (0-100 score of limits in daily life)",
    "points (VAS 0-10)": "points (0-10 pain score)",
    "% multifidus atrophy (CSA loss)": "% less muscle beside the spine",
}


def plain_unit(unit: str) -> tuple[str, str]:
    """(unit word, explanation) for patients: ('points', ' on a 0-10 pain score')."""
    return PLAIN_UNITS.get(unit, (unit, ""))


DESIGN_PLAIN = {  # a study design as a patient reads it, the technical name kept in brackets
    "meta-analysis of RCTs": "a review that pooled randomised trials (meta-analysis of RCTs)",
    "meta-analysis of RCTs and cohort studies": "a review that pooled randomised trials and studies of groups "
                                                "(meta-analysis of RCTs and cohort studies)",
    "meta-analysis of cohort studies": "a review that pooled studies that followed groups of people (meta-analysis of "
                                       "cohort studies)",
    "RCT": "a randomised trial: chance decided who had which operation (RCT)",
    "prospective cohort": "a study that followed groups of people from the start (prospective cohort)",
    "retrospective cohort": "a study that looked back at records of groups of people (retrospective cohort)",
    "national database study": "a study of a national database of operations",
    "systematic review": "a review of studies found by a planned search",
    "narrative review": "a review of studies chosen by its authors",
    "meta-analysis (designs not stated)": "a review that pooled studies without saying of which kind (meta-analysis)",
    "nested case-control study": "a study that compared people with and without a problem within one larger group "
                                 "(nested case-control study)",
    "survey of surgeons": "a survey that asked surgeons what they advise",
}
DESIGN_SHORT = {  # the same, short enough for a chart's row label
    "meta-analysis of RCTs": "review pooling randomised trials",
    "meta-analysis of RCTs and cohort studies": "review pooling trials and other studies",
    "meta-analysis of cohort studies": "review pooling non-randomised studies",
    "RCT": "randomised trial",
    "prospective cohort": "study that followed people",
    "retrospective cohort": "study of past records",
    "national database study": "national database study",
    "systematic review": "review",
    "narrative review": "review",
    "meta-analysis (designs not stated)": "review pooling studies",
    "nested case-control study": "study within a larger group",
    "survey of surgeons": "survey of surgeons",
}
PLAIN_TERMS = (  # (technical term, plain words put beside its first use in a text, plain words that already do)
    (r"odds ratios?", "how the chances compare: below 1 means fewer with MISS", r"chances compare|times as likely"),
    (r"risk ratios?|relative risk", "how the chances compare: below 1 means fewer with MISS",
     r"chances compare|times as likely"),
    (r"MME", "milligrams of morphine, or the same strength of another strong medicine", r"milligrams of morphine"),
    (r"0\s?(?:-|–|to)\s?100 scale", "a score of how much back problems limit daily life", r"daily life"),
    (r"RCTs?", "randomised trial", r"randomi[sz]ed"),
    (r"retrospective (?:cohorts?|series|studies|study)", "looking back at records", r"look(?:ed|ing)? back"),
    (r"prospective (?:cohorts?|observational studies|studies|study)", "following groups of people from the start",
     r"from the start"),
    (r"retrospective", "looking back at records", r"look(?:ed|ing)? back"),
    (r"prospective", "following people from the start", r"from the start"),
    (r"cohorts?(?: studies| study)?", "studies that follow groups of people", r"groups? of people"),
    (r"multifidus", "the muscle beside the spine", r"muscle beside"),
    (r"atrophy", "shrinking", r"shr[iu]nk"),
    (r"CSA", "cross-sectional area of the muscle on scans", r"area of the muscle"),
    (r"MRI", "a scan", r"\bscans?\b"),
    (r"intra-?operative(?:ly)?", "during the operation", r"during (?:the )?(?:operation|surgery)"),
    (r"post-?operative(?:ly)?", "after the operation", r"after (?:the )?(?:operation|surgery)"),
    (r"ambulation", "walking", r"walk"),
    (r"VAS|NRS", "a 0 to 10 pain score", r"pain score|0 to 10|0-10"),
    (r"ODI", "a 0-100 score of how much back problems limit daily life", r"daily life"),
    (r"meta-analys[ie]s", "a review that pools studies", r"pool|combin"),
    (r"95% CI|confidence intervals?", "the likely range", r"likely range"),
)
GLOSS_WINDOW = 160  # plain words this close to a term need not be said again
_TERMS = re.compile("|".join(f"(?:{term})" if any(c.isupper() for c in term) else f"(?i:{term})"
                             for term, _, _ in PLAIN_TERMS).join((r"(?<![\w-])(?:", r")(?![\w-])")))


def explained(text: str) -> str:
    """Patient text with plain words in brackets after each technical term (PLAIN_TERMS), unless plain words for it
    already stand nearby: 'a retrospective cohort' -> 'a retrospective cohort (looking back at records)'. Surgeons
    read the text as it is."""
    out, start = [], 0
    for hit in _TERMS.finditer(text):
        term, words, said = next(t for t in PLAIN_TERMS if re.fullmatch(
            t[0], hit.group(0), 0 if any(c.isupper() for c in t[0]) else re.IGNORECASE))
        near = text[max(0, hit.start() - GLOSS_WINDOW): hit.end() + GLOSS_WINDOW] + " ".join(out[-1:])
        if re.search(said, near, re.IGNORECASE):
            continue
        out += [text[start:hit.end()], f" ({words})"]
        start = hit.end()
    return "".join(out) + text[start:]


def plain_design(design: str, short: bool = False) -> str:
    """A study design in plain words, its technical name in brackets (short: a few plain words, for a chart)."""
    return (DESIGN_SHORT if short else DESIGN_PLAIN).get(design, explained(design))


def plain_unit_text(unit: str, short: bool = False) -> str:
    """A unit as a patient reads it in a table: 'points on a 0-10 pain score', 'MME (milligrams of morphine…)'
    (short: as a chart's axis says it)."""
    if short and unit in CHART_UNITS:
        return CHART_UNITS[unit]
    if unit in PLAIN_UNITS:
        word, explanation = PLAIN_UNITS[unit]
        return f"{word}{explanation}".strip()
    return explained(unit)


def rounded(value: float) -> float:
    """A figure rounded as a patient reads it: 1,352 -> 1,400; 291 -> 290; 48.3 -> 48; 4.12 -> 4; 1.77 -> 2; 0.34 -> 0.3."""
    size, sign = abs(value), math.copysign(1, value)
    half_up = lambda x, step: sign * math.floor(x / step + 0.5) * step  # noqa: E731 - 4.5 -> 5, not 4
    if size >= 1000:
        return half_up(size, 100)
    if size >= 100:
        return half_up(size, 10)
    if size >= 3:
        return half_up(size, 1)
    if size >= 1:
        return half_up(size, 0.5)
    return float(f"{value:.1g}")


def about(value: float, unit: str = "", bare: bool = False) -> str:
    """'about 290 mL (1.2 cups)', 'about 4 days'; bare: the rounded figure alone."""
    figure = rounded(value)
    text = f"{figure:,.0f}" if figure == int(figure) else f"{figure:g}"
    if bare:
        return text
    word, explained = plain_unit(unit)
    text = f"about {text} {word}".rstrip().replace(" %", "%") + explained
    if unit == "mL":
        text += f" ({value / ML_PER_CUP:.1f} cups)"
    elif unit == "cm":
        text += f" ({value / CM_PER_INCH:.1f} in)"
    return text


def count_words(count: int) -> str:
    """A count of people as printed: 1,352."""
    return f"{count:,}"


def with_unit(value: float, unit: str) -> str:
    """'312 mL (about 1.3 cups)', '4.2 cm (1.7 in)', '3.5 days'."""
    text = f"{number(value)} {unit}".replace(" %", "%")
    if unit == "mL":
        text += f" (about {value / ML_PER_CUP:.1f} cups)"
    elif unit == "cm":
        text += f" ({value / CM_PER_INCH:.1f} in)"
    return text


def spread(row: pd.Series, arm: str) -> str:
    """The spread that goes with one arm's value, as the study reported it."""
    if row.spread_type == "SD" and pd.notna(row.get(f"{arm}_sd")):
        return f"SD {number(row[f'{arm}_sd'])}"
    low, high = row[f"{arm}_low"], row[f"{arm}_high"]
    if pd.notna(low) and pd.notna(high):
        return f"{row.spread_type} {number(low)} to {number(high)}"
    return ""


def effect_text(row: pd.Series) -> str:
    """A pooled effect in words with its sign spelled out, e.g. '291 mL less with MISS (95% CI 217 to 367 less)'."""
    if pd.isna(row.effect_value):
        return ""
    value, low, high = row.effect_value, row.effect_low, row.effect_high
    ci = f" (95% CI {number(low)} to {number(high)})" if pd.notna(low) and pd.notna(high) else ""
    if row.effect_measure == "overall rate (both approaches)":
        return f"{number(value)}% of all operations, both approaches together (not a comparison)"
    unit = "" if row.effect_measure == "standardised mean difference" or row.unit == "not stated" else f" {row.unit}"
    if row.effect_sign == "miss_over_open":
        return f"{row.effect_measure} {number(value)}{ci}, MISS compared with open (below 1 favours fewer events with MISS)"
    side = "less" if value < 0 else "more"
    return f"{number(abs(value))}{unit} {side} with MISS ({row.effect_measure}, MISS minus open {number(value)}{ci})"


def short_name(source: pd.Series) -> str:
    """'Li 2018': the first author's surname and the year."""
    return f"{str(source.authors).split(',')[0].split(' ')[0]} {int(source.year)}"
