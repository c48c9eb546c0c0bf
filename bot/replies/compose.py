"""Knowledge base + decision -> Reply. One composer per intent; no platform details here.

When the matcher found the facts that answer a question, they open the description and the card
follows as context, trimmed; a gap the card states ("The source gives no figure for Hawaii")
still comes first. Replies only ever show text from the knowledge base, never the question
itself, so nothing a user wrote can be echoed back as a ping or a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from bot import intents
from bot.knowledge.facts import (
    Fact,
    about_certification,
    pay_line,
    plural,
    plural_of,
    sentences,
    short_name,
    valued_certifications,
    with_article,
)
from bot.knowledge.model import Certification, Figure, KnowledgeBase, Resource, Role, Term
from bot.matching.context import Conversation
from bot.matching.decide import Match
from bot.matching.fact_rank import FactIndex
from bot.matching.long_text import MAX_QUESTION_CHARS
from bot.matching.normalise import normalise
from bot.matching.outcome import choice_intent
from bot.render.limits import FIELD_VALUE
from bot.replies.figures import figure_line, figure_value, headline, money, sort_figures
from bot.replies.pay_chart import pay_chart
from bot.replies.reply import Choice, Field, Reply

EXAMPLES = (
    "how much does a pacs admin make in sf?",
    "what do i need to become a ris analyst?",
    "cpsm vs ciip",
    "which states pay ris analysts the most?",
    "what is dicom?",
)


def bullets(items: Iterable[str]) -> str:
    """Lines as a bulleted list."""
    return "\n".join(f"• {item}" for item in items)


def split_fields(name: str, lines: Iterable[str], size: int = FIELD_VALUE) -> list[Field]:
    """One section per ``size`` characters of whole lines: long lists continue, never get cut."""
    fields: list[Field] = []
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > size:
            fields.append(Field(name if not fields else f"{name} (continued)", "\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        fields.append(Field(name if not fields else f"{name} (continued)", "\n".join(chunk)))
    return fields


GAP_OPENING = re.compile(r"The (?:source|article) (?:gives|lists|names|has|says|states|does) no")


CONTEXT_CHARS = 700  # once facts lead, the card behind them keeps about this much


def _trimmed(fields: tuple[Field, ...]) -> tuple[Field, ...]:
    """The card's sections that fit in CONTEXT_CHARS, in order (the first always stays)."""
    kept: list[Field] = []
    used = 0
    for field in fields:
        used += len(field.name) + len(field.value)
        if kept and used > CONTEXT_CHARS:
            break
        kept.append(field)
    return tuple(kept)


def _all_pay(lead: tuple[Fact, ...]) -> bool:
    """Whether each lead fact is a salary figure (and of another entry than the one before)."""
    entities = [f.entity for f in lead]
    return all(f.field == "salary" for f in lead) and len(set(entities)) == len(entities)


HEADLINE_CHARS = 150  # a card's first line this short is a headline (a figure), not a summary


def _led(lead: list[str], description: str) -> str:
    """The description opened by the facts that answer the question (each said once)."""
    opening = normalise(description)[:300]
    said = [normalise(t.split(": ", 1)[-1])[:80] in opening for t in lead]
    lines = [t for t, already in zip(lead, said, strict=True) if not already]
    if not lines:
        return description
    first, _, rest = description.partition("\n")
    if GAP_OPENING.match(description) or (said[0] and len(first) <= HEADLINE_CHARS):
        # "The source gives no figure for Hawaii" answers first, and so does the card's own
        # headline when it is the best fact ("pacs admin salary": the US average, then the
        # San Francisco figure); the other facts follow it
        return "\n".join([first, *lines]) + ("\n\n" + rest if rest else "")
    return "\n".join(lines) + ("\n\n" + description if description else "")


