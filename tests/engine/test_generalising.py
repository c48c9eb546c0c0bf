"""Questions worded unlike the knowledge still reach their fact, through general rules.

The questions here are paraphrases written for these rules, not copies of any labelled set: each
states what a user would see first when the rule works.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.engine.leading import assert_leads_with
from tests.question_grading import LEAD_CHARS, reply_text


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # "senior" reads as a career word and "experience" as a requirement: neither reading
        # wins, and the figure holding both words answers
        ("experienced senior pacs admin, what figure?", "pacs-administrator", "$100,000"),
        ("what can a senior pacs administrator with lots of exp expect", "pacs-administrator",
         "$100,000"),
    ],
)  # fmt: skip
def test_tied_readings_are_settled_by_the_fact_holding_the_question(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), subject, fact)


def test_a_tie_with_the_help_keyword_keeps_the_asked_card(engine: Engine) -> None:
    reply = engine.answer("which certifications help a pacs admin")
    assert reply.intent == "certifications"


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("/compare tennessee vs minnesota ris", "ris-analyst", "9.6%"),
        ("pacs admin sf vs boston", "pacs-administrator", "San Francisco"),
        ("ris analyst: minnesota or tennessee?", "ris-analyst", "Tennessee"),
        # a slash command compares places as free text does: at the place paying more
        ("/compare boston vs sf pacs admin", "pacs-administrator", "San Francisco"),
    ],
)
def test_two_places_compared_are_a_pay_question_about_the_role(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, subject, fact)
    assert reply.intent in ("salary", "location")


@pytest.mark.parametrize(
    ("line", "subject", "fact"),
    [
        ("/salary admin", "pacs-administrator", "$85,504"),
        ("/path admin", "pacs-administrator", "PACS Manager"),
    ],
)
def test_a_command_answers_the_entry_its_words_name_most_fully(
    engine: Engine, line: str, subject: str, fact: str
) -> None:
    assert_leads_with(engine.answer(line), subject, fact)


def test_a_command_whose_word_names_several_entries_alike_still_asks(engine: Engine) -> None:
    reply = engine.answer("/salary analyst")
    assert reply.outcome == "clarify"
    offered = {s for choice in reply.choices for s in choice.subjects}
    assert {"pacs-analyst", "ris-analyst"} <= offered


@pytest.mark.parametrize(
    "question", ["how do i use the salary command", "what's the path command for"]
)
def test_asking_how_a_command_works_gets_the_help(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.intent == "help"
    assert "/salary" in reply_text(reply)


@pytest.mark.parametrize(
    "question",
    [
        "how to break into pacs with zero experience",
        "where should i start, i have no experience in pacs",
    ],
)
def test_getting_into_the_field_leads_with_the_way_in(engine: Engine, question: str) -> None:
    # the field as a whole lists no requirements; the role the source gives a way into does
    assert_leads_with(engine.answer(question), "pacs-analyst", "desire to learn")


def test_a_common_word_that_is_half_of_a_place_name_is_no_unknown_subject(engine: Engine) -> None:
    # "new" of "new york" alone is plain English
    assert engine.answer("im new, where do i start with pacs").outcome == "answer"


@pytest.mark.parametrize(
    "question",
    [
        "instead of all the parca certs, is one cert enough",
        "skip the parca certs and take just one instead?",
        "is there an alternative to the parca certifications",
    ],
)
def test_a_certification_whose_words_name_the_issuer_may_answer(
    engine: Engine, question: str
) -> None:
    # the CIIP's summary says it is one certification instead of all four PARCA ones
    assert_leads_with(engine.answer(question), "ciip", "CIIP")


def test_why_an_admin_is_hard_to_hire_leads_with_the_varying_requirements(engine: Engine) -> None:
    assert_leads_with(
        engine.answer("is it hard for employers to hire pacs admins?"), "pacs-administrator", "vary"
    )


@pytest.mark.parametrize("question", ["compare iphone vs android", "lakers vs celtics tonight?"])
def test_comparing_things_the_knowledge_does_not_know_is_declined(
    engine: Engine, question: str
) -> None:
    assert engine.answer(question).outcome == "decline"


def test_asking_how_to_use_the_bot_still_gets_the_help(engine: Engine) -> None:
    assert engine.answer("how do i use this bot").intent == "help"


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # "max", "upper end": the top of the pay span, not what the role requires
        ("max possible for a ris analyst w experience?", "ris-analyst", "$125,000"),
        ("what's the maximum a pacs analyst can earn", "pacs-analyst", "$183,259"),
    ],
)
def test_the_most_a_role_can_pay_is_its_ceiling_figure(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, subject, fact)
    assert reply.intent == "salary"


def test_the_most_money_you_can_make_is_pay_and_where_asks_for_places(engine: Engine) -> None:
    # "the most money you can make" asks for pay; only "where" asks for the best-paying places
    pay = engine.answer("most money u can make doing cardiology pacs")
    assert (pay.intent, pay.subjects) == ("salary", ("cardiology-pacs-analyst",))
    assert "$137,500" in reply_text(pay)
    places = engine.answer("where do cardiology pacs analysts make the most money")
    assert places.intent == "location"


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("whats the upper end an analyst in pacs can hit", "pacs-analyst", "$183,259"),
        ("what does an admin for cardiology pacs earn", "cardiology-pacs-analyst", "$62,500"),
    ],
)
def test_a_role_named_in_scattered_words_is_that_role(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), subject, fact)


def test_a_head_word_far_from_the_rest_of_a_name_names_nothing(engine: Engine) -> None:
    reply = engine.answer(
        "my supervisor told me the PACS team is great. how much does a pacs analyst make?"
    )
    assert reply.subjects == ("pacs-analyst",)


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("/career pacs admin", "pacs-administrator", "PACS Manager"),
        ("career pacs admin", "pacs-administrator", "PACS Manager"),
        ("/career ris analyst", "ris-analyst", "relocating"),
    ],
)
def test_a_role_s_career_is_its_career_path(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, subject, fact)
    assert reply.intent == "career_path"


@pytest.mark.parametrize(
    ("question", "subject", "place", "fact"),
    [
        ("how much above the national number are SF pacs admins, percentage wise",
         "pacs-administrator", "san-francisco", "17%"),
        ("by how much does tennessee beat the national average for ris analysts",
         "ris-analyst", "tennessee", "9.6%"),
    ],
)  # fmt: skip
def test_the_nation_named_as_a_yardstick_leaves_the_other_place_asked(
    engine: Engine, question: str, subject: str, place: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, subject, fact)
    assert reply.location == place


def test_time_in_a_field_before_applying_is_a_requirement(engine: Engine) -> None:
    # "how many years ... before" reads as a career step; "before applying" and the fact holding
    # "medical informatics" say it is what the job asks for
    reply = engine.answer("how many yrs in medical informatics before applying pacs admin")
    assert_leads_with(reply, "pacs-administrator", "at least one year of experience in medical")
    assert reply.intent == "qualifications"


def test_a_misspelling_an_alias_spells_out_holds_in_every_alias_of_the_entry(
    engine: Engine,
) -> None:
    # "cardiolgy pacs analyst" is a listed alias; "cardiolgy pacs admin" is not, and means the
    # same role
    assert_leads_with(
        engine.answer("/salary cardiolgy pacs admin"), "cardiology-pacs-analyst", "$62,500"
    )


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # a certification's level in rank words: "entry level" is the beginner's, the first one
        ("best beginner cert for pacs?", "cpas", "entry level"),
        ("which cert do i take first", "cpas", "entry level"),
        ("top parca cert?", "cpsm", "highest PARCA qualification"),
    ],
)
def test_picking_one_certification_by_rank_answers_with_that_one(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, subject, fact)
    assert reply.subjects == (subject,)


def test_a_word_of_the_intent_alone_picks_no_option(engine: Engine) -> None:
    # "make" asks for pay; that one analyst's facts use it ("makes a candidate stand out") says
    # nothing about which analyst is meant
    assert engine.answer("how much does an analyst make").outcome == "clarify"


def test_a_skill_asked_for_in_other_words_leads(engine: Engine) -> None:
    reply = engine.answer("does a pacs admin need soft skills too or only technical ones")
    assert_leads_with(reply, "pacs-administrator", "communication")


@pytest.mark.parametrize(
    "question",
    [
        "what software should I learn for a cardiology PACS job?",
        "which software do cardiology pacs employers look for",
    ],
)
def test_a_rare_on_topic_word_reaches_the_one_fact_holding_it(
    engine: Engine, question: str
) -> None:
    # "software" is an on-topic word, but only the cardiology role's Syngo requirement (through
    # its asks) and one definition hold it: it says which fact is meant, not "study resources"
    assert_leads_with(engine.answer(question), "cardiology-pacs-analyst", "Syngo Dynamics")


@pytest.mark.parametrize(
    "question",
    ["if i can only buy one book which is it", "which single book should i read"],
)
def test_asking_for_only_one_book_answers_with_the_sources_first_choice(
    engine: Engine, question: str
) -> None:
    # the book whose summary says "if you read only one, read this" is the answer, not the list
    reply = engine.answer(question)
    assert_leads_with(reply, "practical-imaging-informatics", "Practical Imaging Informatics")
    assert reply.subjects == ("practical-imaging-informatics",)


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # chat spellings of "what" are filler, not an unknown word that makes the bot doubt
        ("wat does dicom stand for", "dicom", "Digital Imaging and Communications in Medicine"),
        ("wut is a vna", "vna", "Vendor neutral archive"),
        # plain English ("a couple of years", "typical") is no sign of another topic
        ("pacs admin with a couple of years in, typical pay?", "pacs-administrator", "$90,000"),
    ],
)  # fmt: skip
def test_chat_spellings_and_plain_words_do_not_make_the_bot_doubt(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), subject, fact)


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # "how much" frames the word it comes before, past two words that signal nothing
        ("how much medical imaging experience does a pacs admin need", "pacs-administrator",
         "medical informatics"),
        ("how much hands-on radiology experience does a ris analyst need", "ris-analyst",
         "experience"),
    ],
)  # fmt: skip
def test_how_much_of_a_requirement_is_not_a_pay_question(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert reply.intent != "salary", reply_text(reply)[:LEAD_CHARS]
    assert_leads_with(reply, subject, fact)


def test_how_much_a_named_role_makes_is_still_pay(engine: Engine) -> None:
    reply = engine.answer("how much cardiology pacs analyst make at the top")
    assert reply.intent == "salary", reply_text(reply)[:LEAD_CHARS]


@pytest.mark.parametrize(
    "question", ["quanto ganha um administrador pacs nos EUA", "cuanto gana un pacs admin en EEUU"]
)
def test_the_united_states_named_in_portuguese_or_spanish_is_the_united_states(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert reply.location == "united-states"
    assert_leads_with(reply, "pacs-administrator", "$85,504")


@pytest.mark.parametrize(
    "question",
    ["would an xray program make me a better ris analyst candidate",
     "xray course worth it for ris analyst?"],
)  # fmt: skip
def test_xray_written_as_one_word_is_the_x_ray_the_knowledge_names(
    engine: Engine, question: str
) -> None:
    assert_leads_with(engine.answer(question), "ris-analyst", "X-ray technology course")


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # moderators' asks on single statements: character, radiology work, the clinical side
        ("what personal qualities make a good pacs analyst", "pacs-analyst", "attention to detail"),
        ("what does the ris analyst radiology work experience need to include", "ris-analyst",
         "systems analysis and development"),
        ("besides computers what should a pacs admin know", "pacs-administrator",
         "medical terminology"),
    ],
)  # fmt: skip
def test_a_statement_asked_about_in_a_moderators_words_leads(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), subject, fact)


@pytest.mark.parametrize(
    "question",
    ["which parca certificate is about hooking up pacs with the ris",
     "is there a cert for interfacing pacs and ris"],
)  # fmt: skip
def test_the_certification_for_linking_pacs_and_ris_is_named(engine: Engine, question: str) -> None:
    assert_leads_with(engine.answer(question), "cpia", "CPIA")


def test_chat_and_short_spellings_are_read_as_the_words_they_stand_for(engine: Engine) -> None:
    # synonyms in the knowledge: wut = what, vocab = vocabulary, 2nd = second
    assert engine.answer("wut can this bot do").intent == "help"
    assert_leads_with(engine.answer("is there a book on medical vocab"), "medical-terminology",
                "Medical Terminology")  # fmt: skip
    reply = engine.answer("which book is the must read, and has it got a 2nd edition")
    assert_leads_with(reply, "practical-imaging-informatics", "Practical Imaging Informatics")
    assert "second edition" in reply_text(reply).lower()


@pytest.mark.parametrize(
    "question",
    ["what operating system versions does a pacs admin work with",
     "I run Linux servers at a bank. Thinking about PACS administration jobs. "
     "Which server OS do they expect?"],
)  # fmt: skip
def test_the_server_versions_an_admin_needs_are_named_first(engine: Engine, question: str) -> None:
    assert_leads_with(engine.answer(question), "pacs-administrator", "Windows Server 2008 and 2012")


@pytest.mark.parametrize(
    "question",
    [
        "is the ciip catching on compared with parca",
        "which is trending now, ciip or the parca certs",
    ],
)
def test_the_trend_between_ciip_and_parca_is_answered(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer", reply_text(reply)[:LEAD_CHARS]
    assert "popular" in reply_text(reply)[:LEAD_CHARS].lower(), reply_text(reply)[:LEAD_CHARS]


@pytest.mark.parametrize(
    "question",
    [
        # no role is named: the statement that higher posts need more qualifications answers,
        # found by the moderators' example questions on it
        "does going higher up the ladder call for further qualifications",
        "to be promoted will i need extra certifications",
        # a role only hinted at ("director" alone) still lends its facts
        "does a move up to manager/director call for more quals",
    ],
)
def test_moving_up_needs_more_qualifications(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, None, "more qualifications")
    assert set(reply.subjects) & {"pacs-manager", "pacs-director"}


@pytest.mark.parametrize(
    "question",
    [
        # the way in is part of becoming one: the guide leads the requirements card
        "how would i go about getting into pacs analyst work, step by step",
        "what steps get me into a pacs analyst job",
        "how do i get into pacs analyst work, is there a step by step",
    ],
)
def test_the_way_in_leads_with_the_step_by_step_guide(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.intent in ("qualifications", "role")
    assert_leads_with(reply, "pacs-analyst", "step-by-step guide")


@pytest.mark.parametrize(
    "question",
    [
        # "oversee" is the knowledge's "supervise" (a domain synonym in intents.yaml)
        "who does the pacs manager oversee",
        "pacs manager vs director: which one oversees the analysts",
    ],
)
def test_overseeing_is_supervising(engine: Engine, question: str) -> None:
    assert_leads_with(engine.answer(question), "pacs-manager", "Supervise all of the analysts")


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # one word only one resource's facts use, beside the kind of entry asked for
        ("networking resources?", "network-plus-exam-cram", "Network+"),
        ("/resources computer networks", "network-plus-exam-cram", "Network+"),
        # the head word of the book's own name is no stray word when a book is asked for
        ("whats the full title of that network+ book", "network-plus-exam-cram",
         "CompTIA Network+"),
    ],
)  # fmt: skip
def test_a_resource_asked_for_by_its_kind_and_its_topic_is_that_resource(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), subject, fact)


@pytest.mark.parametrize(
    "question",
    [
        "complete newbie, where do i even start with pacs?",
        "beginner here, where do i start in pacs",
    ],
)
def test_where_to_start_in_the_whole_field_is_answered_by_its_entry_role(
    engine: Engine, question: str
) -> None:
    # the field as a whole lists no requirements; the PACS analyst's way in answers for it
    reply = engine.answer(question)
    assert reply.subjects == ("pacs-analyst",)
    assert "step-by-step guide" in reply_text(reply)[:LEAD_CHARS]


@pytest.mark.parametrize(
    ("question", "subject", "expansion"),
    [
        ("vna full form pls", "vna", "Vendor Neutral Archive"),
        ("ris stands for what?", "ris", "Radiology Information System"),
        ("what is parca, sorry my english is bad", "parca", "Registry"),
    ],
)
def test_an_acronym_asked_in_other_words_is_expanded(
    engine: Engine, question: str, subject: str, expansion: str
) -> None:
    assert_leads_with(engine.answer(question), subject, expansion)
