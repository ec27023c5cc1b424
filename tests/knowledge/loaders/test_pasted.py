"""`load_text` reads pasted text, which must say its title, publisher and kind."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.errors import LoadError
from knowledge.loaders import MetaDefaults, load_text
from knowledge.models import SourceKind

DEFAULTS = MetaDefaults(
    title="Rovers confirm striker signing",
    publisher="Rovers FC",
    kind=SourceKind.STATEMENT,
)
TEXT = "Rovers have signed the striker on a three-year deal.\r\n\r\nThe fee was not disclosed.  "


def test_pasted_text_with_defaults() -> None:
    document = load_text(TEXT, defaults=DEFAULTS)

    assert document.origin == "pasted text"
    assert document.text == (
        "Rovers have signed the striker on a three-year deal.\n\nThe fee was not disclosed."
    )
    assert document.meta.title == "Rovers confirm striker signing"
    assert document.meta.publisher == "Rovers FC"
    assert document.meta.kind is SourceKind.STATEMENT
    assert document.meta.published is None
    assert document.meta.doc_id.startswith("rovers-confirm-striker-signing-")


def test_same_paste_gives_the_same_id_and_other_text_another() -> None:
    first = load_text(TEXT, defaults=DEFAULTS).meta.doc_id

    assert load_text(TEXT, defaults=DEFAULTS).meta.doc_id == first
    assert load_text(TEXT + " Updated.", defaults=DEFAULTS).meta.doc_id != first


def test_pasted_text_with_front_matter() -> None:
    pasted = (
        "---\nid: paste-1\ntitle: Transfer window notes\npublisher: Terrace Talk\n"
        "kind: analysis\npublished: 2024-01-20\n---\nThe deal makes sense.\n"
    )

    document = load_text(pasted, defaults=MetaDefaults(), origin="discord:mod#1234")

    assert document.origin == "discord:mod#1234"
    assert document.meta.doc_id == "paste-1"
    assert document.meta.kind is SourceKind.ANALYSIS
    assert document.meta.published == date(2024, 1, 20)
    assert document.text == "The deal makes sense."


@pytest.mark.parametrize(
    ("text", "defaults", "message"),
    [
        (
            TEXT,
            MetaDefaults(title="T"),
            "pasted text: needs a title, publisher and kind, but 'publisher' and 'kind' are "
            "missing; give them as options or in front matter at the top of the text",
        ),
        (
            "---\ntitle: T\npublisher: P\n---\nBody",
            MetaDefaults(),
            "pasted text: needs a title, publisher and kind, but 'kind' is missing; "
            "give it as an option or in front matter at the top of the text",
        ),
        ("  \n ", DEFAULTS, "pasted text: is empty; paste the text of the source"),
        (
            "---\nkind: blog\n---\nBody",
            DEFAULTS,
            "pasted text: front matter: 'kind' must be one of news, statement, analysis, "
            "social, factcheck, correction (got 'blog')",
        ),
        ("---\ntitle: T\n---\n", DEFAULTS, "pasted text: has no text to index"),
    ],
)
def test_bad_paste_raises_load_error(text: str, defaults: MetaDefaults, message: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_text(text, defaults=defaults)

    assert str(caught.value) == message
    assert caught.value.origin == "pasted text"
