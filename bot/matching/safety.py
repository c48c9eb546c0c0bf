"""Recognise asks the bot must decline whatever it knows: getting into systems or patient data
without authorisation, tampering with audit logs or security, forging credentials or proof of
work, having someone else sit an exam, being fed answers or evading the proctor during one,
obtaining real exam content, sharing a login, and pirated copies of paid books and courses.

Each rule needs several things at once (an act and what it is done to, often with a sign of
concealment or of someone else's account), so ordinary questions that share a word ("what does a
PACS admin do about security?", "how many questions are on the CIIP exam?") are not declined.
These are language data, not knowledge: they live in the package, not in the moderators' files.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.knowledge.model import KnowledgeBase
from bot.matching.normalise import tokenize
from bot.matching.phrases import Rule, RuleTable, rule

# Things that hold patient data or let someone into a system.
_PATIENT_DATA = (
    "images | image | scans | scan | mri | ct | x ray | xray | report | reports | records |"
    " record | chart | charts | studies | patient data | patient info | phi | medical records"
)
_SYSTEMS = (
    "pacs | ris | system | systems | server | servers | database | network | worklist | modality |"
    " dicom | viewer | hospital | emr | ehr | syngo | account | accounts"
)
_CREDENTIALS = (
    "login | logins | log in | password | passwords | passcode | credentials | creds | username |"
    " user name | account | badge | pasword | passwrd | pword | pwd | login details | login info"
)
# Signs that an act is meant to go unnoticed or is not allowed.
_CONCEALED = (
    "without it showing | without showing | without anyone knowing | without anybody knowing |"
    " without them knowing | without her knowing | without him knowing | nobody sees |"
    " no one sees |"
    " nobody will see | nobody knows | no one knows | nobody will know | no one will know |"
    " wont know | will not know | wont find out | doesnt notice | dont notice | wont notice |"
    " does not notice | without getting caught | get caught | getting caught | secretly |"
    " undetected | without a trace | cover my tracks | without permission | without authorization |"
    " without authorisation | unauthorized | unauthorised | not allowed to see |"
    " not allowed to view | not allowed to access | shouldnt have access | dont have access to |"
    " not supposed to see | not supposed to access | showing up anywhere | show up anywhere |"
    " leave no trace | hide that | hide the fact | cover up | covering up | not authorized |"
    " not authorised | arent authorized | not allowed to | without it knowing |"
    " without anyone noticing | without them noticing | isnt recorded | not recorded |"
    " wont be recorded | doesnt get recorded | isnt logged | not logged | wont be logged |"
    " without an account | without my own account | without my account | without a login |"
    " without logging in | without credentials | isnt credentialed | not credentialed |"
    " no privileges here | not on their care team | not involved in their care |"
    " not my patient | not my patients | not his patient | not her patient"
)
_OTHER_PEOPLES = (
    "someone elses | somebody elses | another persons | another users | other peoples |"
    " other persons | coworker | coworkers | co worker | co workers | colleague | colleagues |"
    " boss | bosses | not mine | isnt mine | not my own | not yours | isnt yours |"
    " another hospital | other hospital | sticky note | stolen | steal | borrowed | spare |"
    " working login | working password | working account"
)
_PEOPLE_TO_SNOOP_ON = (
    "ex | exs | my ex | neighbour | neighbours | neighbor | neighbors | celebrity | celebrities |"
    " famous | vip | friend | friends | wife | husband | girlfriend | boyfriend | crush |"
    " coworker | coworkers | colleague | colleagues | relative | relatives | cousin | sister |"
    " brother | mom | dad | mother | father"
)
_LOOK = (
    "see | view | look | looking | open | opened | pull | access | find | check | read | get |"
    " peek | snoop | browse | search"
)
_SELF = "my | me | i | im | myself | mine | u make | you make"
_CERTIFICATES = (
    "certificate | certificates | cert | certs | certification | credential | credentials |"
    " diploma | degree | license | licence | transcript | cv | resume | experience | badge |"
    " reference letter | pdf"
)
# Papers that prove a qualification (not the word "cert", which also names the exam).
_DOCUMENTS = (
    "certificate | certificates | diploma | diplomas | degree | degrees | bachelors |"
    " bachelors degree | masters degree | transcript | transcripts | license | licence |"
    " licenses | credential | credentials | certification | certificate pdf"
)
# Signs that a document is meant to be taken for a real one.
_PASSING_OFF = (
    "looks legit | look legit | looks real | look real | looks official | look official |"
    " looks genuine | look genuine | looks authentic | look authentic | legit looking |"
    " real looking | official looking | passes as | pass as | pass for real | passes for real |"
    " convincing | realistic | fool | trick | background check | background checks |"
    " pass a background | passes a background | pass background | passes background |"
    " verification | verifiable | hr wont | hr doesnt | employer wont | for my cv |"
    " for my resume | on my cv | on my resume | put on my cv | put on my resume |"
    " without studying | without the exam | without taking | without sitting | without passing |"
    " no exam | no study | havent passed | didnt pass | never passed | not passed |"
    " hr check | hr checks | passes hr | pass hr | ill pass | i will pass | pass it eventually |"
    " pass eventually | before i pass | until i pass | before passing"
)
# The names of the certifications themselves come from the knowledge, as the EXAM marker.
EXAM = "@exam"

_EXAMS = f"exam | exams | test | tests | board | boards | sitting | certification | cert | {EXAM}"

_SECURITY = (
    "permission | permissions | access control | access controls | access restriction |"
    " access restrictions | restrictions | security | login | password | passwords |"
    " authentication | 2fa | mfa | privileges | privilege | admin rights | role permissions"
)
_TAMPER = (
    "turn off | switch off | shut off | disable | disabling | delete | deleting | erase | wipe |"
    " clear | hide | remove | edit | modify | tamper | alter | purge | bypass | get rid of"
)
_AUDIT = (
    "audit | audits | auditing | audit log | audit logs | audit logging | audit trail |"
    " audit trails | access log | access logs | access logging | access history"
)
_QUIETLY = _CONCEALED + " | quietly | so nobody | so no one | so they dont | so it doesnt show"

RULES: dict[str, tuple[Rule, ...]] = {
    "audit": (
        rule(
            _AUDIT,
            _TAMPER,
            unless="retention | policy | policies | compliance | hipaa requires | how long should",
        ),
        rule("logs | logging | log | log entries | log entry | history | trail", _TAMPER, _QUIETLY),
        rule(
            "turn off | switch off | shut off | disable | bypass | get around | get past",
            "security | firewall | antivirus | encryption | monitoring | alerts | alarms",
            _QUIETLY + " | so i can",
        ),
    ),
    "forgery": (
        rule(
            "forge | forged | forging | forgery | counterfeit | photoshop | fabricate | backdate |"
            " doctor my | falsify",
            _CERTIFICATES,
        ),
        # "is the ciip a fake cert?" asks about the certificate, "fake my experience" asks to lie.
        rule(
            "how to fake | how do i fake | how can i fake | can i fake | help me fake | fake my |"
            " fake a | fake the | fake some | faking | get a fake | buy a fake | make a fake |"
            " make me a fake | need a fake | want a fake",
            _CERTIFICATES,
            _SELF,
        ),
        rule(
            "make me | make a | create me | create a | generate | edit | change | alter | modify |"
            " print me | design me | give me",
            "certificate | certificates | cert | certs | certification | credential | credentials |"
            " diploma | license | licence | transcript | pdf",
            "with my name | my name on | my name | the date | expiry date | so hr | hr doesnt |"
            " havent passed | have not passed | without passing | not passed | didnt pass |"
            " did not pass | never passed | expired | doesnt notice | wont notice |"
            " without getting caught | for me",
        ),
        # a document made to pass as real: "a ciip certificate pdf that looks legit for my cv"
        rule(
            "make | makes | making | made | create | creating | created | generate | design |"
            " print | printed | edit | photoshop | template | mock up | mockup",
            _DOCUMENTS,
            _PASSING_OFF,
        ),
        # a credential bought instead of earned: "buy a degree that passes a background check"
        rule(
            "buy | buying | bought | purchase | purchasing | order | ordering | pay for |"
            " get one | get a | sells | sell | selling",
            _DOCUMENTS,
            _PASSING_OFF + " | online | fast | quick | quickly | cheap | without",
            unless="course | courses | program | programme | voucher | study | guide | book",
        ),
        rule(
            "diploma mill | degree mill | fake degree | fake diploma | fake certificate |"
            " fake bachelor | fake bachelors | fake masters | fake transcript | fake license"
        ),
        # a letter or reference vouching for work that was not done: "write me an experience
        # letter saying i worked 3 yrs as pacs admin (i didnt)"
        rule(
            "experience letter | experience certificate | employment letter | reference letter |"
            " recommendation letter | letter of recommendation | employment verification |"
            " work certificate | service certificate | relieving letter | payslip | payslips |"
            " pay stub | pay stubs | letter",
            "write | make | create | draft | generate | give | send | need | get",
            "i didnt | i did not | i never | i havent | i have not | never worked | not true |"
            " fake | made up | pretend | pretending | as if i | even though i | although i |"
            " that i worked | saying i worked | says i worked | stating i worked | saying i did |"
            " says i did | stating i did | claiming i did | saying i have | saying ive |"
            " i only did | i only have | i really did | when i did",
        ),
    ),
    "piracy": (
        # pirated copies of paid books and courses; "is there a free pdf of the study guide"
        # asks what the source offers free and is answered
        rule(
            "pirated | pirate | piracy | pirating | torrent | torrents | torrenting | warez |"
            " libgen | library genesis | zlibrary | z library | z lib | zlib | sci hub | scihub |"
            " bootleg | bootlegged | illegal copy | illegal pdf | illegal download | steal |"
            " stolen copy | leaked copy | leaked pdf",
            "pdf | pdfs | epub | ebook | e book | copy | copies | book | books | course | courses |"
            " guide | guides | video | videos | download | edition | version | textbook | link",
        ),
        # a paid book as a free download: "practical imaging informatics pdf free download link"
        rule(
            "free download | download free | download for free | download link | pdf link |"
            " drive link | mega link | telegram link | direct download",
            "pdf | pdfs | epub | ebook | e book | book | books | textbook | copy | guide | edition",
            unless="free modules | free course | free step | free guide | the free",
        ),
        # passing a paid guide around: "copy the premium study guide and share it with the group"
        rule(
            "copy | copies | copying | photocopy | duplicate | scan | reupload | re upload |"
            " redistribute | distribute | upload | forward",
            "study guide | guide | book | textbook | course | pdf | premium | modules",
            "share | sharing | whole group | study group | everyone | for free | group chat |"
            " whatsapp | telegram | discord | the group | all of us",
            unless="free modules | free course | free step | free guide | the free | my notes |"
            " my own notes",
        ),
    ),
    "impersonation": (
        # someone else sitting the exam: "can someone take the parca exam for me", "a proxy"
        rule(
            "someone | somebody | anyone | anybody | you | u | a friend | my friend | my brother |"
            " my sister | another person | someone else | somebody else",
            "take | takes | taking | sit | sits | sitting | write | writes | do | pass | attempt",
            _EXAMS,
            "for me | in my place | on my behalf | instead of me | in my name | as me |"
            " pretending to be me | pretend to be me | under my name",
            unless="recommend | suggest | which | what | best | should i | help me",
        ),
        # sitting an exam as somebody else: "take his abii exam slot under his name"
        rule(
            "take | takes | taking | sit | sits | sitting | write | do | attempt | use | buy |"
            " sell | selling",
            _EXAMS + " | slot | seat | booking | voucher | appointment",
            "under his name | under her name | under their name | in his name | in her name |"
            " as him | as her | pretending to be him | pretending to be her | with his id |"
            " with her id | using his id | using her id | his id | her id | someone elses name |"
            " another name | fake name",
        ),
        rule(
            "proxy | impersonate | impersonating | impersonation | stand in for me |"
            " pay someone | hire someone | someone to take | somebody to take | anyone to take |"
            " someone to sit | somebody to sit | someone to write | someone to do",
            _EXAMS,
        ),
    ),
    "cheating": (
        # being helped during the exam: "my friend feeds me answers off camera"
        rule(
            "feed | feeds | feeding | whisper | whispers | whispering | signal | signals | mouth |"
            " slip me | pass me | text me | message me | send me | tell me | give me | show me |"
            " look up | google | search",
            "answers | answer | the answers | the answer",
            "during | while i take | while taking | while im taking | while sitting |"
            " while im sitting | mid exam | in the exam | in the middle of | off camera |"
            " in real time | live | remotely | proctor | proctored | webcam | camera",
            unless="practice questions | practice exam | after the exam | after i pass",
        ),
        # evading whoever watches the exam: "so the proctor doesn't notice"
        rule(
            "proctor | proctors | proctored | proctoring | invigilator | invigilators | webcam |"
            " exam camera | examiner | examiners | lockdown browser",
            _QUIETLY + " | fool | trick | beat | get past | get around | bypass | avoid detection |"
            " off camera | out of frame | without being seen | hide | hidden | second screen |"
            " second phone | earpiece",
        ),
        rule(
            "cheat | cheats | cheating | cheated | cheat sheet | crib sheet | crib notes",
            _EXAMS + " | proctor | proctored",
            unless="is it cheating | is that cheating | is this cheating | considered cheating |"
            " count as cheating | counts as cheating | without cheating | policy | policies |"
            " what happens if | caught cheating | penalty | penalties",
        ),
    ),
    "exam": (
        rule(
            "answer key | answer keys | braindump | braindumps | exam dump | exam dumps |"
            " leaked questions | leaked exam | exam leak"
        ),
        rule(
            "dump | dumps | braindump | braindumps | brain dump | leaked | leak | leaks |"
            " answer key | answer keys | exam answers | test answers | recalled questions |"
            " stolen questions",
            _EXAMS + " | questions",
        ),
        rule(
            "real | actual | exact | live | recent | todays | were on | from the last |"
            " from last | last week | last month | last sitting | this morning",
            "questions | question | answers | qs",
            _EXAMS,
            "send | give | share | got | get | have | sell | buy | pay | post | upload | download |"
            " pdf | anyone | copy | leak | dm | what are the | what were the | tell me the |"
            " list the",
            unless="how many | number of | how much | like the | similar to | same format",
        ),
    ),
    "access": (
        # "coworker left her pacs login on a sticky note", "the admin password for the pacs at
        # another hospital", "a working ris login that is not mine"
        rule(
            _CREDENTIALS,
            _OTHER_PEOPLES,
            unless="reset | forgot | forget | change my | my own | set up | create",
        ),
        # "can i use my manager's credentials", "log in with her password"
        rule(
            "use | log in with | login with | sign in with | borrow | take",
            _CREDENTIALS,
            "managers | supervisors | doctors | radiologists | nurses | techs | tech | friends |"
            " his | her | the night shift | another tech | other users",
        ),
        # handing one's own login to someone else: "give him my login", "set him up under my
        # account"
        rule(
            "give | giving | share | sharing | lend | lending | hand | handing | send | pass |"
            " let him use | let her use | let them use | let someone use | tell him | tell her",
            "my login | my logins | my log in | my password | my passwords | my credentials |"
            " my creds | my account | my username | my user name | my badge | my pin |"
            " my pacs login | my ris login | my pacs password | my ris password | my pacs account |"
            " my ris account | my access",
            unless="reset | forgot | forget | locked | it support | help desk | service desk",
        ),
        rule(
            "under my account | under my login | on my account | on my login | with my login |"
            " with my account | using my login | using my account | using my credentials |"
            " with my credentials | with my password | under my name | under my credentials",
            "him | her | them | someone | somebody | a doctor | the doctor | physician |"
            " colleague | coworker | friend | he | she | another | someone else",
        ),
        # "pls giv ur pacs pasword": asking the bot for a login.
        rule(
            "your | ur",
            "password | passwords | pasword | passwrd | pwd | login | logins | credentials | creds",
            "give | giv | send | share | tell | what is | whats | need",
        ),
        # "need the pacs login of the night shift tech, anyone have it?"
        rule(
            _CREDENTIALS,
            "anyone have | anyone got | does anyone have | can someone give | someone give me |"
            " someone share | anyone share",
            unless="for parca | for the parca | website | site | course",
        ),
        rule(
            "working | spare | extra | shared",
            _CREDENTIALS,
            "give | send | share | anyone | need | got | dm",
            # "will I need extra credentials to climb the ranks" asks about qualifications
            unless="ranks | promotion | promoted | move up | moving up | climb | climbing |"
            " career | qualifications | degree | degrees | certs | certifications | job | role",
        ),
        rule(
            "bypass | circumvent | hack | hack into | hacking | brute force | jailbreak | backdoor",
            _SECURITY + " | " + _SYSTEMS,
        ),
        # "break into pacs" is how people talk about starting a career, so weaker verbs need an
        # access control as their object.
        rule(
            "get around | get past | crack | break into | sneak into | sneak past | elevate my |"
            " escalate my | escalate privileges | privilege escalation | give myself",
            _SECURITY,
        ),
        # getting back in after access was taken away: "my account was disabled but i still
        # need to log into the pacs at my old hospital"
        rule(
            "account was disabled | account is disabled | disabled account |"
            " account got disabled | account was deactivated | deactivated account |"
            " access was revoked | access revoked | access was removed | access got removed |"
            " no longer work there | dont work there anymore | my old hospital |"
            " my former hospital | my previous hospital | my old job | my former employer |"
            " after i left",
            "log in | login | log into | get in | get into | access | still need | still get |"
            " sign in | signin",
            _SYSTEMS + " | " + _PATIENT_DATA,
            unless="how do hospitals | policy | policies | offboarding | should be disabled",
        ),
        rule(_PEOPLE_TO_SNOOP_ON, _PATIENT_DATA, _LOOK),
        # looking at records for someone with no part in the care: "read a study for a family
        # friend", "pull up my cousin's scan as a favour"
        rule(
            _LOOK + " | pull up | look up | look at",
            _PATIENT_DATA + " | study | a study | patient | patients",
            "for a friend | for a family friend | for my friend | as a favor | as a favour |"
            " out of curiosity | just curious | for fun | for my family | for a relative |"
            " for a neighbour | for a neighbor",
        ),
        rule(_CONCEALED, _PATIENT_DATA + " | " + _SYSTEMS + " | patient | patients"),
        rule(
            "export | copy | download | send | upload | move | take | email | transfer | share |"
            " post | sell | save",
            "patient names | patient name | patient data | patient info | patient information |"
            " phi | patient records | patient images | with patient | identifiable | mrn |"
            " medical records | patients names | patients data | patient studies |"
            " patient scans | patient files | patient exams | studies | scans",
            "personal | my own | home | google drive | gdrive | dropbox | gmail | usb |"
            " thumb drive | flash drive | external drive | hard drive | take home | side project |"
            " outside | social media | instagram | facebook | tiktok | whatsapp | sell | icloud |"
            " onedrive | my laptop | my phone",
        ),
    ),
}

# the kinds in RULES' order: the first kind with a rule that fires is the answer
_TABLE = RuleTable((kind, r) for kind, rules in RULES.items() for r in rules)


def exam_names(knowledge: KnowledgeBase) -> frozenset[str]:
    """Words that name a certification exam in this knowledge base (ciip, cpsa, abii...)."""
    names: set[str] = set()
    for cert in knowledge.certifications.values():
        names.update(tokenize(cert.abbreviation))
        issuer = knowledge.terms.get(cert.issuer)
        if issuer is not None:
            names.update(tokenize(issuer.name))
    return frozenset(names)


# A modality followed by one of these words names a job ("a CT tech", "an MRI technologist"),
# not images of patients: "my coworker is a CT tech and wants to get into RIS" is a career story.
_MODALITIES = frozenset({"ct", "mri", "xray", "ray", "ultrasound", "mammography", "nuclear"})
_WORKERS = frozenset(
    {"tech", "techs", "technician", "technicians", "technologist", "technologists", "techie"}
)


def _without_job_titles(words: Sequence[str]) -> Sequence[str]:
    """The words with each modality that names a job title ("ct tech") left out."""
    if _WORKERS.isdisjoint(words):
        return words
    return [
        w
        for at, w in enumerate(words)
        if not (w in _MODALITIES and at + 1 < len(words) and words[at + 1] in _WORKERS)
    ]


def unsafe_kind(words: Sequence[str], exams: frozenset[str] = frozenset()) -> str | None:
    """Which kind of unsafe ask the words make: "audit", "forgery", "piracy",
    "impersonation", "cheating", "exam", "access" or None.

    ``exams`` are the words naming a certification exam (see ``exam_names``).
    """
    words = _without_job_titles(words)
    if not exams.isdisjoint(words):
        words = [*words, "|", EXAM]
    return next(iter(_TABLE.firing(words)), None)
