"""The `factdesk` command line: load sources, ask questions, evaluate, all through `Desk`."""

from __future__ import annotations

import itertools
import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from bot.answer_render import echo_answer, echo_explanation
from bot.answer_server import evidence_rows, serve
from bot.background_server import start_background_server
from bot.terminal import echo_json, progress_bars, table
from knowledge import (
    Answer,
    Desk,
    Explanation,
    FactdeskError,
    ImportReport,
    IngestReport,
    MetaDefaults,
    ScopeExport,
    Settings,
    SourceKind,
    StoreSettings,
    load_questions,
    read_export,
    read_settings,
    reliability,
    run_evaluation,
    save_export,
    write_export,
)

__all__ = ["cli", "main"]

F = TypeVar("F", bound=Callable[..., Any])


class _Group(click.Group):
    """Turns factdesk's own errors into one-line messages and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FactdeskError as exc:
            raise click.ClickException(str(exc)) from exc


class _State:
    """What the group options set, and the desk, opened on first use."""

    def __init__(self, data_dir: Path | None) -> None:
        self.data_dir = data_dir
        self._desk: Desk | None = None

    def settings(self) -> Settings:
        if self.data_dir is None:
            return Settings()
        return Settings(store=read_settings(StoreSettings, data_dir=self.data_dir))

    def desk(self) -> Desk:
        if self._desk is None:
            self._desk = Desk(self.settings())
        return self._desk

    def close(self) -> None:
        if self._desk is not None:
            self._desk.close()


def _json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


def _scope_option(func: F) -> F:
    return click.option(
        "--scope",
        metavar="NAME",
        help="Corpus to use (a Discord server's id, or any name). "
        "Default: FACTDESK_SCOPE, else 'default'.",
    )(func)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="FACTDESK_DATA_DIR",
    help="Where corpora are stored. Default: ./data (env FACTDESK_DATA_DIR).",
)
@click.version_option(package_name="factdesk")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None) -> None:
    """factdesk: answer rumours from the sources your moderators load, with hedged verdicts
    and numbered citations. Runs offline.

    \b
    Start with:
      factdesk ingest knowledge/sample_corpus/sources
      factdesk ask "did the US buy Kazakh jets?"
    """
    state = _State(data_dir)
    ctx.obj = state
    ctx.call_on_close(state.close)


# -- sources ---------------------------------------------------------------------------------


def _parse_date(_: click.Context, __: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an ISO date like 2024-04-28") from exc


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH_OR_URL...")
@_scope_option
@click.option("--title", help="Title for documents that do not state one.")
@click.option("--publisher", help="Publisher for documents that do not state one.")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in SourceKind]),
    help="Kind for documents that do not state one (default: news).",
)
@click.option(
    "--published",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Publication date for documents that do not state one.",
)
@click.option("--author", help="Author for documents that do not state one.")
@click.option("--url", help="Link for documents that do not state one.")
@click.option("--by", "loaded_by", metavar="NAME", help="Who is loading (kept in the registry).")
@_json_option
@click.pass_obj
def ingest(
    state: _State,
    paths: tuple[str, ...],
    scope: str | None,
    title: str | None,
    publisher: str | None,
    kind: str | None,
    published: date | None,
    author: str | None,
    url: str | None,
    loaded_by: str | None,
    as_json: bool,
) -> None:
    """Load files, folders (recursively) and http(s) URLs into a corpus.

    Reads .md (with YAML front matter), .txt, .html, .pdf and .jsonl. Loading the same content
    again changes nothing; changed content under the same id replaces the old. A file that
    cannot be loaded is reported and the others still load; the exit code is 1 if any failed.
    """
    defaults = MetaDefaults(
        title=title,
        publisher=publisher,
        kind=SourceKind(kind) if kind else None,
        published=published,
        author=author,
        url=url,
    )
    with progress_bars() as progress:
        report = state.desk().ingest(
            list(paths), scope=scope, defaults=defaults, loaded_by=loaded_by, progress=progress
        )
    if as_json:
        echo_json(report.to_dict())
    else:
        _print_ingest(report)
    if not report.ok:
        sys.exit(1)


def _print_ingest(report: IngestReport) -> None:
    rate = report.passages_indexed / report.seconds if report.seconds else 0.0
    click.echo(
        f"Added {len(report.added)}, replaced {len(report.replaced)}, "
        f"unchanged {len(report.unchanged)}, failed {len(report.failed)} "
        f"({report.passages_indexed} passages in {report.seconds:.1f} s, {rate:.0f}/s)."
    )
    for failure in report.failed:
        click.echo(f"  failed: {failure.origin}: {failure.message}", err=True)


@cli.group(cls=_Group, invoke_without_command=True)
@_scope_option
@_json_option
@click.pass_context
def sources(ctx: click.Context, scope: str | None, as_json: bool) -> None:
    """List, show and remove loaded sources (default: list)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(sources_list, scope=scope, as_json=as_json)


