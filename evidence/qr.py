"""Addresses of presenter slides and QR codes that open them on a phone (no Streamlit).

The server cannot know the address the room's phones can reach, so it comes from SPINE_PUBLIC_URL
(e.g. https://spine.example.org), default http://localhost:8501."""

from __future__ import annotations

import io
import os
from urllib.parse import urlencode

import segno

DEFAULT_PUBLIC_URL = "http://localhost:8501"


def public_url() -> str:
    """The server's public address, without a trailing slash."""
    return (os.environ.get("SPINE_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")


def slide_address(view: str, slide: str | None = None, base: str | None = None) -> str:
    """The address of a presenter slide: '<base>/?mode=presenter&view=glance'."""
    params = {"mode": "presenter", "view": view, **({"slide": slide} if slide else {})}
    return f"{base or public_url()}/?{urlencode(params)}"


def qr_png(address: str, scale: int = 10) -> bytes:
    """A QR code (error correction M, quiet zone of 4 modules) for the address, as PNG bytes."""
    out = io.BytesIO()
    segno.make(address, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
