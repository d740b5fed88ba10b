"""Read a data folder (or uploaded files) into validated, typed tables, or say exactly what is wrong."""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.errors
import streamlit as st

from evidence import appraisal
from evidence.schemas import TABLES

SHIPPED_DATA = Path(__file__).resolve().parent.parent / "data"
ARTICLE_FILE = "source-article.txt"
DATA_DIR_VARIABLE = "SPINE_DATA_DIR"
INTERVAL_SPREADS = {"95% CI", "range", "IQR"}
MAX_ROWS = 5000
NOT_A_NUMBER = {"nan", "na", "n/a", "null", "none", "-"}
NO_SOURCE = "no source we could cite"  # what a recovery row without a source must say, plainly


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as we can."""

    file: str
    message: str
    row: int | None = None  # spreadsheet numbering: the header is row 1
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class DataError(Exception):
    """The data could not be used; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Evidence:
    """The curated tables, validated and typed."""

    comparisons: pd.DataFrame
    metrics: pd.DataFrame
    sources: pd.DataFrame
    figures: pd.DataFrame
    passages: pd.DataFrame
    glossary: pd.DataFrame
    appraisal: pd.DataFrame
    recovery: pd.DataFrame  # what the weeks after each operation are like (evidence.recovery draws it)
    article: str
    fingerprint: str  # a digest of the files it came from: what caches key on


def fingerprint(files: dict[str, bytes], base: str = "") -> str:
    """A digest of a set of files (and of what they were added to)."""
    digest = hashlib.sha256(base.encode())
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Selection:
    """The figures on screen (all of them, or those a surgeon's filters let through), by id, with a short digest
    of the ids: what caches key on, so that a rerun hashes one string instead of every id."""

    ids: tuple[str, ...]
    digest: str


def selection_of(figures: pd.DataFrame) -> Selection:
    ids = tuple(figures.figure_id)
    return Selection(ids, hashlib.blake2b("\x1f".join(ids).encode(), digest_size=16).hexdigest())


# hash_funcs for caches that take Evidence or a Selection: keyed by digests, not by content
BY_FINGERPRINT = {Evidence: lambda evidence: evidence.fingerprint, Selection: lambda selection: selection.digest}


def data_folder() -> Path:
    """The folder to serve: $SPINE_DATA_DIR if set, else the shipped data/."""
    return Path(os.environ.get(DATA_DIR_VARIABLE) or SHIPPED_DATA)


def read_folder(folder: Path) -> dict[str, bytes]:
    """The raw bytes of every file the app needs, missing ones left out."""
    names = [f"{table}.csv" for table in TABLES] + [ARTICLE_FILE]
    return {name: (folder / name).read_bytes() for name in names if (folder / name).is_file()}


@st.cache_resource(show_spinner=False, max_entries=32)
def checked(files: dict[str, bytes]) -> tuple[Evidence | None, tuple[Problem, ...]]:
    """The outcome of loading these files, good or bad, kept so that a rerun does not validate again.
    Shared read-only between sessions: nothing changes an Evidence's tables in place."""
    try:
        return load_files(files), ()
    except DataError as err:
        return None, tuple(err.problems)


def load_files(files: dict[str, bytes]) -> Evidence:
    """Validate a complete set of files (name -> bytes) and return typed tables."""
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    for table, schema in TABLES.items():
        name = f"{table}.csv"
        frame = validated_table(name, files.get(name), schema, problems)
        if frame is not None:
            tables[table] = frame
    article = _decoded(ARTICLE_FILE, files.get(ARTICLE_FILE), problems)
    if not problems:
        problems += cross_check(tables, article)
    if problems:
        raise DataError(problems)
    figures = tables["figures"].assign(typical_open=tables["figures"]["typical_open"].eq("yes"), own=False)
    sources = tables["sources"].assign(own=False)
    return Evidence(**{**tables, "figures": figures, "sources": sources}, article=article,
                    fingerprint=fingerprint(files))


def load_folder(folder: Path) -> Evidence:
    """Validate the data folder and return typed tables."""
    if not folder.is_dir():
        raise DataError([Problem(str(folder), "is not a folder")])
    evidence, problems = checked(read_folder(folder))
    if problems:
        raise DataError(list(problems))
    return evidence


