"""The command line (docs/architecture.md 3.1): ``pacsbot chat | ask | ask --json | kb check``.

The real entry point (``python -m bot``) runs in a subprocess where the contract is about the
process (exit codes, stdin and stdout, no traceback, no discord import); the rest runs in-process.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bot import cli
from bot.console import Console
from bot.engine import Engine
from tests.reply_contract import check_reply_object

ROOT = Path(__file__).resolve().parent.parent
MINIMAL_KB = ROOT / "tests" / "data" / "minimal_kb"


def pacsbot(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bot ARGS`` and check it never shows a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "KNOWLEDGE_DIR"}, **(env or {})},
        timeout=60,
        check=False,
    )
    result = subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.fixture(autouse=True)
def _no_knowledge_dir_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """The caller's KNOWLEDGE_DIR must not change what these tests read."""
    monkeypatch.delenv("KNOWLEDGE_DIR", raising=False)


# ---- ask ----------------------------------------------------------------------------------------
def test_ask_prints_a_readable_answer_with_its_source() -> None:
    done = pacsbot("ask", "how much does a pacs admin make")
    assert done.returncode == 0
    assert "$85,504" in done.stdout
    assert "Source:" in done.stdout
    assert "**" not in done.stdout  # markdown is for Discord, not the terminal
    assert "\x1b[" not in done.stdout  # piped: no styling codes
    assert done.stderr == ""


def test_ask_a_long_message_answers_its_last_question_and_says_so() -> None:
    story = "I have worked as a radiology technologist for eight years and want a change. " * 30
    done = pacsbot("ask", story + "So, how much does a pacs admin make? Thanks a lot!")
    assert done.returncode == 0
    assert done.stdout.startswith("PACS Administrator salary\n")
    assert (
        "Your message was long, so I answered its last question: "
        "“So, how much does a pacs admin make?”"
    ) in " ".join(done.stdout.split())
    assert "$85,504" in done.stdout


def test_ask_json_prints_the_reply_object() -> None:
    done = pacsbot("ask", "--json", "how much does a pacs admin make")
    assert done.returncode == 0
    (line,) = done.stdout.splitlines()
    reply = json.loads(line)
    check_reply_object(reply)
    assert reply["question"] == "how much does a pacs admin make"
    assert (reply["outcome"], reply["matched"], reply["intent"]) == ("answer", True, "salary")
    assert reply["subjects"] == ["pacs-administrator"]
    assert reply["location"] is None
    assert "$85,504" in reply["text"]
    embed = reply["message"]["embeds"][0]
    assert embed["footer"]["text"].startswith("Source: ")
    assert embed["title"] in reply["text"]


def test_ask_json_dash_reads_one_question_per_line_in_order() -> None:
    lines = [
        b"how much does a pacs admin make",
        b"",
        b"x" * 50_000,
        b"\xff\xfe\x00\x01\x80 \xc3\x28 junk \x1b[31m",
        b"/nosuchcommand",
        b"what is dicom",
    ]
    done = pacsbot("ask", "--json", "-", stdin=b"\n".join(lines) + b"\n")
    assert done.returncode == 0
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(replies) == len(lines)
    for reply in replies:
        check_reply_object(reply)
    first, empty, huge, junk, unknown, last = replies
    assert first["outcome"] == "answer" and first["subjects"] == ["pacs-administrator"]
    assert last["outcome"] == "answer" and last["subjects"] == ["dicom"]
    assert empty["question"] == "" and empty["outcome"] == "decline"
    assert "didn't find a question" in empty["text"]
    assert huge["outcome"] == "decline" and len(huge["question"]) <= 2000
    assert junk["outcome"] == "decline"
    assert unknown["question"] == "/nosuchcommand" and unknown["outcome"] == "decline"
    assert "I can only answer questions about PACS" in junk["text"]
    assert "Please ask me one shorter question." in huge["text"]
    assert "isn't one of my commands" in unknown["text"]


