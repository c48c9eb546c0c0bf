"""Common English words that say nothing about what a career question is about.

They are known words: never "corrected" into an alias ("near" must not become "nebr"), and never
counted as unknown content. Nouns that could name another job or topic (nurse, weather, server)
are deliberately absent, so a question about them is still recognised as off-topic.
"""

COMMON_WORDS = frozenset(
    """
    a about above across actually after again ago all almost alone along already also although
    always am among an and another any anybody anyone anything anyway anywhere are aren around
    as ask asked asking at away back bad basically be became because been before being believe
    below besides best better between big bit both bring brought but by came can cannot cant
    certainly clear come comes coming could couldnt curious currently dear definitely did didnt
    do does doesnt doing done dont down during each early easy either else enough especially
    even ever every exactly example except fact fair far feel feeling few fine first for found
    from full further gave get gets getting give given go goes going gone gonna good got gotta
    great guess guy guys had hadnt happen happy hard has hasnt have havent having he hear heard
    hello help her here hers herself hey hi him himself his honest honestly hope hoping how
    however huge i id if ill im important in indeed instead interested into is isnt it its
    itself ive just keep keeping kind kinda knew know known last late later least less let lets
    like likely little look looking lot lots mainly make many may maybe me mean meanwhile might
    mine more most mostly much must my myself nah near nearly need neither never new next nice
    no nobody none nor not nothing now obviously of off often oh ok okay old on once one only
    onto or other others otherwise ought our ours out over own part particular people per
    perhaps please plenty possible possibly pretty probably quick quite rather re real really
    reason recently right said same saw say saying says see seeing seem seems seen several shall
    she should shouldnt since so some somebody someone something sometimes somewhat somewhere
    soon sorry still stuff such suppose sure take taken tell telling than thank thanks that
    thats the their theirs them themselves then there therefore these they thing things think
    thinking this those though thought through thus till to today together told too took toward
    towards tried true try trying twice two under unless until up upon us use used using usually
    very via wait want wanted wants was wasnt way we well went were what whatever whats when
    whenever where whereas whether which while who whoever whole whom whose why will willing
    wish with within without wonder wondering wont would wouldnt wow yeah yes yet you youd youll
    your youre yours yourself yourselves youve ahead anymore asap btw currently especially exist
    exists existing find finding found goal hey idea ideas info kindly list lol lmao pls plz idk
    imo tbh thx ty u ur yo ya yall sir madam mam bro dude buddy friend friends folks everyone
    everybody anyone someone question questions answer answers advice opinion thoughts help day
    days week weeks month months year years time times today tomorrow yesterday tonight morning
    plan planning plans hear heard buy bought spend spending total totally broke able assume
    option options decide deciding choose chose
        made love loved loves liked likes enjoy enjoyed hate worked works started switched
    switching changed changing moved became becomes felt feels wanted needed tried thought
    learned learnt studied studying finished graduating lately literally
        r n y k ok okk im ya yep nope highest lowest higher lower top bottom max min maximum
    minimum biggest smallest main primary basic advanced hardest easiest harder easier
    call calls called calling
    simple simply plain words layman laymans explain explained explaining etc
    talk talking chat chatting
    """.split()  # noqa: SIM905 - a word list reads best as text
)
