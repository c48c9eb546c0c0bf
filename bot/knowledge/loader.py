"""Load a knowledge folder into a validated, immutable KnowledgeBase.

Every problem is collected (not just the first) and reported with its file, line and column, so a
moderator can fix a whole file in one go. Nothing is returned unless the folder is free of errors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge import schema
from bot.knowledge.diagnostics import Diagnostic, HasDiagnostics, KnowledgeError
from bot.knowledge.figure_check import figure_problems
from bot.knowledge.model import (
    Certification,
    Figure,
    Intent,
    KnowledgeBase,
    Place,
    PlaceRanking,
    Resource,
    Role,
    Source,
    Term,
)
from bot.knowledge.schema_check import Reference, check_mapping
from bot.knowledge.word_rules import Placed, check_words
from bot.knowledge.yaml_reader import PathKey, YamlDocument, read_yaml
from bot.matching.english import STOPWORDS
from bot.matching.normalise import normalise

# file name -> (its spec, the key holding its list of entries, the table those entries fill)
TABLE_FILES = {
    "sources.yaml": (schema.SOURCES_FILE, "sources", "source"),
    "glossary.yaml": (schema.GLOSSARY_FILE, "terms", "term"),
    "places.yaml": (schema.PLACES_FILE, "places", "place"),
    "resources.yaml": (schema.RESOURCES_FILE, "resources", "resource"),
    "intents.yaml": (schema.INTENTS_FILE, "intents", "intent"),
}
# folder -> (the spec of each file in it, the table its entries fill)
ENTRY_FOLDERS = {
    "roles": (schema.ROLE, "role"),
    "certifications": (schema.CERTIFICATION, "certification"),
}
MAX_FILES = 500
# Only these are knowledge files: "x.yaml.orig.html" or "x.yaml~" left by an editor or a merge is
# not read, nor is a hidden file (".#x.yaml" is an editor's lock, a link to nowhere).
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class CloseAlias:
    """An entry's ``close_aliases`` item: its alias ``alias`` is like ``near`` on purpose.

    Both texts are normalised. Only ``kb check`` reads these; the bot does not need them.
    """

    owner: str
    alias: str
    near: str
    where: tuple[str, int, int]  # (file, line, column) of the item


@dataclass
class LoadResult(HasDiagnostics):
    """The knowledge base (None when there were errors) and every diagnostic found."""

    knowledge: KnowledgeBase | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # where each entry is defined: id -> (file, line, column), for later checks to point at
    locations: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    close_aliases: list[CloseAlias] = field(default_factory=list)


@dataclass
class _Entry:
    table: str
    data: dict[str, Any]
    document: YamlDocument
    at: PathKey


def load_knowledge(directory: str | Path) -> LoadResult:
    """Read, check and build the knowledge base in ``directory``; never raises on bad content."""
    root = Path(directory)
    if not root.is_dir():
        return LoadResult(None, [Diagnostic(str(root), 1, 1, "knowledge folder does not exist")])
    problems: list[Diagnostic] = []
    refs: list[Reference] = []
    entries: list[_Entry] = []
    extras: dict[str, list[str]] = {"domain_words": [], "synonyms": []}
    # What could not be loaded because of an error already reported: references to it are not
    # reported again as "no such id" (one typo in a role file must not add an error everywhere
    # the role is named).
    unloaded_ids: set[str] = set()
    unloaded_tables: set[str] = set()
    unloaded_files: set[str] = set()  # tables of which some entry file could not be loaded
    domain_words: list[Placed] = []

    for name, (spec, list_key, table) in TABLE_FILES.items():
        path = root / name
        display = _display(path)
        if not os.path.lexists(path):
            problems.append(Diagnostic(display, 1, 1, f"required file {name} is missing"))
            unloaded_tables.add(table)
            continue
        document, found = read_yaml(path, display, inside=root)
        problems.extend(found)
        if document is None:
            unloaded_tables.add(table)
            continue
        file_problems = check_mapping(document.data, spec, document, (), refs)
        problems.extend(file_problems)
        if file_problems:
            unloaded_tables.add(table)
            continue
        for i, item in enumerate(document.data[list_key]):
            entries.append(_Entry(table, item, document, (list_key, i)))
        for extra in extras:
            extras[extra].extend(document.data.get(extra) or [])
        for i, word in enumerate(document.data.get("domain_words") or []):
            domain_words.append((word, document, ("domain_words", i)))
        problems.extend(_check_synonyms(document))

    files = sorted(p for folder in ENTRY_FOLDERS for p in knowledge_files(root / folder))
    if len(files) > MAX_FILES:
        problems.append(
            Diagnostic(_display(root), 1, 1, f"{len(files)} files; the limit is {MAX_FILES}")
        )
        files = files[:MAX_FILES]
    for path in files:
        spec, table = ENTRY_FOLDERS[path.parent.name]
        document, found = read_yaml(path, _display(path), inside=root)
        problems.extend(found)
        if document is None:
            unloaded_ids.add(path.stem)  # files are named after their entry's id
            unloaded_files.add(table)
            continue
        file_problems = check_mapping(document.data, spec, document, (), refs)
        if not file_problems and document.data["id"] != path.stem:
            file_problems = [_misnamed(document, path, table)]
        problems.extend(file_problems)
        if not file_problems:
            entries.append(_Entry(table, document.data, document, ()))
        else:
            unloaded_ids.add(path.stem)
            unloaded_files.add(table)
            if isinstance(document.data, dict) and isinstance(document.data.get("id"), str):
                unloaded_ids.add(document.data["id"])
    for stray in knowledge_files(root):
        if stray.name not in TABLE_FILES:
            problems.append(
                Diagnostic(
                    _display(stray),
                    1,
                    1,
                    "file is not read: knowledge files are "
                    + ", ".join(TABLE_FILES)
                    + ", roles/*.yaml and certifications/*.yaml",
                    "warning",
                )
            )

    problems.extend(_check_ids(entries))
    problems.extend(_check_aliases(entries))
    problems.extend(_check_references(entries, refs, unloaded_ids, unloaded_tables))
    problems.extend(_check_intents(entries))
    problems.extend(_check_national(entries, root, unloaded_tables))
    problems.extend(_check_featured(entries, root, unloaded_files))
    problems.extend(_check_figures(entries))
    problems.extend(check_words(entries, domain_words))
    if any(p.severity == "error" for p in problems):
        return LoadResult(None, sorted(problems))
    knowledge = _build(entries, extras)
    problems.extend(_check_place_cycles(knowledge, entries))
    if any(p.severity == "error" for p in problems):
        return LoadResult(None, sorted(problems))
    locations = {e.data["id"]: (e.document.path, *e.document.where((*e.at, "id"))) for e in entries}
    return LoadResult(knowledge, sorted(problems), locations, _close_aliases(entries))


def load_or_raise(directory: str | Path) -> KnowledgeBase:
    """Load the knowledge base or raise KnowledgeError listing every error the loader finds.

    The checks that need the whole base (replies too long for Discord) are not run here: to
    serve a folder use ``Engine.from_directory``, which runs those too.
    """
    result = load_knowledge(directory)
    if result.knowledge is None:
        raise KnowledgeError(result.diagnostics)
    return result.knowledge


def knowledge_files(folder: Path) -> list[Path]:
    """The ``*.yaml`` and ``*.yml`` names in a folder, sorted; none if it cannot be listed."""
    try:
        names = os.listdir(folder)
    except OSError:  # missing, not a folder, or unreadable: reported where it matters
        return []
    return [folder / n for n in sorted(names) if n.endswith(SUFFIXES) and not n.startswith(".")]


def _display(path: Path) -> str:
    # The folder is resolved, not the file: a link is named as itself, and a link loop is
    # reported when the file is opened.
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return str(path)


def _misnamed(document: YamlDocument, path: Path, table: str) -> Diagnostic:
    entry_id = document.data["id"]
    return document.diagnostic(
        ("id",),
        f"id '{entry_id}' does not match the file name {path.name}; a {table} file is named "
        f"after its id ({entry_id}{path.suffix}): rename the file or change the id",
    )


def _check_ids(entries: list[_Entry]) -> list[Diagnostic]:
    seen: dict[str, _Entry] = {}
    problems = []
    for entry in entries:
        entry_id = entry.data["id"]
        first = seen.get(entry_id)
        if first is not None:
            line, _ = first.document.where((*first.at, "id"))
            problems.append(
                entry.document.diagnostic(
                    (*entry.at, "id"),
                    f"duplicate id '{entry_id}' (already used in {first.document.path}:{line})",
                )
            )
        else:
            seen[entry_id] = entry
    return problems


def alias_texts(data: dict[str, Any]) -> list[str]:
    """Every string people may type for an entry: its aliases, id, name, title and abbreviation."""
    texts = list(data.get("aliases") or [])
    for key in ("id", "name", "title", "abbreviation"):
        if isinstance(data.get(key), str):
            texts.append(data[key])
    return texts


def _check_aliases(entries: list[_Entry]) -> list[Diagnostic]:
    owner: dict[str, tuple[_Entry, PathKey]] = {}
    problems = []
    for entry in entries:
        if entry.table in ("source", "intent"):
            continue
        for i, alias in enumerate(entry.data.get("aliases") or []):
            if not normalise(alias):
                problems.append(
                    entry.document.diagnostic(
                        (*entry.at, "aliases", i), f"alias '{alias}' has no letters or digits"
                    )
                )
        named: list[tuple[Any, PathKey]] = [
            (t, ("aliases", i)) for i, t in enumerate(entry.data.get("aliases") or [])
        ]
        named += [
            (entry.data[k], (k,))
            for k in ("id", "name", "title", "abbreviation")
            if isinstance(entry.data.get(k), str)
        ]
        for text, sub in named:
            key = normalise(text)
            if not key:
                continue
            first = owner.get(key)
            if first is None:
                owner[key] = (entry, (*entry.at, *sub))
            elif first[0] is not entry and first[0].data["id"] != entry.data["id"]:
                # (two entries with one id are reported once, as a duplicate id)
                other, other_at = first
                line, _ = other.document.where(other_at)
                problems.append(
                    entry.document.diagnostic(
                        (*entry.at, *sub),
                        f"alias '{text}' of '{entry.data['id']}' is already an alias of "
                        f"'{other.data['id']}' ({other.document.path}:{line}); "
                        "each alias may name one entry",
                    )
                )
    return problems


def _close_aliases(entries: list[_Entry]) -> list[CloseAlias]:
    found = []
    for entry in entries:
        for i, item in enumerate(entry.data.get("close_aliases") or []):
            at = (*entry.at, "close_aliases", i)
            where = (entry.document.path, *entry.document.where(at))
            found.append(
                CloseAlias(
                    entry.data["id"], normalise(item["alias"]), normalise(item["near"]), where
                )
            )
    return found


def _check_references(
    entries: list[_Entry],
    refs: list[Reference],
    unloaded_ids: set[str],
    unloaded_tables: set[str],
) -> list[Diagnostic]:
    entity_tables = ("role", "certification", "term", "place", "resource")
    ids: dict[str, set[str]] = {}
    for entry in entries:
        ids.setdefault(entry.table, set()).add(entry.data["id"])
    every_entity = set().union(*(ids.get(t, set()) for t in entity_tables))
    problems = []
    for ref in refs:
        tables = entity_tables if ref.table == "entity" else (ref.table,)
        if ref.target in unloaded_ids or unloaded_tables.intersection(tables):
            continue  # its file has an error of its own, reported already
        known = every_entity if ref.table == "entity" else ids.get(ref.table, set())
        if ref.target not in known:
            what = "entry" if ref.table == "entity" else ref.table
            problems.append(
                ref.document.diagnostic(ref.at, f"unknown {what} '{ref.target}': no such id")
            )
    return problems


def _check_intents(entries: list[_Entry]) -> list[Diagnostic]:
    intents = [e for e in entries if e.table == "intent"]
    if not intents:
        return []
    found = {e.data["id"] for e in intents}
    problems = []
    for entry in intents:
        if entry.data["id"] not in schema.INTENT_IDS:
            problems.append(
                entry.document.diagnostic(
                    (*entry.at, "id"),
                    f"unknown intent '{entry.data['id']}'; the bot answers "
                    + ", ".join(schema.INTENT_IDS),
                )
            )
    missing = [i for i in schema.INTENT_IDS if i not in found]
    if missing:
        problems.append(
            intents[0].document.diagnostic(("intents",), f"missing intents: {', '.join(missing)}")
        )
    return problems


def _check_national(entries: list[_Entry], root: Path, unloaded: set[str]) -> list[Diagnostic]:
    """Exactly one place, a country, is the one national figures are for."""
    if "place" in unloaded:
        return []
    national = [e for e in entries if e.table == "place" and e.data.get("national")]
    if not national:
        return [
            Diagnostic(
                _display(root / "places.yaml"),
                1,
                1,
                "no place has 'national: true': mark the country national figures are for",
            )
        ]
    problems = [
        e.document.diagnostic(
            (*e.at, "national"),
            f"'{e.data['id']}' is national too: only one place may have 'national: true' "
            f"('{national[0].data['id']}' has it first)",
        )
        for e in national[1:]
    ]
    if national[0].data["kind"] != "country":
        problems.append(
            national[0].document.diagnostic(
                (*national[0].at, "national"), "the national place must be of kind country"
            )
        )
    return problems


def _check_figures(entries: list[_Entry]) -> list[Diagnostic]:
    """Each salary figure's numbers make sense together (``figure_check``): a chart can draw it."""
    problems = []
    for entry in entries:
        if entry.table != "role":
            continue
        for i, figure in enumerate((entry.data.get("salary") or {}).get("figures") or ()):
            at = (*entry.at, "salary", "figures", i)
            for key, message in figure_problems(figure):
                path = (*at, key) if key in figure else at
                problems.append(entry.document.diagnostic(path, f"salary figure: {message}"))
    return problems