def test_ask_json_keeps_each_reply_on_one_line_whatever_the_question_holds() -> None:
    """U+2028, U+2029 and NEL are line breaks to str.splitlines() and to JavaScript."""
    done = pacsbot(
        "ask",
        "--json",
        "-",
        stdin="what is\u2028dicom\nwhat\u2029is hl7\x85 \ud800\n".encode("utf-8", "surrogatepass"),
    )
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["question"] == "what is\u2028dicom" and first["subjects"] == ["dicom"]
    assert second["question"].startswith("what\u2029is hl7")
    argv = pacsbot("ask", "--json", "pacs admin\u2028salary")
    (line,) = argv.stdout.splitlines()
    assert json.loads(line)["question"] == "pacs admin\u2028salary"


def test_ask_dash_without_json_prints_text_blocks() -> None:
    done = pacsbot("ask", "-", stdin=b"what is dicom\nhow much does a pacs admin make\n")
    assert done.returncode == 0
    assert done.stdout.index("DICOM") < done.stdout.index("$85,504")


def test_ask_json_dash_stops_quietly_when_the_reader_goes_away() -> None:
    """``pacsbot ask --json - < questions | head -1`` must not end in a traceback."""
    with subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(b"what is dicom\n" * 2000)
        process.stdin.close()
        assert json.loads(process.stdout.readline())["subjects"] == ["dicom"]
        process.stdout.close()
        assert process.wait(timeout=60) == 1
        assert process.stderr is not None
        assert process.stderr.read() == b""


@pytest.mark.parametrize("args", [["ask"], ["ask", ""], ["ask", "   "], ["ask", "--json"]])
def test_ask_without_a_question_is_a_usage_error(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("Nothing to ask. Example: pacsbot ask")


def test_ask_without_a_question_exits_2() -> None:
    done = pacsbot("ask")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Nothing to ask" in done.stderr


def test_unknown_command_is_a_usage_error() -> None:
    done = pacsbot("nosuchcommand")
    assert done.returncode == 2
    assert "invalid choice: 'nosuchcommand'" in done.stderr


@pytest.mark.parametrize(
    ("args", "usage", "error"),
    [
        (
            ["aks", "hi"],
            "usage: pacsbot ",
            "pacsbot: error: unknown command 'aks'; did you mean 'ask'?",
        ),
        (
            ["caht"],
            "usage: pacsbot ",
            "pacsbot: error: unknown command 'caht'; did you mean 'chat'?",
        ),
        (
            ["kb", "chek"],
            "usage: pacsbot kb ",
            "pacsbot kb: error: unknown command 'chek'; did you mean 'check'?",
        ),
        (
            ["kb", "int", "x"],
            "usage: pacsbot kb ",
            "pacsbot kb: error: unknown command 'int'; did you mean 'init'?",
        ),
    ],
)
def test_a_misspelt_command_suggests_the_closest_one(
    args: list[str], usage: str, error: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(args)
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(usage)
    assert err.splitlines()[-1] == error


def test_version_is_the_one_in_pyproject() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    done = pacsbot("--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"pacsbot {version}\n", "")


# ---- --knowledge --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["--knowledge", "no/such/folder", "ask", "hi"],
        ["ask", "--knowledge", "no/such/folder", "hi"],
        ["chat", "--knowledge", "no/such/folder"],
    ],
)
def test_missing_knowledge_folder_is_one_clear_line(args: list[str]) -> None:
    done = pacsbot(*args)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "pacsbot: knowledge folder not found: no/such/folder (choose one with --knowledge DIR)"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["--knowledge", str(MINIMAL_KB), "ask", "what does a pacs analyst earn"],
        ["ask", "--knowledge", str(MINIMAL_KB), "what does a pacs analyst earn"],
    ],
)
def test_knowledge_option_before_or_after_the_command(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The minimal base's only figure is $85,504; the shipped PACS analyst has a span."""
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "PACS Analyst salary" in out
    assert "$85,504" in out and "$73,334" not in out


def test_knowledge_dir_setting_is_used_and_the_option_wins_over_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(MINIMAL_KB))
    assert cli.main(["ask", "what does a pacs analyst earn"]) == 0
    out = capsys.readouterr().out
    assert "$85,504" in out and "$73,334" not in out  # the minimal base
    assert cli.main(["ask", "--knowledge", str(ROOT / "knowledge"), "pacs analyst salary"]) == 0
    assert "$73,334" in capsys.readouterr().out  # the shipped base
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path / "gone"))
    assert cli.main(["ask", "hi"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert (
        err == f"pacsbot: KNOWLEDGE_DIR names a folder that does not exist: {tmp_path / 'gone'}\n"
    )


def test_broken_knowledge_folder_lists_its_errors(tmp_path: Path) -> None:
    kb = Path(shutil.copytree(MINIMAL_KB, tmp_path / "kb"))
    (kb / "roles" / "pacs-analyst.yaml").write_text("id: pacs-analyst\nname: [x\n", "utf-8")
    done = pacsbot("ask", "--knowledge", str(kb), "hi")
    assert done.returncode == 1
    assert "1 error(s) in the knowledge base:" in done.stderr
    assert "roles/pacs-analyst.yaml:3:1: YAML syntax error" in done.stderr
    assert "pacsbot kb check" in done.stderr


# ---- kb check -----------------------------------------------------------------------------------
def test_kb_check_on_the_shipped_knowledge_is_clean() -> None:
    done = pacsbot("kb", "check")
    assert (done.returncode, done.stdout) == (0, "")  # not even a warning
    assert done.stderr.startswith("OK: ") and "; 0 warning(s)" in done.stderr


def test_kb_check_exit_1_on_errors(tmp_path: Path) -> None:
    kb = Path(shutil.copytree(MINIMAL_KB, tmp_path / "kb"))
    (kb / "roles" / "pacs-analyst.yaml").write_text("id: &a pacs-analyst\n", "utf-8")
    done = pacsbot("kb", "check", str(kb))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{kb / 'roles' / 'pacs-analyst.yaml'}:1:5: YAML anchors and aliases (&name / *name) "
        "are not allowed; write the value out"
    ]
    assert done.stderr.startswith("1 error(s), 0 warning(s)")


def test_kb_check_of_a_missing_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["kb", "check", "no/such/folder"]) == 1
    out, err = capsys.readouterr()
    assert out == "no/such/folder:1:1: knowledge folder does not exist\n"
    assert "1 error(s)" in err


