"""A user's own figures and sources (a CSV or a zip), checked like the shipped data and added beside it."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

import pandas as pd

from evidence.load import DataError, Evidence, Problem, figure_problems, fingerprint, validated_table
from evidence.schemas import FIGURES, SOURCES

ACCEPTED = {"figures.csv": FIGURES, "sources.csv": SOURCES}
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 20
MAX_RATIO = 100  # a zip member that grows more than this is treated as a zip bomb


def unpack(name: str, data: bytes) -> dict[str, bytes]:
    """The files in an upload: a CSV as itself, a zip's figures.csv/sources.csv; anything unsafe refused."""
    if not name.lower().endswith(".zip"):
        base = PurePosixPath(name).name
        if base not in ACCEPTED:
            raise DataError([Problem(name, f"name the file {' or '.join(ACCEPTED)} so we know which table it is")])
        return {base: data}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        raise DataError([Problem(name, f"is not a readable zip file ({err})")]) from None
    problems = []
    if len(members) > MAX_MEMBERS:
        problems.append(Problem(name, f"holds {len(members)} files; at most {MAX_MEMBERS} are allowed"))
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        problems.append(Problem(name, f"unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB"))
    for member in members:
        path = PurePosixPath(member.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in member.filename:
            problems.append(Problem(name, f"contains an unsafe path {member.filename!r}"))
        elif member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            problems.append(Problem(name, f"{member.filename!r} expands {member.file_size // member.compress_size}x: refused"))
    if problems:
        raise DataError(problems)
    files = {PurePosixPath(m.filename).name: archive.read(m) for m in members
             if PurePosixPath(m.filename).name in ACCEPTED}
    if not files:
        raise DataError([Problem(name, f"has neither {' nor '.join(ACCEPTED)} in it")])
    return files


def add_own_data(evidence: Evidence, files: dict[str, bytes]) -> Evidence:
    """The published evidence plus the user's rows (marked own=True); problems name the user's file, row, column."""
    problems: list[Problem] = []
    own = {name: validated_table(name, raw, ACCEPTED[name], problems) for name, raw in files.items()}
    if problems:
        raise DataError(problems)
    sources = own.get("sources.csv")
    figures = own.get("figures.csv")
    known_sources = set(evidence.sources.source_id)
    if sources is not None:
        for index, source_id in sources.source_id.items():
            if source_id in known_sources:
                problems.append(Problem("sources.csv", "this id is already used by the published evidence",
                                        int(index) + 2, "source_id"))
        known_sources |= set(sources.source_id)
    if figures is not None:
        metrics = set(evidence.metrics.metric_id)
        published = set(evidence.figures.figure_id)
        for index, row in figures.iterrows():
            row_no = int(index) + 2
            problems += figure_problems(row_no, row, metrics, known_sources)
            if row.figure_id in published:
                problems.append(Problem("figures.csv", "this id is already used by the published evidence", row_no, "figure_id"))
            if row.typical_open == "yes":
                problems.append(Problem("figures.csv", "your own rows cannot be the typical open value; use no", row_no,
                                        "typical_open"))
    if problems:
        raise DataError(problems)
    merged_sources = evidence.sources if sources is None else pd.concat(
        [evidence.sources, sources.assign(own=True)], ignore_index=True)
    merged_figures = evidence.figures
    if figures is not None:
        mine = figures.assign(typical_open=False, own=True)
        merged_figures = pd.concat([evidence.figures, mine], ignore_index=True)
    return Evidence(**{**evidence.__dict__, "sources": merged_sources, "figures": merged_figures,
                       "fingerprint": fingerprint(files, base=evidence.fingerprint)})
