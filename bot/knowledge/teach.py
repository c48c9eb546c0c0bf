"""Teach the bot a question it missed: add it to an entry's (or one statement's) ``asks``.

The file's TEXT is edited where the list is, so comments and layout survive; the result is
parsed again and must equal the old data with only that question added, or nothing is returned.
"""

from __future__ import annotations

import copy
import json
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.edit_files import EditError, read_current, resolve_target
from bot.knowledge.facts import derive_facts
from bot.knowledge.model import Entity, KnowledgeBase
from bot.knowledge.yaml_reader import PathKey, parse_yaml

MAX_QUESTION = 300  # the schema's limit for one item of ``asks``
# (entry kind, fact field) -> where that field's list is inside the entry; the n-th fact of
# these fields is the n-th item of the list. Other fields are not lists of statements.
FACT_LISTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("role", "qualifications"): ("qualifications",),
    ("role", "skills"): ("skills",),
    ("role", "duties"): ("duties",),
    ("role", "career_notes"): ("career", "notes"),
    ("role", "salary_notes"): ("salary", "notes"),
    ("certification", "covers"): ("covers",),
    ("term", "details"): ("details",),
}


def clean_question(question: str) -> str:
    """The question with spaces collapsed; EditError if empty, too long or not plain text."""
    cleaned = " ".join(question.split())
    if not cleaned:
        raise EditError("the question is empty")
    if len(cleaned) > MAX_QUESTION:
        raise EditError(f"the question is {len(cleaned)} characters; at most {MAX_QUESTION}")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in cleaned):
        raise EditError("the question contains control characters; type it as plain text")
    return cleaned


def teach(folder: Path, knowledge: KnowledgeBase, question: str, target: str) -> tuple[str, str]:
    """(path, new text) of the file holding ``target`` (an entry id, or a fact id
    "<entry>/<field>/<n>") with ``question`` added to its example questions (``asks``)."""
    question = clean_question(question)
    entity = knowledge.entity(target)
    if entity is not None:
        path, at = _entry_location(folder, entity)
        text, root = _load(folder, path)
        entry = _node_at(root, at)
        _check_id(entry, entity.id, path)
        return path, _add_ask(text, entry, at, question, path)
    facts = {f.id: f for f in derive_facts(knowledge)}
    if target not in facts:
        raise EditError(
            f"no entry or fact '{target}': give an entry id (pacs-analyst) or a fact id "
            "(pacs-analyst/skills/0)"
        )
    entity_id, field, number = target.rsplit("/", 2)
    owner = knowledge.entity(entity_id)
    assert owner is not None  # every fact is about an entry
    list_at = FACT_LISTS.get((owner.kind, field))
    if list_at is None:
        raise EditError(
            f"fact '{target}' is not one item of a list of statements; teach the entry "
            f"'{entity_id}' instead"
        )
    path, at = _entry_location(folder, owner)
    text, root = _load(folder, path)
    _check_id(_node_at(root, at), entity_id, path)
    item_at = (*at, *list_at, int(number))
    item = _node_at(root, item_at)
    expected = getattr(owner, field)[int(number)]  # (same names)
    if item is None or " ".join(str(_item_text(item)).split()) != expected:
        raise EditError(f"{path} changed since the knowledge was loaded; reload it, then teach")
    if isinstance(item, yaml.ScalarNode):
        replacement = f"{{text: {_quote(item.value)}, asks: [{_quote(question)}]}}"
        new_text = _replace(text, item, replacement)
        return path, _verified(text, new_text, item_at, question, path, whole_item=True)
    return path, _add_ask(text, item, item_at, question, path)


def _entry_location(folder: Path, entity: Entity) -> tuple[str, PathKey]:
    """The file holding an entry and where in it the entry's mapping is."""
    if entity.kind in ("role", "certification"):
        sub = "roles" if entity.kind == "role" else "certifications"
        path = f"{sub}/{entity.id}.yaml"
        if read_current(resolve_target(folder, path), path) is None:
            raise EditError(f"{path} is missing; is the knowledge loaded from this folder?")
        return path, ()
    if entity.kind == "place":
        raise EditError(f"places have no example questions: add an alias of '{entity.id}' instead")
    path, key = (
        ("glossary.yaml", "terms") if entity.kind == "term" else ("resources.yaml", "resources")
    )
    text, _ = _load(folder, path)
    document, _ = parse_yaml(text, path)
    items = document.data.get(key) if document and isinstance(document.data, dict) else None
    for i, item in enumerate(items or ()):
        if isinstance(item, dict) and item.get("id") == entity.id:
            return path, (key, i)
    raise EditError(f"'{entity.id}' is not in {path}; reload the knowledge, then teach")