def test_kb_check_without_a_folder_checks_the_knowledge_dir_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path / "gone"))
    assert cli.main(["kb", "check"]) == 1
    assert capsys.readouterr().out == f"{tmp_path / 'gone'}:1:1: knowledge folder does not exist\n"


# ---- kb init ------------------------------------------------------------------------------------
def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_kb_init_copies_the_shipped_knowledge_and_says_what_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "our knowledge"
    assert cli.main(["kb", "init", str(folder)]) == 0
    out = capsys.readouterr().out
    shipped = _files(ROOT / "knowledge")
    assert _files(folder) == shipped
    assert "README.md" in shipped and "roles/pacs-administrator.yaml" in shipped
    assert out.startswith(f"Copied the shipped knowledge ({len(shipped)} files) to {folder}.")
    assert f"pacsbot kb check '{folder}'" in out
    assert f"KNOWLEDGE_DIR='{folder}' pacsbot run" in out
    assert f"pacsbot ask --knowledge '{folder}'" in out


def test_a_copy_made_by_kb_init_is_what_the_bot_then_answers_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "kb"
    assert cli.main(["kb", "init", str(folder)]) == 0
    role = folder / "roles" / "pacs-administrator.yaml"
    role.write_text(role.read_text("utf-8").replace("85504", "99999"), "utf-8")
    capsys.readouterr()
    assert cli.main(["kb", "check", str(folder)]) == 0
    assert capsys.readouterr().err.startswith("OK: ")
    assert cli.main(["ask", "--knowledge", str(folder), "how much does a pacs admin make"]) == 0
    assert "$99,999" in capsys.readouterr().out


def test_kb_init_into_an_existing_empty_folder(tmp_path: Path) -> None:
    assert cli.main(["kb", "init", str(tmp_path)]) == 0
    assert _files(tmp_path) == _files(ROOT / "knowledge")


