"""Addresses of views and QR codes that open a presenter's slide on a phone (no Streamlit).

The server cannot know the address the room's phones can reach, so it comes from SPINE_PUBLIC_URL
(e.g. https://spine.example.org), default http://localhost:8501."""

from __future__ import annotations

import io
import os
from urllib.parse import urlencode, urlsplit

import segno

DEFAULT_PUBLIC_URL = "http://localhost:8501"
PHONE_MODE = "patient"  # a slide is laid out for a 1920x1080 projector; patient mode is the one made for phones


def public_url() -> str:
    """The server's public address, without a trailing slash."""
    return (os.environ.get("SPINE_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")


def points_at_this_computer(base: str | None = None) -> bool:
    """Whether the address is one only this computer can open (localhost or 127.x): phones in a room cannot."""
    host = urlsplit(base or public_url()).hostname or ""
    return host == "localhost" or host.startswith("127.") or host == "::1"


LOCAL_ADDRESS_NOTE = (
    "The QR code opens {address}: only this computer can reach it, not the phones in the room. Set "
    "SPINE_PUBLIC_URL to an address they can open, e.g. SPINE_PUBLIC_URL=https://spine.example.org make run."
)


def local_address_note(base: str | None = None) -> str:
    """What a presenter must know when the QR code points at this computer ('' when it points elsewhere)."""
    if not points_at_this_computer(base):
        return ""
    return LOCAL_ADDRESS_NOTE.format(address=(base or public_url()))


def view_address(view: str, mode: str, slide: str | None = None, base: str | None = None) -> str:
    """The address of a view in a mode: '<base>/?mode=presenter&view=infection&slide=infection'."""
    params = {"mode": mode, "view": view, **({"slide": slide} if slide else {})}
    return f"{base or public_url()}/?{urlencode(params)}"


def phone_address(view: str, base: str | None = None) -> str:
    """What a slide's QR code opens: the same view in PHONE_MODE."""
    return view_address(view, PHONE_MODE, base=base)


def qr_png(address: str, scale: int = 10) -> bytes:
    """A QR code (error correction M, quiet zone of 4 modules) for the address, as PNG bytes."""
    out = io.BytesIO()
    segno.make(address, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
