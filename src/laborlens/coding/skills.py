"""Technologies and tools named in a text, as O*NET entities, with the span of text that named them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#.]*[a-z0-9+#]|[a-z0-9]")
_MAX_WORDS = 5


def _norm(token: str) -> str:
    """Lower-case, and singular for plain English plurals ('forklifts' -> 'forklift')."""
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")) and token.isalpha():
        return token[:-1]
    return token


def tokens_with_spans(text: str) -> list[tuple[str, int, int]]:
    return [(_norm(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(text.lower())]


@dataclass(frozen=True)
class Entity:
    name: str  # O*NET's name, e.g. "Autodesk AutoCAD"
    kind: str  # "technology" or "tool"
    hot: bool


class SkillMatcher:
    """Finds O*NET technology-skill and tool names (and safe short forms of them) in free text."""

    def __init__(self, entities: list[tuple[str, str, bool]], common_words: set[str]):
        self.phrases: dict[tuple[str, ...], Entity] = {}
        for name, kind, hot in entities:
            entity = Entity(name, kind, hot)
            words = tuple(t for t, _, _ in tokens_with_spans(name))
            if not words or len(words) > _MAX_WORDS:
                continue
            # One-word tools ("Forklifts", "Ladders") are real evidence; one-word software names that are also
            # everyday words are not.
            if len(words) == 1 and (
                len(words[0]) < 3
                or words[0] in ENGLISH_STOP_WORDS
                or (kind == "technology" and words[0] in common_words)
            ):
                continue
            self.phrases.setdefault(words, entity)
            # "Autodesk AutoCAD" is written "AutoCAD": drop a leading vendor word when what is left is distinctive.
            if kind == "technology" and len(words) >= 2:
                rest = words[1:]
                if len(rest) > 1 or (rest[0] not in common_words and len(rest[0]) >= 4):
                    self.phrases.setdefault(rest, entity)

    @classmethod
    def from_inventory(cls, technologies: dict[str, list[tuple[str, str, bool]]], tasks: dict[str, list[str]]):
        """Build from O*NET technology and tool names; words common in task statements are not names."""
        counts = Counter()
        for statements in tasks.values():
            for statement in statements:
                counts.update({t for t, _, _ in tokens_with_spans(statement)})
        common = {word for word, n in counts.items() if n >= 15} | set(ENGLISH_STOP_WORDS)
        entities = {}
        for items in technologies.values():
            for name, kind, hot in items:
                key = (name, kind)
                entities[key] = (name, kind, entities.get(key, (name, kind, False))[2] or hot)
        return cls(list(entities.values()), common)

    def find(self, text: str) -> list[dict]:
        """Entities named in ``text``: name, kind, hot flag, the phrase as written and its [start, end) span."""
        if not hasattr(self, "_longest"):
            self._longest: dict[str, int] = {}
            for words in self.phrases:
                self._longest[words[0]] = max(self._longest.get(words[0], 0), len(words))
        tokens = tokens_with_spans(text)
        found: dict[str, dict] = {}
        i = 0
        while i < len(tokens):
            longest = self._longest.get(tokens[i][0], 0)
            for size in range(min(longest, len(tokens) - i), 0, -1):
                key = tuple(t for t, _, _ in tokens[i : i + size])
                entity = self.phrases.get(key)
                start, end = tokens[i][1], tokens[i + size - 1][2]
                # A one-word software name counts only when written as a name ("Revit", "AutoCAD").
                if entity and size == 1 and entity.kind == "technology" and text[start:end].islower():
                    entity = None
                if entity:
                    found.setdefault(
                        entity.name,
                        {
                            "name": entity.name,
                            "kind": entity.kind,
                            "hot": entity.hot,
                            "phrase": text[start:end],
                            "span": [start, end],
                        },
                    )
                    i += size - 1
                    break
            i += 1
        return list(found.values())
