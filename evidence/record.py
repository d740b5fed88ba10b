"""The decision note as a FHIR R4B Bundle (JSON): the Questionnaire of the knowledge check, trade-offs, leaning and
SURE test, the QuestionnaireResponse with this session's answers, and a DocumentReference typed LOINC 11488-4
(consult note) carrying the plain-text note as a base64 attachment. Built in memory for one download; nothing is
stored, and no name or other identity is put in it (the clinician's system links it to the patient)."""

from __future__ import annotations

import base64
import datetime as dt
import uuid

from evidence.decision import LEANINGS, NOT_SURE_YET, Answers, Question, TradeOff
from evidence.sure import SURE_CITATION, SURE_ITEMS, YES, sure_score

NAMESPACE = uuid.UUID("0b7a4c52-8a3e-4c55-9d0e-5a1d7a5e2f10")  # ids are stable for the same content
QUESTIONNAIRE_URL = "urn:uuid:" + str(uuid.uuid5(NAMESPACE, "spine-fusion-compare/decide"))
LOINC = "http://loinc.org"
CONSULT_NOTE = {"system": LOINC, "code": "11488-4", "display": "Consult note"}
LEANING_ID = "leaning"
SURE_GROUP, SURE_SCORE = "sure", "sure-score"


def _uuid(*parts: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def _choice_item(link_id: str, text: str, choices: tuple[str, ...]) -> dict:
    return {"linkId": link_id, "text": text, "type": "choice",
            "answerOption": [{"valueString": choice} for choice in choices]}


def questionnaire(bank: list[Question], pairs: list[TradeOff], version: str) -> dict:
    """The questions asked, grouped: knowledge check, trade-offs, leaning, the SURE test (cited in copyright)."""
    return {
        "resourceType": "Questionnaire",
        "url": QUESTIONNAIRE_URL,
        "version": version,
        "name": "SpineFusionReadyToDecide",
        "title": "Spine fusion, open or MISS: ready to decide",
        "status": "active",
        "copyright": SURE_CITATION,
        "item": [
            {"linkId": "knowledge", "text": "Knowledge check", "type": "group",
             "item": [_choice_item(q.question_id, q.text, q.choices) for q in bank]},
            {"linkId": "tradeoffs", "text": "Trade-offs", "type": "group",
             "item": [_choice_item(p.tradeoff_id, p.either, p.choices)
                      for p in pairs]},
            _choice_item(LEANING_ID, "Where am I leaning?", LEANINGS),
            _sure_group(),
        ],
    }


def _sure_group() -> dict:
    """The four SURE items as printed (yes/no, so boolean) and their score (one point per 'yes'), read-only."""
    return {"linkId": SURE_GROUP, "text": "SURE test", "type": "group",
            "item": [{"linkId": item.link_id, "text": item.text, "type": "boolean"} for item in SURE_ITEMS] + [
                {"linkId": SURE_SCORE, "text": "SURE score (number of 'yes' answers, 0 to 4)", "type": "integer",
                 "readOnly": True}]}


def _sure_answers(answers: Answers) -> dict:
    score = sure_score(answers.sure)
    items = []
    for item in SURE_ITEMS:
        entry = {"linkId": item.link_id, "text": item.text}
        if answers.sure.get(item.link_id):
            entry["answer"] = [{"valueBoolean": answers.sure[item.link_id] == YES}]
        items.append(entry)
    scored = {"linkId": SURE_SCORE, "text": "SURE score (number of 'yes' answers, 0 to 4)"}
    if score is not None:
        scored["answer"] = [{"valueInteger": score}]
    return {"linkId": SURE_GROUP, "text": "SURE test", "item": [*items, scored]}


def _answer(link_id: str, text: str, value: str | None) -> dict:
    item = {"linkId": link_id, "text": text}
    if value:
        item["answer"] = [{"valueString": value}]
    return item


def response(bank: list[Question], pairs: list[TradeOff], answers: Answers, authored: str) -> dict:
    """This session's answers to the questionnaire (an unanswered question has no answer)."""
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": QUESTIONNAIRE_URL,
        "status": "completed",
        "authored": authored,
        "item": [
            {"linkId": "knowledge", "text": "Knowledge check",
             "item": [_answer(q.question_id, q.text, answers.knowledge.get(q.question_id)) for q in bank]},
            {"linkId": "tradeoffs", "text": "Trade-offs",
             "item": [_answer(p.tradeoff_id, p.either, answers.tradeoffs.get(p.tradeoff_id) or NOT_SURE_YET)
                      for p in pairs]},
            _answer(LEANING_ID, "Where am I leaning?", answers.leaning or NOT_SURE_YET),
            _sure_answers(answers),
        ],
    }


def document(note: str, created: str) -> dict:
    """The plain-text note as a consult note (LOINC 11488-4), the text in a base64 attachment."""
    return {
        "resourceType": "DocumentReference",
        "status": "current",
        "type": {"coding": [CONSULT_NOTE], "text": "Consult note"},
        "date": created,
        "description": "Spine fusion, open or MISS: decision note from Spine Fusion Compare",
        "content": [{"attachment": {"contentType": "text/plain; charset=utf-8", "language": "en",
                                    "data": base64.b64encode(note.encode("utf-8")).decode("ascii"),
                                    "title": "Decision note", "creation": created}}],
    }


def bundle(bank: list[Question], pairs: list[TradeOff], answers: Answers, note: str, version: str,
           when: dt.datetime | None = None) -> dict:
    """A FHIR R4B collection Bundle: Questionnaire, QuestionnaireResponse, DocumentReference (as a JSON-ready
    dict; tests validate it with fhir.resources' R4B models)."""
    when = (when or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    stamp = when.isoformat()
    resources = [questionnaire(bank, pairs, version), response(bank, pairs, answers, stamp), document(note, stamp)]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": stamp,
        "entry": [{"fullUrl": QUESTIONNAIRE_URL if r["resourceType"] == "Questionnaire" else
                   _uuid(r["resourceType"], stamp, note), "resource": r} for r in resources],
    }


def note_of(bundle_json: dict) -> str:
    """The plain-text note carried by a bundle's DocumentReference."""
    for entry in bundle_json["entry"]:
        if entry["resource"]["resourceType"] == "DocumentReference":
            return base64.b64decode(entry["resource"]["content"][0]["attachment"]["data"]).decode("utf-8")
    raise ValueError("the bundle carries no DocumentReference")
