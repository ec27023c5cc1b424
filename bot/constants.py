"""What the bot says, and the limits Discord sets, in one place."""

from __future__ import annotations

from knowledge import VerdictLabel

__all__ = [
    "ANSWER_COLOURS",
    "EMBED_DESCRIPTION_LIMIT",
    "EMBED_FIELD_LIMIT",
    "EMBED_FIELD_VALUE_LIMIT",
    "EMBED_TITLE_LIMIT",
    "EMBED_TOTAL_LIMIT",
    "MESSAGE_LIMIT",
    "Text",
]

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-limits).
MESSAGE_LIMIT = 2000
EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELD_LIMIT = 25
EMBED_FIELD_NAME_LIMIT = 256
EMBED_FIELD_VALUE_LIMIT = 1024
EMBED_FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000

# Red for false, green for true, amber for disputed or unconfirmed, grey for not covered.
ANSWER_COLOURS = {
    VerdictLabel.REFUTED: 0xC0392B,
    VerdictLabel.SUPPORTED: 0x27AE60,
    VerdictLabel.DISPUTED: 0xE67E22,
    VerdictLabel.UNVERIFIED: 0xF1C40F,
    VerdictLabel.NO_EVIDENCE: 0x95A5A6,
}


class Text:
    """Everything the bot says to people, so it reads the same everywhere."""

    ASK_DESCRIPTION = "Check a claim against the sources this server's moderators have loaded"
    ASK_QUESTION = "The claim or question, e.g. 'did the US buy Kazakh jets?'"
    CONTEXT_MENU = "Fact-check this message"
    GUILD_ONLY = "I only answer in servers, where moderators load the sources I check against."
    EMPTY_MENTION = "Ask me about a claim after the mention, or reply to a message with a mention."
    NOTHING_TO_CHECK = "That message has no text for me to check."
    COOLDOWN = (
        "You can ask again in {seconds} s; I keep a short pause between one person's questions."
    )
    BUSY = "I'm answering {count} questions in this server right now. Try again in a few seconds."
    ERROR = (
        "Sorry, something went wrong on my side (error {error_id}). "
        "Moderators can find it in my log."
    )
    NOT_MODERATOR = (
        "Only moderators can do that: people with Manage Messages, or the role set with "
        "/factdesk config."
    )
    NOT_ADMIN = "Only people with Manage Server can change factdesk's settings."
    QUOTES_GONE = "I no longer have the passages of that answer."
    QUOTES_HEADER = "The passages this answer cites, word for word:"
    VOTED = "Thanks, noted as {vote}. You can change it with the other button."
    REPORTED = "Thanks. The moderators have been told about this answer."
    NO_LOG_CHANNEL = (
        "This server has no moderators' log channel yet, so I could not pass your report on. "
        "A moderator can set one with /factdesk config."
    )
    THREAD_STARTED = "Ask follow-up questions in {thread}; I'll read them with this claim in mind."
    THREAD_NOT_HERE = "Threads can only be opened under answers in text channels."
    SHARED = "Posted in the channel."
    SOURCE_NOTHING = "Give a URL, attach files, or paste text (with title, publisher and kind)."
    SOURCE_PASTE_NEEDS = "Pasted text needs a title, a publisher and a kind."
    SOURCE_BAD_DATE = "The date must look like 2024-04-28."
    SOURCE_TOO_BIG = "{name} is {size:.1f} MB; the limit is {limit:.0f} MB."
    SOURCE_LOADING = "Loading {done}/{total} files…"
    SOURCE_EMBEDDING = "Indexing passages: {done}/{total}…"
    CONFIG_SAVED = "Saved. {summary}"