def _check_featured(entries: list[_Entry], root: Path, unloaded: set[str]) -> list[Diagnostic]:
    """``featured`` ranks start at 1 and are unique among roles (and among terms); at least one
    role is featured, since they are offered when a question names no role."""
    problems = []
    for table in ("role", "term"):
        ranked = [e for e in entries if e.table == table and "featured" in e.data]
        seen: dict[int, str] = {}
        for entry in ranked:
            rank, entry_id = entry.data["featured"], entry.data["id"]
            if rank < 1:
                message = f"'featured' must be 1 or more (1 is offered first), not {rank}"
            elif rank in seen:
                message = f"'{seen[rank]}' is featured {rank} too: give each {table} its own rank"
            else:
                seen[rank] = entry_id
                continue
            problems.append(entry.document.diagnostic((*entry.at, "featured"), message))
    if "role" not in unloaded and not any(
        e.table == "role" and "featured" in e.data for e in entries
    ):
        problems.append(
            Diagnostic(
                _display(root / "roles"),
                1,
                1,
                "no role has 'featured': rank the roles offered when a question names none "
                "('featured: 1' is offered first)",
            )
        )
    return problems


def parse_synonym(text: str) -> tuple[str, str] | None:
    """``"admin = administrator"`` -> ("admin", "administrator"); None when malformed."""
    word, sep, meaning = text.partition("=")
    word, meaning = normalise(word), normalise(meaning)
    if not sep or not word or not meaning or " " in word or word == meaning:
        return None
    return word, meaning


