"""Reading a source's bytes safely: a size cap, a binary check and strict text decoding."""

from __future__ import annotations

import codecs
from pathlib import Path

from knowledge.errors import LoadError

__all__ = ["check_text_bytes", "decode_text", "describe_mb", "read_capped"]

_SNIFF_BYTES = 8 * 1024
_UTF8_BOM = codecs.BOM_UTF8
_MB = 1024 * 1024
_WIDE_CODECS = ("utf-16", "utf-32")


def describe_mb(n_bytes: int) -> str:
    """`n_bytes` in megabytes for messages: `10 MB`, `11.77 MB`, `0.000095 MB`."""
    megabytes = n_bytes / _MB
    digits = 2 if megabytes >= 0.01 else 6
    return f"{megabytes:.{digits}f}".rstrip("0").rstrip(".") + " MB"


def read_capped(path: Path, origin: str, max_bytes: int) -> bytes:
    """The bytes of the file at `path`, refusing files over `max_bytes`."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(origin, _too_big(size, max_bytes))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise LoadError(origin, f"could not be read ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:  # the file grew between stat() and read()
        raise LoadError(origin, _too_big(len(data), max_bytes))
    return data


def check_text_bytes(data: bytes, origin: str, *, charset: str = "utf-8") -> None:
    """Refuse bytes that are empty or, for a one-byte charset, contain a NUL near the start."""
    if not data.strip():
        raise LoadError(origin, "is empty")
    if not charset.lower().startswith(_WIDE_CODECS) and b"\x00" in data[:_SNIFF_BYTES]:
        raise LoadError(origin, "looks like a binary file, not text")


def decode_text(data: bytes, origin: str, *, charset: str = "utf-8") -> str:
    """Decode `data` strictly as `charset` (a UTF-8 BOM is allowed and dropped)."""
    try:
        codec = codecs.lookup(charset).name
    except LookupError as exc:
        raise LoadError(
            origin, f"declares the unknown charset {charset!r}; save it as UTF-8"
        ) from exc
    check_text_bytes(data, origin, charset=codec)
    skipped = 0
    if codec in ("utf-8", "utf-8-sig"):
        codec = "utf-8"
        if data.startswith(_UTF8_BOM):
            data, skipped = data[len(_UTF8_BOM) :], len(_UTF8_BOM)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        where = f"invalid byte 0x{exc.object[exc.start]:02x} at offset {exc.start + skipped}"
        label = "UTF-8" if codec == "utf-8" else charset
        raise LoadError(origin, f"is not {label} text ({where}); save it as UTF-8") from exc
    if not text.strip():
        raise LoadError(origin, "is empty")
    return text


def _too_big(size: int, max_bytes: int) -> str:
    return (
        f"is {describe_mb(size)}, over the {describe_mb(max_bytes)} limit for one file; "
        "split it into smaller files"
    )