def test_kb_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    assert cli.main(["kb", "init", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"pacsbot: {tmp_path} is not empty; kb init copies only into a new or empty folder\n"
    )
    assert _files(tmp_path) == {"notes.txt": b"mine"}
    afile = tmp_path / "notes.txt"
    assert cli.main(["kb", "init", str(afile)]) == 1
    assert capsys.readouterr().err == (
        f"pacsbot: {afile} is a file; kb init needs a new or empty folder\n"
    )
    assert afile.read_text("utf-8") == "mine"


# ---- chat ---------------------------------------------------------------------------------------
def _blocks(transcript: str) -> list[str]:
    """The title of each rendered reply (a line underlined with =), and each one-line message."""
    lines = transcript.splitlines()
    titles = []
    for i, line in enumerate(lines):
        underlined = i + 1 < len(lines) and lines[i + 1] and set(lines[i + 1]) == {"="}
        if underlined or line in (
            "Type a question (or /help), or 'quit' to leave.",
            "That line was not readable text; please type it again.",
        ):
            titles.append(line)
    return titles


def test_chat_transcript() -> None:
    lines = [
        b"how much does a pacs admin make",
        b"",
        b"/salary",
        b"1",
        b"and in boston?",
        b"quit",
        b"this line is never read",
    ]
    done = pacsbot("chat", stdin=b"\n".join(lines) + b"\n")
    assert done.returncode == 0
    out = done.stdout
    assert out.startswith("PACS career bot (offline).")
    choice = re.search(r"^  1\) (.+?)    \(/salary [a-z-]+\)$", out, re.MULTILINE)
    assert choice, out
    first = choice.group(1)
    assert _blocks(out) == [
        "PACS Administrator salary",
        "Type a question (or /help), or 'quit' to leave.",
        "Did you mean…",
        f"{first} salary",
        f"{first} salary in Boston",
    ]
    assert "$85,504" in out
    assert "you> " not in out  # no prompt when the input is not a terminal


def test_chat_survives_binary_junk_and_keeps_the_following_lines() -> None:
    """With strict decoding one bad byte used to swallow every line piped after it."""
    stdin = b"what is dicom\n\xff\xfe\x80 junk \xc3\x28\nwhat is hl7\n"
    for encoding in ("utf-8:strict", "utf-8:surrogateescape"):
        done = pacsbot("chat", stdin=stdin, env={"PYTHONIOENCODING": encoding})
        assert done.returncode == 0
        titles = _blocks(done.stdout)
        assert len(titles) == 3, done.stdout
        assert titles[0].startswith("DICOM")
        assert titles[1] == "That line was not readable text; please type it again."
        assert titles[2].startswith("HL7")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_directory(ROOT / "knowledge")


def _chat(engine: Engine, *lines: str) -> str:
    out = io.StringIO()
    assert Console(engine, out).run(io.StringIO("".join(f"{line}\n" for line in lines))) == 0
    return out.getvalue()


def test_chat_number_out_of_range(engine: Engine) -> None:
    out = _chat(engine, "how much does an analyst make", "9", "0")
    assert out.count("Pick a number from 1 to ") == 2


def test_chat_free_text_clarification_then_a_number(engine: Engine) -> None:
    out = _chat(engine, "how much does an analyst make", "1", "and in boston?")
    choice = re.search(r"^  1\) (.+?)    \(/salary [a-z-]+\)$", out, re.MULTILINE)
    assert choice, out
    assert _blocks(out) == [
        "Did you mean…",
        f"{choice.group(1)} salary",
        f"{choice.group(1)} salary in Boston",
    ]


def test_chat_new_head_word_after_an_answer_asks_back(engine: Engine) -> None:
    out = _chat(engine, "how much does a pacs admin make", "how much does an analyst make")
    assert _blocks(out) == ["PACS Administrator salary", "Did you mean…"]


def test_chat_salary_after_a_definition_is_not_the_definition_again(engine: Engine) -> None:
    out = _chat(engine, "what is dicom", "salary")
    titles = _blocks(out)
    assert len(titles) == 2 and titles[0].startswith("DICOM")
    assert not titles[1].startswith("DICOM")


def test_chat_huge_line_and_control_characters(engine: Engine) -> None:
    out = _chat(engine, "y" * 50_000, "\x00\x01\x02", "/nosuchcommand")
    assert out.count("Sorry, I can't answer that") == 3
    assert out.count("Please ask me one shorter question.") == 1
    assert len(out) < 10_000  # the question is not echoed back in full


def test_unknown_slash_command_says_so(engine: Engine) -> None:
    reply = engine.answer("/nosuchcommand")
    assert reply.outcome == "decline"
    assert "/nosuchcommand" in reply.description or "/salary" in reply.description


@pytest.mark.parametrize("word", ["quit", "exit", "/quit", "/exit", ":q", "  QUIT  "])
def test_chat_quit_words(engine: Engine, word: str) -> None:
    out = _chat(engine, word, "what is dicom")
    assert "DICOM" not in out


def test_chat_ends_at_end_of_input(engine: Engine) -> None:
    out = _chat(engine, "what is dicom")
    assert "DICOM" in out


# ---- no discord, dotenv, matplotlib or (when piped) rich import for the console commands ------
@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "hi"],
        ["chat"],
        ["ask", "/salary pacs admin sf"],
        ["ask", "--json", "/compare pacs analyst vs ris analyst"],
    ],
)
def test_console_commands_import_neither_discord_nor_dotenv(argv: list[str]) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, bot.cli; bot.cli.main({argv!r}); "
            "print(sorted({'discord', 'dotenv', 'rich', 'matplotlib'} & set(sys.modules)))",
        ],
        input="",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"  # piped output: no rich either
    # a pay answer carries its chart's data; only --chart draws it (matplotlib costs ~0.5 s)


