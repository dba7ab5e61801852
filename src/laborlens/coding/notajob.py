"""Postings that are not a codable job: schemes, paid surveys, training ads, services offered, people seeking work.

A transparent scorer: phrases with weights (each names its reason), combined with how little the title
looks like any job title. The result behaves like a probability; 0.5 is the flagging threshold.
"""

from __future__ import annotations

import math
import re
from functools import cache

# (pattern over lower-cased text, weight, reason)
SIGNALS: tuple[tuple[str, float, str], ...] = (
    (
        r"build (?:your|an?) (?:own )?(?:empire|business|team)|be your own boss and|financial freedom"
        r"|unlimited (?:income|earning)|residual income|passive income|if you(?:'| a)re average",
        2.0,
        "income scheme",
    ),
    (r"network marketing|multi[- ]level|mlm|pyramid|recruit (?:others|your friends)|downline", 2.5, "income scheme"),
    (r"(?:earn|make) \$?\d[\d,]*k? (?:to|-) \$?\d[\d,]*k?|six figures?|\$\d+k (?:to|-) \$\d+k", 1.0, "income claim"),
    (
        r"for (?:sharing )?your opinions?|paid (?:survey|study|focus group|research)|focus groups?"
        r"|surveys? (?:for|and) (?:cash|money)|participants? needed|research study",
        3.0,
        "paid survey or study",
    ),
    (
        r"scholarships?|grants?\b|tuition|enroll(?:ment)?|classes available|program includes courses|retraining"
        r"|career coaching|bootcamp|admission is|apply (?:to|for) (?:the|our) (?:program|course)",
        1.6,
        "training or coaching offer",
    ),
    (r"resume help|cover letter help|interview coaching", 1.6, "career services offer"),
    (
        r"(?:i|we) (?:am|are) (?:looking|seeking) (?:for )?(?:work|a job|employment)|available for (?:hire|work)"
        r"|need(?:ing)? (?:a )?(?:job|work)\b|will work for|for a (?:ridiculously )?low fee|my services|hire me"
        r"|(?:i|we) (?:can|will) (?:do|help with|fix|clean|move)",
        2.4,
        "person offering work or services",
    ),
    (
        r"free estimates?|licensed and insured|call (?:us|today) for|our services|best prices?|affordable rates",
        1.4,
        "advertisement for services",
    ),
    (
        r"investment (?:required|opportunity)|starter kit|registration fee|pay (?:a|the) fee|send (?:money|payment)",
        2.5,
        "asks the applicant to pay",
    ),
    (r"sugar (?:daddy|baby)|onlyfans|adult (?:work|entertainment)|escort", 3.0, "adult or personal ad"),
)

# Things real job ads say; any of them lowers the score once.
JOB_SIGNALS = re.compile(
    r"\b(?:benefits|401\(?k\)?|paid time off|pto|salary|hourly (?:rate|pay)|responsibilities|requirements"
    r"|qualifications|duties|shifts?|schedule|experience (?:required|preferred|with)|years of experience|we are hiring"
    r"|to apply|send (?:your )?resume|equal opportunity)\b"
)
_JOB_SIGNAL_WEIGHT = -1.2
_BIAS = -2.2  # with no signal and a job-like title, a posting is very likely a job
_TITLE_DISTANCE_WEIGHT = 1.8


@cache
def _compiled():
    return tuple((re.compile(rf"\b(?:{p})"), w, why) for p, w, why in SIGNALS)


def not_a_job_score(text: str, best_title_similarity: float) -> tuple[float, list[dict]]:
    """Probability-like score that a posting is not a codable job, and the reasons found.

    ``text`` is the title and description, lower-cased; ``best_title_similarity`` (0-1) is how well the
    title matched the best job title in the inventory.
    """
    total = _BIAS + _TITLE_DISTANCE_WEIGHT * (1.0 - min(max(best_title_similarity, 0.0), 1.0))
    if JOB_SIGNALS.search(text):
        total += _JOB_SIGNAL_WEIGHT
    reasons = []
    seen = set()
    for pattern, weight, why in _compiled():
        match = pattern.search(text)
        if match and why not in seen:
            seen.add(why)
            total += weight
            reasons.append({"reason": why, "phrase": match.group(0)})
    return 1.0 / (1.0 + math.exp(-total)), reasons
