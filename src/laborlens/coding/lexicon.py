"""Knowledge the O*NET titles lack: Craigslist section priors, and colloquial and Spanish job words.

Postings say "movers needed", "lawn guy", "limpieza" or "drive with Uber"; O*NET says "Laborers and
Freight, Stock, and Material Movers, Hand". Each lexicon entry maps a phrase (a regular expression over
lower-cased, accent-free text) to O*NET-SOC 2019 codes with a strength between 0 and 1. The section
priors say which SOC groups a Craigslist section usually holds: a prior, never a rule.
"""

from __future__ import annotations

import re
from functools import cache

# Craigslist jobs (jjj) and gigs (ggg) sections -> SOC code prefixes and how strongly each is expected.
SECTION_PRIORS: dict[str, tuple[str, dict[str, float]]] = {
    "acc": ("accounting/finance", {"13-2": 1.0, "43-3": 0.9, "11-3031": 0.7, "13-1": 0.3}),
    "ofc": ("admin/office", {"43": 1.0, "11-3012": 0.5, "13-1": 0.3}),
    "egr": (
        "architect/engineer/cad",
        {
            "17": 1.0,
            "11-9041": 0.7,
            "11-9021": 0.6,
            "27-1025": 0.5,
            "13-1051": 0.5,
            "47-1011": 0.4,
            "13-1041": 0.3,
            "43-4031": 0.3,
            "19": 0.3,
            "15": 0.2,
        },
    ),
    "med": ("art/media/design", {"27": 1.0, "15-1255": 0.6, "43-9031": 0.3}),
    "sci": ("science/biotech", {"19": 1.0, "17": 0.4, "29-2011": 0.4, "11-9121": 0.4}),
    "bus": (
        "business/mgmt",
        # many "business" postings sell (account managers, B2B sales): sales jobs are nearly as likely as managers
        {"11": 1.0, "13": 0.8, "41": 0.8, "43": 0.4, "53-1": 0.4, "51-1": 0.4, "35-1": 0.4, "37-1": 0.4},
    ),
    "csr": ("customer service", {"43-4": 1.0, "41-2": 0.4, "43-1": 0.4}),
    "edu": ("education/teaching", {"25": 1.0, "39-9011": 0.5, "21-1012": 0.4}),
    "etc": ("et cetera", {}),
    "fbh": ("food/beverage/hospitality", {"35": 1.0, "43-4081": 0.6, "39-6012": 0.4, "37-2012": 0.4}),
    "lab": ("general labor", {"53-7": 1.0, "47-2061": 0.9, "47-3": 0.7, "51": 0.6, "37": 0.5}),
    "gov": ("government", {"33": 0.6, "13-1041": 0.5, "43-4": 0.4, "11-1": 0.4, "23": 0.3}),
    "hea": ("healthcare", {"29": 1.0, "31": 1.0, "43-6013": 0.6, "21-1": 0.4, "11-9111": 0.5}),
    "hum": ("human resource", {"13-107": 1.0, "11-3121": 0.8, "43-4161": 0.8}),
    "lgl": ("legal/paralegal", {"23": 1.0, "43-6012": 0.8, "43-4031": 0.4}),
    "mnu": ("manufacturing", {"51": 1.0, "53-7": 0.6, "49": 0.5, "17-3": 0.3, "11-3051": 0.5}),
    "mar": ("marketing/advertising/pr", {"11-2": 1.0, "13-1161": 1.0, "27-3": 0.7, "41-3011": 0.6, "27-1024": 0.4}),
    "npo": ("nonprofit", {"21": 0.8, "13-1131": 0.8, "11-9151": 0.6, "25": 0.3}),
    "rej": ("real estate", {"41-902": 1.0, "11-9141": 0.9, "13-2020": 0.6, "43-4": 0.2}),
    "ret": ("retail/wholesale", {"41": 1.0, "53-7065": 0.6, "43-5": 0.4}),
    "sls": ("sales", {"41": 1.0, "11-2022": 0.6, "13-1161": 0.3}),
    "spa": ("salon/spa/fitness", {"39-5": 1.0, "39-9031": 0.9, "31-9011": 0.8}),
    "sec": ("security", {"33-9032": 1.0, "33-9": 0.8, "33-1": 0.4, "15-1212": 0.4}),
    "trd": ("skilled trades/artisan", {"47": 1.0, "49": 1.0, "51": 0.6, "27-1012": 0.4}),
    "sof": ("software/qa/dba/etc", {"15-12": 1.0, "15-1": 0.8}),
    "sad": ("systems/networking", {"15-12": 1.0, "15-1": 0.8}),
    "tch": ("technical support", {"15-123": 1.0, "15-12": 0.6, "49-2011": 0.4}),
    "trp": ("transportation", {"53": 1.0, "43-5": 0.4}),
    "tfr": ("tv/film/video/radio", {"27": 1.0}),
    "web": ("web/html/info design", {"15-125": 1.0, "15-12": 0.6, "27-1024": 0.6}),
    "wri": ("writing/editing", {"27-3": 1.0, "27-304": 1.0}),
    "cpg": ("computer gigs", {"15": 1.0, "27-1024": 0.4, "43-9021": 0.4}),
    "crg": ("creative gigs", {"27": 1.0}),
    "cwg": ("crew gigs", {"27-4": 1.0, "27-2": 0.6, "39-5091": 0.4}),
    "dmg": ("domestic gigs", {"37-2": 1.0, "39-9011": 0.8, "31-1122": 0.7, "39-2021": 0.6, "35-2": 0.3}),
    "evg": ("event gigs", {"35-3": 0.8, "39-3": 0.7, "27": 0.5, "41-9011": 0.5, "33-9032": 0.4}),
    "lbg": ("labor gigs", {"53-7": 1.0, "47": 0.9, "37": 0.8, "49-9071": 0.8, "53-3": 0.6, "45": 0.4, "49": 0.4}),
    "tlg": ("talent gigs", {"27-2": 1.0, "41-9012": 0.8, "27-4": 0.4}),
    "wrg": ("writing gigs", {"27-3": 1.0}),
}

