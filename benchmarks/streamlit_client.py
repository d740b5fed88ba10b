"""A Streamlit browser tab without the browser: Streamlit's own websocket protocol (/_stcore/stream), in Python.

It opens the page at `?mode=…&view=…` (BackMsg.rerun_script with the query string) and clicks another view by sending
the sidebar "Show" radio's new value with every other widget's current value, as the browser does. A run counts as
drawn when the server reports `script_finished` (FINISHED_SUCCESSFULLY) after sending every element; an exception
element, an st.error box, a run that draws nothing or a URL that does not name the view asked for is an error.
Blocking sockets (websocket-client), so that it runs inside Locust's gevent users and in plain scripts alike.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import websocket
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_MESSAGES_PER_RUN = 20_000  # a run sends ~10-200 messages; this only bounds a runaway loop


class RunError(Exception):
    """A run that did not draw the view asked for."""


@dataclass
class Run:
    """One script run as a person sees it: ms from the request to the last element, and what it sent."""

    ms: float
    messages: int
    bytes: int
    charts: int


@dataclass
class Radio:
    label: str
    options: list[str]
    value: str | None


def require_loopback(url: str) -> None:
    if urlparse(url).hostname not in LOOPBACK:
        raise SystemExit(f"refusing {url!r}: only 127.0.0.1 / localhost may be load-tested")


class StreamlitTab:
    """One browser tab's session on a Streamlit server."""

    def __init__(self, base_url: str, timeout: float = 60.0, cookie: str | None = None):
        require_loopback(base_url)
        parsed = urlparse(base_url)
        self.origin = f"{parsed.scheme}://{parsed.netloc}"
        self.timeout = timeout
        self.ws = websocket.create_connection(
            f"ws://{parsed.netloc}/_stcore/stream", subprotocols=["streamlit"], origin=self.origin, timeout=timeout,
            cookie=cookie)
        self.query_string = ""
        self.radios: dict[str, Radio] = {}
        self.radios_in_last_run: list[str] = []

    def close(self) -> None:
        self.ws.close(timeout=2)  # the closing handshake, not waited on for long

    def open(self, mode: str, view: str) -> Run:
        """The page opened at ?mode=…&view=… (the browser's first run of a session)."""
        state = ClientState(query_string=f"mode={mode}&view={view}")
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        state.context_info.url = f"{self.origin}/?mode={mode}&view={view}"
        return self._run(state, view)

    def show_label(self) -> str:
        """The label of the view on screen, as the "Show" radio names it."""
        return self.radios[self._show_radio()].value

    def click(self, view: str, label: str) -> Run:
        """Click `label` in the sidebar "Show" radio (it must lead to `view`)."""
        radio_id = self._show_radio()
        if label not in self.radios[radio_id].options:
            raise RunError(f"{label!r} is not an option of 'Show'")
        state = ClientState(query_string=self.query_string)
        for widget_id in self.radios_in_last_run:
            value = label if widget_id == radio_id else self.radios[widget_id].value
            if value is not None:
                state.widget_states.widgets.add(id=widget_id, string_value=value)
        return self._run(state, view)

    def _show_radio(self) -> str:
        for radio_id in self.radios_in_last_run:
            if self.radios[radio_id].label == "Show":
                return radio_id
        raise RunError("no 'Show' radio on the page")

    def _run(self, state: ClientState, view: str) -> Run:
        message = BackMsg()
        message.rerun_script.CopyFrom(state)
        run, elements, radios = Run(0.0, 0, 0, 0), 0, []
        start = time.perf_counter()
        self.ws.send_binary(message.SerializeToString())
        for _ in range(MAX_MESSAGES_PER_RUN):
            if time.perf_counter() - start > self.timeout:
                raise RunError(f"no script_finished within {self.timeout:.0f} s")
            raw = self.ws.recv()
            run.messages += 1
            run.bytes += len(raw)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                elements += 1
                element = forward.delta.new_element
                which = element.WhichOneof("type")
                if which == "plotly_chart":
                    run.charts += 1
                elif which == "exception":
                    raise RunError(f"exception on the page: {element.exception.message[:120]!r}")
                elif which == "alert" and element.alert.format == Alert.ERROR:
                    raise RunError(f"error box on the page: {element.alert.body[:120]!r}")
                elif which == "radio":
                    self._remember(element.radio)
                    radios.append(element.radio.id)
            elif kind == "page_info_changed":
                self.query_string = forward.page_info_changed.query_string
            elif kind == "session_event" and forward.session_event.HasField("script_compilation_exception"):
                raise RunError("the script did not compile")
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # a newer run replaces this one
                if forward.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RunError(ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished))
                break
        else:
            raise RunError(f"no script_finished within {MAX_MESSAGES_PER_RUN} messages")
        run.ms = (time.perf_counter() - start) * 1000
        self.radios_in_last_run = radios or self.radios_in_last_run
        if not elements:
            raise RunError("the run drew nothing")
        shown = (parse_qs(self.query_string).get("view") or [None])[0]
        if shown != view:
            raise RunError(f"asked for view={view}, the URL says view={shown}")
        return run

    def _remember(self, proto) -> None:
        known = self.radios.get(proto.id)
        if proto.set_value:
            value = proto.raw_value
        elif known is not None:
            value = known.value  # the browser keeps what the user picked
        else:
            value = proto.options[proto.default] if len(proto.options) > proto.default else None
        self.radios[proto.id] = Radio(proto.label, list(proto.options), value)