@sources.command("list")
@_scope_option
@_json_option
@click.pass_obj
def sources_list(state: _State, scope: str | None = None, as_json: bool = False) -> None:
    """List the sources in a corpus, newest first."""
    found = state.desk().sources(scope)
    if as_json:
        echo_json([s.to_dict() for s in found])
        return
    if not found:
        click.echo("No sources loaded yet. Load some with: factdesk ingest PATH")
        return
    rows = [
        (
            s.meta.doc_id,
            s.meta.kind.value,
            s.meta.published or "undated",
            s.meta.publisher[:28],
            s.meta.title[:50],
            s.passage_count,
        )
        for s in found
    ]
    click.echo(table(("id", "kind", "published", "publisher", "title", "passages"), rows))


@sources.command("show")
@click.argument("doc_id", metavar="ID")
@_scope_option
@_json_option
@click.pass_obj
def sources_show(state: _State, doc_id: str, scope: str | None, as_json: bool) -> None:
    """Show one source: its metadata and passages."""
    source, passages = state.desk().source(doc_id, scope)
    if as_json:
        echo_json(
            {
                **source.to_dict(),
                "passages": [
                    {"id": p.passage_id, "start": p.start, "end": p.end, "text": p.text}
                    for p in passages
                ],
            }
        )
        return
    for key, value in source.to_dict().items():
        click.echo(f"{key:>12}: {value if value is not None else '-'}")
    click.echo("")
    for passage in passages:
        click.echo(f"[{passage.seq}] {passage.text}")


@sources.command("remove")
@click.argument("doc_id", metavar="ID")
@_scope_option
@click.option("--by", "actor", default="cli", metavar="NAME", help="Who is removing it.")
@_json_option
@click.pass_obj
def sources_remove(
    state: _State, doc_id: str, scope: str | None, actor: str, as_json: bool
) -> None:
    """Remove a source and its passages from the indexes."""
    removed = state.desk().remove(doc_id, scope, actor=actor)
    if as_json:
        echo_json({"removed": removed.meta.doc_id, "passages": removed.passage_count})
    else:
        click.echo(f"Removed {removed.meta.doc_id} ({removed.passage_count} passages).")


@sources.command("log")
@_scope_option
@click.option("--limit", default=20, show_default=True, help="How many entries.")
@_json_option
@click.pass_obj
def sources_log(state: _State, scope: str | None, limit: int, as_json: bool) -> None:
    """Show the audit trail of loads, replacements, removals and failures."""
    entries = state.desk().journal(scope, limit)
    if as_json:
        echo_json(
            [
                {
                    "at": e.at.isoformat(timespec="seconds"),
                    "action": e.action,
                    "doc_id": e.doc_id,
                    "origin": e.origin,
                    "by": e.actor,
                    "detail": e.detail,
                }
                for e in entries
            ]
        )
        return
    rows = [
        (
            e.at.strftime("%Y-%m-%d %H:%M"),
            e.action,
            e.doc_id or "-",
            e.actor,
            (e.detail or e.origin or "")[:60],
        )
        for e in entries
    ]
    click.echo(table(("when", "action", "id", "by", "detail"), rows) if rows else "Nothing yet.")


# -- moving a corpus -------------------------------------------------------------------------

_RECORDS = (
    ("source", "sources"),
    ("journal", "journal entries"),
    ("answer", "answers"),
    ("vote", "votes"),
    ("thread", "threads"),
)