# (pattern, {code: strength}). Patterns match whole words of lower-cased, accent-free text.
COLLOQUIAL: tuple[tuple[str, dict[str, float]], ...] = (
    # moving, loading, general labor
    (
        r"movers?|moving (?:help|job|crew|company)|help(?:er)? (?:me )?mov(?:e|ing)|move (?:a |my )?(?:couch|furniture"
        r"|boxes|stuff)|(?:un)?load(?:ing|ers?)?(?: a| the| my)? (?:truck|trailer|uhaul|u haul|pod|container)"
        r"|heavy lifting|furniture (?:moving|delivery)|mudanzas?",
        {"53-7062.00": 1.0},
    ),
    (
        r"(?:un)?load(?:ing)?|lifting|warehouse help|labor(?:ers?)?|general labor|laborers? needed|workers? needed"
        r"|help(?:ers?)? needed|extra hands|\d+ (?:man|men|guys?|people|workers)",
        {"53-7062.00": 0.6, "47-2061.00": 0.4},
    ),
    (
        r"construction (?:help|helpers?|labor(?:ers?)?|workers?|crew)|demo(?:lition)?|job ?site clean ?up"
        r"|ayudantes? de construccion|construccion",
        {"47-2061.00": 1.0},
    ),
    (
        r"handy ?m[ae]n|handy ?person|handy pros?|odd jobs|home repairs?|house projects|maintenance (?:man|guy)"
        r"|mantenimiento",
        {"49-9071.00": 1.0},
    ),
    # grounds, cleaning
    (
        r"lawns?|mow(?:ing|ed)?|yard ?work|landscap\w*|gardener|gardening|weeding|leaf removal|jardin\w*",
        {"37-3011.00": 1.0},
    ),
    (r"tree (?:trimm\w*|removal|work|cutting)|arborist", {"37-3013.00": 1.0}),
    (
        r"house ?clean\w*|home clean\w*|housekeep\w*|maids?|limpieza|limpiar|clean(?:ing)? (?:my |a )?"
        r"(?:house|home|apartment|condo)|move ?out clean\w*",
        {"37-2012.00": 1.0, "37-2011.00": 0.5},
    ),
    (
        r"janitor\w*|custodian|custodial|office clean\w*|commercial clean\w*|clean(?:ers?|ing)?(?: crew| staff)?",
        {"37-2011.00": 0.9, "37-2012.00": 0.6},
    ),
    (
        r"pressure wash\w*|power wash\w*|window wash\w*|window clean\w*|gutter clean\w*"
        r"|(?:hood|exhaust|duct|vent|hvac)[\s/-]+clean\w*",
        {"37-2019.00": 1.0},
    ),
    (
        r"junk removal|haul(?:ing)? (?:away|off|junk|trash)|trash (?:removal|pick ?up)|dump runs?",
        {"53-7081.00": 0.8, "53-7062.00": 0.5},
    ),
    # construction trades
    (r"drywall\w*|sheet ?rock|tape and float|mudding|taping", {"47-2081.00": 1.0, "47-2082.00": 0.5}),
    (r"paint(?:er|ers|ing|ed)?|pintor\w*|pintura", {"47-2141.00": 0.9}),
    (r"roof(?:er|ers|ing|s)?|shingles?|techos?|techeros?", {"47-2181.00": 1.0}),
    (r"concrete|cement|flatwork|foundation work|stucco", {"47-2051.00": 1.0, "47-2161.00": 0.3}),
    (r"plumb(?:er|ers|ing)|plomer\w*", {"47-2152.00": 1.0}),
    (r"electrician\w*|electrical work|electricista", {"47-2111.00": 1.0}),
    (r"carpent\w*|framing|framers?|trim work|cabinets?|carpinter\w*", {"47-2031.00": 1.0}),
    (
        r"tile (?:setter|installer|work|job)|tiling|floor(?:ing)? install\w*|laminate|hardwood floors?",
        {"47-2044.00": 0.8, "47-2042.00": 0.6},
    ),
    (r"brick ?lay\w*|masonry|mason|block work|albanil\w*", {"47-2021.00": 1.0}),
    (r"fenc(?:e|ing) (?:install\w*|repair|build\w*)|fence", {"47-4031.00": 0.8}),
    # "HVAC cleaning" is a cleaner's job (ducts, coils), not an HVAC mechanic's
    (r"hvac(?![\s/-]*(?:duct\s+)?clean)|a/?c repair|air condition\w*|heating and (?:air|cooling)", {"49-9021.00": 1.0}),
    (r"weld(?:er|ers|ing)|fabricat(?:or|ion)|soldador\w*", {"51-4121.00": 1.0}),
    (r"mechanic|auto repair|car repair|mecanic\w*", {"49-3023.00": 1.0}),
    (r"appliance repair", {"49-9031.00": 1.0}),
    (r"locksmith", {"49-9094.00": 1.0}),
    (r"upholster\w*", {"51-6093.00": 1.0}),
    (r"seamstress|sewing|alterations|tailor\w*|costurer\w*", {"51-6052.00": 0.8, "51-6031.00": 0.6}),
    # driving and delivery
    (r"uber|lyft|rideshare|ride ?share|taxi|cab driver", {"53-3054.00": 1.0, "53-3053.00": 0.5}),
    (r"chauffeur|shuttle driver", {"53-3053.00": 1.0}),
    (r"cdl|class a|tractor ?trailer|18 wheeler|otr|semi ?truck|truck driver|trucker", {"53-3032.00": 1.0}),
    (r"box truck|delivery driver|van driver|drivers?|chofer|conductor", {"53-3033.00": 0.7, "53-3031.00": 0.5}),
    (
        r"deliver(?:y|ies|ing)?|shop and deliver|shoppers?|doordash|instacart|grubhub|postmates",
        {"53-3031.00": 0.8, "43-5021.00": 0.4},
    ),
    (r"couriers?|messenger|runner|errands?", {"43-5021.00": 0.9}),
    # care work
    (
        r"caregivers?|care ?givers?|caretakers?|companion(?:ship)?|elderly care|senior care|home care|cuidador\w*",
        {"31-1122.00": 1.0, "31-1121.00": 0.6},
    ),
    (r"home health aides?|hha", {"31-1121.00": 1.0}),
    (r"cna|nursing assistant", {"31-1131.00": 1.0}),
    (r"nann(?:y|ies)|babysit\w*|baby ?sitter|child ?care|ninera", {"39-9011.00": 1.0}),
    (r"dog walk\w*|pet sit\w*|dog sit\w*|pet care|kennel", {"39-2021.00": 1.0}),
    (r"livestock|farm ?hand|ranch ?hand|horses?|cattle|chickens|goats|barn", {"45-2093.00": 1.0}),
    (r"farm work\w*|crop|harvest\w*|field ?work\w*", {"45-2092.00": 1.0}),
    # food, retail, hospitality
    (r"line cook|prep cook|short order|grill cook|cocinero\w*|cooks?", {"35-2014.00": 0.9, "35-2021.00": 0.4}),
    (r"dish ?wash\w*|lavaplatos", {"35-9021.00": 1.0}),
    (r"servers?|waiters?|waitress\w*|meser\w*", {"35-3031.00": 1.0}),
    (r"bartend\w*|bar back|barback", {"35-3011.00": 1.0}),
    (r"barista", {"35-3023.00": 1.0}),
    (r"cashiers?|cajer\w*", {"41-2011.00": 1.0}),
    (r"event staff|banquet staff|catering staff|event setup|set ?up crew", {"35-3041.00": 0.6, "39-3093.00": 0.4}),
    (r"security guards?|bouncers?|door ?man|seguridad", {"33-9032.00": 1.0}),
    (r"warehouse|order pick\w*|pickers?|stockers?|stocking|bodega|almacen", {"53-7065.00": 0.9, "53-7062.00": 0.5}),
    (
        r"fork ?lifts?|hi ?lo|reach truck|montacargas",
        {"53-7051.00": 1.0},
    ),
    (r"packers?|packing|packaging", {"53-7064.00": 0.8}),
    (r"brand ambassadors?|promoters?|promo (?:models?|staff)|product demo\w*|sampling", {"41-9011.00": 1.0}),
    (
        r"flyers?|fliers?|door hangers?|sign spinn\w*|leaflet\w*",
        {"41-9099.00": 0.7, "43-5021.00": 0.5, "41-9011.00": 0.5},
    ),
    (r"telemarket\w*|cold call\w*|appointment sett\w*", {"41-9041.00": 1.0}),
    # In sales, "account manager/executive" is a selling job, not a manager's (SOC codes it as sales).
    (
        r"(?:sales )?account (?:manager|executive|rep\w*)|outside sales|inside sales|b2b sales|b2b|sales reps?"
        r"|sales associates?|sales people|salespe\w*|business development rep\w*",
        {"41-4011.00": 0.5, "41-3091.00": 0.7, "41-4012.00": 0.5},
    ),
    # O*NET has no "Assistant Manager"; a posting titled just that is nearly always a store's or a restaurant's
    # second in charge, a first-line supervisor (the nearest O*NET title is "Credit Assistant Manager"). Only the
    # bare title: "Hotel Assistant Manager" or "Assistant Manager - Accounting" says which manager.
    (
        r"^(?:assistant (?:store |shop |retail |restaurant )?managers?|asst (?:store )?managers?)$",
        {"41-1011.00": 0.7, "35-1012.00": 0.6, "11-1021.00": 0.3},
    ),
    (r"call center|customer service|customer support|csr", {"43-4051.00": 1.0}),
    # Permit expediters file building-permit applications with a city's buildings department (New York's
    # DOB registers them as "filing representatives"): permit clerks and regulatory specialists, not
    # production expediters or engineers.
    (
        r"permit (?:expedit\w*|runners?)|filing representatives?|(?:dob|building department) expedit\w*",
        {"43-4031.00": 0.9, "13-1041.07": 0.7},
    ),
    (r"data entry", {"43-9021.00": 1.0}),
    # talent and creative gigs
    (r"actors?|actress\w*|extras|background (?:actors?|talent)|casting|audition\w*|talent", {"27-2011.00": 1.0}),
    (r"models?|modeling", {"41-9012.00": 0.9}),
    (r"photograph\w*", {"27-4021.00": 1.0}),
    (r"videograph\w*|video edit\w*|camera operator", {"27-4031.00": 0.8, "27-4032.00": 0.5}),
    (r"musicians?|singers?|band|dj", {"27-2042.00": 1.0}),
    (r"tutor\w*|homework help", {"25-3041.00": 1.0}),
    (r"teach english|esl|english teacher", {"25-3011.00": 1.0}),
    (r"hair ?stylist|hairdresser|barber", {"39-5012.00": 0.9, "39-5011.00": 0.7}),
    (r"nail tech\w*|manicur\w*", {"39-5092.00": 1.0}),
    (r"massage", {"31-9011.00": 1.0}),
)