def _check_synonyms(document: YamlDocument) -> list[Diagnostic]:
    problems = []
    data = document.data if isinstance(document.data, dict) else {}
    for i, text in enumerate(data.get("synonyms") or []):
        if isinstance(text, str) and parse_synonym(text) is None:
            problems.append(
                document.diagnostic(
                    ("synonyms", i),
                    f"synonym '{text}' must read 'word = meaning' (one word, then its meaning)",
                )
            )
    return problems


def _check_place_cycles(knowledge: KnowledgeBase, entries: list[_Entry]) -> list[Diagnostic]:
    problems = []
    for entry in entries:
        if entry.table != "place":
            continue
        chain = knowledge.place_and_parents(entry.data["id"])
        last = knowledge.places[chain[-1]]
        if last.within is not None:
            problems.append(
                entry.document.diagnostic(
                    (*entry.at, "within"), f"place '{entry.data['id']}' is inside itself"
                )
            )
    return problems


def _texts(data: dict[str, Any], key: str) -> tuple[str, ...]:
    """A list of facts as sentences: a ``{text, asks}`` item gives its text."""
    return tuple(
        " ".join(str(v["text"] if isinstance(v, dict) else v).split()) for v in data.get(key) or ()
    )


def _item_asks(*lists: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The ``asks`` of every ``{text, asks}`` list item, keyed by the item's text."""
    found = []
    for items in lists:
        for item in items or ():
            if isinstance(item, dict) and item.get("asks"):
                text = " ".join(str(item["text"]).split())
                found.append((text, tuple(" ".join(str(a).split()) for a in item["asks"])))
    return tuple(found)


def _clean(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def _figure(data: dict[str, Any]) -> Figure:
    return Figure(**{k: _clean(v) for k, v in data.items()})


def _build(entries: list[_Entry], extras: dict[str, list[str]]) -> KnowledgeBase:
    tables: dict[str, dict[str, Any]] = {
        t: {} for t in ("source", "role", "certification", "term", "place", "resource", "intent")
    }
    for entry in entries:
        d = entry.data
        aliases = tuple(dict.fromkeys(filter(None, map(normalise, alias_texts(d)))))
        built: Any
        if entry.table == "source":
            built = Source(**{k: _clean(v) for k, v in d.items()})
        elif entry.table == "role":
            salary = d.get("salary") or {}
            career = d.get("career") or {}
            ranking = salary.get("paying_more")
            built = Role(
                id=d["id"],
                name=_clean(d["name"]),
                aliases=aliases,
                summary=_clean(d["summary"]),
                source=d["source"],
                parent=d.get("parent"),
                plural=_clean(d.get("plural")),
                featured=d.get("featured"),
                asks=_texts(d, "asks"),
                item_asks=_item_asks(
                    d.get("qualifications"),
                    d.get("skills"),
                    d.get("duties"),
                    career.get("notes"),
                    salary.get("notes"),
                ),
                qualifications=_texts(d, "qualifications"),
                skills=_texts(d, "skills"),
                duties=_texts(d, "duties"),
                certifications=tuple(d.get("certifications") or ()),
                career_next=tuple(career.get("next") or ()),
                career_notes=_texts(career, "notes"),
                salary=tuple(_figure(f) for f in salary.get("figures") or ()),
                salary_notes=_texts(salary, "notes"),
                paying_more=PlaceRanking(
                    places=tuple(ranking["places"]),
                    source=ranking["source"],
                    note=_clean(ranking.get("note")),
                )
                if ranking
                else None,
            )
        elif entry.table == "certification":
            built = Certification(
                id=d["id"],
                name=_clean(d["name"]),
                abbreviation=d["abbreviation"],
                issuer=d["issuer"],
                aliases=aliases,
                summary=_clean(d["summary"]),
                source=d["source"],
                level=_clean(d.get("level")),
                covers=_texts(d, "covers"),
                builds_on=tuple(d.get("builds_on") or ()),
                replaces=tuple(d.get("replaces") or ()),
                valued_by=tuple(d.get("valued_by") or ()),
                preparation=tuple(d.get("preparation") or ()),
                asks=_texts(d, "asks"),
                item_asks=_item_asks(d.get("covers")),
            )
        elif entry.table == "term":
            built = Term(
                id=d["id"],
                name=_clean(d["name"]),
                aliases=aliases,
                definition=_clean(d["definition"]),
                source=d["source"],
                expansion=_clean(d.get("expansion")),
                details=_texts(d, "details"),
                related=tuple(d.get("related") or ()),
                featured=d.get("featured"),
                asks=_texts(d, "asks"),
                item_asks=_item_asks(d.get("details")),
            )
        elif entry.table == "place":
            built = Place(
                id=d["id"],
                name=_clean(d["name"]),
                place_kind=d["kind"],
                aliases=aliases,
                within=d.get("within"),
                national=d.get("national", False),
            )
        elif entry.table == "resource":
            built = Resource(
                id=d["id"],
                title=_clean(d["title"]),
                resource_kind=d["kind"],
                aliases=aliases,
                summary=_clean(d["summary"]),
                source=d["source"],
                publisher=_clean(d.get("publisher")),
                edition=_clean(d.get("edition")),
                priority=d.get("priority"),
                free=bool(d.get("free", False)),
                helps_with=tuple(d.get("helps_with") or ()),
                asks=_texts(d, "asks"),
            )
        else:
            built = Intent(
                id=d["id"],
                name=_clean(d["name"]),
                keywords=tuple(dict.fromkeys(normalise(k) for k in d["keywords"] if normalise(k))),
                phrases=tuple(normalise(p) for p in d.get("phrases") or () if normalise(p)),
                examples=tuple(d.get("examples") or ()),
            )
        tables[entry.table][d["id"]] = built
    return KnowledgeBase.build(
        sources=tables["source"],
        roles=tables["role"],
        certifications=tables["certification"],
        terms=tables["term"],
        places=tables["place"],
        resources=tables["resource"],
        intents=tables["intent"],
        stopwords=STOPWORDS,  # language data of the package, not content
        domain_words=frozenset(normalise(w) for w in extras["domain_words"] if normalise(w)),
        synonyms=dict(p for p in map(parse_synonym, extras["synonyms"]) if p is not None),
    )
