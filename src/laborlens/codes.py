"""Occupation codes: the one place that knows O*NET-SOC 2019, SOC 2018 and O*NET-SOC 2010 code rules.

``parse_code`` checks syntax only. ``resolve_code`` also consults the loaded taxonomy: it turns any
accepted code into the O*NET-SOC 2019 occupation codes it stands for, and says when it translated.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from laborlens.errors import CodeError

ONET_SOC_2019 = "O*NET-SOC 2019"
SOC_2018 = "SOC 2018"
ONET_SOC_2010 = "O*NET-SOC 2010"

_CODE_RE = re.compile(r"^(\d{2})-?(\d{4})(?:\.?(\d{2}))?$")
_EXAMPLE = "expected a code like '53-7062.00' (O*NET-SOC) or '53-7062' (SOC)"


@dataclass(frozen=True)
class ParsedCode:
    """A syntactically valid code: ``soc`` is 'XX-XXXX'; ``onet`` is 'XX-XXXX.XX' or None."""

    soc: str
    onet: str | None

    @property
    def text(self) -> str:
        return self.onet or self.soc


def parse_code(text: str) -> ParsedCode:
    """Normalize the spelling of an occupation code, without looking it up.

    >>> parse_code(" 537062.00 ").text
    '53-7062.00'
    >>> parse_code("53-7062").text
    '53-7062'
    """
    if not isinstance(text, str):
        raise CodeError(f"Occupation code must be text, got {type(text).__name__}: {_EXAMPLE}.")
    match = _CODE_RE.match(text.strip())
    if not match:
        raise CodeError(f"Malformed occupation code {text.strip()!r}: {_EXAMPLE}.")
    major_minor, detail, suffix = match.groups()
    soc = f"{major_minor}-{detail}"
    return ParsedCode(soc=soc, onet=f"{soc}.{suffix}" if suffix else None)


def soc_of(onet_code: str) -> str:
    """The 6-digit SOC 2018 code of an O*NET-SOC code ('53-7062.00' -> '53-7062')."""
    return parse_code(onet_code).soc


def major_group_of(code: str) -> str:
    """The SOC major group of any code ('53-7062.00' -> '53-0000')."""
    return parse_code(code).soc[:2] + "-0000"


def soc_parents(soc: str) -> list[str]:
    """Broad, minor and major group codes that may contain a detailed SOC code, nearest first."""
    return [soc[:6] + "0", soc[:5] + "00", soc[:2] + "-0000"]


@dataclass(frozen=True)
class CodeResolution:
    """What a code stands for in O*NET-SOC 2019."""

    query: str
    system: str
    codes: tuple[str, ...]
    note: str | None = None


class CodeIndex:
    """The code lists that resolution needs: current occupations and the 2010 -> 2019 crosswalk."""

    def __init__(
        self,
        titles: Mapping[str, str],
        crosswalk_2010: Mapping[str, Sequence[tuple[str, str]]],
        titles_2010: Mapping[str, str] | None = None,
    ):
        self.titles = dict(titles)
        self.crosswalk_2010 = {old: list(new) for old, new in crosswalk_2010.items()}
        self.titles_2010 = dict(titles_2010 or {})

    def suggestions(self, text: str, limit: int = 5) -> list[tuple[str, str]]:
        """Current codes closest to a code that did not resolve: longest shared prefix first."""
        key = re.sub(r"\D", "", text)
        if len(key) < 2:
            return []

        def closeness(code: str) -> tuple[int, float]:
            digits = code.replace("-", "").replace(".", "")
            shared = len(os.path.commonprefix([digits, key]))
            return shared, difflib.SequenceMatcher(None, digits, key).ratio()

        ranked = sorted(self.titles, key=closeness, reverse=True)
        return [(code, self.titles[code]) for code in ranked[:limit]]


def resolve_code(text: str, index: CodeIndex) -> CodeResolution:
    """Resolve an O*NET-SOC 2019, SOC 2018 or O*NET-SOC 2010 code to O*NET-SOC 2019 codes.

    Raises :class:`CodeError` with the closest current codes when nothing matches.
    """
    parsed = parse_code(text)
    query = text.strip()
    if parsed.onet:
        if parsed.onet in index.titles:
            return CodeResolution(query, ONET_SOC_2019, (parsed.onet,))
        successors = index.crosswalk_2010.get(parsed.onet)
        if successors:
            return _from_2010(query, parsed.onet, successors, index)
    else:
        detailed = tuple(sorted(c for c in index.titles if c.startswith(parsed.soc + ".")))
        if detailed:
            note = None
            if len(detailed) > 1:
                note = f"SOC 2018 code {parsed.soc} covers {len(detailed)} O*NET-SOC occupations."
            return CodeResolution(query, SOC_2018, detailed, note)
        old = sorted(c for c in index.crosswalk_2010 if c.startswith(parsed.soc + "."))
        if old:
            pairs = {pair for code in old for pair in index.crosswalk_2010[code]}
            return _from_2010(query, parsed.soc, sorted(pairs), index)
    raise CodeError(
        f"Unknown occupation code {parsed.text!r}: it is not an O*NET-SOC 2019, SOC 2018 or O*NET-SOC 2010 occupation.",
        suggestions=index.suggestions(parsed.text),
    )


def _from_2010(query: str, old: str, successors: Sequence[tuple[str, str]], index: CodeIndex) -> CodeResolution:
    current = tuple(dict.fromkeys(code for code, _ in successors if code in index.titles))
    if not current:
        raise CodeError(f"O*NET-SOC 2010 code {old!r} has no successor in the loaded O*NET-SOC 2019 data.")
    old_title = index.titles_2010.get(old)
    named = "; ".join(f"{code} {index.titles[code]}" for code in current)
    what = f"{old} ({old_title})" if old_title else old
    return CodeResolution(
        query,
        ONET_SOC_2010,
        current,
        f"{what} is an O*NET-SOC 2010 code; in O*NET-SOC 2019 it is {named}.",
    )
