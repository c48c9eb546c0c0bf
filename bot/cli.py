"""Command line: ``pacsbot run | chat | ask | kb check | kb init | sync`` (also ``python -m bot``).

The console commands never import discord (it costs about half a second); ``run`` and ``sync``
import the Discord adapter only when they are used.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import os
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from bot.knowledge.diagnostics import KnowledgeError
from bot.knowledge.location import choose_knowledge, shipped_knowledge

if TYPE_CHECKING:
    from bot.engine import Engine
    from bot.replies.reply import Reply

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, plus "did you mean 'ask'?" when a sub-command is misspelt."""

    command_names: Sequence[str] = ()

    def error(self, message: str) -> NoReturn:
        """Print the usage and one error line, suggesting the closest command; exit 2."""
        wrong = re.search(r"invalid choice: '([^']*)'", message)
        close = difflib.get_close_matches(wrong.group(1), self.command_names, n=1) if wrong else []
        if wrong and close:
            message = f"unknown command '{wrong.group(1)}'; did you mean '{close[0]}'?"
        super().error(message)


class _Version(argparse.Action):
    """``--version``, read from the installed package's metadata only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> NoReturn:
        """Print ``pacsbot VERSION`` and exit."""
        from importlib.metadata import PackageNotFoundError, version

        try:
            text = f"pacsbot {version('pacsbot')}"
        except PackageNotFoundError:
            text = "pacsbot (version unknown: the package is not installed)"
        print(text)
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    knowledge_help = (
        "knowledge folder (default: $KNOWLEDGE_DIR, else the knowledge that ships with pacsbot)"
    )
    parser = _Parser(
        prog="pacsbot",
        description="PACS and imaging-informatics career answers, on Discord or in a terminal.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    parser.add_argument("--knowledge", metavar="DIR", type=Path, default=None, help=knowledge_help)
    # Sub-commands take --knowledge too, with no default of their own: a default there would
    # reset the value given before the sub-command (``pacsbot --knowledge DIR ask ...``) to None.
    common = _Parser(add_help=False)
    common.add_argument(
        "--knowledge", metavar="DIR", type=Path, default=argparse.SUPPRESS, help=knowledge_help
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=_Parser
    )
    commands.add_parser("run", parents=[common], help="start the Discord bot (needs DISCORD_TOKEN)")
    commands.add_parser("chat", parents=[common], help="ask questions interactively, offline")
    ask = commands.add_parser("ask", parents=[common], help="answer one question and exit")
    ask.add_argument("--json", action="store_true", help="print the reply object as JSON")
    ask.add_argument(
        "--chart",
        metavar="FILE",
        type=Path,
        help="also write the answer's pay chart to FILE as PNG",
    )
    ask.add_argument(
        "--theme",
        choices=("dark", "light"),
        default="dark",
        help="draw the chart for Discord's dark (default) or light theme",
    )
    ask.add_argument("text", nargs="*", help="the question, or - to read one per line from stdin")
    kb = commands.add_parser("kb", parents=[common], help="knowledge-base tools")
    kb_commands = kb.add_subparsers(dest="kb_command", metavar="ACTION", required=True)
    check = kb_commands.add_parser("check", parents=[common], help="validate a knowledge folder")
    check.add_argument("directory", nargs="?", type=Path, help="folder to check")
    init = kb_commands.add_parser(
        "init", help="copy the shipped knowledge to a new folder to edit and run the bot on"
    )
    init.add_argument("directory", type=Path, help="a new or empty folder")
    commands.add_parser(
        "sync", parents=[common], help="force a sync of the slash commands with Discord"
    )
    db = commands.add_parser("db", help="the bot's database: migrate, export, import")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, text in (
        ("migrate", "create or update the database's tables"),
        ("export", "write every row as JSON (to FILE, or standard output)"),
        ("import", "load an export into an empty database (from FILE, or standard input)"),
    ):
        action = db_commands.add_parser(name, help=text)
        action.add_argument(
            "--database",
            metavar="URL_OR_FILE",
            help="a postgresql:// URL or an SQLite file (default: the bot's settings)",
        )
        if name != "migrate":
            action.add_argument("file", nargs="?", help="the JSON file (default: -)")
    parser.command_names = list(commands.choices)
    kb.command_names = list(kb_commands.choices)
    db.command_names = list(db_commands.choices)
    return parser


def knowledge_dir(args: argparse.Namespace) -> Path:
    """The knowledge folder: ``--knowledge``, else ``KNOWLEDGE_DIR``, else the shipped one."""
    return choose_knowledge(args.knowledge, os.environ.get("KNOWLEDGE_DIR"))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pacsbot`` console script."""
    args = build_parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        if args.command == "kb" and args.kb_command == "init":
            return cmd_kb_init(args.directory)
        if args.command == "kb":
            return cmd_kb_check(args.directory or knowledge_dir(args))
        if args.command == "db":
            from bot.db_tool import cmd_db

            return cmd_db(args.db_command, args.database, getattr(args, "file", None))
        if not knowledge_dir(args).is_dir():
            print(_not_found(knowledge_dir(args), args), file=sys.stderr)
            return EXIT_ERRORS
        if args.command == "ask":
            return cmd_ask(args)
        if args.command == "chat":
            return cmd_chat(args)
        from bot.discord_app.runner import run_bot, sync_commands

        # The runner reads KNOWLEDGE_DIR itself, from the environment or .env.
        if args.command == "run":
            return run_bot(args.knowledge)
        return sync_commands(args.knowledge)
    except KnowledgeError as exc:
        print(exc, file=sys.stderr)
        print("Fix the files above (pacsbot kb check shows every problem).", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``pacsbot ask --json - | head -1``): stop quietly, and point
        # stdout at /dev/null so Python's final flush does not print a traceback either.
        with contextlib.suppress(OSError, ValueError):  # stdout may have no file descriptor
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERRORS


