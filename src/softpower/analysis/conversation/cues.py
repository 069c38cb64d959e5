"""The product's own vocabulary of seller acts and buyer signals, as lexicon cues.

The annotated corpora we can train on label persuasion and negotiation
strategies, not the acts a sales coach talks about (open discovery question,
pitch, pressure, discount, joint plan...). Those acts are defined here as
regular-expression cues written from the pull-selling vocabulary, so every
detection can name the exact words that triggered it. Each cue pattern is
matched case-insensitively against one sentence.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class SellerAct(enum.StrEnum):
    """What a seller does in a sentence."""

    OPEN_QUESTION = "open_question"
    CLOSED_QUESTION = "closed_question"
    LISTENING = "listening"  # acknowledge, summarise, confirm
    OUTCOME_TALK = "outcome_talk"  # the customer's results, not our product
    PITCH = "pitch"  # features, our company, our product
    PRESSURE = "pressure"  # deadlines, end of quarter, sign today
    DISCOUNT = "discount"  # discount or concession
    RAPPORT = "rapport"
    NEXT_STEP = "next_step"  # next step and joint plan


class BuyerSignal(enum.StrEnum):
    """What a customer reveals in a sentence."""

    COMPELLING_NEED = "compelling_need"
    STATUS_QUO = "status_quo"
    FEAR_OF_FAILURE = "fear_of_failure"
    CONSENSUS_GAP = "consensus_gap"
    PRIORITY = "priority"
    BUDGET = "budget"
    TIMELINE = "timeline"
    OBJECTION = "objection"
    COMPETITOR = "competitor"


PULL_ACTS = frozenset(
    {
        SellerAct.OPEN_QUESTION,
        SellerAct.LISTENING,
        SellerAct.OUTCOME_TALK,
        SellerAct.RAPPORT,
        SellerAct.NEXT_STEP,
    }
)
PUSH_ACTS = frozenset({SellerAct.PITCH, SellerAct.PRESSURE, SellerAct.DISCOUNT})


@dataclass(frozen=True, slots=True)
class CueMatch:
    """One cue that fired: the label, the matched words and their span in the sentence."""

    label: str
    cue: str
    start: int
    end: int


def _compile(*alternatives: str) -> re.Pattern[str]:
    """Cue patterns are lower case and matched against the lower-cased sentence (2-3x faster than IGNORECASE)."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


