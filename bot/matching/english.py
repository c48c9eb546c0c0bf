"""English words that say nothing about what a career question is about: language data of the
matcher, kept in the package (not in ``knowledge/``) so that editing content cannot drop them.

STOPWORDS are always filler, even where an alias or an intent keyword uses the word. The rest of
COMMON_WORDS are known words too: never "corrected" into an alias ("near" must not become "nebr"),
and never counted as unknown content, but one the knowledge uses (a keyword, an alias) keeps its
meaning. Nouns that could name another job or topic (nurse, weather, server) are deliberately
absent, so a question about them is still recognised as off-topic.
"""

STOPWORDS = frozenset(
    """
    a about actually all also am an and any anybody anyone anyway are as at basically be been
    being bro but by can could curious currently did do does doing done dude even ever everyone
    folks for from generally get gets getting give go going gonna got guys had haha has have
    having he hello here hey heya hi hiya hmm how i id if ill im in into is it its ive just know
    like lmao lol maam many me might mine most much must my myself no not now of ok okay on one
    our please pls plz pretty question quick quickly briefly quite really shall she should show
    sir so some someone still tell thank thanks that the their them then there these they theyre
    this those thx to today too ty typically u uh um ur usually very wanna want w was we well
    were what whats when which who whom why will with wondering would yeah yes yo you your youre
    """.split()  # noqa: SIM905 - a word list reads best as text
)
COMMON_WORDS = STOPWORDS | frozenset(
    """
    able above across advanced advice after again ago ahead almost alone along already
    although always among another answer answers anymore anything anywhere aren around asap
    ask asked asking assume away back bad basic became because becomes before believe below
    besides best better between big biggest bit both bottom bought bring broke brought btw
    buddy buy call called calling calls came cannot cant certainly changed changing choose
    chose clear come comes coming couldnt day days dear decide deciding definitely didnt
    doesnt dont down during each early easier easiest easy either else enjoy enjoyed enough
    especially every everybody exactly example except exist existing exists fact fair far
    feel feeling feels felt few find finding fine finished first found friend friends full
    further gave given goal goes gone good gotta graduating great guess guy hadnt happen
    happy hard harder hardest hasnt hate havent hear heard help her hers herself higher
    highest him himself his honest honestly hope hoping however huge idea ideas idk imo
    important indeed info instead interested isnt itself k keep keeping kind kinda kindly
    knew known last late lately later learned learnt least less let lets liked likely likes
    list literally little look looking lot lots love loved loves lower lowest madam made
    main mainly make mam max maximum may maybe mean meanwhile min minimum month months more
    morning mostly moved n nah near nearly need needed neither never new next nice nobody
    none nope nor nothing obviously off often oh okk old once only onto opinion option
    options or other others otherwise ought ours out over own part particular people per
    perhaps plan planning plans plenty possible possibly primary probably questions r rather
    re real reason recently right said same saw say saying says see seeing seem seems seen
    several shouldnt since smallest somebody something sometimes somewhat somewhere soon
    sorry spend spending started studied studying stuff such suppose sure switched switching
    take taken tbh telling than thats theirs themselves therefore thing things think
    thinking though thought thoughts through thus till time times together told tomorrow
    tonight took top total totally toward towards tried true try trying twice two under
    unless until up upon us use used using via wait wanted wants wasnt way week weeks went
    whatever whenever where whereas whether while whoever whole whose willing wish within
    without wonder wont worked works wouldnt wow y ya yall year years yep yesterday yet youd
    youll yours yourself yourselves youve
    simple simply plain words layman laymans explain explained explaining etc
    talk talking chat chatting
    brother bhai inshallah
    start starting starts begin beginning tips tip loads tons
    typical couple fresh
    atm tho bc bcz becoz cuz coz abt smth sth rly srsly prolly prob ngl lowkey thru
    prefer prefers preferred matter matters mattered count counts counted understand
    build builds built
    rest roughly
    rise rises rising risk risks risky pass passed passing caps chip chips clip clips rims pics
    rule rules ruled quick quickly fast faster
    urgent urgently english language native
    body name names named newbie newbies noob noobs false depends depend depending sense sensible
    ugh earlier correction typo wrote typed
    """.split()  # noqa: SIM905
)

# Words saying a certification is meant: "the associate cert" is the PACS Associate one.
CERT_WORDS = frozenset({"cert", "certification", "certificate", "credential"})