@cli.command("export", short_help="Write a corpus (sources, journal, feedback) as JSON Lines.")
@_scope_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write to FILE (whole, or not at all) instead of standard output.",
)
@_json_option
@click.pass_obj
def export_command(state: _State, scope: str | None, output: Path | None, as_json: bool) -> None:
    """Write a whole corpus as JSON Lines: every source with its full text and metadata, the
    journal, and the answers' feedback (answers, votes, follow-up threads).

    \b
      factdesk export --scope 123456789 > corpus.jsonl
      factdesk export --scope 123456789 --output corpus.jsonl --json

    Vectors are not written: `factdesk import` makes them afresh. The first line is a header
    (format "factdesk-corpus", its version, the scope, the time and the count of each record
    type), then one record per line with a "type": source, journal, answer, vote or thread
    (README, "Backups and moves"). With the corpus on standard output, the summary goes to
    standard error; --json prints it as JSON and needs --output.
    """
    if as_json and output is None:
        raise click.UsageError("--json prints a summary on standard output: give --output FILE")
    export = state.desk().export_scope(scope)
    if output is None:
        write_export(export, sys.stdout.buffer)
    else:
        try:
            save_export(export, output)
        except OSError as exc:
            raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
    if as_json:
        echo_json(
            {
                "scope": export.scope,
                "output": str(output),
                "exported_at": export.exported_at.isoformat(timespec="seconds"),
                "counts": export.counts(),
            }
        )
        return
    counts = export.counts()
    written = ", ".join(f"{counts[kind]} {words}" for kind, words in _RECORDS)
    where = f" to {output}" if output else ""
    click.echo(f"Exported scope {export.scope!r}{where}: {written}.", err=output is None)


@cli.command("import", short_help="Load a corpus that `factdesk export` wrote.")
@click.argument(
    "file", type=click.Path(exists=True, dir_okay=False, allow_dash=True), metavar="FILE"
)
@click.option(
    "--scope",
    metavar="NAME",
    help="Corpus to import into (a Discord server's id, or any name). "
    "Default: the scope the file was exported from.",
)
@click.option("--by", "actor", metavar="NAME", help="Who is importing (kept in the journal).")
@_json_option
@click.pass_obj
def import_command(
    state: _State, file: str, scope: str | None, actor: str | None, as_json: bool
) -> None:
    """Load a corpus that `factdesk export` wrote (FILE, or "-" for standard input).

    \b
      factdesk import corpus.jsonl --scope 987654321

    Sources are loaded as `factdesk ingest` loads them: split into passages and embedded with
    the current settings, each keeping who first loaded it and when; the journal and the
    answers' feedback come with them. The whole file is checked first: a bad line is named
    with what to do, and nothing is written. Importing the same file again adds nothing: unchanged
    sources are skipped, journal entries and answers already there are not added twice, and a
    vote replaces the same member's vote only if it is newer. The exit code is 1 if a source
    failed to load.
    """
    if file == "-":
        export = read_export(sys.stdin.buffer.read(), "standard input")
    else:
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise click.ClickException(f"cannot read {file}: {exc.strerror or exc}") from exc
        export = read_export(data, file)
    with progress_bars() as progress:  # opened only now: a bad file leaves no data directory
        report = state.desk().import_scope(export, scope=scope, actor=actor, progress=progress)
    if as_json:
        echo_json(report.to_dict())
    else:
        _print_import(export, report)
    if not report.ok:
        sys.exit(1)


def _print_import(export: ScopeExport, report: ImportReport) -> None:
    sources, merged = report.sources, report.feedback
    click.echo(
        f"Imported scope {report.exported_scope!r} "
        f"(exported {export.exported_at:%Y-%m-%d %H:%M %Z}) into {report.scope!r}:"
    )
    rows = [
        (
            "sources",
            f"added {len(sources.added)}, replaced {len(sources.replaced)}, "
            f"unchanged {len(sources.unchanged)}, failed {len(sources.failed)} "
            f"({sources.passages_indexed} passages embedded in {sources.seconds:.1f} s)",
        ),
        ("journal", f"added {report.journal_added}, already there {report.journal_present}"),
        ("answers", f"added {merged.answers_added}, already there {merged.answers_present}"),
        ("votes", f"added {merged.votes_added}, already there or newer {merged.votes_present}"),
        ("threads", f"added {merged.threads_added}, already there {merged.threads_present}"),
    ]
    for name, line in rows:
        click.echo(f"  {name:<8} {line}")
    for failure in sources.failed:
        click.echo(f"  failed: {failure.origin}: {failure.message}", err=True)


@cli.command()
@_scope_option
@click.pass_obj
def reindex(state: _State, scope: str | None) -> None:
    """Re-embed every passage (after changing the embedding settings)."""
    with progress_bars() as progress:
        count = state.desk().reindex(scope, progress)
    click.echo(f"Re-embedded {count} passages.")


