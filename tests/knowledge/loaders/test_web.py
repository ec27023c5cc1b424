"""URLs load through a real local HTTP server; every network problem becomes a clear failure."""

from __future__ import annotations

import socket
import time
from datetime import date

import pytest

from knowledge.loaders import LoadLimits, LoadResult, MetaDefaults, load_target
from knowledge.models import IngestFailure, LoadedDocument, SourceKind
from tests.knowledge.loaders.builders import HUGE_BYTES

LOCAL = LoadLimits(allow_private_hosts=True, url_timeout_s=5.0)
ACCEPTED = "text/html, application/xhtml+xml, text/plain, text/markdown, application/pdf"


def only_document(result: LoadResult) -> LoadedDocument:
    assert result.failures == ()
    assert len(result.documents) == 1
    return result.documents[0]


def only_failure(url: str, limits: LoadLimits = LOCAL) -> IngestFailure:
    result = load_target(url, limits=limits)
    assert result.documents == ()
    assert len(result.failures) == 1
    assert result.failures[0].origin == url
    return result.failures[0]


def test_html_page(http_base: str) -> None:
    url = f"{http_base}/news/kz-denial.html"

    document = only_document(load_target(url, limits=LOCAL))

    assert document.origin == url
    assert document.meta.url == url
    assert document.meta.title == "Kazakhstan denies selling jets to the US"
    assert document.meta.publisher == "Steppe Monitor"
    assert document.meta.author == "Aida Nurlanova"
    assert document.meta.published == date(2024, 5, 2)
    assert document.meta.doc_id.startswith("kz-denial-")
    assert "had not sold any military aircraft" in document.text
    assert "Subscribe" not in document.text


@pytest.mark.parametrize("path", ["/page-without-charset", "/feed.xhtml"])
def test_other_html_types(http_base: str, path: str) -> None:
    document = only_document(load_target(f"{http_base}{path}", limits=LOCAL))

    assert "had not sold any military aircraft" in document.text


def test_redirect_is_followed_and_final_url_kept(http_base: str) -> None:
    url = f"{http_base}/old-link"

    document = only_document(load_target(url, limits=LOCAL))

    assert document.origin == url
    assert document.meta.url == f"{http_base}/news/kz-denial.html"
    assert document.meta.doc_id.startswith("old-link-")


def test_pdf(http_base: str) -> None:
    document = only_document(load_target(f"{http_base}/reports/annual.pdf", limits=LOCAL))

    assert document.text == "Annual report of the tram company\n\nRidership rose by a tenth."
    assert document.meta.title == "Annual report of the tram company"
    assert document.meta.doc_id.startswith("annual-")


def test_plain_text_with_defaults(http_base: str) -> None:
    defaults = MetaDefaults(publisher="Castelbrook Weather Office", kind=SourceKind.STATEMENT)

    document = only_document(load_target(f"{http_base}/notes.txt", defaults=defaults, limits=LOCAL))

    assert document.text == "Storm warning\n\nWinds of 90 km/h expected."
    assert document.meta.title == "Storm warning"
    assert document.meta.publisher == "Castelbrook Weather Office"
    assert document.meta.url == f"{http_base}/notes.txt"


def test_markdown_front_matter(http_base: str) -> None:
    document = only_document(load_target(f"{http_base}/note.md", limits=LOCAL))

    assert document.meta.doc_id == "remote-note"
    assert document.meta.kind is SourceKind.ANALYSIS
    assert document.text == "The tram line opens in spring."


def test_charset_from_content_type(http_base: str) -> None:
    document = only_document(load_target(f"{http_base}/latin1.txt", limits=LOCAL))

    assert document.text == "Caf\u00e9 reopens"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "/logo.png",
            f"the server sent image/png, which factdesk cannot load; it accepts {ACCEPTED}",
        ),
        (
            "/no-type",
            f"the server sent no Content-Type, which factdesk cannot load; it accepts {ACCEPTED}",
        ),
        ("/missing", "the server answered 404 Not Found; check the address"),
        ("/broken", "the server answered 503 Service Unavailable; try again later"),
        ("/loop", "redirected more than 5 times; give the final address instead"),
        ("/empty.txt", "is empty"),
        (
            "/bad-utf8.txt",
            "is not UTF-8 text (invalid byte 0xe9 at offset 3); save it as UTF-8",
        ),
    ],
)
def test_bad_responses(http_base: str, path: str, message: str) -> None:
    assert only_failure(f"{http_base}{path}").message == message


@pytest.mark.parametrize("path", ["/huge.txt", "/huge-unannounced.txt"])
def test_body_over_the_limit_is_refused(http_base: str, path: str) -> None:
    limits = LoadLimits(allow_private_hosts=True, url_max_bytes=HUGE_BYTES // 4)

    failure = only_failure(f"{http_base}{path}", limits=limits)

    assert failure.message == (
        "is larger than the 0.06 MB limit for a web page; save the part you need as a file"
    )


@pytest.mark.parametrize("path", ["/slow", "/drip"])
def test_slow_server_times_out(http_base: str, path: str) -> None:
    limits = LoadLimits(allow_private_hosts=True, url_timeout_s=0.4)
    started = time.monotonic()

    failure = only_failure(f"{http_base}{path}", limits=limits)

    assert failure.message == "timed out after 0.4 s; the site may be slow, try again later"
    assert time.monotonic() - started < 1.4


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_default_limits_refuse_local_addresses(http_base: str, host: str) -> None:
    port = http_base.rsplit(":", 1)[1]
    url = f"http://{host}:{port}/news/kz-denial.html"

    failure = only_failure(url, limits=LoadLimits())

    assert failure.message.startswith("refuses to fetch a private or local address (")
    assert failure.message.endswith("); only public web pages can be loaded")


def test_unreachable_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/page"

    failure = only_failure(url)

    assert failure.message == (
        "could not reach 127.0.0.1 (Connection refused); check the address or try again later"
    )


def test_one_bad_url_spares_the_others(http_base: str) -> None:
    urls = [f"{http_base}/missing", f"{http_base}/notes.txt", f"{http_base}/logo.png"]

    results = [load_target(url, limits=LOCAL) for url in urls]

    assert [d.origin for r in results for d in r.documents] == [f"{http_base}/notes.txt"]
    assert [f.origin for r in results for f in r.failures] == [urls[0], urls[2]]
