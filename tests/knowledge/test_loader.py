"""The loader API: load_knowledge, load_or_raise, diagnostics and the immutable result."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.intents import CORE_SIGNALS
from bot.knowledge.diagnostics import Diagnostic, KnowledgeError
from bot.knowledge.loader import load_knowledge, load_or_raise
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.schema import INTENT_IDS
from bot.knowledge.yaml_reader import parse_yaml

SHIPPED = Path(__file__).resolve().parents[2] / "knowledge"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# ---- the shipped knowledge base -----------------------------------------------------------------
def test_shipped_knowledge_loads_with_no_errors() -> None:
    result = load_knowledge(SHIPPED)
    assert result.errors == [], "\n".join(map(str, result.errors))
    kb = result.knowledge
    assert isinstance(kb, KnowledgeBase)
    assert set(kb.intents) == set(INTENT_IDS)
    assert "pacs-administrator" in kb.roles and "united-states" in kb.places
    # every entry is located, for later checks to point at
    assert set(result.locations) >= set(kb.roles) | set(kb.certifications)
    path, line, column = result.locations["pacs-administrator"]
    assert path.endswith("roles/pacs-administrator.yaml") and line >= 1 and column >= 1


def test_shipped_knowledge_load_or_raise() -> None:
    assert isinstance(load_or_raise(SHIPPED), KnowledgeBase)


# ---- the minimal base ---------------------------------------------------------------------------
def test_minimal_kb_loads(minimal_kb: Path) -> None:
    result = load_knowledge(minimal_kb)
    assert result.diagnostics == []
    kb = result.knowledge
    assert kb is not None
    assert list(kb.roles) == ["pacs-analyst"]
    role = kb.roles["pacs-analyst"]
    assert role.salary[0].amount == 85504 and role.salary[0].source == "test-source"
    assert "pacs analist" in role.aliases and "pacs analyst" in role.aliases
    assert kb.certifications["cpas"].issuer == "parca"


def test_knowledge_base_is_immutable(minimal_kb: Path) -> None:
    kb = load_or_raise(minimal_kb)
    with pytest.raises(dataclasses.FrozenInstanceError):
        kb.roles = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        kb.roles["x"] = kb.roles["pacs-analyst"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        kb.roles["pacs-analyst"].name = "x"  # type: ignore[misc]


def test_folded_text_is_joined_into_one_line(minimal_kb: Path) -> None:
    _write(
        minimal_kb / "roles/pacs-analyst.yaml",
        (minimal_kb / "roles/pacs-analyst.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "summary: Keeps the picture archiving and communication system running.",
            "summary: >-\n  Keeps the picture archiving\n  and communication system running.",
        ),
    )
    kb = load_or_raise(minimal_kb)
    assert kb.roles["pacs-analyst"].summary == (
        "Keeps the picture archiving and communication system running."
    )


# ---- errors -------------------------------------------------------------------------------------
def test_errors_give_none_and_diagnostics_never_raise(minimal_kb: Path) -> None:
    _write(minimal_kb / "roles/pacs-analyst.yaml", "id: [unclosed\n")
    result = load_knowledge(minimal_kb)
    assert result.knowledge is None
    assert result.locations == {}
    (error,) = result.errors
    assert error.path.endswith("roles/pacs-analyst.yaml")
    assert error.severity == "error"
    assert error.message.startswith("YAML syntax error:")


def test_missing_folder(tmp_path: Path) -> None:
    result = load_knowledge(tmp_path / "nowhere")
    assert result.knowledge is None
    assert [d.message for d in result.diagnostics] == ["knowledge folder does not exist"]


def test_a_file_instead_of_a_folder(tmp_path: Path) -> None:
    _write(tmp_path / "kb.yaml", "sources: []\n")
    assert load_knowledge(tmp_path / "kb.yaml").knowledge is None


@pytest.mark.parametrize("name", ["sources.yaml", "glossary.yaml", "places.yaml"])
def test_every_required_file_is_named_when_missing(minimal_kb: Path, name: str) -> None:
    (minimal_kb / name).unlink()
    result = load_knowledge(minimal_kb)
    assert result.knowledge is None
    (error,) = result.errors
    assert error.message == f"required file {name} is missing"
    assert (error.line, error.column) == (1, 1)


def test_diagnostics_sort_by_file_then_line(minimal_kb: Path) -> None:
    # problems in three files, written so the order found differs from the order shown
    _write(minimal_kb / "roles/pacs-analyst.yaml", "id: pacs-analyst\nname: 5\ncolour: red\n")
    _write(minimal_kb / "places.yaml", "places:\n  - id: Not An Id\n")
    _write(minimal_kb / "certifications/cpas.yaml", "name: x\n")
    result = load_knowledge(minimal_kb)
    assert result.knowledge is None
    assert result.diagnostics == sorted(result.diagnostics)
    keys = [(d.path, d.line, d.column) for d in result.diagnostics]
    assert keys == sorted(keys)
    assert len({d.path for d in result.diagnostics}) == 3


def test_every_problem_in_a_file_is_reported_at_once(minimal_kb: Path) -> None:
    _write(
        minimal_kb / "roles/pacs-analyst.yaml",
        "id: pacs-analyst\nname: 5\naliases: pacs analyst\ncolour: red\n",
    )
    messages = [(d.line, d.message) for d in load_knowledge(minimal_kb).errors]
    assert (2, "'name' must be text, not a whole number (put it in quotes to keep it as text)") in (
        messages
    )
    assert (3, "'aliases' must be a list, not text") in messages
    assert any(line == 4 and m.startswith("unknown key 'colour' in role") for line, m in messages)
    assert (1, "role is missing required key 'summary'") in messages
    assert (1, "role is missing required key 'source'") in messages


def test_a_year_or_a_date_is_asked_to_be_quoted(minimal_kb: Path) -> None:
    sources = minimal_kb / "sources.yaml"
    _write(sources, sources.read_text(encoding="utf-8").replace('date: "2021"', "date: 2021-12-01"))
    (error,) = load_knowledge(minimal_kb).errors
    assert error.message == "'date' must be text, not a date (put it in quotes to keep it as text)"
    assert (error.line, error.column) == (7, 11)


def test_unknown_intent_and_missing_intents(minimal_kb: Path) -> None:
    intents = minimal_kb / "intents.yaml"
    _write(intents, intents.read_text(encoding="utf-8").replace("id: help", "id: weather"))
    messages = [d.message for d in load_knowledge(minimal_kb).errors]
    assert any(m.startswith("unknown intent 'weather'") for m in messages)
    assert "missing intents: help" in messages


def test_bad_id_format(minimal_kb: Path) -> None:
    role = minimal_kb / "roles/pacs-analyst.yaml"
    _write(role, role.read_text(encoding="utf-8").replace("id: pacs-analyst", "id: PACS_Analyst"))
    errors = load_knowledge(minimal_kb).errors
    assert [(e.line, e.column) for e in errors] == [(2, 5)]
    assert "must be lowercase words joined by hyphens" in errors[0].message


def test_place_inside_itself(minimal_kb: Path) -> None:
    places = minimal_kb / "places.yaml"
    _write(places, places.read_text(encoding="utf-8") + "    within: united-states\n")
    (error,) = load_knowledge(minimal_kb).errors
    assert error.message == "place 'united-states' is inside itself"


def test_stray_yaml_file_only_warns(minimal_kb: Path) -> None:
    _write(minimal_kb / "notes.yaml", "anything: [at, all]\n")
    result = load_knowledge(minimal_kb)
    assert result.knowledge is not None
    (warning,) = result.warnings
    assert warning.path.endswith("notes.yaml")
    assert warning.message.startswith("file is not read")


def test_text_over_its_cap(minimal_kb: Path) -> None:
    role = minimal_kb / "roles/pacs-analyst.yaml"
    long = "x" * 901
    _write(
        role,
        role.read_text(encoding="utf-8").replace(
            "summary: Keeps the picture archiving and communication system running.",
            f"summary: {long}",
        ),
    )
    (error,) = load_knowledge(minimal_kb).errors
    assert error.message == (
        "'summary' is 901 characters; at most 900 fit in a Discord embed once rendered"
    )
    assert (error.line, error.column) == (7, 10)


def test_a_name_must_fit_on_a_button(minimal_kb: Path) -> None:
    """Clarifications offer roles, certifications and terms as buttons labelled with the name."""
    role = minimal_kb / "roles/pacs-analyst.yaml"
    name = "PACS Analyst of the Department of Radiology and Imaging Informatics, Main Hospital"
    assert len(name) == 82
    _write(role, role.read_text(encoding="utf-8").replace("name: PACS Analyst", f"name: {name}"))
    (error,) = load_knowledge(minimal_kb).errors
    assert (error.line, error.column) == (3, 7)
    assert error.message.startswith("'name' is 82 characters; at most 80 fit")


# ---- load_or_raise and KnowledgeError -----------------------------------------------------------
def test_load_or_raise_lists_every_error(minimal_kb: Path) -> None:
    _write(minimal_kb / "roles/pacs-analyst.yaml", "id: pacs-analyst\nname: 5\n")
    with pytest.raises(KnowledgeError) as caught:
        load_or_raise(minimal_kb)
    error = caught.value
    errors = [d for d in error.diagnostics if d.severity == "error"]
    assert len(errors) == 4  # name's type; aliases, summary and source missing
    text = str(error)
    assert text.splitlines()[0] == "4 error(s) in the knowledge base:"
    for diagnostic in errors:
        assert str(diagnostic) in text


def test_knowledge_error_shows_twenty_and_counts_the_rest() -> None:
    diagnostics = [Diagnostic("f.yaml", n, 1, f"problem {n}") for n in range(1, 26)]
    diagnostics.append(Diagnostic("f.yaml", 99, 1, "only a warning", "warning"))
    text = str(KnowledgeError(diagnostics))
    lines = text.splitlines()
    assert lines[0] == "25 error(s) in the knowledge base:"
    assert lines[1] == "f.yaml:1:1: problem 1"
    assert lines[20] == "f.yaml:20:1: problem 20"
    assert lines[21] == "... and 5 more"
    assert "only a warning" not in text


def test_diagnostic_format() -> None:
    assert str(Diagnostic("a/b.yaml", 3, 7, "bad")) == "a/b.yaml:3:7: bad"
    assert str(Diagnostic("a/b.yaml", 3, 7, "meh", "warning")) == "a/b.yaml:3:7: warning: meh"


# ---- the YAML reader on its own -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("", 1, 1, "file is empty"),
        ("# only a comment\n\n", 1, 1, "file is empty"),
        ("a: 1\nb:\n  - c: 1\n    c: 2\n", 4, 5, "duplicate key 'c' in the same mapping"),
        ("? [a]\n: 1\n", 1, 3, "mapping keys must be plain words"),
        ("a: &x 1\nb: *x\n", 1, 4, "YAML anchors and aliases (&name / *name) are not allowed"),
        ("a: *x\n", 1, 4, "YAML anchors and aliases"),
        ("base: &b {a: 1}\nother:\n  <<: *b\n", 1, 7, "YAML anchors and aliases"),
        ("a: !!python/name:os.system\n", 1, 4, "cannot read value"),
        ("a: !!python/object/apply:os.system [echo]\n", 1, 4, "YAML tag"),
        ("a: !!set {x, y}\n", 1, 4, "YAML tag 'tag:yaml.org,2002:set' is not allowed"),
        ("a: 1\n---\nb: 2\n", 2, 1, "YAML syntax error: found another document"),
        ("a:\n\t- b\n", 2, 1, "YAML syntax error: a tab cannot be used here; indent with spaces"),
        ("a: 'it\n", 2, 1, "(while scanning a quoted scalar at line 1, column 4)"),
        ("a: Keeps: x\n", 1, 9, "put a value that contains ': ' in quotes"),
    ],
)
def test_yaml_reader_problems(text: str, line: int, column: int, message: str) -> None:
    document, problems = parse_yaml(text, "f.yaml")
    assert document is None
    assert len(problems) == 1, problems
    (problem,) = problems
    assert (problem.path, problem.line, problem.column) == ("f.yaml", line, column)
    assert message in problem.message


def test_yaml_reader_positions_and_byte_order_mark() -> None:
    document, problems = parse_yaml("\ufeffid: x\nlist:\n  - a\n  - b: 2\r\n", "f.yaml")
    assert problems == [] and document is not None
    assert document.data == {"id": "x", "list": ["a", {"b": 2}]}
    assert document.where(("list", 1, "b")) == (4, 8)
    assert document.where_key(("list", 1, "b")) == (4, 5)
    assert document.where(("list", 9)) == document.where(("list",)) == (3, 3)


# ---- knowledge the code relies on: the national place, the roles offered first ---------------
def test_one_place_must_be_national(minimal_kb: Path) -> None:
    places = minimal_kb / "places.yaml"
    _write(places, places.read_text(encoding="utf-8").replace("    national: true\n", ""))
    (error,) = load_knowledge(minimal_kb).errors
    assert error.path.endswith("places.yaml")
    assert error.message.startswith("no place has 'national: true'")


def test_only_one_place_may_be_national(minimal_kb: Path) -> None:
    places = minimal_kb / "places.yaml"
    _write(
        places,
        places.read_text(encoding="utf-8")
        + "  - id: canada\n    name: Canada\n    kind: country\n    national: true\n"
        + "    aliases: [canada]\n",
    )
    (error,) = load_knowledge(minimal_kb).errors
    assert error.line == 10
    assert "'canada' is national too" in error.message


def test_the_national_place_is_a_country(minimal_kb: Path) -> None:
    places = minimal_kb / "places.yaml"
    _write(places, places.read_text(encoding="utf-8").replace("kind: country", "kind: state"))
    messages = [e.message for e in load_knowledge(minimal_kb).errors]
    assert "the national place must be of kind country" in messages


def test_national_must_be_true_or_false(minimal_kb: Path) -> None:
    places = minimal_kb / "places.yaml"
    _write(places, places.read_text(encoding="utf-8").replace("national: true", "national: 1"))
    errors = load_knowledge(minimal_kb).errors
    assert "'national' must be true or false, not a whole number" in errors[0].message


def test_some_role_must_be_featured(minimal_kb: Path) -> None:
    role = minimal_kb / "roles" / "pacs-analyst.yaml"
    _write(role, role.read_text(encoding="utf-8").replace("featured: 1\n", ""))
    (error,) = load_knowledge(minimal_kb).errors
    assert error.message.startswith("no role has 'featured'")


def test_featured_ranks_are_unique_and_start_at_one(minimal_kb: Path) -> None:
    first = minimal_kb / "roles" / "pacs-analyst.yaml"
    second = minimal_kb / "roles" / "ris-analyst.yaml"
    _write(
        second,
        first.read_text(encoding="utf-8")
        .replace("id: pacs-analyst", "id: ris-analyst")
        .replace("name: PACS Analyst", "name: RIS Analyst")
        .replace("pacs analist", "ris analist")
        .replace("pacs analyst", "ris analyst"),
    )
    errors = load_knowledge(minimal_kb).errors
    assert [e.message for e in errors] == [
        "'pacs-analyst' is featured 1 too: give each role its own rank"
    ]
    _write(first, first.read_text(encoding="utf-8").replace("featured: 1", "featured: 0"))
    errors = load_knowledge(minimal_kb).errors
    assert [e.message for e in errors] == [
        "'featured' must be 1 or more (1 is offered first), not 0"
    ]


def test_featured_roles_are_offered_in_rank_order(tmp_path: Path) -> None:
    copy = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, copy)
    for role_id, rank in (("ris-analyst", 1), ("pacs-analyst", 3)):
        path = copy / "roles" / f"{role_id}.yaml"
        text = re.sub(r"^featured: \d+", f"featured: {rank}", path.read_text("utf-8"), flags=re.M)
        _write(path, text)
    reply = Engine(load_or_raise(copy)).answer("how much do they pay?")
    assert reply.outcome == "clarify"
    assert [c.subjects[0] for c in reply.choices][:3] == [
        "ris-analyst",
        "pacs-administrator",
        "pacs-analyst",
    ]


def test_stopwords_are_no_longer_knowledge(minimal_kb: Path) -> None:
    intents = minimal_kb / "intents.yaml"
    _write(intents, intents.read_text(encoding="utf-8") + "stopwords: [a, the]\n")
    (error,) = load_knowledge(minimal_kb).errors
    assert error.message.startswith("stopwords are part of the bot now, not of the knowledge")


def test_filler_words_do_not_depend_on_the_knowledge(minimal_kb: Path) -> None:
    # the minimal base lists no filler word, yet "the" and "wondering" are still filler
    kb = load_or_raise(minimal_kb)
    assert {"the", "wondering", "um"} <= kb.stopwords


# ---- the rules the knowledge files state about words --------------------------------------------
def _add_to_intents(kb: Path, old: str, new: str) -> list[str]:
    intents = kb / "intents.yaml"
    text = intents.read_text(encoding="utf-8")
    assert old in text
    _write(intents, text.replace(old, new))
    return [e.message for e in load_knowledge(kb).errors]


def test_a_keyword_belongs_to_one_intent(minimal_kb: Path) -> None:
    messages = _add_to_intents(minimal_kb, "[help, command]", "[help, command, salary]")
    assert messages == ["keyword 'salary' is also a keyword of salary: keep it in one"]


def test_a_keyword_is_not_an_alias_a_filler_or_a_domain_word(minimal_kb: Path) -> None:
    messages = _add_to_intents(
        minimal_kb, "[help, command]", "[help, command, pacs analyst, wondering, career]"
    )
    assert messages == [
        "keyword 'pacs analyst' is also an alias of pacs-analyst",
        "keyword 'wondering' is a filler word the bot ignores",
        "keyword 'career' is also a domain word: keep it in one list",
    ]


def test_a_domain_word_is_not_an_alias_or_a_filler(minimal_kb: Path) -> None:
    messages = _add_to_intents(
        minimal_kb, "domain_words: [career]", "domain_words: [career, cpas, um]"
    )
    assert messages == [
        "domain word 'cpas' is also an alias of cpas",
        "domain word 'um' is a filler word the bot ignores: remove it",
    ]


def test_a_phrase_has_several_words(minimal_kb: Path) -> None:
    messages = _add_to_intents(minimal_kb, "phrases: [how much]", "phrases: [how much, earnings]")
    assert messages == ["phrase 'earnings' is one word: list it under keywords"]


def test_cutting_core_keywords_is_refused(minimal_kb: Path) -> None:
    # cutting keywords once cost the matcher most of its accuracy with nothing reported
    messages = _add_to_intents(
        minimal_kb, "[salary, pay, paid, earn, make, wage, income]", "[salary, earn, make]"
    )
    assert messages == [
        "intent salary must keep its core keywords and phrases: pay, paid, wage, income "
        "(the bot relies on them)"
    ]


def test_shipped_intents_keep_every_core_signal() -> None:
    assert load_knowledge(SHIPPED).errors == []
    kb = load_or_raise(SHIPPED)
    for intent, signals in CORE_SIGNALS.items():
        listed = set(kb.intents[intent].keywords) | set(kb.intents[intent].phrases)
        assert set(signals) <= listed | {f"{s}s" for s in listed}, intent


def test_places_chain_to_a_country_and_avoid_everyday_aliases(minimal_kb: Path) -> None:
    places = minimal_kb / "places.yaml"
    _write(
        places,
        places.read_text(encoding="utf-8")
        + "  - id: indiana\n    name: Indiana\n    kind: state\n    aliases: [indiana, in]\n"
        + "  - id: gary\n    name: Gary\n    kind: city\n    within: indiana\n    aliases: [gary]\n"
        + "  - id: ohio\n    name: Ohio\n    kind: state\n    within: gary\n    aliases: [ohio]\n",
    )
    messages = [e.message for e in load_knowledge(minimal_kb).errors]
    assert messages == [
        "state 'indiana' must lie within a country",
        "alias 'in' is an everyday word: every question using it would name Indiana",
        "state 'ohio' must lie within a country, not a city",
    ]


def test_a_resource_priority_counts_from_one(minimal_kb: Path) -> None:
    resources = minimal_kb / "resources.yaml"
    text = resources.read_text(encoding="utf-8")
    _write(resources, text.rstrip("\n") + "\n    priority: 0\n")
    messages = [e.message for e in load_knowledge(minimal_kb).errors]
    assert messages == ["'priority' must be 1 or more (1 is the top pick), not 0"]