def _decoded(name: str, raw: bytes | None, problems: list[Problem]) -> str | None:
    if raw is None:
        problems.append(Problem(name, "file is missing"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        row = raw[: err.start].count(b"\n") + 1
        problems.append(
            Problem(name, f"is not UTF-8 text (byte 0x{raw[err.start]:02x}); save it as UTF-8", row=row)
        )
        return None
    if not text.strip():
        problems.append(Problem(name, "file is empty"))
        return None
    return text


def validated_table(name: str, raw: bytes | None, schema, problems: list[Problem]) -> pd.DataFrame | None:
    """The table checked against its schema, or None with the reasons added to `problems`."""
    text = _decoded(name, raw, problems)
    if text is None:
        return None
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, ValueError) as err:
        problems.append(Problem(name, f"is not a readable CSV table ({err})"))
        return None
    if frame.empty:
        problems.append(Problem(name, "has a header row but no data rows"))
        return None
    if len(frame) > MAX_ROWS:
        problems.append(Problem(name, f"has {len(frame):,} rows; at most {MAX_ROWS:,} are allowed"))
        return None
    expected = list(schema.columns)
    if len(frame.columns) == 1 and ";" in frame.columns[0]:
        problems.append(Problem(name, "uses ';' between columns; use commas", row=1))
        return None
    missing = [c for c in expected if c not in frame.columns]
    extra = [c for c in frame.columns if c not in expected]
    for column in missing:
        problems.append(Problem(name, "required column is missing", row=1, column=column))
    for column in extra:
        problems.append(Problem(name, "unknown column (see data/README.md for the allowed ones)", row=1, column=column))
    if missing or extra:
        return None
    numeric = [c for c, col in schema.columns.items() if str(col.dtype) in ("float64", "Int64", "int64")]
    placeholders = [
        Problem(name, f"{frame.at[index, column]!r}: write a number or leave the cell empty", int(index) + 2, column)
        for column in numeric
        for index in frame.index[frame[column].str.strip().str.lower().isin(NOT_A_NUMBER)]
    ]
    if placeholders:
        problems += placeholders
        return None
    try:
        return schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as err:
        problems += _problems_from(name, err.failure_cases)
        return None


def _problems_from(name: str, cases: pd.DataFrame) -> list[Problem]:
    found, seen = [], set()
    for case in cases.itertuples():
        index = case.index
        row = None if index is None or pd.isna(index) else int(index) + 2
        column = case.column if isinstance(case.column, str) else None
        check = str(case.check)
        value = str(case.failure_case)[:80]
        if "uniqueness" in check or check == "unique":
            message = f"duplicate value {value!r}; each must be unique"
        elif check.startswith("coerce_dtype"):
            wanted = check.split("'")[1] if "'" in check else "the right type"
            kind = {"float64": "a number", "Int64": "a whole number", "int64": "a whole number"}.get(wanted, wanted)
            message = f"{value!r} is not {kind}"
        elif check == "not_nullable":
            message = "must not be empty"
        elif check.startswith("isin("):
            message = f"{value!r} is not allowed; use one of {check[5:-1]}"
        else:
            message = f"{check} (got {value!r})"
        if (row, column) not in seen:  # the first reason per cell is the one to fix
            seen.add((row, column))
            found.append(Problem(name, message, row=row, column=column))
    return found


def cross_check(tables: dict[str, pd.DataFrame], article: str) -> list[Problem]:
    """Checks that span tables or rows: references, intervals, possible values, headlines."""
    problems: list[Problem] = []
    metrics = set(tables["metrics"]["metric_id"])
    sources = set(tables["sources"]["source_id"])
    comparisons = set(tables["comparisons"]["comparison_id"])

    def each(table: str):
        for index, row in tables[table].iterrows():
            yield int(index) + 2, row

    for row_no, row in each("metrics"):
        if row.comparison_id not in comparisons:
            problems.append(Problem("metrics.csv", f"unknown comparison {row.comparison_id!r}", row_no, "comparison_id"))
    for row_no, row in each("sources"):
        if pd.notna(row.same_study_as) and row.same_study_as not in sources - {row.source_id}:
            problems.append(Problem("sources.csv", f"unknown source {row.same_study_as!r}", row_no, "same_study_as"))
    for row_no, row in each("figures"):
        problems += figure_problems(row_no, row, metrics, sources)
    risks = set(tables["metrics"].query("kind == 'risk'").metric_id)
    for row_no, row in each("figures"):
        if row.typical_open == "yes" and row.metric_id in risks and row.unit != "%":
            problems.append(Problem("figures.csv", "the typical open risk must be a percentage (unit %)", row_no, "unit"))
        if row.typical_open == "yes" and row.metric_id in risks and pd.isna(row.follow_up):
            problems.append(Problem("figures.csv", "the typical open risk needs its time window, e.g. 'within 90 days' (or why none is known)",
                                    row_no, "follow_up"))
    typicals = tables["figures"].query("typical_open == 'yes'")["metric_id"]
    for metric in typicals[typicals.duplicated()].unique():
        problems.append(Problem("figures.csv", f"metric {metric!r} has more than one typical open value", None,
                                "typical_open"))
    for row_no, row in each("passages"):
        for metric in row.metric_ids.split(";"):
            if metric.strip() not in metrics | {"general"}:
                problems.append(Problem("passages.csv", f"unknown metric {metric!r}", row_no, "metric_ids"))
        for source in _split(row.source_ids):
            if source not in sources:
                problems.append(Problem("passages.csv", f"unknown source {source!r}", row_no, "source_ids"))
        if " ".join(row.text.split()) not in " ".join(article.split()):
            problems.append(Problem("passages.csv", f"text is not in {ARTICLE_FILE}", row_no, "text"))
        problems += claim_problems(row_no, row, tables)
    problems += [Problem(*found) for found in appraisal.problems(tables)]
    for row_no, row in each("recovery"):
        problems += recovery_problems(row_no, row, tables)
    return problems


def recovery_problems(row_no: int, row: pd.Series, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """One recovery.csv row: a measure's words come only from its summary; a row without a measure says what each
    option is like (one text for both when they do not differ); 'differs' needs a study that compared open and MISS
    (on the row's measure, if it has one); a row without a source says so plainly."""
    found = []

    def problem(message: str, column: str) -> None:
        found.append(Problem("recovery.csv", message, row_no, column))

    sources = set(tables["sources"]["source_id"])
    figures = tables["figures"]
    linked = pd.notna(row.metric_id)
    if linked and row.metric_id not in set(tables["metrics"]["metric_id"]):
        problem(f"unknown metric {row.metric_id!r}", "metric_id")
    for column in ("open_text", "miss_text"):
        if linked and pd.notna(row[column]):
            problem("the words for a measure come from its summary: leave this empty", column)
    if not linked and pd.isna(row.open_text):
        problem("must not be empty (or name a metric_id whose summary gives the words)", "open_text")
    if not linked and row.differs == "no" and pd.notna(row.miss_text):
        problem("differs is no: write one text for both in open_text and leave this empty", "miss_text")
    if not linked and row.differs == "yes" and pd.isna(row.miss_text):
        problem("differs is yes: say what MISS is like here", "miss_text")
    compared = _split(row.compared_by)
    if row.differs == "yes" and not compared:
        problem("differs is yes, but no study that compared open and MISS is named", "compared_by")
    comparative = figures[figures.arm_basis == "comparative"]
    if linked:
        comparative = comparative[comparative.metric_id == row.metric_id]
    for source in compared:
        if source not in sources:
            problem(f"unknown source {source!r}", "compared_by")
        elif source not in set(comparative.source_id):
            problem(f"source {source!r} has no comparison of open and MISS"
                    f"{' on ' + row.metric_id if linked else ''} in figures.csv", "compared_by")
    cited = _split(row.source_ids)
    for source in cited:
        if source not in sources:
            problem(f"unknown source {source!r}", "source_ids")
    if not (linked or cited or compared) and NO_SOURCE not in str(row.open_text).lower():
        problem(f"no source: name one, or say plainly in open_text '{NO_SOURCE}'", "source_ids")
    if pd.notna(row.milestone) and pd.isna(row.digest):
        problem("a row for a milestone week needs its short digest line", "digest")
    if linked and pd.notna(row.digest) and any(ch.isdigit() for ch in row.digest):
        problem("a measure's numbers come only from its summary: no digits in its digest line", "digest")
    return found


def claim_problems(row_no: int, row: pd.Series, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """A claim check must agree with the data it rests on: 'supported' only where every measure with figures has
    moderate or high certainty; 'no evidence found' only where no measure has a figure; every cited study reports
    on one of the claim's measures."""
    metrics = tables["metrics"].set_index("metric_id")
    certainty = {r.metric_id: appraisal.derived_certainty(r) for _, r in tables["appraisal"].iterrows()}
    figures = tables["figures"]
    ids = [m.strip() for m in row.metric_ids.split(";") if m.strip() in metrics.index]
    mine = figures[figures.metric_id.isin(ids)]
    found = []
    if row.verdict == "supported":
        weak = [m for m in sorted(set(mine.metric_id)) if certainty.get(m) not in ("moderate", "high")]
        if weak:
            found.append(Problem("passages.csv", f"'supported' needs moderate or high certainty, but "
                                 f"{', '.join(weak)} {'is' if len(weak) == 1 else 'are'} rated lower", row_no, "verdict"))
    if row.verdict == "no evidence found" and not mine.empty:
        found.append(Problem("passages.csv", f"'no evidence found', but figures.csv has {len(mine)} rows on "
                             f"{', '.join(sorted(set(mine.metric_id)))}", row_no, "verdict"))
    if ids:
        reporting = set(mine.source_id)
        for source in _split(row.source_ids):
            if source not in reporting:
                found.append(Problem("passages.csv", f"source {source!r} reports on none of this claim's measures",
                                     row_no, "source_ids"))
    return found


def figure_problems(row_no: int, row: pd.Series, metrics: set, sources: set) -> list[Problem]:
    """What is impossible or unknown in one figures.csv row."""
    found = []

    def problem(message: str, column: str) -> None:
        found.append(Problem("figures.csv", message, row_no, column))

    if row.metric_id not in metrics:
        problem(f"unknown metric {row.metric_id!r}", "metric_id")
    if row.source_id not in sources:
        problem(f"unknown source {row.source_id!r}", "source_id")
    for arm in ("open", "miss"):
        for part in ("value", "low", "high"):
            value = row[f"{arm}_{part}"]
            if pd.notna(value) and value < 0:
                problem(f"must be 0 or more (got {value:g})", f"{arm}_{part}")
            if pd.notna(value) and row.unit == "%" and value > 100:
                problem(f"a percentage cannot be over 100 (got {value:g})", f"{arm}_{part}")
        if row.spread_type in INTERVAL_SPREADS:
            found += _interval_problems(row_no, row, arm)
    found += _interval_problems(row_no, row, "effect")
    has_effect = pd.notna(row.effect_value)
    if has_effect and row.effect_measure == "none":
        problem("effect_value is given, so effect_measure must name the measure", "effect_measure")
    if has_effect and pd.isna(row.effect_sign) and row.effect_measure != "overall rate (both approaches)":
        problem("say which way the difference runs (miss_minus_open or miss_over_open)", "effect_sign")
    ratio = row.effect_measure in ("risk ratio", "odds ratio")
    if ratio and has_effect and row.effect_value <= 0:
        problem("a ratio must be above 0", "effect_value")
    expected_sign = "miss_over_open" if ratio else "miss_minus_open"
    if pd.notna(row.effect_sign) and row.effect_measure not in ("none", "overall rate (both approaches)") \
            and row.effect_sign != expected_sign:
        problem(f"a {row.effect_measure} runs {expected_sign}", "effect_sign")
    overall = row.effect_measure == "overall rate (both approaches)" and pd.notna(row.effect_value)
    if row.typical_open == "yes" and pd.isna(row.open_value) and not overall:
        problem("a typical open value needs open_value (or an overall rate in effect_value)", "typical_open")
    return found


def _interval_problems(row_no: int, row: pd.Series, prefix: str) -> list[Problem]:
    value, low, high = row[f"{prefix}_value"], row[f"{prefix}_low"], row[f"{prefix}_high"]
    if pd.isna(low) or pd.isna(high):
        return []
    if low > high:
        return [Problem("figures.csv", f"low ({low:g}) is above high ({high:g})", row_no, f"{prefix}_low")]
    if pd.notna(value) and not low <= value <= high:
        return [Problem("figures.csv", f"{value:g} lies outside its own interval {low:g} to {high:g}", row_no, f"{prefix}_value")]
    return []


def _split(cell) -> list[str]:
    return [part.strip() for part in str(cell).split(";") if part.strip()] if pd.notna(cell) else []
