"""How people ask for what a source may not give: the language data of honest gaps.

Each topic lists the phrasings that ask for it and the words in the knowledge that would show the
source covers it after all (see ``bot.matching.gaps``, which reads the knowledge to decide). These
are matcher internals, not content, so they live in the package rather than in ``knowledge/``.
Phrases are ``|``-separated; a phrase starting with ``@`` is a marker for what the question's
reading found (``@pay``: a pay question; ``@certification``: it names a certification).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.model import Figure
from bot.matching.phrases import Rule, phrase_set, rule

# Markers added to the question's words for what its reading found (see phrases.py).
PAY = "@pay"
CERTIFICATION = "@certification"
RESOURCE = "@resource"
ROLE = "@role"
SUBJECT_MARKERS = {"certification": CERTIFICATION, "resource": RESOURCE, "role": ROLE}

_EXAM = f"exam | exams | test | tests | sitting | board exam | {CERTIFICATION}"
EXAM_WORDS = frozenset({"exam", "exams", "test", "tests"})
_STUDY = "study | studying | prepare | preparing | prep | preparation | revise | revision"
# "which route would make more sense": "make more" is no pay here (analyse reads "makes sense"
# as no pay signal; this rule matches the words themselves)
_SENSE = "make sense | makes sense | make more sense | makes more sense | makes the most sense"


@dataclass(frozen=True, slots=True)
class Topic:
    """Something people ask about a role, certification or resource that a source may not give."""

    label: str  # what was asked, as it reads after "The source gives no"
    rules: tuple[Rule, ...]
    # Words in the subject's facts that show the source covers it, matched as whole words (a plural
    # "s" allowed); a trailing "*" matches any ending ("renew*": renewal, renewed).
    evidence: tuple[str, ...] = ()
    figure_evidence: tuple[str, ...] = ()  # ... in what the subject's pay figures measure
    labels: tuple[tuple[str, str], ...] = ()  # a better label for a kind of subject
    about_pay: bool = False  # the reply shows pay figures instead
    shown: str = ""  # which figures those are ("yearly")
    about: tuple[str, ...] = ()  # kinds of entry it is asked of ("certification"); () for any

    def label_for(self, kind: str | None) -> str:
        """The label, worded for the kind of entry asked about."""
        return dict(self.labels).get(kind or "", self.label)


TOPICS: tuple[Topic, ...] = (
    Topic(
        "cost",
        (
            rule(
                "fee | fees | cost | costs | costly | price | prices | pricing | priced | pricey |"
                " expensive | cheap | affordable | how much does it cost |"
                " how much do they charge | charge for | charges",
                unless="in charge | cost of living",
            ),
            rule(
                "pay to take | pay to sit | pay to register | pay for the exam | pay for the test |"
                " have to pay | need to pay | pay for it",
                _EXAM,
            ),
            rule(
                "how much is | how much are | how much for",
                f"{CERTIFICATION} | {RESOURCE}",
                unless="salary | salaries | pay | paid | earn | earning | earnings | income |"
                " raise | worth | make | makes",
            ),
        ),
        evidence=("fee", "price", "costs"),
        labels=(("certification", "exam fee"), ("resource", "price")),
    ),
    Topic(
        "pass rate",
        (
            rule(
                "pass rate | passing rate | pass rates | pass percentage | passing percentage |"
                " fail rate | failure rate | how many pass | how many people pass | percent pass |"
                " success rate | first time pass | first try | first attempt | pass first time |"
                " pass on the first"
            ),
            rule(
                "how many people | what percent | what percentage | percent of people |"
                " percentage of people | how many candidates | how many of | how many ppl |"
                " how many folks",
                "pass | passes | passed | fail | fails | failed",
            ),
        ),
        evidence=("pass rate", "passing rate", "pass percentage", "candidates pass"),
        about=("certification",),
    ),
    Topic(
        "passing score",
        (
            rule(
                "passing score | pass score | pass mark | passing mark | passing grade |"
                " score to pass | minimum score | cut score | cutoff score | score needed"
            ),
        ),
        evidence=("passing score", "pass mark", "passing mark", "score of"),
        about=("certification",),
    ),
    Topic(
        "study time",
        (
            rule(
                "how long | how many hours | how many months | how many weeks | how much time",
                _STUDY,
            ),
        ),
        evidence=("hours of study", "weeks of study", "months of study", "study for"),
        about=("certification", "resource"),
    ),
    Topic(
        # "how many years after manager until director": the source gives years for some steps
        # ("at least five years" to manager) and none for others
        "number of years needed",
        (
            rule(
                "how many years | how many yrs | how long | how much time | how much experience",
                "until | till | before | to become | to reach | to get to | to be made |"
                " promoted | promotion | make it to",
            ),
        ),
        evidence=("years", "year"),
        about=("role",),
    ),
    Topic(
        # "how many years experience do analyst jobs ask for": a requirement the source gives
        # for some roles ("at least one year") and not for others
        "number of years of experience required",
        (
            rule(
                "how many years | how many yrs | how much experience | how much exp |"
                " years of experience | years experience | yrs of experience | yrs experience |"
                " years of exp | yrs exp | minimum experience | experience required |"
                " experience requirement | required experience",
                "ask for | asks for | asking for | need | needed | needs | require | required |"
                " requires | requirement | want | wants | expect | expected | minimum |"
                " to apply | to get hired | to be hired | to land | to qualify | jobs |"
                " job postings | postings",
                unless=f"{PAY} | salary | salaries | earn | earns | make | makes | paid",
            ),
        ),
        evidence=("years", "year"),
        about=("role",),
    ),
    Topic(
        "retake rules",
        (
            rule(
                "attempts | attempt | retake | retakes | resit | re sit | retry | how many tries |"
                " if i fail | fail the exam | fail it | second try",
                _EXAM,
            ),
        ),
        evidence=("retake*", "attempt*", "resit*"),
        about=("certification",),
    ),
    Topic(
        "exam length",
        (
            rule(
                "how long is the | how long does the | how many hours | how many minutes |"
                " length of the | duration | exam length | test length | time limit |"
                " how long is it | hours long",
                _EXAM,
                unless=f"{_STUDY} | valid | last | expire | take to get | to get certified",
            ),
        ),
        evidence=("minute*", "hours long", "duration"),
        about=("certification",),
    ),
    Topic(
        "number of exam questions",
        (
            rule(
                "how many questions | how many question | number of questions | how many items |"
                " how many mcqs | how many mcq |"
                " question count | how many qs",
                _EXAM,
                unless="question guide | question study guide | 100",
            ),
        ),
        evidence=("questions on the exam", "exam has", "multiple choice", "multiple-choice"),
        about=("certification",),
    ),
    Topic(
        "exam format (online or at a test centre)",
        (
            rule(
                "online | test center | testing center | test centre | testing centre | proctored |"
                " proctor | in person | at home | from home | pearson | prometric | open book |"
                " computer based | paper | paper based | on paper | test centers |"
                " test centres | testing centers | testing centres | exam center | exam centre |"
                " exam centers | exam centres | multiple choice | mcq | mcqs | essay | format",
                _EXAM,
                unless="course | courses | module | modules | guide | guides | video | videos |"
                f" {_STUDY} | learn | learning",
            ),
        ),
        evidence=("online", "test centre", "test center", "proctor*"),
        about=("certification",),
    ),
    Topic(
        # "cpsa exam requirements?": what it takes to sit the exam, which the source may not
        # say; a certification that builds on others has those as its prerequisites.
        "eligibility rules for sitting the exam",
        (
            rule(
                "eligibility | eligible | sit for | sit the | allowed to take | qualify to take |"
                " requirements to take | requirements to sit | reqs to sit | reqs to take",
                _EXAM,
            ),
            rule(
                "requirements | requirement | reqs | req | prerequisites | prerequisite | prereqs |"
                " prereq | criteria | who can take | who can sit | qualify for",
                "exam | exams | test | tests | sitting | board exam | to take | to sit | to apply",
            ),
            rule("prerequisites | prerequisite | prereqs | prereq", CERTIFICATION),
        ),
        evidence=("eligib*", "to sit", "builds on", "prerequisite*"),
        about=("certification",),
    ),
    Topic(
        # "when is the next abii exam window": the source gives no calendar
        "exam dates or testing windows",
        (
            rule(
                "window | windows | exam date | exam dates | test date | test dates | date |"
                " dates | deadline | deadlines | schedule | scheduled | calendar | next exam |"
                " next sitting | when is the next | when is the exam | when are the exams |"
                " when can i take | when can i sit | when can i register | registration opens |"
                " offered when | how often is | which months | what months | which month |"
                " what month | is offered | exam offered | when is it offered",
                _EXAM,
                unless=f"{_STUDY} | up to date | outdated | out of date",
            ),
        ),
        evidence=("window*", "exam date*", "deadline*", "schedul*", "calendar"),
        about=("certification",),
    ),
    Topic(
        "renewal or expiry rules",
        (
            rule(
                "renew | renewal | renewing | renewals | expire | expires | expiry | expiration |"
                " recertify | recertification | recert | ce credits | ce credit | ceu | ceus |"
                " continuing education | cme | lifetime | validity | valid for how long |"
                " how long valid | how long is it valid | stay valid | stays valid"
            ),
            rule("how long | how many years", "valid | last | good for"),
        ),
        evidence=("renew*", "expir*", "recertif*", "continuing education", "valid for"),
        about=("certification", "term"),
    ),
    Topic(
        "hourly pay",
        (
            rule("hourly | hrly | hourly rate | hourly wage | hourly pay"),
            rule("per hour | an hour | a hour | per hr | an hr | hour rate | hr rate", PAY),
        ),
        figure_evidence=("hour*",),
        about_pay=True,
        shown="yearly",
    ),
    Topic(
        "monthly or weekly pay",
        (
            rule(
                "monthly | per month | per week | weekly | biweekly | bi weekly | every month |"
                " each month | a month",
                PAY,
                unless="in a month | in a week | within a month | next month | next week",
            ),
        ),
        figure_evidence=("month*", "week*"),
        about_pay=True,
        shown="yearly",
    ),
    Topic(
        "day rate",
        (
            rule(
                "day rate | daily rate | day rates | daily rates | rate per day | per diem |"
                " per day rate | daily fee | day fee"
            ),
            rule("per day | a day | daily | each day", PAY, unless="day to day"),
        ),
        figure_evidence=("day*", "daily"),
        about_pay=True,
        shown="yearly",
    ),
    Topic(
        # "how much more do you earn with ciip": the source says what a certification helps
        # with, never what it adds to pay
        "figure for the pay difference a certification makes",
        (
            rule(
                PAY,
                CERTIFICATION,
                "more | extra | bump | boost | increase | premium | difference | without it |"
                " without one | without a cert | raise",
            ),
            rule(
                "pay bump | salary bump | pay boost | salary boost | pay premium | raise |"
                " pay increase | salary increase | earn more | make more | more money",
                CERTIFICATION,
                unless=_SENSE,
            ),
        ),
        evidence=("pay", "salary", "salaries", "earn*", "income"),
        about=("certification",),
    ),
    Topic(
        "overtime or on-call pay",
        (
            rule(
                "overtime | over time | ot pay | on call pay | oncall pay | call pay |"
                " shift differential | night differential | weekend pay | holiday pay"
            ),
            rule("on call | oncall", PAY),
        ),
        figure_evidence=("overtime", "on call"),
        about_pay=True,
    ),
    Topic(
        "benefits (insurance, retirement, paid leave)",
        (
            rule(
                "401k | 401 k | health insurance | medical insurance | dental insurance | pto |"
                " paid time off | vacation days | paid leave | sick leave | pension |"
                " retirement plan | perks | benefits package | employee benefits"
            ),
            rule(
                "benefits",
                "job | jobs | employer | employers | package | offer | usually | come with |"
                " include | includes | position | positions | hospital | hospitals | pay",
                unless="benefits of | benefit of | benefit from",
            ),
        ),
        figure_evidence=("benefit*", "insurance", "401k", "pension*"),
        about_pay=True,
    ),
    Topic(
        "job-market growth or outlook",
        (
            rule(
                "job market | job growth | job outlook | career outlook | outlook | job security |"
                " saturated | oversaturated | projection | projections | projected growth |"
                " growth rate | bls | in demand | demand for | high demand",
                unless="skills | skill | certification | certifications | certs | cert",
            ),
            rule(
                "growing | growth | grow | shrinking | dying | declining",
                "field | market | industry | profession | jobs | demand | openings | positions",
                unless="career growth | grow in my | grow in your | grow in the role | grow my |"
                " grow as",
            ),
        ),
        evidence=("job growth", "outlook", "demand for", "job market"),
    ),
    Topic(
        "information on remote or work-from-home jobs",
        (
            rule(
                "remote | remotely | wfh | work from home | working from home | from home |"
                " telecommute | telecommuting | telework | home based | work at home | hybrid",
                unless="remote access | access remotely | remote reading | read remotely |"
                " remote viewing | remote support | exam | exams | test | tests",
            ),
        ),
        evidence=("remote", "from home"),
    ),
    Topic(
        "working hours or on-call schedule",
        (
            rule(
                "hours a week | hours per week | hours a day | hours per day | work hours |"
                " working hours | hours do | hrs a week | hrs per week | hrs a day | hrs per day |"
                " hours does | hrs does | hrs do | hours week | shift | shifts | night shift |"
                " night shifts |"
                " weekends | weekend work | work schedule | on call | oncall | work life balance",
                unless=f"{PAY} | {_STUDY} | exam | exams | test | tests | {CERTIFICATION} |"
                f" {RESOURCE}",
            ),
        ),
        evidence=("hours a week", "on call", "shift*", "schedule*", "weekend*"),
        about=("role",),
    ),
    Topic(
        "interview questions",
        (
            rule(
                "interview questions | interview question | interview qs | interview prep |"
                " interview tips | asked in interviews | asked in an interview |"
                " asked in the interview | ask in interviews | ask in an interview |"
                " prepare for an interview | prepare for the interview | prepare for interviews |"
                " technical interview | job interview"
            ),
        ),
        evidence=("interview question*", "interview tip*", "asked in interview*"),
    ),
    Topic(
        "view on how AI or automation will change the job",
        (
            rule(
                "ai | artificial intelligence | machine learning | chatgpt | gpt | automation |"
                " automated | automate | robots | robot",
                "replace | replaces | replaced | replacing | take over | takes over | taking over |"
                " kill | killing | threat | threaten | obsolete | future | affect | effect |"
                " impact | change | changing | take my job | take our jobs | safe | proof",
            ),
        ),
        evidence=("artificial intelligence", "ai", "automation", "machine learning"),
    ),
    Topic(
        "view on whether a master's degree is worth it",
        (
            rule(
                "masters | master s | masters degree | master degree | msc | ms degree | mba |"
                " phd | doctorate | postgraduate | post graduate | grad school | graduate degree",
                "worth | worth it | value | valuable | needed | need | necessary | required |"
                " require | help | helps | useful | benefit | advantage | pay off | pays off |"
                " should i | recommended",
            ),
        ),
        evidence=("master's degree", "masters degree", "master's", "graduate degree", "mba"),
    ),
    Topic(
        "information on the languages the exam is given in",
        (
            rule(
                "in spanish | in english | in french | in arabic | in hindi | in chinese |"
                " in portuguese | in german | in tagalog | in urdu | in russian | in korean |"
                " in japanese | in my language | in my native language | other languages |"
                " other language | which languages | what languages | which language |"
                " what language | language options",
                _EXAM,
            ),
        ),
        evidence=("language*", "spanish", "english"),
        about=("certification", "term"),
    ),
    Topic(
        # "is 45 too old to start": the source sets no age for any role or exam
        "age limit",
        (
            rule(
                "too old | too young | age limit | age limits | age requirement |"
                " age requirements | age restriction | age restrictions | age cap | upper age |"
                " maximum age | minimum age | max age | min age | at my age | at this age |"
                " my age | older people | older person | older candidates | late starter |"
                " too late in life | too late to | is it too late | am i too late"
            ),
            rule(
                "age",
                "matter | matters | limit | barrier | problem | issue | factor | requirement |"
                " restriction | discriminate | discrimination",
            ),
        ),
        evidence=("age", "too old", "years old"),
    ),
    Topic(
        # "do i need python for pacs admin": the source names no programming language or coding
        "programming or coding requirement",
        (
            rule(
                "python | coding | programming | programmer | programmers |"
                " scripting | java | javascript | c sharp | powershell |"
                " software development | software developer | learn to code | know how to code |"
                " how to code | write code | writing code | sql | database queries"
            ),
        ),
        evidence=("programming", "coding", "python", "scripting", "sql", "java*", "code"),
        about=("role",),
    ),
    Topic(
        "information on part-time work",
        (
            rule(
                "part time | parttime | per diem | prn shifts | side job | side gig |"
                " moonlight | moonlighting | fewer hours | reduced hours"
            ),
        ),
        evidence=("part time", "part-time", "per diem"),
        about=("role",),
    ),
    Topic(
        "security clearance requirement",
        (
            rule(
                "security clearance | secret clearance | top secret clearance | clearance level |"
                " need clearance | need a clearance | public trust clearance"
            ),
        ),
        evidence=("clearance",),
    ),
    Topic(
        "length",
        (
            rule(
                "how long | how many weeks | how many hours | how many months | length |"
                " duration | weeks long | hours long | self paced",
                RESOURCE,
            ),
        ),
        evidence=("weeks", "hours", "duration", "length", "self paced"),
        about=("resource",),
    ),
    Topic(
        "cost of living or rent",
        (
            rule(
                "cost of living | living costs | living expenses | how much is rent |"
                " how much is the rent | rent there | rent prices | housing costs | lowest rent |"
                " cheapest rent | rent is | cheapest to live | cheaper to live | lowest cost of"
            ),
        ),
        evidence=("cost of living", "rent"),
        about=("place",),
    ),
    Topic(
        "information on funding (GI Bill, tuition help, scholarships)",
        (
            rule(
                "gi bill | tuition assistance | tuition reimbursement | scholarship |"
                " scholarships | financial aid | employer reimbursement | reimburse |"
                " reimbursed | sponsorship | sponsor me | sponsors | grant | grants"
            ),
        ),
        evidence=("gi bill", "scholarship*", "reimburse*", "financial aid", "sponsor*"),
    ),
    Topic(
        # "which is easier, CIIP or CPSA": the source rates no exam's difficulty
        "rating of how hard the exams are",
        (
            rule(
                "easier | easiest | harder | hardest | hard | difficult | difficulty | tough |"
                " tougher | toughest | challenging",
                _EXAM,
                unless="hard to find | hard to hire | difficult to find | difficult to hire",
            ),
        ),
        evidence=("difficult*", "hard", "easier", "harder"),
        about=("certification",),
    ),
    Topic(
        # "what % of pacs analysts are women": the source describes jobs, not who holds them
        "figures on who holds the job (gender, age, background)",
        (
            rule(
                "women | woman | female | females | gender | genders | gender gap | diversity |"
                " demographic | demographics | ethnicity | minorities | male to female"
            ),
        ),
        evidence=("women", "female", "gender", "demographic*"),
    ),
    Topic(
        # "is pacs boot camp accredited": the source says nothing of accreditation
        "information on accreditation",
        (
            rule(
                "accredited | accreditation | accredit | regionally accredited | recognised by |"
                " recognized by | officially recognised | officially recognized"
            ),
        ),
        evidence=("accredit*",),
    ),
    Topic(
        # "is an online bachelors ok for pacs jobs": the source does not say how a degree is earned
        "view on online degrees",
        (
            rule(
                "online degree | online degrees | online bachelors | online bachelor |"
                " online masters | online program | online programme | online college |"
                " online university | distance learning | degree online | bachelors online |"
                " bachelor online"
            ),
        ),
        evidence=("online degree*", "distance learning"),
    ),
    Topic(
        "author",
        (rule("who wrote | written by | author | authors | who is the author", RESOURCE),),
        evidence=("written by", "author*"),
    ),
    Topic(
        "employers or job openings",
        (
            rule(
                "which hospitals | what hospitals | which companies | what companies |"
                " which employers | what employers | which hospital | what hospital |"
                " which company | what company | which employer | what employer |"
                " top employers | best employers |"
                " best companies | best hospitals | top hospitals | top companies |"
                " who is hiring | whos hiring | are hiring | is hiring | hiring now | hiring rn |"
                " currently hiring | job openings | openings | vacancies | job postings |"
                " jobs open | open jobs | open positions | positions open | jobs available |"
                " job demand | how many jobs | number of jobs |"
                " job boards | where to apply | where can i apply | where do i apply |"
                " companies that hire | hospitals that hire"
            ),
        ),
        evidence=("job openings", "job boards", "vacancies"),
    ),
)


@dataclass(frozen=True, slots=True)
class FigureTopic:
    """A pay figure a role may lack: a question asking for one is a gap for a role without it."""

    label: str
    asks: Rule
    kinds: frozenset[str]  # figure kinds that give it
    measures: tuple[str, ...] = ()  # words in a figure's measures that give it
    single: bool = False  # only a figure stating one amount gives it (not a span or a range end)
    by_level: bool = False  # a question naming a level (PAY_LEVELS) is told it for other roles

    def given_by(self, figure: Figure) -> bool:
        """Whether this figure gives it: its kind, or a word of what it measures."""
        measures = figure.measures.lower()
        return (figure.kind in self.kinds or any(m in measures for m in self.measures)) and (
            not self.single or figure.amount is not None
        )


# Levels of pay a question may name ("entry level", "senior"), with the figures that give each.
PAY_LEVELS: tuple[FigureTopic, ...] = (
    FigureTopic(
        "entry-level pay",
        rule(
            "entry | entry level | beginner | beginners | fresher | fresh graduate | new grad |"
            " graduate | starting | no experience"
        ),
        frozenset({"entry"}),
        ("beginner", "graduate", "entry"),
    ),
    FigureTopic(
        "mid-career pay",
        rule("mid level | mid career | few years | with experience"),
        frozenset({"mid"}),
        ("few years", "five years"),
    ),
    FigureTopic(
        "senior-level pay", rule("senior | experienced"), frozenset({"senior"}), ("senior",)
    ),
)


FIGURE_TOPICS: tuple[FigureTopic, ...] = (
    FigureTopic(
        # "system architect exact salary", "junior analyst exact pay not a range": the source
        # places some titles at an end of a range, or gives a span, and no single figure
        "exact figure",
        rule(
            "exact | exactly | precise | precisely | specific number | specific figure |"
            " specific amount | single number | single figure | one number | not a range |"
            " not range | not the range | no range | not a span | actual number | exact number",
            PAY,
        ),
        frozenset({"average", "entry", "mid", "senior"}),
        single=True,
    ),
    FigureTopic(
        "bonus figure",
        rule(
            "bonus | bonuses",
            unless="as a bonus | is a bonus | a bonus if | bonus experience | bonus skill |"
            " bonus points | counts as",
        ),
        frozenset({"bonus"}),
        ("bonus",),
    ),
    FigureTopic(
        "figure for yearly raises",
        rule("raise | raises | pay rise | annual increase | yearly increase | increment"),
        frozenset({"raise"}),
        ("raise",),
    ),
    FigureTopic(
        "pay by years of experience",
        # "with 2 yrs exp, what salary": the pay of a level; "help desk for three years now,
        # what does an analyst earn": background, not what is asked.
        rule(
            "years of experience | year of experience | years experience | yrs experience |"
            " yrs of experience | yrs exp | years exp | yr exp | yrs of exp | years of exp |"
            " experienced | senior | junior | entry | entry level | beginner | beginners |"
            " fresher | fresh graduate | new grad | graduate | starting | mid level |"
            " mid career | after years | with experience | no experience",
            PAY,
        ),
        frozenset({"entry", "mid", "senior", "floor", "ceiling"}),
        ("years", "experience", "beginner", "graduate"),
        by_level=True,
    ),
)

# Employers and vendors people name, as they are written; a name is a gap only while the
# knowledge never mentions it.
EMPLOYERS = (
    "Kaiser", "Kaiser Permanente", "Mayo", "Mayo Clinic", "Cleveland Clinic", "Johns Hopkins",
    "HCA", "Ascension", "Providence", "Sutter", "Intermountain", "Mount Sinai", "NYU Langone",
    "Mass General", "MGH", "Veterans Affairs", "Tenet", "CommonSpirit", "Atrium", "Baylor",
    "Northwell", "UCSF", "Stanford Health", "Epic", "Epic Radiant", "Cerner", "Oracle Health",
    "Meditech", "Allscripts", "athenahealth", "GE Healthcare", "Philips", "Siemens",
    "Siemens Healthineers", "Fuji", "Fujifilm", "Agfa", "Sectra", "Change Healthcare", "McKesson",
    "Intelerad", "Carestream", "Hyland", "Visage", "Nuance", "PowerScribe", "Optum",
    "Radiology Partners", "vRad", "Amazon", "Google", "Microsoft", "Epic EHR", "Epic EMR",
    "Epic Systems",
)  # fmt: skip
# Health-IT systems and standards people compare with the ones the source covers; a name is a
# gap only while the knowledge never mentions it ("whats the difference between RIS and EMR").
OTHER_SYSTEMS = (
    "EMR", "EMRs", "EHR", "EHRs", "electronic medical record", "electronic medical records",
    "electronic health record", "electronic health records", "LIS", "laboratory information system",
    "CPOE", "HIE", "FHIR", "IHE", "XDS", "XDS-I", "AWS", "Azure", "Google Cloud", "mirth",
    "Mirth Connect", "Rhapsody", "Cloverleaf", "PowerShare",
)  # fmt: skip
# Certifications people compare with the ones the source covers ("ciip vs rhia"); a name is a gap
# only while the knowledge never mentions it.
# Jobs next to PACS work that people ask the pay of ("rad tech salary vs pacs"). A name is a gap
# only while the knowledge's facts never use it, and only in a pay question.
OTHER_JOBS = (
    "trainer", "trainers", "PACS trainer", "PACS trainers", "educator", "rad tech",
    "rad techs", "radiology tech", "radiology techs", "radiologic technologist",
    "radiologic technologists", "x ray tech", "xray tech", "x ray techs", "xray techs",
    "X-ray tech", "X-ray techs", "ct tech", "mri tech", "ultrasound tech", "sonographer",
    "sonographers", "nurse", "nurses", "nursing informatics", "registered nurse",
    "radiologist", "radiologists", "physician", "doctor", "help desk", "helpdesk",
    "sysadmin", "sysadmins", "network engineer", "software engineer", "developer",
    "data analyst", "clinical informatics", "health informatics", "medical coder",
    "biomedical engineer", "biomed tech",
)  # fmt: skip
# Words before a job that make it who the asker is or was, not what is asked ("as a rad tech").
BEING = frozenset({"as", "im", "am", "was", "been", "former", "ex", "currently"})

OTHER_CERTIFICATIONS = (
    "RHIA", "RHIT", "CCNA", "CCNP", "CCNA cert", "CISSP", "CISM", "CISA", "CPHIMS", "CAHIMS",
    "CHDA", "CHTS", "PMP", "CAPM", "ITIL", "MCSA", "MCSE", "ARRT",
    "RCIS", "CompTIA Security", "Security plus", "HL7 certification", "HL7 certified", "AHIMA",
    "HIMSS certification", "SIIM certification",
)  # fmt: skip
# Names that are also everyday words ("an epic career move", "change healthcare jobs"): they
# count only when written with their capitals.
EVERYDAY_NAMES = frozenset(
    {"Epic", "Ascension", "Providence", "Tenet", "Atrium", "Visage", "Nuance", "Change Healthcare"}
)
# Words that make a place the thing asked about, when the question is not about pay.
PLACE_ASKED = phrase_set(
    "valid | recognized | recognised | recognition | accepted | accept | recognize | recognise |"
    " count | counts | work in | jobs in | job in | move to | moving to | relocate to |"
    " relocating to | demand in | hire in | hiring in | worth it in | useful in | useful there |"
    " training in | course in | courses in | bootcamp in | bootcamps in | boot camp in |"
    " class in | classes in | school in | schools in | program in | programs in | study group in |"
    " exam in | exams in | take the exam in | sit the exam in"
)
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
# A place right after these words is where the asker comes from, not what they ask about.
BACKGROUND = frozenset({"from"})
# A place a few words after these is set aside, not asked about ("Texas, not SF or New York").
SET_ASIDE = phrase_set(
    "not | except | excluding | exclude | besides | unlike | instead of | other than |"
    " apart from | leave out | leaving out | skip | ignore | forget"
)
SET_ASIDE_REACH = 3
# An unknown word after these is read as a mistyped place ("in chicgo") when it is close enough.
PLACE_BEFORE = frozenset({"in", "at", "near", "around", "to"})
