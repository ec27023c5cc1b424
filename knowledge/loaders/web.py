"""Fetching a web address safely (public hosts only, capped size and time) for the right loader."""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx

from knowledge.errors import LoadError
from knowledge.models import LoadedDocument

from .html import load_html
from .markdown import load_markdown
from .metadata import Provenance
from .options import LoadLimits, MetaDefaults
from .pdf import load_pdf
from .reading import check_text_bytes, decode_text, describe_mb

__all__ = ["ACCEPTED_TYPES", "FetchedPage", "fetch", "is_url", "load_url"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown")
_PDF_TYPES = ("application/pdf",)
ACCEPTED_TYPES: tuple[str, ...] = (*_HTML_TYPES, *_TEXT_TYPES, *_PDF_TYPES)
_MAX_REDIRECTS = 5
_USER_AGENT = "factdesk/0.1 (offline fact-checking bot)"
_PAGE_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".txt", ".pdf", ".jsonl", ".php", ".aspx")


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A response body with the address it finally came from and its declared type."""

    final_url: str
    media_type: str
    charset: str | None
    body: bytes


def is_url(target: str) -> bool:
    """Whether `target` is an http or https address (any other scheme is not a URL to load)."""
    return urlsplit(target).scheme.lower() in ("http", "https")


def load_url(url: str, *, defaults: MetaDefaults, limits: LoadLimits) -> LoadedDocument:
    """Fetch `url` and load it with the loader its Content-Type calls for."""
    page = fetch(url, limits)
    source = Provenance(origin=url, id_stem=_url_stem(url), id_key=url, url=page.final_url)
    if page.media_type in _HTML_TYPES:
        if page.charset is None:  # let trafilatura honour <meta charset> and sniff
            check_text_bytes(page.body, url)
            return load_html(page.body, source, defaults)
        return load_html(decode_text(page.body, url, charset=page.charset), source, defaults)
    if page.media_type in _TEXT_TYPES:
        text = decode_text(page.body, url, charset=page.charset or "utf-8")
        return load_markdown(text, source, defaults)
    if page.media_type in _PDF_TYPES:
        return load_pdf(page.body, source, defaults)
    sent = page.media_type or "no Content-Type"
    raise LoadError(
        url,
        f"the server sent {sent}, which factdesk cannot load; "
        f"it accepts {', '.join(ACCEPTED_TYPES)}",
    )


def fetch(url: str, limits: LoadLimits) -> FetchedPage:
    """GET `url`, following up to 5 redirects, each checked like the first; `url` is the origin."""
    deadline = time.monotonic() + limits.url_timeout_s
    current = _parse(url, url)
    with httpx.Client(
        timeout=limits.url_timeout_s,
        follow_redirects=False,
        trust_env=False,  # a proxy would resolve hosts itself and defeat the private-address check
        headers={"User-Agent": _USER_AGENT, "Accept-Encoding": "identity"},
    ) as client:
        for _ in range(_MAX_REDIRECTS + 1):
            if not limits.allow_private_hosts:
                _refuse_private(current, url)
            with _http_errors(url, current.host, limits), client.stream("GET", current) as response:
                if response.is_redirect:
                    current = _parse(str(current.join(response.headers["location"])), url)
                    continue
                _check_status(response, url)
                body = _read_body(response, url, limits, deadline)
                media_type, charset = _content_type(response.headers.get("content-type", ""))
                return FetchedPage(str(response.url), media_type, charset, body)
    raise LoadError(
        url, f"redirected more than {_MAX_REDIRECTS} times; give the final address instead"
    )


def _parse(value: str, origin: str) -> httpx.URL:
    try:
        parsed = httpx.URL(value)
    except httpx.InvalidURL as exc:
        raise LoadError(origin, f"is not a valid web address ({exc})") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise LoadError(
            origin, f"leads to {value!r}, which is not an http or https address with a host"
        )
    return parsed


def _refuse_private(url: httpx.URL, origin: str) -> None:
    """Refuse hosts that resolve to loopback, private, link-local or reserved addresses."""
    try:
        infos = socket.getaddrinfo(
            url.host, url.port or (443 if url.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError) as exc:
        raise LoadError(
            origin,
            f"could not reach {url.host} (the name does not resolve); "
            "check the address or try again later",
        ) from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise LoadError(
                origin,
                f"refuses to fetch a private or local address ({url.host} is {address}); "
                "only public web pages can be loaded",
            )


@contextmanager
def _http_errors(origin: str, host: str, limits: LoadLimits) -> Iterator[None]:
    """Translate httpx's errors into messages a moderator can act on."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise LoadError(origin, _timed_out(limits)) from exc
    except httpx.ConnectError as exc:
        reason = re.sub(r"^\[Errno -?\d+\]\s*", "", str(exc)) or type(exc).__name__
        raise LoadError(
            origin, f"could not reach {host} ({reason}); check the address or try again later"
        ) from exc
    except httpx.HTTPError as exc:
        raise LoadError(origin, f"could not be fetched ({exc or type(exc).__name__})") from exc


def _check_status(response: httpx.Response, origin: str) -> None:
    code = response.status_code
    if 200 <= code < 300:
        return
    try:
        phrase = response.reason_phrase or HTTPStatus(code).phrase
    except ValueError:
        phrase = ""
    advice = "try again later" if code >= 500 else "check the address"
    raise LoadError(origin, f"the server answered {code} {phrase}".rstrip() + f"; {advice}")


def _read_body(response: httpx.Response, origin: str, limits: LoadLimits, deadline: float) -> bytes:
    too_big = (
        f"is larger than the {describe_mb(limits.url_max_bytes)} limit for a web page; "
        "save the part you need as a file"
    )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.url_max_bytes:
        raise LoadError(origin, too_big)
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limits.url_max_bytes:
            raise LoadError(origin, too_big)
        if time.monotonic() > deadline:
            raise LoadError(origin, _timed_out(limits))
    return bytes(body)


def _content_type(header: str) -> tuple[str, str | None]:
    """The media type (lowercase) and charset parameter of a Content-Type header."""
    media_type = header.split(";", 1)[0].strip().lower()
    message = Message()
    message["content-type"] = header
    charset = message.get_param("charset")
    return media_type, charset.strip() if isinstance(charset, str) and charset.strip() else None


def _timed_out(limits: LoadLimits) -> str:
    return f"timed out after {limits.url_timeout_s:g} s; the site may be slow, try again later"


def _url_stem(url: str) -> str:
    """The last path segment of `url` (without a page suffix), else its host, for a derived id."""
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if segments:
        last = PurePosixPath(segments[-1])
        return last.stem if last.suffix.lower() in _PAGE_SUFFIXES else last.name
    return parts.hostname or "page"