class Composer:
    """Builds replies for one knowledge base."""

    def __init__(self, knowledge: KnowledgeBase, facts: FactIndex | None = None) -> None:
        self.kb = knowledge
        self.facts = facts  # the indexed facts, for what other entries say about a term
        self._by_intent: dict[str, Callable[[Match], Reply]] = {
            intents.SALARY: self._salary,
            intents.LOCATION: self._location,
            intents.ROLE: self._role,
            intents.QUALIFICATIONS: self._qualifications,
            intents.DUTIES: self._duties,
            intents.CERTIFICATIONS: self._certifications,
            intents.CAREER_PATH: self._career_path,
            intents.DEFINITION: self._definition,
            intents.COMPARISON: self._comparison,
            intents.RESOURCES: self._resources,
            intents.HELP: self._help,
        }

    # ---- entry point -------------------------------------------------------------------------
    def compose(
        self, question: str, match: Match, *, now: float = 0.0, lead: tuple[Fact, ...] = ()
    ) -> Reply:
        """The reply for a decision about ``question``; ``lead`` facts open its description.

        The composer keeps no state between calls, so threads may compose at the same time.
        """
        if match.outcome == "decline":
            return replace(self._decline(match), question=question)
        if match.outcome == "clarify":
            return replace(self._with_context(self._clarify(match), match, now), question=question)
        assert match.intent is not None, "the engine settles every reading (matching.outcome)"
        reply = self._by_intent[match.intent](match)
        description = _led([self._lead_text(f, match) for f in lead], reply.description)
        if match.intent == intents.COMPARISON and len(lead) >= 2 and _all_pay(lead):
            # the figures asked for, side by side, and which is higher, instead of the headlines
            lines = [self._lead_text(f, match) for f in lead]
            description = "\n".join([*lines, self._higher(lead)]).strip()
        conversation = None
        if match.subjects and match.intent != intents.HELP:
            conversation = Conversation(match.intent, match.subjects, match.location, now)
        reply = Reply(
            question=question,
            outcome="answer",
            confidence=match.confidence,
            intent=match.intent,
            subjects=reply.subjects,  # a listing is about what it lists
            location=match.location,
            title=reply.title,
            description=description,
            fields=_trimmed(reply.fields) if lead else reply.fields,
            sources=reply.sources,
            choices=reply.choices,
            conversation=conversation,
        )
        return replace(reply, chart=pay_chart(reply, self.kb))

    def _with_context(self, reply: Reply, match: Match, now: float) -> Reply:
        """A clarification remembers what it asked, so a typed answer ("the first") resolves."""
        options = tuple(s for c in reply.choices for s in c.subjects[:1])
        conversation = Conversation(match.intent, (), match.location, now, options)
        return replace(reply, conversation=conversation)

    # ---- helpers ---------------------------------------------------------------------------
    def _reply(
        self,
        match: Match,
        title: str,
        description: str,
        fields: Iterable[Field] = (),
        sources: Iterable[str] = (),
        choices: Iterable[Choice] = (),
        subjects: tuple[str, ...] | None = None,
    ) -> Reply:
        citations = tuple(dict.fromkeys(self.kb.source(s).citation() for s in sources if s))
        return Reply(
            question="",  # compose() sets the question
            outcome=match.outcome,
            confidence=match.confidence,
            intent=match.intent,
            subjects=match.subjects if subjects is None else subjects,
            location=match.location,
            title=title,
            description=description,
            fields=tuple(f for f in fields if f.value),
            sources=citations,
            choices=tuple(choices),
        )

    def _name(self, entity_id: str) -> str:
        entity = self.kb.entity(entity_id)
        return entity.name if entity else entity_id

    def _role(self, match: Match) -> Reply:
        role = self._role_of(match)
        pay = headline(role.salary, self.kb.national)
        first, *rest = sentences(role.summary) or [role.summary]
        typical = f"**{figure_value(pay)}** ({pay.measures})" if pay else self._no_pay(role)
        description = f"{first}\nTypical pay: {typical}"
        if role.qualifications:
            description += f"\nNeeds: {role.qualifications[0]}"
        fields = [
            Field("About the role", " ".join(rest)),
            Field("What you need", bullets(role.qualifications[1:4])),
            Field("Key skills", bullets(role.skills[:6])),
            Field("Certifications valued", self._cert_names(role.certifications)),
            Field("Next step", self._next_steps(role)),
        ]
        return self._reply(match, role.name, description, fields, self._role_sources(role))

    def _role_of(self, match: Match) -> Role:
        return self.kb.roles[match.subjects[0]]

    def _role_sources(self, role: Role) -> list[str]:
        return [role.source, *(f.source for f in role.salary)]

    def _no_pay(self, role: Role) -> str:
        notes = " ".join(role.salary_notes)
        return notes or f"The source gives no salary figure for {role.name}."

    def _cert_names(self, cert_ids: Iterable[str]) -> str:
        names = []
        for cert_id in cert_ids:
            cert = self.kb.certifications[cert_id]
            names.append(f"{cert.abbreviation} ({cert.name})")
        return ", ".join(names)

    def _next_steps(self, role: Role) -> str:
        lines = [f"→ {self.kb.roles[r].name}" for r in role.career_next]
        return "\n".join([*lines, *role.career_notes])

    # ---- salary ------------------------------------------------------------------------------
    def _salary(self, match: Match) -> Reply:
        role = self._role_of(match)
        place = self.kb.places.get(match.location or "")
        title = f"{short_name(role.name)} salary"
        if place is not None and place.id != self.kb.national:
            title += f" in {place.name}"
        if not role.salary:
            description = self._no_pay(role)
            return self._reply(match, title, description, (), [role.source])
        local, national = self._split_by_place(role, place.id if place else None)
        fields: list[Field] = []
        gap = ""
        if place is not None and place.id != self.kb.national:
            if local:
                fields.extend(
                    split_fields(f"In {place.name}", (figure_line(f, self.kb) for f in local))
                )
            else:
                gap = self._no_local(role, place.id)  # said first: it is what was asked
        fields.extend(split_fields("Across the US", (figure_line(f, self.kb) for f in national)))
        fields.extend(self._paying_more_field(role))
        if role.salary_notes:
            fields.append(Field("Good to know", bullets(role.salary_notes)))
        # the asked place's own figure leads when there is one; else the national headline
        pay = local[0] if local else headline(role.salary, self.kb.national)
        description = (
            f"{pay.measures[:1].upper()}{pay.measures[1:]}: **{figure_value(pay)}**."
            if pay
            else f"What the source says about pay for {role.name}:"
        )
        if gap:
            description = f"{gap}\n{description}"
        return self._reply(match, title, description, fields, self._role_sources(role))

    def _split_by_place(
        self, role: Role, place_id: str | None
    ) -> tuple[list[Figure], list[Figure]]:
        """Figures for the asked place (a place inside it, or one containing it) and the rest."""
        wanted = self.kb.places_around(place_id) if place_id else frozenset()
        local: list[Figure] = []
        national: list[Figure] = []
        for figure in sort_figures(role.salary):
            (local if figure.place in wanted else national).append(figure)
        return local, national

    def _no_local(self, role: Role, place_id: str) -> str:
        place = self.kb.places[place_id]
        text = f"The source gives no {role.name} figure for {place.name}."
        ranking = role.paying_more
        if ranking and place_id in ranking.places:
            text += f" It lists {place.name} among the places that pay more."
        return text + " The national figures are below."

    def _paying_more_field(self, role: Role) -> list[Field]:
        ranking = role.paying_more
        if ranking is None:
            return []
        names = [f"{i}. {self.kb.places[p].name}" for i, p in enumerate(ranking.places, 1)]
        value = "\n".join(names)
        if ranking.note:
            value += f"\n{ranking.note}"
        return [Field("Places that pay more", value)]

    def _location(self, match: Match) -> Reply:
        role = self._role_of(match)
        premiums = [f for f in role.salary if f.place not in (None, self.kb.national)]
        fields = self._paying_more_field(role)
        if premiums:
            fields.extend(
                split_fields("Figures by place", (figure_line(f, self.kb) for f in premiums))
            )
        if not fields:
            description = f"The source does not say where {plural(role)} earn more."
        else:
            description = f"Where {role.name} pay is highest, according to the source."
        return self._reply(
            match,
            f"Where {plural_of(short_name(role.name)) if not role.plural else role.plural} "
            "earn the most",
            description,
            fields,
            self._role_sources(role),
        )

    # ---- qualifications, duties, path ---------------------------------------------------------
    def _qualifications(self, match: Match) -> Reply:
        role = self._role_of(match)
        fields = [
            Field("Education and experience", bullets(role.qualifications)),
            Field("Skills", bullets(role.skills)),
            Field("Certifications valued", self._cert_names(role.certifications)),
        ]
        description = f"What employers look for in {with_article(role.name)}."
        if not any(f.value for f in fields):
            description = self._not_listed(role, "qualifications", "qualifications")
        title = f"Becoming {with_article(short_name(role.name))}"
        return self._reply(match, title, description, fields, [role.source])

    def _not_listed(self, role: Role, what: str, attribute: str) -> str:
        """The gap stated plainly, with the roles that do have it when the role is a whole field."""
        text = f"The source lists no {what} for {plural(role)} as a whole."
        having = [
            r.name
            for r in self.kb.roles.values()
            if r.id != role.id and getattr(r, attribute) and r.parent is None
        ]
        if having:
            text += " It lists them per role: " + ", ".join(having) + "."
        return text

    def _duties(self, match: Match) -> Reply:
        role = self._role_of(match)
        fields = [Field("Day to day", bullets(role.duties))]
        description = role.summary
        if not role.duties and role.id in self.kb.parent_roles:
            description = self._not_listed(role, "duties", "duties") + "\n\n" + role.summary
        elif not role.duties:
            # "what does a pacs admin do": the source may list what the job needs, not its tasks
            description = f"The source lists no day-to-day duties for {plural(role)}."
            if role.skills:
                description += " It says the job calls for:"
                fields = [
                    *split_fields("Skills", (f"• {s}" for s in role.skills)),
                    Field("About the role", role.summary),
                ]
            else:
                description += f"\n\n{role.summary}"
        title = f"What {with_article(short_name(role.name))} does"
        return self._reply(match, title, description, fields, [role.source])

    def _career_path(self, match: Match) -> Reply:
        if not match.subjects:
            return self._career_ladder(match)
        role = self._role_of(match)
        if role.id in self.kb.parent_roles and not role.career_next:
            # the whole field's path is the ladder of its roles
            return self._career_ladder(match)
        ladder = self._ladder_from(role)
        steps = self._next_steps(role)
        description = ladder or steps
        earn_more = self._earn_more(role)
        if not description:
            name = plural(role) if role.plural else plural_of(short_name(role.name))
            description = f"The source names no next step for {name}."
            notes, places, staged = self._getting_ahead(role)
            if not earn_more:
                # with nothing on getting ahead, where the source places the role ("at the low
                # end of the pay range") is what it says about its path
                description += "\n" + role.summary
            # what the source does say about getting ahead in this role comes first: its notes,
            # its pay with experience and where it pays more
            description = "\n".join([description, *notes, *staged, *places])
            earn_more = []
        fields = [Field("Next steps", steps if ladder else "")]
        if not role.career_next:
            field_ladder = self._field_ladder()
            if field_ladder:
                fields.append(Field("The ladder the source describes", field_ladder))
        earlier = [r for r in self.kb.roles.values() if role.id in r.career_next]
        if earlier:
            fields.append(Field("Comes after", ", ".join(r.name for r in earlier)))
        fields.extend(earn_more)
        sources = [role.source, *(f.source for f in role.salary)]
        title = f"Career path: {short_name(role.name)}"
        return self._reply(match, title, description, fields, sources)

    def _ladder_from(self, role: Role) -> str:
        """The role's ladder ("PACS Administrator → PACS Manager → ..."), each rung with its pay."""
        chain = [role]
        while chain[-1].career_next and len(chain) < 6:
            nxt = self.kb.roles.get(chain[-1].career_next[0])
            if nxt is None or nxt in chain:
                break
            chain.append(nxt)
        if len(chain) < 2:
            return ""
        steps = []
        for step in chain:
            pay = pay_line(step, self.kb.national)
            steps.append(f"**{step.name}**" + (f" ({pay})" if pay else ""))
        return " → ".join(steps)

    def _field_ladder(self) -> str:
        """The longest ladder in the knowledge base, from its first rung."""
        starts = [r for r in self._ladder_order() if r.career_next]
        ladders = [self._ladder_from(r) for r in starts]
        return max(ladders, key=len, default="")

    def _earn_more(self, role: Role) -> list[Field]:
        """What the source says about earning more in this role: its pay notes, the places that
        pay more and its pay with experience."""
        notes, places, staged = self._getting_ahead(role)
        fields = []
        if notes or places:
            fields.append(Field("Earning more", "\n".join([*notes, *places])))
        if staged:
            fields.append(Field("Pay with experience", "\n".join(staged)))
        return fields

    def _getting_ahead(self, role: Role) -> tuple[list[str], list[str], list[str]]:
        """The role's pay notes, its places paying more and its pay at each stage of a career,
        as bullet lines."""
        notes = [f"• {note}" for note in role.salary_notes]
        places = []
        ranking = role.paying_more
        if ranking is not None:
            names = ", ".join(self.kb.places[p].name for p in ranking.places)
            places.append(
                f"• Places that pay more: {names}." + (f" {ranking.note}" if ranking.note else "")
            )
        # pay tied to years of experience first: it says how pay grows along the way
        staged = sorted(
            (f for f in sort_figures(role.salary) if _by_experience(f)),
            key=lambda f: "experience" not in f.measures.lower(),
        )
        return notes, places, [_stage_line(f) for f in staged]

    def _career_ladder(self, match: Match) -> Reply:
        fields = []
        seen: set[str] = set()
        for role in self._ladder_order():
            if not (role.career_next or role.career_notes):
                continue
            lines = [f"→ {self.kb.roles[r].name}" for r in role.career_next]
            pay = pay_line(role, self.kb.national)
            if pay:
                lines.insert(0, f"Pay: {pay}")
            for note in role.career_notes:
                key = normalise(note)
                if key not in seen:
                    seen.add(key)
                    lines.append(f"• {note}")
            fields.append(Field(role.name, "\n".join(lines)))
        shown = [r for r in self._ladder_order() if r.career_next or r.career_notes]
        ladder = self._field_ladder()
        description = "How people move up in imaging informatics, according to the source."
        if ladder:
            description = f"The ladder the source describes: {ladder}.\n{description}"
        return self._reply(
            match,
            "PACS career path",
            description,
            fields,
            [r.source for r in shown],
            # the overview is about the whole field, and the rungs it shows
            subjects=(
                *(r for r in self.kb.roles if r in self.kb.parent_roles),
                *(r.id for r in shown),
            ),
        )

    def _ladder_order(self) -> list[Role]:
        """Roles ordered so each comes before the roles it leads to."""
        depth: dict[str, int] = {}

        def level(role_id: str, seen: frozenset[str] = frozenset()) -> int:
            if role_id not in depth:
                earlier = [
                    r.id
                    for r in self.kb.roles.values()
                    if role_id in r.career_next and r.id not in seen
                ]
                depth[role_id] = 1 + max((level(e, seen | {role_id}) for e in earlier), default=0)
            return depth[role_id]

        return sorted(self.kb.roles.values(), key=lambda r: level(r.id))

    # ---- certifications ----------------------------------------------------------------------
    def _certifications(self, match: Match) -> Reply:
        if not match.subjects:
            return self._all_certs(match)
        subject = self.kb.entity(match.subjects[0])
        if (
            isinstance(subject, Role)
            and not subject.certifications
            and subject.id in self.kb.parent_roles
        ):
            # a whole field: the certifications the source names for the roles in it
            listing = self._all_certs(match)
            issuers = dict.fromkeys(
                self.kb.terms[c.issuer].name for c in self.kb.certifications.values()
            )
            none = (
                f"The source names no certification for {plural(subject)} as a whole; for the "
                f"roles in the field it names those of {' and '.join(issuers)}."
            )
            return replace(
                listing,
                description=f"{none}\n{listing.description}",
                subjects=(subject.id, *listing.subjects),
            )
        if isinstance(subject, Role):
            lines = [self._cert_line(self.kb.certifications[c]) for c in subject.certifications]
            if lines:
                lines.insert(0, valued_certifications(self.kb, subject))
            said = about_certification(self.kb, subject)
            return self._reply(
                match,
                f"Certifications for a {subject.name}",
                "\n".join(lines) or "The source names no certification for this role.",
                [Field("What the source says", bullets(said))],
                [
                    subject.source,
                    *(self.kb.certifications[c].source for c in subject.certifications),
                ],
                subjects=(subject.id, *subject.certifications),
            )
        if isinstance(subject, Term):
            issued = [c for c in self.kb.certifications.values() if c.issuer == subject.id]
            if issued:
                return self._reply(
                    match,
                    f"Certifications from {subject.name}"
                    + (f" ({subject.expansion})" if subject.expansion else ""),
                    "\n".join(self._cert_line(c) for c in issued),
                    (),
                    [subject.source, *(c.source for c in issued)],
                    subjects=(subject.id, *(c.id for c in issued)),
                )
            return self._definition(match)
        assert isinstance(subject, Certification)
        return self._cert_card(match, subject)

    def _cert_line(self, cert: Certification) -> str:
        issuer = self.kb.terms[cert.issuer].name
        level = f", {cert.level}" if cert.level else ""
        return f"**{cert.abbreviation}**: {cert.name} ({issuer}{level})"

    def _cert_card(self, match: Match, cert: Certification) -> Reply:
        issuer = self.kb.terms[cert.issuer]
        fields = [
            Field(
                "Issued by",
                f"{issuer.name}" + (f" ({issuer.expansion})" if issuer.expansion else ""),
                True,
            ),
            Field("Level", cert.level or "not stated by the source", True),
            Field("Covers", bullets(cert.covers)),
            Field("Builds on", self._cert_names(cert.builds_on)),
            Field("Can replace", self._cert_names(cert.replaces)),
            Field("Valued for", ", ".join(self._name(r) for r in cert.valued_by)),
            Field("Prepare with", ", ".join(self.kb.resources[r].title for r in cert.preparation)),
        ]
        built_on_by = [c for c in self.kb.certifications.values() if cert.id in c.builds_on]
        if built_on_by:
            fields.append(Field("Leads to", self._cert_names(c.id for c in built_on_by)))
        replaced_by = [c for c in self.kb.certifications.values() if cert.id in c.replaces]
        if replaced_by:
            fields.append(Field("Alternative", self._cert_names(c.id for c in replaced_by)))
        return self._reply(
            match, f"{cert.abbreviation}: {cert.name}", cert.summary, fields, [cert.source]
        )

    def _all_certs(self, match: Match) -> Reply:
        certs = list(self.kb.certifications.values())
        fields = []
        for issuer_id in dict.fromkeys(c.issuer for c in certs):
            issuer = self.kb.terms[issuer_id]
            lines = [self._cert_line(c) for c in certs if c.issuer == issuer_id]
            fields.append(Field(f"From {issuer.name}", "\n".join(lines)))
        alternatives = [c for c in certs if c.replaces]
        description = "The certifications the source names for PACS and imaging informatics."
        for cert in alternatives:
            description += (
                f" {cert.abbreviation} can stand in for {len(cert.replaces)} of them: "
                + ", ".join(self.kb.certifications[r].abbreviation for r in cert.replaces)
                + "."
            )
        issuers = tuple(dict.fromkeys(c.issuer for c in certs))
        return self._reply(
            match,
            "PACS certifications",
            description,
            fields,
            [c.source for c in certs],
            subjects=(*issuers, *(c.id for c in certs)),
        )

    # ---- definitions, comparison, resources, help --------------------------------------------
    def _definition(self, match: Match) -> Reply:
        term = self.kb.entity(match.subjects[0])
        if not isinstance(term, Term):
            overview = intents.ROLE if isinstance(term, Role) else intents.CERTIFICATIONS
            return self._by_intent[overview](match)
        title = term.name + (f" ({term.expansion})" if term.expansion else "")
        mentions = self._mentions(term)
        fields = [
            Field("More", bullets(term.details)),
            Field("Elsewhere in the source", bullets(text for _, text in mentions)),
            Field("Related", ", ".join(self._name(r) for r in term.related)),
        ]
        sources = [term.source, *(getattr(self.kb.entity(e), "source", "") for e, _ in mentions)]
        return self._reply(match, title, term.definition, fields, sources)

    def _mentions(self, term: Term, limit: int = 3) -> list[tuple[str, str]]:
        """What other entries say about a term: "PACS Administrator skill: The HL7 and DICOM
        protocols." for DICOM (as found when the facts were indexed)."""
        if self.facts is None:
            return []
        found = [self.facts.facts[p] for p in self.facts.mentions.get(term.id, ())[:limit]]
        return [(f.entity, self._with_owner(f.entity, f.text)) for f in found]

    def _lead_text(self, fact: Fact, match: Match) -> str:
        """A lead fact as shown: a fact of an entry the title does not name says whose it is."""
        several = match.intent in (intents.RESOURCES, intents.COMPARISON)
        titled = match.subjects[:1] if not several else ()
        return fact.text if fact.entity in titled else self._with_owner(fact.entity, fact.text)

    def _with_owner(self, entity_id: str, text: str) -> str:
        """A fact quoted away from its card names whose fact it is."""
        name = self._name(entity_id)
        abbreviation = getattr(self.kb.entity(entity_id), "abbreviation", None) or name
        if text.startswith((name, abbreviation, f"**{name}")):
            return text
        return f"{name}: {text}"

    def _comparison(self, match: Match) -> Reply:
        entities = [self.kb.entity(s) for s in match.subjects[:4]]
        fields: list[Field] = []
        sources: list[str] = []
        for entity in entities:
            if isinstance(entity, Role):
                pay = headline(entity.salary, self.kb.national)
                lines = [
                    f"Pay: **{figure_value(pay)}** ({pay.measures})"
                    if pay
                    else self._no_pay(entity),
                    *(f"• {q}" for q in entity.qualifications[:2]),
                    "Certs: "
                    + (
                        ", ".join(
                            self.kb.certifications[c].abbreviation for c in entity.certifications
                        )
                        or "none named"
                    ),
                ]
                sources.extend(self._role_sources(entity))
            elif isinstance(entity, Certification):
                lines = [self._cert_line(entity), entity.summary]
                if entity.builds_on:
                    lines.append("Builds on " + self._cert_names(entity.builds_on))
                if entity.replaces:
                    lines.append("Can replace " + self._cert_names(entity.replaces))
                sources.append(entity.source)
            elif entity is not None:
                lines = [getattr(entity, "definition", "") or getattr(entity, "summary", "")]
                sources.append(getattr(entity, "source", ""))
            else:
                continue
            fields.append(Field(entity.name, "\n".join(lines), inline=len(entities) <= 3))
        names = " vs ".join(e.name for e in entities if e is not None)
        summary = [self._in_brief(e) for e in entities if e is not None]
        description = "\n".join(s for s in summary if s) or "Side by side, from the source."
        return self._reply(match, names, description, fields, sources)

    def _higher(self, lead: tuple[Fact, ...]) -> str:
        """Which of the compared figures is the higher, when each is one amount."""
        amounts: list[tuple[int, str]] = []
        for fact in lead:
            role = self.kb.roles.get(fact.entity)
            n = int(fact.id.rsplit("/", 1)[1])
            if role is None or n >= len(role.salary) or role.salary[n].amount is None:
                return ""
            amounts.append((role.salary[n].amount or 0, fact.entity))
        ranked = sorted(amounts, reverse=True)
        if len(ranked) < 2 or ranked[0][0] == ranked[1][0]:
            return ""
        others = " and ".join(money(a) for a, _ in ranked[1:])
        top = f"{money(ranked[0][0])} against {others}"
        return f"The {self._name(ranked[0][1])} figure is higher: {top}."

    def _in_brief(self, entity: object) -> str:
        """One line that sets an entry beside another: a role's pay, a certification's level."""
        if isinstance(entity, Role):
            pay = headline(entity.salary, self.kb.national)
            return f"{entity.name}: " + (
                f"**{figure_value(pay)}** ({pay.measures})" if pay else "no pay figure given"
            )
        if isinstance(entity, Certification):
            issuer = self.kb.terms[entity.issuer].name
            return f"{entity.abbreviation}: {issuer}" + (
                f", {entity.level}" if entity.level else ""
            )
        return ""

    def _resources(self, match: Match) -> Reply:
        wanted = [self.kb.entity(s) for s in match.subjects]
        picked = [e for e in wanted if isinstance(e, Resource)]
        if not picked:
            helps = set(match.subjects)
            picked = [
                r for r in self.kb.resources.values() if not helps or helps & set(r.helps_with)
            ] or list(self.kb.resources.values())
        picked.sort(key=lambda r: r.pick_order)
        fields = []
        for kind, label in (
            ("book", "Books"),
            ("study-guide", "Study guides"),
            ("practice-exam", "Practice exams"),
            ("course", "Courses"),
            ("guide", "Guides"),
            ("video", "Videos"),
        ):
            lines = [f"**{r.title}**: {r.summary}" for r in picked if r.resource_kind == kind]
            if lines:
                fields.append(Field(label, "\n".join(lines)))
        return self._reply(
            match,
            "Study resources",
            "What the source recommends for learning the field and preparing for the exams.",
            fields,
            [r.source for r in picked],
            subjects=tuple(dict.fromkeys((*match.subjects, *(r.id for r in picked)))),
        )

    def _help(self, match: Match) -> Reply:
        commands = [
            f"`/{' '.join(filter(None, (c.name, c.usage)))}`: {c.summary}"
            for c in intents.COMMANDS
            if c.intent != intents.HELP
        ]
        certifications = ", ".join(c.abbreviation for c in self.kb.certifications.values())
        if certifications:
            commands.append(f"Certifications: {certifications}")
        fields = [
            Field("Commands", "\n".join(commands)),
            Field("Or just ask", bullets(EXAMPLES)),
        ]
        return self._reply(
            match,
            "PACS career bot: what I can answer",
            "Roles, pay, requirements and certifications in PACS and imaging informatics, "
            "each answer with its source.",
            fields,
            [],
        )

    # ---- clarify and decline ----------------------------------------------------------------
    def _clarify(self, match: Match) -> Reply:
        intent = match.intent or intents.ROLE
        choices = [
            Choice(self._name(o), choice_intent(intent, entity.kind), (o,), match.location)
            for o in match.options
            if (entity := self.kb.entity(o)) is not None
        ]
        label = intents.label(intent)
        place = self.kb.places.get(match.location or "")
        if place is not None and not place.national:
            label = f"{label} in {place.name}"  # "/salary boston": the place is kept
        description = f"Which one do you mean? Pick one and I'll show its {label}."
        return self._reply(match, "Did you mean…", description, (), (), choices)

    def _decline(self, match: Match) -> Reply:
        if match.reason == "empty":
            description = "I didn't find a question in that message. Ask me about PACS careers."
        elif match.reason == "too_long":
            description = (
                f"That message is longer than the {MAX_QUESTION_CHARS:,} characters I read, and "
                "I couldn't find a question in it. Please ask me one shorter question."
            )
        elif match.reason == "unknown_command":
            names = [f"/{c.name}" for c in intents.COMMANDS]
            description = (
                f"That isn't one of my commands. I know {', '.join(names[:-1])} and {names[-1]}."
            )
        else:
            description = (
                "I can only answer questions about PACS and imaging-informatics careers: roles, "
                "pay, requirements and certifications. I don't have an answer for that one."
            )
        fields = [Field("Try asking", bullets(EXAMPLES))]
        return self._reply(match, "Sorry, I can't answer that", description, fields, ())


# Kinds of salary figure that stand for a stage of a career (starting, after a few years, senior).
STAGE_KINDS = frozenset({"entry", "mid", "senior"})


def _by_experience(figure: Figure) -> bool:
    """Whether a figure is pay at a stage of a career: its kind is a stage, or what it measures
    names experience ("most you might earn with up to five years of experience")."""
    return figure.kind in STAGE_KINDS or "experience" in figure.measures.lower()


# A figure's note this short qualifies its amount ("upwards of this amount") and is shown with it.
SHORT_NOTE = 40


def _stage_line(figure: Figure) -> str:
    """A pay-with-experience bullet: what the figure measures and its amount, with a note
    qualifying the amount ("up to this amount"), not a longer remark."""
    line = f"• {figure.measures[:1].upper()}{figure.measures[1:]}: **{figure_value(figure)}**"
    if figure.note and len(figure.note) <= SHORT_NOTE:
        line += f" _({figure.note})_"
    return line