def _compile_any_case(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


# Questions are recognised by form first (see `question_kind`), these only widen it.
_OPEN_STARTERS = _compile_any_case(
    r"what",
    r"how(?! (?:many|much|long|often)\b)",
    r"why",
    r"who",  # who else, who would, who decides: the answer is people and their story
    r"tell me",
    r"walk me through",
    r"describe",
    r"help me understand",
    r"talk me through",
    r"can you (?:tell|describe|explain|walk|share)",
    r"could you (?:tell|describe|explain|walk|share)",
    r"in what way",
    r"which (?:challenges|problems|goals)",
)
_CLOSED_STARTERS = _compile_any_case(
    r"do",
    r"does",
    r"did",
    r"is",
    r"are",
    r"was",
    r"were",
    r"can",
    r"could",
    r"would",
    r"will",
    r"have",
    r"has",
    r"had",
    r"should",
    r"shall",
    r"may",
    r"am",
    r"isn't",
    r"aren't",
    r"don't",
    r"doesn't",
    r"won't",
    r"when",
    r"where",
    r"which",
    r"how (?:many|much|long|often)",
    r"any",
)
_WH_ANYWHERE = re.compile(
    r"^\W*(?:so|and|but|okay|ok|well|right|now)?[,\s]*(\w+(?:\s\w+){0,3})", re.IGNORECASE
)
# "Michael, what made ..." / "Priya and Laura, how ...": the people addressed, then the question
_ADDRESSED = re.compile(r"^\W*[A-Z][\w'-]*(?:\s(?:and\s)?[A-Z][\w'-]*){0,2},\s*")
# "How are you?", "How's it going?", "How was your weekend?": a greeting asks nothing to discover
_GREETING = re.compile(
    r"how(?: are| is|'s|'re| have| was)? (?:you|ya|it going|things|everything|your (?:day|week|"
    r"weekend|morning|evening|night))(?: been)?(?: doing)?(?: today| this \w+| tonight| so far)?"
    r"\W*$",
    re.IGNORECASE,
)

SELLER_CUES: dict[SellerAct, re.Pattern[str]] = {
    SellerAct.LISTENING: _compile(
        r"(?:so )?(?:what )?i(?:'m| am) hearing(?: is)?",
        r"if i understand(?: you)?(?: correctly)?",
        r"it sounds like",
        r"sounds like",
        r"let me (?:make sure|summari[sz]e|recap|play (?:that|it) back)",
        r"to summari[sz]e",
        r"so you(?:'re| are) saying",
        r"in other words",
        r"did i get that right",
        r"is that (?:right|correct|fair)",
        r"that makes sense",
        r"i (?:hear|understand|see) (?:you|that|what you)",
        r"that(?:'s| is) (?:a )?(?:fair|good|great) (?:point|question)",
        r"you mentioned",
        r"you said",
        r"correct me if",
        r"got it",
        r"i see",
        r"makes sense",
    ),
    SellerAct.OUTCOME_TALK: _compile(
        r"your (?:goals?|objectives?|outcomes?|results?|priorit(?:y|ies)|customers?|team'?s? goals?|targets?|kpis?|strategy|plans?|board|growth|revenue)",
        r"for you(?:r (?:team|business|company))?(?: to)? (?:achieve|reach|hit|grow|reduce|save|win)",
        r"(?:help|helps|helping) you (?:to )?(?:achieve|reach|hit|grow|reduce|save|cut|win|get)",
        r"what (?:success|good) (?:looks|would look) like",
        r"measure success",
        r"business case",
        r"return on (?:your )?investment",
        r"(?:reduce|cut|lower) your (?:costs?|churn|risk|time)",
        r"(?:grow|increase|improve) your",
        r"desired outcome",
        r"work backwards?",
    ),
    SellerAct.PITCH: _compile(
        r"our (?:product|platform|solution|software|tool|feature|features|company|technology|offering|team|customers|clients|roadmap|release|version|engine|module|suite)",
        r"we (?:offer|provide|have|built|launched|released|support|integrate|are the|were named|won|deliver|can do)",
        r"(?:industry|market)[- ]leading",
        r"best[- ]in[- ]class",
        r"state[- ]of[- ]the[- ]art",
        r"award[- ]winning",
        r"cutting[- ]edge",
        r"world[- ]class",
        r"(?:new|latest|unique|powerful|key) features?",
        r"out of the box",
        r"let me (?:show|demo|walk you through our)",
        r"(?:a )?demo of",
        r"it (?:also )?(?:comes with|includes|supports|integrates)",
        r"leader in",
        r"fortune 500",
        r"our (?:\w+ )?(?:dashboard|api|analytics|ai)",
        r"the beauty of (?:it|this|our)",
        r"(?:so|really|very|incredibly) (?:intuitive|easy to use|simple to use)",
    ),
    SellerAct.PRESSURE: _compile(
        r"end of (?:the )?(?:quarter|month|year)",
        r"(?:sign|commit|decide|close)(?: it)? (?:today|this week|by friday|now|before)",
        r"(?:offer|price|pricing|deal|discount) (?:expires|ends|is only valid|is valid until|won't last)",
        r"only valid (?:until|till|through)",
        r"limited[- ]time",
        r"last chance",
        r"before (?:the )?price (?:goes up|increases)",
        r"price (?:goes up|increase)",
        r"need (?:an answer|a decision|your signature|you to sign)",
        r"deadline (?:to|for) (?:sign|decide|commit|order|the (?:offer|discount|price))",
        r"act now",
        r"don't miss",
        r"(?:slots?|spots?) (?:are )?(?:filling|limited)",
        r"by end of (?:day|week)",
        r"(?:need|want) to get this (?:signed|done|closed)",
        r"get (?:it|this) (?:signed|closed|over the line)",
        r"(?:quarter|month|year)[- ]end (?:price|pricing|deadline|discount|offer|deal)",
        r"our (?:fiscal )?(?:quarter|year)[- ]end",
        r"(?:start|get) (?:the )?paperwork (?:now|started|going|signed|done)",
        r"(?:days?|weeks?|hours?) left (?:in|before) (?:the|our|this) (?:quarter|month|year|offer|promotion|sale)",
        r"(?:days?|weeks?|hours?) left to (?:lock|sign|buy|order|claim|take advantage)",
        r"lock in (?:the|this|your|that|our) (?:\d+ ?% )?(?:price|pricing|discount|rate|offer|deal|savings)",
    ),
    SellerAct.DISCOUNT: _compile(
        r"discount(?:s|ed)?",
        r"\d+ ?(?:%|percent) off",
        r"(?:special|best|reduced|lower) (?:price|pricing|rate|offer)",
        r"throw in",
        r"free (?:of charge|months?|licen[cs]es?|upgrade|training|trial)",
        r"(?:waive|waiving|waived) (?:the )?(?:fee|fees|setup)",
        r"price (?:cut|reduction|match)",
        r"knock (?:off|down)",
        r"sweeten(?: the deal)?",
        r"can do better on (?:the )?price",
        r"meet you (?:halfway|in the middle)",
        r"concession",
        r"(?:lower|drop|reduce) (?:the|our) price",
    ),
    SellerAct.RAPPORT: _compile(
        r"how (?:are|have) you(?: been| doing)?",
        r"how was your (?:weekend|week|holiday|trip|day)",
        r"great to (?:see|meet|hear from) you",
        r"nice to (?:see|meet|hear from) you",
        r"good to (?:see|meet|hear from) you",
        r"thanks? (?:you )?(?:so much )?for (?:your|taking|making) time",
        r"congratulations",
        r"congrats",
        r"hope (?:you(?:'re| are)|all is) well",
        r"i appreciate",
        r"glad to hear",
    ),
    SellerAct.NEXT_STEP: _compile(
        r"next steps?",
        r"(?:let's|let us|shall we|should we|can we|could we) (?:schedule|set up|book|plan|agree|meet|map out|put together|align|loop in|involve|bring in)",
        r"joint (?:plan|action plan|evaluation plan|timeline)",
        r"mutual (?:action )?plan",
        r"follow[- ]up (?:call|meeting|with)",
        r"i(?:'ll| will) (?:send|share|set up|circle back|follow up)",
        r"(?:you|we) (?:could|can) (?:involve|invite|loop in)",
        r"who else should (?:we|be)",
        r"work (?:together|with you) on",
        r"plan (?:together|with you)",
        r"by when",
        r"timeline together",
    ),
}

BUYER_CUES: dict[BuyerSignal, re.Pattern[str]] = {
    BuyerSignal.COMPELLING_NEED: _compile(
        r"(?:we|i) (?:need|have) to (?:fix|solve|change|replace|reduce|cut|stop|improve)",
        r"(?:costing|cost) us",
        r"losing (?:money|customers|deals|time|revenue|people)",
        r"can't (?:keep|continue|go on|afford to wait)",
        r"pain(?:ful| point)?",
        r"(?:big|real|major|huge) (?:problem|issue|headache)",
        r"struggl(?:e|ing)",
        r"broken",
        r"(?:missed|missing) (?:opportunit(?:y|ies)|targets?|deadlines?)",
        r"falling behind",
        r"urgent(?:ly)?",
        r"bottleneck",
        r"churn(?:ing)?",
        r"too (?:slow|expensive|manual)",
        r"(?:manual|spreadsheet) (?:work|process)",
    ),
    BuyerSignal.STATUS_QUO: _compile(
        r"works? (?:well|fine|ok|okay)(?: enough)?",
        r"good enough",
        r"(?:happy|fine|comfortable|satisfied) with (?:what|our current|the current|how)",
        r"not (?:a|the) (?:priority|problem) (?:right now|at the moment)?",
        r"(?:don't|do not) see (?:the )?need",
        r"if it ain't broke",
        r"(?:we've|we have) always done it",
        r"no (?:real )?need to change",
        r"(?:current|existing) (?:system|process|vendor|tool) (?:is|works)",
        r"not broken",
        r"(?:wait|hold off) (?:and see|until next year)",
    ),
    BuyerSignal.FEAR_OF_FAILURE: _compile(
        r"(?:my|our) (?:neck|head|job|reputation) (?:is )?on the line",
        r"(?:risky|risk|risks)",
        r"(?:worried|afraid|nervous|concerned|scared)",
        r"(?:last|previous) (?:time|project|rollout|implementation) (?:failed|went badly|was a disaster)",
        r"(?:can't|cannot) afford (?:to|a) (?:fail|mistake|another)",
        r"burned before",
        r"what if it (?:fails|doesn't work)",
        r"blame",
        r"disrupt(?:ion|ive)?",
    ),
    BuyerSignal.CONSENSUS_GAP: _compile(
        r"(?:need|have) to (?:check|talk|run it by|run this by|get (?:buy[- ]in|approval|sign[- ]off)) (?:with|from)?",
        r"(?:check|run it|run this) (?:with|by)",
        # sentences are matched lower-cased, so IT the department is named with its team:
        # a bare "it will" is the pronoun
        r"(?:finance|procurement|legal|(?:the )?it (?:team|department|folks|people|side)|security|the board|my boss|my manager|leadership|the cfo|the cio|the ceo) (?:will|would|needs?|has to|must|won't|isn't|aren't|might)",
        r"not everyone (?:is|agrees)",
        r"(?:other|another) (?:department|team)s?",
        r"(?:push ?back|pushback) from",
        r"(?:disagree|disagreement|politics|political)",
        r"(?:not|isn't|aren't) (?:on board|aligned|convinced)",
        r"buy[- ]in",
        r"sign[- ]off",
        r"stakeholders?",
    ),
    BuyerSignal.PRIORITY: _compile(
        r"(?:top|key|main|number one|biggest|strategic) (?:priority|priorities|goal|goals|initiative|initiatives|focus|objective)",
        r"priorit(?:y|ies|ise|ize)",
        r"initiative",
        r"(?:board|ceo|leadership) (?:has )?(?:asked|mandated|wants)",
        r"this year'?s? (?:goal|plan|focus)",
        r"okrs?",
        r"strategic plan",
    ),
    BuyerSignal.BUDGET: _compile(
        r"budget(?:s|ed|ing)?",
        r"(?:can't|cannot|couldn't) afford",
        r"(?:too )?expensive",
        r"(?:price|pricing|cost)s?",
        r"funding",
        r"(?:capex|opex)",
        r"spend(?:ing)?",
        r"\$ ?\d[\d,.]*\s?(?:k|m|million|thousand)?",
        r"\d[\d,.]* ?(?:dollars|euros|eur|usd)",
    ),
    BuyerSignal.TIMELINE: _compile(
        r"by (?:q[1-4]|january|february|march|april|may|june|july|august|september|october|november|december|the end of|next (?:year|quarter|month))",
        r"deadline",
        r"go[- ]live",
        r"(?:launch|rollout|roll out|migration|renewal|contract) (?:is |date |in |by |expires)",
        r"(?:this|next) (?:quarter|fiscal year|year)",
        r"(?:in|within) (?:\d+|two|three|six) (?:weeks|months)",
        r"(?:before|until) (?:the )?(?:audit|renewal|launch|merger|season)",
        r"fiscal year",
        r"q[1-4]",
    ),
    BuyerSignal.OBJECTION: _compile(
        r"(?:too|very) (?:expensive|complex|complicated|slow|risky)",
        r"(?:not|n't) (?:sure|convinced|interested|ready)",
        r"(?:doesn't|does not|won't|will not) (?:work|fit) for us",
        r"(?:concern|concerns|problem|issue) (?:is|with)",
        r"i (?:don't|do not) (?:think|see|believe)",
        r"we (?:already|just) (?:have|bought|signed)",
        # "but it", "but we" open half of all spoken sentences: an objection names what is wrong
        r"(?:but|however)[, ]+(?:the|your) (?:price|cost|costs|pricing|timing|timeline|risk|contract|terms|integration|rollout|roi)",
        r"(?:but|however)[, ]+(?:we|i) (?:can't|cannot|don't|do not|won't|aren't|are not|couldn't)",
        r"(?:hard|difficult) to justify",
        r"no (?:budget|time|need)",
    ),
    BuyerSignal.COMPETITOR: _compile(
        r"competitors?",
        r"(?:another|other|alternative) (?:vendors?|suppliers?|providers?|options?|solutions?)",
        r"(?:looking at|evaluating|comparing|talking to) (?:other|others|alternatives|\w+ as well)",
        r"(?:salesforce|hubspot|oracle|sap|microsoft|workday|servicenow)",
        r"(?:cheaper|better) (?:offer|quote|deal) from",
        r"(?:rfp|tender|shortlist)",
    ),
}


_IMPERATIVE = re.compile(
    r"(?:tell me|walk me through|describe|help me understand|talk me through)\b", re.IGNORECASE
)


def question_kind(sentence: str) -> SellerAct | None:
    """OPEN_QUESTION, CLOSED_QUESTION, or None when the sentence is not a question."""
    cue = question_cue(sentence)
    return SellerAct(cue.label) if cue is not None else None


def question_cue(sentence: str) -> CueMatch | None:
    """The question act of a sentence and the words that make it that act, or None.

    A sentence is a question when it ends with `?` or opens with an open-question
    phrase ("tell me", "walk me through"). Open means the answer cannot be a
    yes/no or a single fact: what, how, why, who, tell me, describe. The people
    addressed first ("Michael, what ...") do not hide the question word, and a
    greeting ("Hi, how are you today?") is a question but discovers nothing.
    The cue is the opening words ("What", "walk me through", "Do"); a closed
    question with no such word is cued by its question mark.
    """
    stripped = sentence.strip()
    offset = len(sentence) - len(sentence.lstrip())
    addressed = _ADDRESSED.match(stripped)
    asked_at = addressed.end() if addressed else 0
    asked = stripped[asked_at:]
    head_match = _WH_ANYWHERE.match(asked)
    head = head_match.group(1) if head_match else stripped
    head_at = offset + (asked_at + head_match.start(1) if head_match else 0)
    opener = None if _GREETING.search(asked) else _OPEN_STARTERS.match(head)
    if stripped.endswith("?"):
        if opener is not None:
            return _cue(SellerAct.OPEN_QUESTION, sentence, head_at, head_at + opener.end())
        closer = _CLOSED_STARTERS.match(head)
        if closer is not None:
            return _cue(SellerAct.CLOSED_QUESTION, sentence, head_at, head_at + closer.end())
        mark = offset + len(stripped) - 1
        return _cue(SellerAct.CLOSED_QUESTION, sentence, mark, mark + 1)
    imperative = _IMPERATIVE.match(head)
    if imperative is not None:
        return _cue(SellerAct.OPEN_QUESTION, sentence, head_at, head_at + imperative.end())
    return None


def _cue(act: SellerAct, sentence: str, start: int, end: int) -> CueMatch:
    return CueMatch(str(act), sentence[start:end], start, end)


def _all_matches(
    patterns: dict[SellerAct, re.Pattern[str]] | dict[BuyerSignal, re.Pattern[str]], sentence: str
) -> list[CueMatch]:
    found: list[CueMatch] = []
    lowered = sentence.lower()
    same_length = len(lowered) == len(sentence)
    for label, pattern in patterns.items():
        match = (
            pattern.search(lowered)
            if same_length
            else re.search(pattern.pattern, sentence, re.IGNORECASE)
        )
        if match is not None:
            found.append(
                CueMatch(
                    str(label), sentence[match.start() : match.end()], match.start(), match.end()
                )
            )
    return found


# "nobody is asked to decide before the evidence is in" takes pressure away.
_NO_PRESSURE = re.compile(
    r"\b(?:nobody|no one|no pressure|no rush|never|not (?:asking|going to (?:push|rush)))\b",
    re.IGNORECASE,
)


def seller_act_cues(sentence: str) -> list[CueMatch]:
    """Every seller act the sentence shows, each with the words that show it.

    Two overrides keep the acts honest: pressure that the sentence itself
    denies is no pressure, and an acknowledgement that turns into a pitch
    ("I hear you, and that's the beauty of it...") is a pitch, not listening.
    """
    found: list[CueMatch] = []
    question = question_cue(sentence)
    if question is not None:
        found.append(question)
    found.extend(_all_matches(SELLER_CUES, sentence))
    acts = {cue.label for cue in found}
    if SellerAct.PRESSURE in acts and _NO_PRESSURE.search(sentence):
        found = [cue for cue in found if cue.label != SellerAct.PRESSURE]
    if SellerAct.LISTENING in acts and SellerAct.PITCH in acts:
        found = [cue for cue in found if cue.label != SellerAct.LISTENING]
    return found


def buyer_signal_cues(sentence: str) -> list[CueMatch]:
    """Every buyer signal the sentence shows, each with the words that show it."""
    return _all_matches(BUYER_CUES, sentence)