def _not_found(folder: Path, args: argparse.Namespace) -> str:
    if args.knowledge is None and os.environ.get("KNOWLEDGE_DIR", "").strip():
        return f"pacsbot: KNOWLEDGE_DIR names a folder that does not exist: {folder}"
    return f"pacsbot: knowledge folder not found: {folder} (choose one with --knowledge DIR)"


def cmd_kb_init(directory: Path) -> int:
    """Copy the shipped knowledge into a new or empty folder and say how to use it."""
    if directory.exists() and not directory.is_dir():
        print(
            f"pacsbot: {directory} is a file; kb init needs a new or empty folder", file=sys.stderr
        )
        return EXIT_ERRORS
    if directory.is_dir() and any(directory.iterdir()):
        print(
            f"pacsbot: {directory} is not empty; kb init copies only into a new or empty folder",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    source = shipped_knowledge()
    files = [path for path in sorted(source.rglob("*")) if path.is_file()]
    try:
        for path in files:
            # Written afresh, not copied with its mode: an installed copy may be read-only.
            target = directory / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    except OSError as exc:
        print(
            f"pacsbot: cannot copy to {exc.filename or directory}: {exc.strerror}", file=sys.stderr
        )
        return EXIT_ERRORS
    folder = shlex.quote(str(directory))
    print(
        f"Copied the shipped knowledge ({len(files)} files) to {directory}.\n"
        f"Edit its YAML files ({directory / 'README.md'} describes every file and key), then:\n"
        f"  check your edits:     pacsbot kb check {folder}\n"
        f'  try a question:       pacsbot ask --knowledge {folder} "what does a pacs admin make"\n'
        f"  run the bot on them:  KNOWLEDGE_DIR={folder} pacsbot run"
        "   (or set KNOWLEDGE_DIR in .env, or pass --knowledge)"
    )
    return EXIT_OK


def cmd_kb_check(directory: Path) -> int:
    """Validate a knowledge folder; print each problem as path:line:col: message."""
    from bot.knowledge.validate import check_knowledge

    result = check_knowledge(directory)
    for diagnostic in result.diagnostics:
        print(diagnostic)
    errors, warnings = len(result.errors), len(result.warnings)
    if errors:
        print(f"{errors} error(s), {warnings} warning(s) in {directory}", file=sys.stderr)
        return EXIT_ERRORS
    kb = result.knowledge
    assert kb is not None
    print(
        f"OK: {len(kb.roles)} roles, {len(kb.certifications)} certifications, "
        f"{len(kb.terms)} terms, {len(kb.places)} places, {len(kb.resources)} resources, "
        f"{len(kb.sources)} sources; {warnings} warning(s) in {directory}",
        file=sys.stderr,
    )
    return EXIT_OK


# Characters str.splitlines() and JavaScript treat as line breaks but JSON may leave raw in a
# string; escaped, each reply stays on exactly one line for a consumer that splits lines.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def json_line(value: object) -> str:
    """``value`` as JSON on one line: UTF-8 text kept readable, every line break escaped."""
    return json.dumps(value, ensure_ascii=False).translate(_LINE_BREAKS)


def _engine(args: argparse.Namespace) -> Engine:
    from bot.engine import Engine

    return Engine.from_directory(knowledge_dir(args))


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer the question on the command line, or one per stdin line with ``-``."""
    from bot.render.output import reply_printer

    try:
        if args.text == ["-"]:
            if args.chart is not None:
                print(
                    "--chart draws one question's chart; it cannot be used with -", file=sys.stderr
                )
                return EXIT_USAGE
            engine = _engine(args)
            return _ask_lines(engine, sys.stdin, as_json=args.json)
        text = " ".join(args.text).strip()
        if not text:
            print(
                'Nothing to ask. Example: pacsbot ask "how much does a pacs admin make?"',
                file=sys.stderr,
            )
            return EXIT_USAGE
        reply = _engine(args).answer(text)
        if args.json:
            print(json_line(reply.to_dict()))
        else:
            reply_printer(sys.stdout)(reply)
        if args.chart is not None:
            return _write_chart(reply, args.chart, args.theme)
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C, even while the knowledge loads: no traceback
        print(file=sys.stderr)
        return 130  # 128 + SIGINT, as shells report it


def _write_chart(reply: Reply, path: Path, theme: str) -> int:
    """Write the reply's chart to ``path``; say on stderr why not when it has none."""
    from bot.render.chart import save_png
    from bot.replies.pay_chart import no_chart_reason

    if reply.chart is None:
        print(f"No chart written: {no_chart_reason(reply)}", file=sys.stderr)
        return EXIT_ERRORS
    try:
        size = save_png(reply.chart, path, theme)
    except OSError as exc:
        print(f"Could not write the chart to {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS
    print(f"Chart written to {path} ({size:,} bytes, {theme} theme)", file=sys.stderr)
    return EXIT_OK


def _ask_lines(engine: Engine, stream: TextIO, *, as_json: bool) -> int:
    from bot.render.output import reply_printer

    if hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")
    show = reply_printer(sys.stdout)
    for line in stream:
        reply = engine.answer(line.rstrip("\r\n"))
        if as_json:
            print(json_line(reply.to_dict()), flush=True)
        else:
            show(reply)
            print(flush=True)
    return EXIT_OK


def cmd_chat(args: argparse.Namespace, stdin: TextIO | None = None) -> int:
    """Interactive console: free text or slash commands, numbers pick an offered choice."""
    from bot.console import Console

    try:
        return Console(_engine(args)).run(stdin or sys.stdin)
    except KeyboardInterrupt:  # Ctrl-C at the prompt, while answering or while loading
        print(file=sys.stderr)
        return 130  # 128 + SIGINT, as shells report it


if __name__ == "__main__":
    sys.exit(main())