@cli.command()
@click.option(
    "--sync",
    type=click.Choice(["off", "guild", "global"]),
    help="Push slash commands to Discord now (default: FACTDESK_COMMAND_SYNC).",
)
@click.pass_obj
def bot(state: _State, sync: str | None) -> None:
    """Run the Discord bot (needs DISCORD_TOKEN; see .env.example).

    Each server gets its own corpus, whose scope is the server's id: load one from here with
    `factdesk ingest --scope <server id> PATH` and the bot answers from it.

    A large bot runs as several processes, each holding some of discord.py's shards: give each
    FACTDESK_SHARD_IDS (like 0,1) of one FACTDESK_SHARD_COUNT, the same corpora (one data
    directory, or one FACTDESK_DATABASE_URL and FACTDESK_CHROMA_HOST across machines), and
    FACTDESK_COMMAND_SYNC=off to all but one (README, "Deployment").
    """
    from bot.runner import run_bot

    run_bot(state.settings(), sync=sync)


# -- questions -------------------------------------------------------------------------------


def _print_answer(answer: Answer) -> None:
    echo_answer(answer.to_dict())


def _print_explanation(explanation: Explanation) -> None:
    claim = explanation.claim
    echo_explanation(
        {"text": claim.text, "type": claim.question_type.value}, evidence_rows(explanation)
    )


@cli.command()
@click.argument("question")
@_scope_option
@click.option("--explain", is_flag=True, help="Also show every passage judged, and how.")
@_json_option
@click.pass_obj
def ask(state: _State, question: str, scope: str | None, explain: bool, as_json: bool) -> None:
    """Answer QUESTION from the corpus, with a verdict and numbered sources.

    With "-" as the question, read one question per line from stdin (the models load once);
    with --json each answer is one JSON line.
    """
    desk = state.desk()
    if question != "-":
        explanation = desk.explain(question, scope=scope)
        if as_json:
            extra = {"evidence": evidence_rows(explanation)} if explain else {}
            echo_json({**explanation.answer.to_dict(), **extra})
        else:
            _print_answer(explanation.answer)
            if explain:
                _print_explanation(explanation)
        _warm_the_next(desk)
        return
    failed = False
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = desk.ask(line.strip(), scope=scope)
        except FactdeskError as exc:
            failed = True
            if as_json:
                echo_json({"question": line.strip(), "error": str(exc)})
            else:
                click.echo(f"error: {exc}", err=True)
            continue
        if as_json:
            echo_json(answer.to_dict())
        else:
            _print_answer(answer)
            click.echo("")
    if failed:
        sys.exit(1)


def _warm_the_next(desk: Desk) -> None:
    """Having answered in-process, start a server in the background so that the next `ask`
    is warm (`FACTDESK_AUTO_SERVE_MINUTES`; `bot.background_server`)."""
    minutes = desk.settings.answer.auto_serve_minutes
    log = start_background_server(desk.settings.store.data_dir, minutes)
    if log is not None:
        click.echo(
            f"(started `factdesk serve` in the background so that the next `ask` is quick; it "
            f"stops after {minutes:g} minutes without a question, FACTDESK_AUTO_SERVE_MINUTES=0 "
            f"turns this off; log: {log})",
            err=True,
        )


@cli.command("serve", short_help="Keep the desk warm and answer `factdesk ask` quickly.")
@click.option(
    "--idle-minutes",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Stop after this many minutes without a question (default: run until Ctrl-C).",
)
@click.pass_obj
def serve_command(state: _State, idle_minutes: float | None) -> None:
    """Load the models once and answer `factdesk ask "..."` from other shells through a Unix
    socket in the data directory (answer.sock), until Ctrl-C.

    A cold `factdesk ask` spends seconds loading libraries and models; with a server running
    on the same data directory it sends the question here and prints the answer in a fraction
    of that. Without one, `ask` answers in-process and then starts a server like this one in
    the background, with an idle limit (FACTDESK_AUTO_SERVE_MINUTES). Sources loaded or
    removed by other processes are seen by the next question.
    """
    desk = state.desk()
    data_dir = desk.settings.store.data_dir

    def ready(path: Path) -> None:
        click.echo(f"factdesk is answering on {path} (pid {os.getpid()}; Ctrl-C to stop)", err=True)

    idle_s = None if idle_minutes is None else idle_minutes * 60
    if serve(desk, data_dir, ready=ready, idle_s=idle_s):
        click.echo(f"factdesk serve stopped: {idle_minutes:g} minutes without a question", err=True)


_STANCE_BATCH = 64  # lines judged per model call