def _load(folder: Path, path: str) -> tuple[str, yaml.Node]:
    text = read_current(resolve_target(folder, path), path)
    if text is None:
        raise EditError(f"{path} is missing")
    document, problems = parse_yaml(text, path)
    if document is None:
        raise EditError(f"{path} has errors; fix them first ({problems[0] if problems else ''})")
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes with start and end positions
    assert root is not None
    return text, root


def _node_at(node: yaml.Node | None, at: PathKey) -> yaml.Node | None:
    for key in at:
        if isinstance(node, yaml.MappingNode) and isinstance(key, str):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            node = node.value[key] if key < len(node.value) else None
        else:
            return None
    return node


def _check_id(entry: yaml.Node | None, entity_id: str, path: str) -> None:
    found = _node_at(entry, ("id",))
    if not isinstance(found, yaml.ScalarNode) or found.value != entity_id:
        raise EditError(f"'{entity_id}' is not where expected in {path}; reload, then teach")


def _item_text(item: yaml.Node) -> str:
    if isinstance(item, yaml.ScalarNode):
        return str(item.value)
    found = _node_at(item, ("text",))
    return str(found.value) if isinstance(found, yaml.ScalarNode) else ""


def _quote(value: str) -> str:
    """A YAML double-quoted string (JSON's escapes are YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _add_ask(text: str, mapping: yaml.Node | None, at: PathKey, question: str, path: str) -> str:
    """Append the question to the mapping's ``asks`` list, adding the key when absent."""
    if not isinstance(mapping, yaml.MappingNode):
        raise EditError(f"cannot add a question in {path}: the entry is not a mapping")
    asks = _node_at(mapping, ("asks",))
    if asks is None:
        new_text = _add_key(text, mapping, "asks", f"[{_quote(question)}]")
    elif isinstance(asks, yaml.SequenceNode):
        wanted = _key(question)
        if any(isinstance(n, yaml.ScalarNode) and _key(n.value) == wanted for n in asks.value):
            raise EditError(f"already an example question there: '{question}'")
        new_text = _append(text, asks, _quote(question))
    else:
        raise EditError(f"cannot add a question in {path}: its asks is not a list")
    return _verified(text, new_text, at, question, path, whole_item=False)


def _key(question: str) -> str:
    return " ".join(question.split()).casefold()


def _append(text: str, sequence: yaml.SequenceNode, item: str) -> str:
    if sequence.flow_style:
        if not sequence.value:
            end = sequence.end_mark.index - 1  # at the "]"
            return text[:end] + item + text[end:]
        last = sequence.value[-1].end_mark.index
        return text[:last] + ", " + item + text[last:]
    indent = " " * sequence.start_mark.column  # the column of every item's "-"
    return _insert_line_after(text, sequence.value[-1], f"{indent}- {item}")


def _add_key(text: str, mapping: yaml.MappingNode, key: str, value: str) -> str:
    if mapping.flow_style:
        last = mapping.value[-1][1].end_mark.index
        return text[:last] + f", {key}: {value}" + text[last:]
    # after a one-line value: the entry's source (required) when it has one, else its first key
    pairs = {k.value: v for k, v in mapping.value}
    after = pairs.get("source", mapping.value[0][1])
    indent = " " * mapping.value[0][0].start_mark.column
    return _insert_line_after(text, after, f"{indent}{key}: {value}")


def _insert_line_after(text: str, node: yaml.Node, line: str) -> str:
    """Insert a whole line after the line where ``node`` ends (after any comment on it)."""
    end = _content_end(text, node)
    newline = text.find("\n", end)
    if newline < 0:
        return text + "\n" + line + "\n"
    return text[: newline + 1] + line + "\n" + text[newline + 1 :]


def _content_end(text: str, node: yaml.Node) -> int:
    """Where a node's own characters end (a block scalar's end mark is past its line breaks)."""
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\n":
        end -= 1
    return end


def _replace(text: str, node: yaml.Node, replacement: str) -> str:
    return text[: node.start_mark.index] + replacement + text[_content_end(text, node) :]


def _verified(
    old: str, new: str, at: PathKey, question: str, path: str, *, whole_item: bool
) -> str:
    """``new`` when it parses to the old data with only the question added at ``at``."""
    before, _ = parse_yaml(old, path)
    after, _ = parse_yaml(new, path)
    assert before is not None
    expected = copy.deepcopy(before.data)
    target: Any = expected
    for key in at[:-1] if whole_item else at:
        target = target[key]
    if whole_item:
        target[at[-1]] = {"text": target[at[-1]], "asks": [question]}
    else:
        target.setdefault("asks", []).append(question)
    if after is None or after.data != expected:
        raise EditError(f"could not add the question to {path} safely; edit the file by hand")
    return new