# ---- charts -------------------------------------------------------------------------------------
def test_ask_chart_writes_the_answer_s_chart_as_png(tmp_path: Path) -> None:
    dark, light = tmp_path / "dark.png", tmp_path / "light.png"
    result = pacsbot("ask", "--chart", str(dark), "how much does a pacs admin make in sf")
    assert result.returncode == 0
    assert "PACS Administrator salary in San Francisco" in result.stdout
    assert f"Chart written to {dark}" in result.stderr
    assert pacsbot("ask", "--chart", str(light), "--theme", "light", "/salary pacs admin sf")
    png = dark.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    assert light.read_bytes() != png


def test_ask_chart_says_why_there_is_none_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "chart.png"
    result = pacsbot("ask", "--chart", str(target), "what is dicom")
    assert result.returncode == 1
    assert "DICOM" in result.stdout  # the answer itself is still printed
    assert "No chart written: charts are drawn for pay answers" in result.stderr
    assert not target.exists()
    unwritable = pacsbot("ask", "--chart", str(tmp_path / "no" / "c.png"), "/salary ris analyst")
    assert unwritable.returncode == 1
    assert "Could not write the chart to" in unwritable.stderr
    assert "No such file or directory" in unwritable.stderr
    piped = pacsbot("ask", "--chart", str(target), "-", stdin=b"/salary ris analyst\n")
    assert piped.returncode == 2 and "cannot be used with -" in piped.stderr


def test_chat_offers_the_chart_of_a_pay_answer_and_saves_it(engine: Engine, tmp_path: Path) -> None:
    out = io.StringIO()
    console = Console(engine, out)
    console.handle("chart")
    assert "No chart to save: ask a pay question first" in out.getvalue()
    console.handle("what is a ris analyst")
    assert "A chart of these figures is available" not in out.getvalue()
    console.handle("/compare pacs analyst vs ris analyst")
    assert "A chart of these figures is available: type 'chart'" in out.getvalue()
    target = tmp_path / "compare.png"
    console.handle(f"chart {target} light")
    assert f"Chart saved to {target}" in out.getvalue() and "light theme" in out.getvalue()
    assert target.read_bytes().startswith(b"\x89PNG")
    console.handle("chart of salaries")  # a question that starts with "chart", not the command
    assert not (Path.cwd() / "of").exists()
