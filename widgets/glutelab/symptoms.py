"""The "sleepy glutes" symptom self-assessment: pure data and one function, no widgets.

Coaching articles list signs that supposedly betray weak or "asleep" glutes: knee pain, IT
band pain, hip and back pain, hamstring strains, a "dead butt", a dropping hip, leaning from
the waist, burning thighs, and sitting all day. For each sign this module says what the
coaches claim, what the sign may mean, what it does not mean, how strong the evidence for
the claim is, and which later lesson to study. A separate list holds red flags: symptoms
that need a doctor or physiotherapist before any self-testing or running.

Grading the claims
------------------
Each sign carries one claim, worded as the coaching articles make it, and a grade for the
evidence *behind that claim*:

``strong``
    consistent prospective or trial evidence supports it;
``moderate``
    several studies support it, but mostly cross-sectional or retrospective ones;
``weak``
    little support, only associations measured after the problem began, or better-designed
    studies point the other way (``direction`` says which);
``unproven``
    no study testing it was found.

``direction`` adds which way the evidence points: ``supports``, ``association only``,
``against`` or ``untested``.

Sources (status tags as in the course's evidence review: V = read in the source or its
abstract, S = secondary source only, M = unchecked)
------------------------------------------------------------------------------------------
* Rathleff et al. 2014, *Br J Sports Med*, doi:10.1136/bjsports-2013-093305 [V].
* Neal et al. 2019, *Br J Sports Med* 53:270 [V].
* *J Sci Med Sport* 2017 review, doi:10.1016/j.jsams.2016.09.002 (first author given as
  Mucha; the name is unchecked) [V].
* Aderem & Louw 2015, *BMC Musculoskelet Disord*, doi:10.1186/s12891-015-0808-7 [V].
* Sadler et al. 2019, *BMC Musculoskelet Disord*, doi:10.1186/s12891-019-2833-4 [V].
* Cooper et al. 2016, *Eur Spine J* 25:1258, doi:10.1007/s00586-015-4027-6 [V].
* Bramah et al. 2018, *Am J Sports Med* 46(12):3023, doi:10.1177/0363546518793657 [V].
* *Chiropr Man Therap* 2020, doi:10.1186/s12998-020-00344-3 [V].
* Lieberman et al. 2006, *J Exp Biol* 209:2143, doi:10.1242/jeb.02255 [V].
* Lequesne et al. 2008, *Arthritis Rheum* (30-s single-leg stance) [V].
* Green, Bourne, van Dyk, Pizzari 2020, *Br J Sports Med*, doi:10.1136/bjsports-2019-100983
  (abstract read: 78 prospective studies) [V].
* McGill, *Low Back Disorders* (origin of "gluteal amnesia") [S].
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "DIRECTIONS",
    "GRADES",
    "LESSONS",
    "RED_FLAGS",
    "SIGNS",
    "STATUS_LABELS",
    "Assessment",
    "RedFlag",
    "Sign",
    "Source",
    "assess",
    "red_flag",
    "sign",
]

#: Evidence grades, strongest first, with what each means for a claim.
GRADES = {
    "strong": "consistent prospective or trial evidence supports the claim",
    "moderate": "several studies support it, but mostly cross-sectional or retrospective ones",
    "weak": "little support, only links measured after the problem began, or better studies "
    "point the other way",
    "unproven": "no study testing the claim was found",
}

#: Which way the evidence points.
DIRECTIONS = ("supports", "association only", "against", "untested")

#: Status tags of a source, in words for learners.
STATUS_LABELS = {
    "V": "checked in the source",
    "S": "secondary source only; not checked in the original",
    "M": "unchecked",
}

#: The course's lessons by number (02 is this one).
LESSONS = {
    "01": "The gluteal complex (anatomy)",
    "02": "Sleepy-glute signs and self-tests",
    "03": "Feet, pronation and the hip chain",
    "04": "Hip extension through the stride",
    "05": "Cadence, step length and form",
    "06": "Activation and strength",
}


@dataclass(frozen=True)
class Source:
    """One citation and its status tag (``V``, ``S`` or ``M``, see :data:`STATUS_LABELS`)."""

    cite: str
    status: str

    def __post_init__(self) -> None:
        if self.status not in STATUS_LABELS:
            msg = f"unknown source status {self.status!r}"
            raise ValueError(msg)

    @property
    def flagged(self) -> str:
        """The citation with its status in words when it is not checked in the source."""
        if self.status == "V":
            return self.cite
        return f"{self.cite} ({STATUS_LABELS[self.status]})"


@dataclass(frozen=True)
class Sign:
    """One sign a learner may tick, with the teaching text shown when it is ticked.

    Attributes
    ----------
    id : str
        Stable key saved to the progress store.
    label : str
        The checkbox text.
    claim : str
        What coaching articles claim about the sign.
    may_mean : str
        What it may mean, in the light of the evidence.
    does_not_mean : str
        What it does not mean.
    grade : str
        Evidence behind the claim, one of :data:`GRADES`.
    direction : str
        Which way the evidence points, one of :data:`DIRECTIONS`.
    sources : tuple of Source
        The studies behind ``may_mean`` and ``does_not_mean`` (may be empty).
    lessons : tuple of str
        Later lessons to study, most useful first (keys of :data:`LESSONS`).
    lesson_why : str
        Why those lessons.
    """

    id: str
    label: str
    claim: str
    may_mean: str
    does_not_mean: str
    grade: str
    direction: str
    sources: tuple[Source, ...]
    lessons: tuple[str, ...]
    lesson_why: str

    def __post_init__(self) -> None:
        if self.grade not in GRADES:
            msg = f"{self.id}: unknown grade {self.grade!r}"
            raise ValueError(msg)
        if self.direction not in DIRECTIONS:
            msg = f"{self.id}: unknown direction {self.direction!r}"
            raise ValueError(msg)
        unknown = [key for key in self.lessons if key not in LESSONS]
        if unknown:
            msg = f"{self.id}: unknown lessons {unknown}"
            raise ValueError(msg)


@dataclass(frozen=True)
class RedFlag:
    """A symptom that needs a professional before running on it.

    ``urgent`` marks those that need medical help the same day rather than an appointment.
    """

    id: str
    label: str
    why: str
    urgent: bool = False


SIGNS: tuple[Sign, ...] = (
    Sign(
        id="knee_pain",
        label="Pain at the front of the knee, around the kneecap (runner's knee, "
        "patellofemoral pain)",
        claim="Weak or 'sleepy' glutes let the thigh roll inwards, and that causes runner's knee.",
        may_mean="People who already have runner's knee often test weaker at the hip. That "
        "weakness may follow the pain (people with a sore knee load the leg less) or be part "
        "of the picture; a physiotherapist can check what applies to you.",
        does_not_mean="It does not show that your glutes caused it. Studies that measured hip "
        "strength before anyone had knee pain found no link (Rathleff 2014); a meta-analysis "
        "of 18 studies with 4818 people agreed, and in teenagers stronger hip abductors even "
        "went with more knee pain (Neal 2019).",
        grade="weak",
        direction="against",
        sources=(
            Source("Rathleff et al. 2014, Br J Sports Med, doi:10.1136/bjsports-2013-093305", "V"),
            Source("Neal et al. 2019, Br J Sports Med 53:270", "V"),
        ),
        lessons=("03", "05"),
        lesson_why="Lesson 03 follows the chain from the foot to the hip; lesson 05 shows how "
        "step rate changes hip and knee loading.",
    ),
    Sign(
        id="itbs",
        label="Pain on the outside of the knee (IT band syndrome)",
        claim="IT band pain is a glute problem that is felt lower down.",
        may_mean="Runners who already had IT band syndrome tended to have weaker hip "
        "abduction (J Sci Med Sport 2017 review). In the single prospective study of a 2015 "
        "review, women who went on to develop it ran with more hip adduction (Aderem & Louw "
        "2015). How your hip moves may be part of the story.",
        does_not_mean="It does not show that weak glutes come first: almost all of these "
        "studies measured people once, after the pain had started. Pain on the outside of "
        "the knee can also come from other structures, which a clinician can tell apart.",
        grade="weak",
        direction="association only",
        sources=(
            Source(
                "J Sci Med Sport 2017 review, doi:10.1016/j.jsams.2016.09.002 (first author "
                "given as Mucha; name unchecked)",
                "V",
            ),
            Source(
                "Aderem & Louw 2015, BMC Musculoskelet Disord, doi:10.1186/s12891-015-0808-7", "V"
            ),
        ),
        lessons=("03", "05"),
        lesson_why="Lesson 03 looks at hip adduction and the foot-to-hip chain; lesson 05 at "
        "step rate, which changes how far the hip drops inwards.",
    ),
    Sign(
        id="hip_lateral",
        label="Pain on the outside of the hip, over the bony point (possible gluteal tendinopathy)",
        claim="Pain on the outside of the hip means the glutes are underactive and other "
        "muscles are doing their job.",
        may_mean="Pain over the bony point on the outside of the hip often comes from the "
        "tendons of gluteus medius and minimus (gluteal tendinopathy). Standing on that leg "
        "for 30 seconds is one of the tests clinicians use for it (Lequesne 2008): try the "
        "single-leg stance test in this lesson and note any pain, then show the result to a "
        "physiotherapist.",
        does_not_mean="It does not mean the muscles are 'asleep'. A sore tendon is usually "
        "one carrying more load than it can take at the moment, which is a different problem "
        "from a muscle that does not switch on. No study in the course's evidence review "
        "tested whether under-activity comes first.",
        grade="unproven",
        direction="untested",
        sources=(
            Source("Lequesne et al. 2008, Arthritis Rheum (30-s single-leg stance test)", "V"),
        ),
        lessons=("06", "03"),
        lesson_why="Lesson 06 covers strength work for the hip abductors; lesson 03 covers "
        "how far the thigh moves inwards in stance.",
    ),
    Sign(
        id="hip_front",
        label="An ache at the front of the hip or in the hip flexors",
        claim="The hip flexors tighten and ache because they compensate for weak glutes.",
        may_mean="An ache at the front of the hip can come from the hip flexor muscles and "
        "tendons, the hip joint itself or the groin. Which one it is takes an examination, "
        "not a checklist.",
        does_not_mean="No study in the course's evidence review shows that hip flexors ache "
        "because they make up for the glutes. Groin or front-of-hip pain that comes on when "
        "you bear weight and gets worse as you run is different: it can be a stress fracture, "
        "so tick it in the red flags and get it checked before running on it.",
        grade="unproven",
        direction="untested",
        sources=(),
        lessons=("04", "01"),
        lesson_why="Lesson 04 shows what the hip flexors and extensors do through the stride; "
        "lesson 01 where each muscle sits.",
    ),
    Sign(
        id="low_back",
        label="Lower back pain during or after running",
        claim="The lower back hurts because it has to work for weak glutes.",
        may_mean="In people with ongoing low back pain, gluteus medius tends to test weaker "
        "than in people without it: a review of 24 case-control studies found this trend "
        "(Sadler 2019), and a study of 150 patients and 75 controls also found a positive "
        "Trendelenburg sign more often in the patients (Cooper 2016).",
        does_not_mean="These studies compared people who already had back pain, so they "
        "cannot say whether the weakness came first, followed the pain or neither. Back pain "
        "with numbness in the leg, or with bladder or bowel changes, needs a doctor: see the "
        "red flags.",
        grade="weak",
        direction="association only",
        sources=(
            Source(
                "Sadler et al. 2019, BMC Musculoskelet Disord, doi:10.1186/s12891-019-2833-4", "V"
            ),
            Source("Cooper et al. 2016, Eur Spine J 25:1258, doi:10.1007/s00586-015-4027-6", "V"),
        ),
        lessons=("04", "06"),
        lesson_why="Lesson 04 shows the glutes' work around foot strike, where they steady the "
        "trunk; lesson 06 covers strength training.",
    ),
    Sign(
        id="hamstring_strain",
        label="A hamstring strain, now or in the past",
        claim="Hamstrings strain because they overwork when the glutes do not help with hip "
        "extension.",
        may_mean="The factors with the best evidence lie outside the glutes: older age and a "
        "previous hamstring strain, above all a recent one (Green 2020, a review of 78 "
        "prospective studies, mostly in field sports rather than distance running). If you "
        "have had one strain, that history matters more than any glute sign.",
        does_not_mean="No systematic evidence links weak or inactive glutes to hamstring "
        "strains; the course found no review that tested it.",
        grade="unproven",
        direction="untested",
        sources=(
            Source(
                "Green, Bourne, van Dyk, Pizzari 2020, Br J Sports Med, "
                "doi:10.1136/bjsports-2019-100983 (abstract)",
                "V",
            ),
        ),
        lessons=("04", "06"),
        lesson_why="Lesson 04 follows hip extension through the stride, where gluteus maximus "
        "and the hamstrings work together; lesson 06 covers strength work for both.",
    ),
    Sign(
        id="dead_butt",
        label="A 'dead', numb or switched-off feeling in the buttocks",
        claim="A dead-feeling buttock means 'gluteal amnesia': the muscles have forgotten how "
        "to fire.",
        may_mean="Paying little attention to a muscle can make it feel quiet, but a feeling is "
        "not a measure of muscle activity. True numbness or pins and needles in the buttock "
        "or leg is different: it can come from an irritated nerve and belongs with the red "
        "flags.",
        does_not_mean="'Gluteal amnesia' is a term from Stuart McGill's clinical work with "
        "back-pain patients, not a measured condition, and no systematic review supports it. "
        "Recordings show gluteus maximus working far harder in running than in walking "
        "(Lieberman 2006).",
        grade="unproven",
        direction="untested",
        sources=(
            Source("McGill, Low Back Disorders (origin of the term)", "S"),
            Source("Lieberman et al. 2006, J Exp Biol 209:2143, doi:10.1242/jeb.02255", "V"),
        ),
        lessons=("01", "06"),
        lesson_why="Lesson 01 shows what each gluteal muscle does; lesson 06 looks at what "
        "'activation' exercises do and do not change.",
    ),
    Sign(
        id="hip_drop",
        label="My hip drops on one side when I stand on one leg or run (Trendelenburg-like gait)",
        claim="A visible hip drop means a weak gluteus medius and sets you up for injury.",
        may_mean="Injured runners in one study ran with more drop of the pelvis on the side of "
        "the swinging leg than healthy runners (6.4° against 3.7° on average), and each "
        "extra degree went with about 1.9 times the odds of being in the injured group "
        "(Bramah 2018). A marked drop is worth a closer look.",
        does_not_mean="That study measured runners who were already injured, so it cannot "
        "show that the drop came first. Nor does a drop prove weak glutes: measured strength "
        "and pelvic motion were only weakly related, and practitioners watching the "
        "Trendelenburg test agreed poorly with 3D measurement (Chiropr Man Therap 2020). "
        "Judging yourself in a mirror is harder still.",
        grade="weak",
        direction="association only",
        sources=(
            Source(
                "Bramah et al. 2018, Am J Sports Med 46(12):3023, doi:10.1177/0363546518793657",
                "V",
            ),
            Source("Chiropr Man Therap 2020, doi:10.1186/s12998-020-00344-3", "V"),
        ),
        lessons=("03", "05", "06"),
        lesson_why="Lesson 03 follows the pelvis and thigh in the frontal plane; lesson 05 "
        "shows how step rate changes hip adduction; lesson 06 covers hip strength.",
    ),
    Sign(
        id="forward_lean",
        label="Leaning forward from the waist when running",
        claim="Bending at the waist shows that the glutes lack the power to hold you upright "
        "and drive you forward.",
        may_mean="Gluteus maximus does help stop the trunk pitching forward in running "
        "(Lieberman 2006), and injured runners in Bramah 2018 leaned forward more at "
        "mid-stance than healthy ones (12.0° against 9.5°).",
        does_not_mean="A lean does not prove weak glutes: fatigue, hills, speed and habit all "
        "change trunk angle, some forward lean is normal, and the injury link comes from one "
        "study of runners who were already injured.",
        grade="weak",
        direction="association only",
        sources=(
            Source("Lieberman et al. 2006, J Exp Biol 209:2143, doi:10.1242/jeb.02255", "V"),
            Source(
                "Bramah et al. 2018, Am J Sports Med 46(12):3023, doi:10.1177/0363546518793657",
                "V",
            ),
        ),
        lessons=("04", "05"),
        lesson_why="Lesson 04 shows how the hip extends through the stride and what steadies "
        "the trunk; lesson 05 covers posture cues and step rate.",
    ),
    Sign(
        id="thighs_burning",
        label="My quads or hamstrings burn or tire before anything else",
        claim="If your thighs burn, they are doing the work your glutes should do.",
        may_mean="The thigh muscles do a large share of the work in running, more so uphill "
        "and at speed, so a burning feeling mostly reflects effort, pace and fitness.",
        does_not_mean="A sensation cannot tell you which muscles are active, and the course "
        "found no study linking burning thighs to under-used glutes.",
        grade="unproven",
        direction="untested",
        sources=(),
        lessons=("04", "06"),
        lesson_why="Lesson 04 shows which muscles work when in the stride; lesson 06 covers "
        "strength for the whole chain.",
    ),
    Sign(
        id="sitting",
        label="I sit most of the day (desk work, driving)",
        claim="Sitting all day switches the glutes off, so they do not fire when you run.",
        may_mean="Long sitting means less movement overall, and any muscle that is rarely "
        "loaded can lose strength (deconditioning). That is plausible and is answered by "
        "general activity and strength work.",
        does_not_mean="No systematic review supports sitting-induced glute 'inhibition' or "
        "'amnesia'; the idea grew from clinical observation (McGill), not measurement. "
        "Nothing in the studies the course checked shows that sitting stops the glutes "
        "working once you run.",
        grade="unproven",
        direction="untested",
        sources=(Source("McGill, Low Back Disorders (origin of the term)", "S"),),
        lessons=("01", "06"),
        lesson_why="Lesson 01 shows what the glutes do; lesson 06 separates 'activation' from "
        "strength.",
    ),
)

RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        id="night_rest_pain",
        label="Pain at night or at rest that does not ease",
        why="Overuse pain from running usually eases with rest; pain that does not needs "
        "checking for other causes.",
    ),
    RedFlag(
        id="after_fall",
        label="Pain that started with a fall, a collision or a twist",
        why="An injury from a single event can damage bone, joint or ligament and needs "
        "examining before you load it.",
    ),
    RedFlag(
        id="numbness_weakness",
        label="Numbness, pins and needles or weakness in the leg",
        why="These can come from an irritated or compressed nerve, which needs a clinician's "
        "examination.",
    ),
    RedFlag(
        id="groin_weight_bearing",
        label="Groin or front-of-hip pain on weight bearing that gets worse as you run",
        why="This is a typical warning sign of a stress fracture near the hip, which can get "
        "much worse if you keep running on it.",
    ),
    RedFlag(
        id="swelling_fever",
        label="Swelling, heat or redness around a joint, or a fever",
        why="These can point to inflammation or infection rather than a training problem.",
    ),
    RedFlag(
        id="changes_walk",
        label="Pain that makes you limp or changes how you walk",
        why="Pain that changes your walking is more than a training niggle and needs examining.",
    ),
    RedFlag(
        id="bladder_bowel",
        label="Back pain with changes in bladder or bowel control, or numbness between the legs",
        why="Together these can mean pressure on the nerves at the base of the spine, which "
        "needs medical help the same day.",
        urgent=True,
    ),
)

_SIGNS = {s.id: s for s in SIGNS}
_FLAGS = {f.id: f for f in RED_FLAGS}


def sign(sign_id: str) -> Sign:
    """Return one sign by id.

    Raises
    ------
    ValueError
        If the id is unknown.
    """
    try:
        return _SIGNS[sign_id]
    except (KeyError, TypeError):
        msg = f"Unknown sign {sign_id!r}. Known signs: {', '.join(_SIGNS)}."
        raise ValueError(msg) from None


def red_flag(flag_id: str) -> RedFlag:
    """Return one red flag by id.

    Raises
    ------
    ValueError
        If the id is unknown.
    """
    try:
        return _FLAGS[flag_id]
    except (KeyError, TypeError):
        msg = f"Unknown red flag {flag_id!r}. Known red flags: {', '.join(_FLAGS)}."
        raise ValueError(msg) from None


@dataclass(frozen=True)
class Assessment:
    """What the ticked signs and red flags may mean.

    Attributes
    ----------
    explanations : tuple of Sign
        The ticked signs, in catalogue order, each with its teaching text.
    red_flags : tuple of RedFlag
        The ticked red flags, in catalogue order.
    red_flag_message : str
        Empty when no red flag is ticked; otherwise the message to show *first*.
    urgent : bool
        True when a ticked red flag needs medical help the same day.
    lessons : tuple of str
        Later lessons to study (keys of :data:`LESSONS`), most often suggested first; ties
        in lesson order. This lesson (02) is never suggested.
    summary : str
        A short overview in words.
    """

    explanations: tuple[Sign, ...]
    red_flags: tuple[RedFlag, ...]
    red_flag_message: str
    urgent: bool
    lessons: tuple[str, ...]
    summary: str

    @property
    def empty(self) -> bool:
        """True when nothing was ticked."""
        return not self.explanations and not self.red_flags


def _ids(values: Iterable[str] | str, lookup: dict, other: dict, kind: str) -> list[str]:
    if isinstance(values, str):
        values = (values,)
    seen: list[str] = []
    for value in values:
        if value not in lookup:
            hint = ""
            if value in other:
                hint = f" (that is a {'red flag' if kind == 'sign' else 'sign'}; pass it there)"
            msg = f"Unknown {kind} {value!r}{hint}. Known: {', '.join(lookup)}."
            raise ValueError(msg)
        if value not in seen:
            seen.append(value)
    return [key for key in lookup if key in seen]  # catalogue order


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _red_flag_message(flags: list[RedFlag]) -> str:
    if not flags:
        return ""
    if any(f.urgent for f in flags):
        return (
            "Get medical help today. One of the red flags you ticked can mean pressure on "
            "the nerves at the base of the spine; do not wait for an appointment and do not "
            "run. The rest of this page can wait."
        )
    return (
        "See a doctor or physiotherapist before running on it. You ticked "
        f"{_plural(len(flags), 'red flag')}: these are not 'sleepy glute' signs and no "
        "self-test here can rule out what they may point to. Leave the field tests in this "
        "lesson until you have been checked."
    )


def _summary(signs: list[Sign], flags: list[RedFlag], lessons: list[str]) -> str:
    if not signs and not flags:
        return (
            "You ticked nothing: none of the usual 'sleepy glute' signs applies to you right "
            "now. The field tests in this lesson are still worth trying, to know your "
            "baseline on each side."
        )
    parts = []
    if flags:
        parts.append(
            f"You ticked {_plural(len(flags), 'red flag')}; have that looked at first "
            "(see the message above)."
        )
    if signs:
        grades = Counter(s.grade for s in signs)
        counted = ", ".join(f"{grades[g]} {g}" for g in GRADES if grades[g])
        parts.append(
            f"You ticked {_plural(len(signs), 'sign')}. The evidence that under-active glutes "
            f"explain them is: {counted}."
        )
        if all(s.grade in ("weak", "unproven") for s in signs):
            parts.append(
                "None of these signs shows on its own that your glutes are 'asleep'; treat "
                "them as reasons to look closer, not as a diagnosis."
            )
    if lessons:
        first = lessons[0]
        parts.append(f"Start with lesson {first}, {LESSONS[first]}.")
    return " ".join(parts)


def assess(selected_ids: Iterable[str], red_flag_ids: Iterable[str] = ()) -> Assessment:
    """Explain the ticked signs and red flags.

    Parameters
    ----------
    selected_ids : iterable of str
        Ids from :data:`SIGNS`; duplicates are ignored, order does not matter.
    red_flag_ids : iterable of str
        Ids from :data:`RED_FLAGS`.

    Returns
    -------
    Assessment
        Explanations in catalogue order, a red-flag message (empty if none), suggested
        lessons and a summary.

    Raises
    ------
    ValueError
        If an id is unknown (the message lists the known ones).
    """
    sign_keys = _ids(selected_ids, _SIGNS, _FLAGS, "sign")
    flag_keys = _ids(red_flag_ids, _FLAGS, _SIGNS, "red flag")
    signs = [_SIGNS[k] for k in sign_keys]
    flags = [_FLAGS[k] for k in flag_keys]

    votes: dict[str, float] = {}
    for s in signs:
        for rank, key in enumerate(s.lessons):
            if key != "02":
                # a lesson listed first for a sign counts slightly more than one listed later
                votes[key] = votes.get(key, 0.0) + 1.0 + 0.1 / (rank + 1)
    lessons = sorted(votes, key=lambda key: (-votes[key], key))

    return Assessment(
        explanations=tuple(signs),
        red_flags=tuple(flags),
        red_flag_message=_red_flag_message(flags),
        urgent=any(f.urgent for f in flags),
        lessons=tuple(lessons),
        summary=_summary(signs, flags, lessons),
    )