# Words that set the entry named right after them aside: "not the analyst, the admin".
NEGATIONS = frozenset({"not", "nao", "não"})
# "i said analyst but i meant admin": what was said is set aside when a later word says what
# was meant instead. Right after "i", MEANT corrects an earlier ask ("i meant the top one")
# rather than asking what something means.
SAID = frozenset({"said", "typed", "wrote", "asked"})
MEANT = frozenset({"mean", "meant"})

# Words that set what follows them aside: "which book besides Practical Imaging Informatics".
# Two-word ones are given as their last word after their first ("other than", "apart from").
EXCLUDING = frozenset({"besides", "except", "excluding"})
# Words asking for another entry than the one named: "not PARCA, the other board".
OTHER_WORDS = frozenset({"other", "another"})
EXCLUDING_PAIRS = frozenset({("other", "than"), ("apart", "from"), ("aside", "from")})
# Words that set a place named right after them aside, besides those that set any entry aside:
# "after SF, which city pays best" and "if not SF, where" ask for the other places.
PLACE_ASIDE = EXCLUDING | NEGATIONS | frozenset({"after", "beyond", "outside"})

# Words whose "-er" is part of the word, not a doer: cut off, what is left is another word
# ("career" is no "care", "header" no "head"). Words ending in "-eer" (engineer, volunteer)
# are kept whole by rule.
WHOLE_ER_WORDS = frozenset(
    """
    border center chapter corner folder header letter master matter member number partner
    quarter winter
    """.split()  # noqa: SIM905
)

# Words naming a kind of study resource (singular; plurals are read as these), and word pairs.
RESOURCE_KIND_WORDS = {
    "book": "book",
    "textbook": "book",
    "ebook": "book",
    "reading": "book",
    "course": "course",
    "module": "course",
    "class": "course",
    "video": "video",
    "youtube": "video",
}
RESOURCE_KIND_PAIRS = {
    ("study", "guide"): "study-guide",
    ("practice", "exam"): "practice-exam",
    ("practice", "test"): "practice-exam",
    ("practice", "question"): "practice-exam",
    ("mock", "exam"): "practice-exam",
    ("mock", "test"): "practice-exam",
    ("question", "bank"): "practice-exam",
}
# Words asking for what costs nothing.
FREE_WORDS = frozenset({"free", "gratis", "freebie", "freebies"})
# "which book", "the one book", "the best book": a singular kind word with these asks for one pick
ONE_WORDS = frozenset({"one", "single", "1", "which", "first", "best", "top", "main"})

# A lone word naming one thing of a kind ("cert?", "the guide pls", "book"): asked with nothing
# else, it asks back with the entries of that kind. Plurals ("books", "certs") ask for the list.
ONE_THING_WORDS = {
    **{word: "certification" for word in (*CERT_WORDS, "exam")},
    **RESOURCE_KIND_WORDS,
    "guide": "guide",
}
# Words that judge without narrowing: "which course is good" names no more than "which course".
VAGUE_PRAISE = frozenset({"good", "decent", "nice", "ok", "okay", "legit"})

# Words left out when a question is matched against intent phrases, as the phrases are: articles,
# and intensifiers that sit inside a phrase without changing it ("what can you EVEN do").
PHRASE_FILLERS = frozenset(
    {"a", "an", "the", "even", "actually", "really", "exactly", "basically", "literally", "just"}
)

# Words that, before a word of these, are part of an idiom and signal no intent: "which route
# makes more sense" asks no pay. At most IDIOM_GAP words ("more", "the most") may stand between.
IDIOMS = {word: frozenset({"sense"}) for word in ("make", "makes", "made", "making")}
IDIOM_GAP = 2

# Words after which a place is where the asker is ("i am in india", "hi from tennessee"), not a
# place they ask about.
WHERE_I_AM = frozenset({"from", "am", "im", "live", "living", "based", "stay", "staying"})

# Figures of speech whose last word means nothing literal: "the bigger picture of hospital IT"
# is about no picture (no image upload); "in terms of skills" is about no (medical) terms.
FIGURATIVE = frozenset(
    {
        ("big", "picture"),
        ("bigger", "picture"),
        ("whole", "picture"),
        ("in", "terms"),
        ("in", "term"),
    }
)