@cache
def _compiled() -> tuple[tuple[re.Pattern, dict[str, float]], ...]:
    return tuple((re.compile(rf"\b(?:{pattern})\b"), codes) for pattern, codes in COLLOQUIAL)


def lexicon_matches(text: str) -> list[tuple[str, str, float]]:
    """(matched phrase, code, strength) for every lexicon entry found in lower-cased, accent-free text."""
    found = []
    for pattern, codes in _compiled():
        match = pattern.search(text)
        if match:
            found.extend((match.group(0), code, strength) for code, strength in codes.items())
    return found


def section_prior(category: str | None, code: str) -> float:
    """How strongly a Craigslist section suggests a code's SOC group (0 when it says nothing)."""
    if not category or category not in SECTION_PRIORS:
        return 0.0
    prefixes = SECTION_PRIORS[category][1]
    return max((weight for prefix, weight in prefixes.items() if code.startswith(prefix)), default=0.0)


# Employers everyone knows, by the work most of their hourly staff do: someone who writes "I worked at
# McDonald's" has said "fast food restaurant", which O*NET's tasks can read. Only names that are not also
# everyday words ("Target", "Subway", "Five Guys", "Whole Foods") or employers of every kind of worker
# ("Amazon"); in a person's own words only after "at", "for" or "with" ("I babysat Wendy's kids" is not work
# at Wendy's).
_APOSTROPHE = "['\u2019]?"
EMPLOYER_INDUSTRIES: tuple[tuple[str, str], ...] = (
    (
        r"mc ?donald{a}s|burger king|wendy{a}s|taco bell|kfc|chick-?fil-?a|popeyes|jack in the box|arby{a}s"
        r"|whataburger|in-?n-?out|domino{a}s|pizza hut|papa john{a}s|little caesars|chipotle|panda express"
        r"|dairy queen|carl{a}s jr|hardee{a}s|white castle",
        "fast food restaurant",
    ),
    (r"starbucks|dunkin{a}(?: donuts)?|tim hortons", "coffee shop"),
    (
        r"wal-?mart|costco|sam{a}s club|dollar general|dollar tree|family dollar|kohl{a}s|macy{a}s|tj ?maxx"
        r"|marshalls|home depot|lowe{a}s|walgreens|cvs pharmacy|rite aid",
        "retail store",
    ),
    (r"kroger|safeway|publix|aldi|h-?e-?b|meijer|albertsons|wegmans|trader joe{a}s", "grocery store"),
    (r"applebee{a}s|olive garden|denny{a}s|ihop|waffle house|red lobster|cracker barrel", "restaurant"),
)