def _stance_pairs(lines: Iterable[str]) -> Iterator[tuple[int, tuple[str, str] | str]]:
    """(line number, (claim, evidence)) for each non-blank line, or (line number, error)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"not JSON ({exc.msg})"
            continue
        if not isinstance(row, dict):
            yield number, 'expected an object like {"claim": "...", "evidence": "..."}'
            continue
        claim, evidence = row.get("claim"), row.get("evidence")
        if not isinstance(claim, str) or not isinstance(evidence, str):
            yield number, 'needs string fields "claim" and "evidence"'
        elif not claim.strip() or not evidence.strip():
            yield number, '"claim" and "evidence" must not be empty'
        else:
            yield number, (claim, evidence)


@cli.command()
@click.argument("source", type=click.File("r"), metavar="FILE")
@_json_option
@click.pass_obj
def stance(state: _State, source: TextIO, as_json: bool) -> None:
    """Judge claim-evidence pairs: supports, refutes or neutral.

    FILE ("-" for stdin) holds one JSON object per line, {"claim": ..., "evidence": ...}.
    Prints one line per pair: with --json {"label": ..., "probs": {...}, "reason": ...}; a bad
    line gets {"line": N, "error": ...} and the exit status is 1. Pairs are judged in batches,
    by the model FACTDESK_STANCE chooses (see .env.example).
    """
    desk = state.desk()
    failed = False
    rows = _stance_pairs(source)
    while chunk := list(itertools.islice(rows, _STANCE_BATCH)):
        pairs = [pair for _, pair in chunk if isinstance(pair, tuple)]
        judged = iter(desk.stances(pairs))
        for number, pair in chunk:
            if isinstance(pair, str):
                failed = True
                if as_json:
                    echo_json({"line": number, "error": pair})
                else:
                    click.echo(f"line {number}: {pair}", err=True)
                continue
            result = next(judged)
            if as_json:
                label = result.label.value
                echo_json({"label": label, "probs": dict(result.probs), "reason": result.reason})
            else:
                p = result.probs[result.label.value]
                click.echo(f"{result.label.value:<8} {p:.2f}  {result.reason}")
    if failed:
        sys.exit(1)


@cli.command("eval")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--corpus",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of documents to load into a temporary corpus first.",
)
@_json_option
@click.pass_obj
def evaluate(state: _State, questions: Path, corpus: Path, as_json: bool) -> None:
    """Score answers against a question set (see ../shared/eval/dev/README.md).

    Loads CORPUS into a temporary store, asks every question and reports verdict accuracy,
    citation hit rate and precision, expected strings, hedging, forbidden strings, no-evidence
    handling and calibration.
    """
    asked = load_questions(questions)
    with progress_bars() as progress:
        report, loaded = run_evaluation(asked, corpus, settings=state.settings(), progress=progress)
    if as_json:
        echo_json({**report.to_dict(), "corpus": loaded.to_dict()})
        return
    if loaded.failed:
        click.echo(f"{len(loaded.failed)} corpus documents failed to load:", err=True)
        for failure in loaded.failed:
            click.echo(f"  {failure.origin}: {failure.message}", err=True)
    rows = []
    for score in report.scores:
        problems = []
        if not score.verdict_ok:
            sure = " at confidence >= 0.8" if score.confidently_wrong else ""
            problems.append(f"verdict {score.got.value}{sure}")
        if score.citation_hit is False:
            problems.append("no required citation")
        if score.contains_ok is False:
            problems.append("missing expected text")
        if score.hedge_ok is False:
            problems.append("not hedged")
        if score.forbidden_found:
            problems.append(f"contains {', '.join(score.forbidden_found)}")
        if score.no_evidence_ok is False:
            problems.append("no-evidence not handled")
        if problems:
            rows.append((score.id, score.expected.value, "; ".join(problems)))
    if rows:
        click.echo(table(("question", "expected", "problems"), rows))
        click.echo("")
    metric_rows = [(name, _format_metric(value)) for name, value in report.metrics.items()]
    click.echo(table(("metric", "value"), metric_rows))
    click.echo("")
    bins = [
        (
            f"{row.low:.2f}-{row.high:.2f}",
            str(row.answers),
            _format_metric(row.mean_confidence),
            _format_metric(row.accuracy),
        )
        for row in reliability(report.scores)
    ]
    click.echo(table(("confidence", "answers", "mean confidence", "accuracy"), bins))


def _format_metric(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{value:.0f}" if value == int(value) and value > 1 else f"{value:.3f}"


def main() -> None:
    cli(prog_name="factdesk")


if __name__ == "__main__":  # pragma: no cover
    main()