@cache
def _employer_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple(
        (re.compile(rf"\b(?:{pattern.format(a=_APOSTROPHE)})(?!\w)", re.IGNORECASE), kind)
        for pattern, kind in EMPLOYER_INDUSTRIES
    )


def employer_industry(employer: str | None) -> str | None:
    """The kind of workplace of a well-known employer named in an employer field, else None.

    >>> employer_industry("McDonald's #1234")
    'fast food restaurant'
    """
    for pattern, kind in _employer_patterns():
        if employer and pattern.search(employer):
            return kind
    return None


_WORKPLACE_CUE = re.compile(r"\b(?:at|for|with)\s+(?:the\s+)?$", re.IGNORECASE)


def with_employer_industries(text: str) -> str:
    """The text with the kind of workplace written after each well-known employer worked at or for.

    >>> with_employer_industries("I worked at McDonald's making burgers")
    "I worked at McDonald's (fast food restaurant) making burgers"
    """
    for pattern, kind in _employer_patterns():

        def annotate(match: re.Match, kind: str = kind) -> str:
            cued = _WORKPLACE_CUE.search(match.string, max(0, match.start() - 12), match.start())
            already = match.string.startswith(" (", match.end())
            return f"{match.group(0)} ({kind})" if cued and not already else match.group(0)

        text = pattern.sub(annotate, text)
    return text
