"""Secrets found in lines of code and replaced, each by `<redacted:KIND>` on its own line, so
line numbers never move. Pure.

One pass of one pattern over the whole text finds the few lines that hold a word some detector
needs (a token's prefix, a secret-like name, `://`, a key's BEGIN); only those lines run the
detectors, and only the detectors their words call for. Patterns are compiled when first needed.
"""

from __future__ import annotations

import bisect
import re
import string
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import cache

from reviewer.trust.secrets import commands, grammar, keys, unnamed
from reviewer.trust.secrets.families import BARE_ANCHOR, FAMILIES, NAMED, Family
from reviewer.trust.secrets.values import NAME_WORDS, token_placeholder

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)  # keeps offsets
_BEGIN = "-----begin"
_BARE = ""  # the keyword of families known by shape alone
_UNNAMED = "="  # the mark of a line assigning a long unbroken value (see `unnamed`)


def placeholder(kind: str) -> str:
    return f"<redacted:{kind}>"


def _trie(words: Iterable[str]) -> str:
    """One pattern matching any of `words`, the longest where several start at one place:
    branching once per shared prefix keeps it fast on long texts."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


class _Index:
    """The families by keyword, the names of named families, and the one trigger pattern."""

    def __init__(self) -> None:
        self.families: dict[str, list[int]] = defaultdict(list)
        for index, family in enumerate(FAMILIES):
            for word in family.keywords.split("|"):
                self.families[word].append(index)
        self.named = {word for family in NAMED for word in family.names.split("|")}
        self.names = set(NAME_WORDS) | self.named
        self.commands = {w for form in commands.FORMS for w in form.keywords} | commands.USER_FLAGS
        words = (set(self.families) - {_BARE}) | self.names | self.commands | {_BEGIN}
        # Overlapping: `sk` (a family's) must not hide the `key` in `cosmoskey`.
        self.trigger = re.compile(f"(?=({_trie(sorted(words))}))")
        self.bare = re.compile(BARE_ANCHOR)
        self.name_hits = re.compile(_trie(sorted(self.names)))
        # A value that starts as a family's token does (`xoxp-`, `ghp_`) and is not one is a
        # placeholder or cut short (`xoxp-1234-...`): its family judges it, not the grammar.
        self.prefixes = tuple(
            w for w in self.families if len(w) >= 3 and w[-1] in "_-.~" and w != "api-"
        )
        self.long_prefixes = tuple(w for w in self.prefixes if len(w) > 4)
        # A keyword holding a name's word (`secret_`, `key-`, `accountkey`) stands for it too.
        self.also = {w: {n for n in NAME_WORDS if n in w} for w in words}


@cache
def _index() -> _Index:
    return _Index()


@cache
def _family(index: int) -> re.Pattern[str]:
    pattern = FAMILIES[index].pattern
    # A token starts where a word does, or after an escape in a string (`"...\\nAKIA..."`).
    # It ends where the word does; a token running on into `#` or `*` is masked, not a secret.
    return re.compile(rf"(?:(?<![A-Za-z0-9])|(?<=\\[nrt]))(?:{pattern})(?![A-Za-z0-9#*])")


@cache
def _named(index: int) -> re.Pattern[str]:
    return re.compile(NAMED[index].pattern)


def _swap_families(line: str, family_indexes: Iterable[int], found: Counter[str]) -> str:
    # Addresses first: a webhook's URL holds tokens other families would name alone.
    for index in sorted(set(family_indexes), key=lambda i: ("(?P<s" not in FAMILIES[i].pattern, i)):
        family: Family = FAMILIES[index]

        def swap(match: re.Match[str], kind: str = family.kind) -> str:
            spans = [match.span(g) for g, v in match.groupdict().items() if v is not None]
            spans = spans or [match.span()]
            if any(token_placeholder(match.string[a:b]) for a, b in spans):
                return match.group()
            found[kind] += len(spans)
            text, base = match.group(), match.start()
            for a, b in reversed(spans):
                text = text[: a - base] + placeholder(kind) + text[b - base :]
            return text

        line = _family(index).sub(swap, line)
    return line


def _named_kind(name: str, value: str) -> str | None:
    """The service a value belongs to, when its name names the service and its shape fits."""
    lowered = name.lower()
    for index, family in enumerate(NAMED):
        named = any(word in lowered for word in family.names.split("|"))
        if named and _named(index).fullmatch(value):
            return family.kind
    return None


def _replace(line: str, spans: list[tuple[int, int, str]], found: Counter[str]) -> str:
    """`line` with each span replaced by its kind's placeholder, the first of overlapping ones."""
    taken: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if all(end <= a or b <= start for a, b, _ in taken):
            taken.append((start, end, kind))
            found[kind] += 1
    for start, end, kind in reversed(taken):
        line = line[:start] + placeholder(kind) + line[end:]
    return line


def _unclaimed(value: str) -> bool:
    """Not a family's token that its family judged a placeholder (`xoxp-1234-...`)."""
    lowered, index = value.lower(), _index()
    # A short prefix (`sk_`, `fc-`) is many services' own: only a placeholder is its family's.
    return not (
        lowered.startswith(index.long_prefixes)
        or (lowered.startswith(index.prefixes) and token_placeholder(value))
    )


def redact_line(line: str, words: set[str], found: Counter[str]) -> str:
    """`line` with its secrets replaced, given the trigger's words found in it."""
    index = _index()
    line = _swap_families(line, (i for w in words for i in index.families.get(w, ())), found)
    spans = [(c.start, c.end, c.kind) for c in commands.credentials(line, words)]
    if _UNNAMED in words:
        spans += [(a, b, "secret") for a, b in unnamed.unnamed(line) if _unclaimed(line[a:b])]
    if not words.isdisjoint(index.names):
        lowered = line.translate(_ASCII_LOWER)
        hits = [m.span() for m in index.name_hits.finditer(lowered)]
        for found_at in grammar.assignments(line, hits, _named_kind):
            if _unclaimed(line[found_at.start : found_at.end]):
                spans.append((found_at.start, found_at.end, found_at.kind))
    return _replace(line, spans, found) if spans else line


def _words_by_line(text: str, starts: list[int]) -> dict[int, set[str]]:
    index = _index()
    words: dict[int, set[str]] = defaultdict(set)
    for match in index.trigger.finditer(text.translate(_ASCII_LOWER)):
        line = words[bisect.bisect_right(starts, match.start()) - 1]
        line.add(match[1])
        line.update(index.also[match[1]])
    for match in index.bare.finditer(text):
        words[bisect.bisect_right(starts, match.start()) - 1].add(_BARE)
    for match in unnamed.ANCHOR.finditer(text):
        words[bisect.bisect_right(starts, match.start()) - 1].add(_UNNAMED)
    return words


def redact_lines(lines: Sequence[str], found: Counter[str] | None = None) -> list[str]:
    """The lines with every secret replaced; `found` counts what was replaced, by kind."""
    found = Counter() if found is None else found
    out = list(lines)
    starts, offset = [], 0
    for line in out:
        starts.append(offset)
        offset += len(line) + 1
    text = "\n".join(out)
    words = _words_by_line(text, starts)
    if "kind:" in text:
        for number, value in grammar.kubernetes_secret(out):
            out[number] = _replace(out[number], [(value.start, value.end, value.kind)], found)
    skip_to = -1
    for number in sorted(words):
        if number <= skip_to:
            continue
        if _BEGIN in words[number] and keys.BEGIN.search(out[number]):
            skip_to = keys.redact_block(out, number, found)
            if skip_to > number or "<redacted:" in out[number]:
                continue
        out[number] = redact_line(out[number], words[number], found)
        opens = grammar.opening(out[number])
        if opens and number + 1 < len(out) and not words[number].isdisjoint(_index().names):
            name, value_line = opens
            after = grammar.continued(name, out[number + 1], _named_kind, value_line=value_line)
            if after is not None:
                spans = [(after.start, after.end, after.kind)]
                out[number + 1] = _replace(out[number + 1], spans, found)
    return _everywhere(lines, out, found)


_PLACED = re.compile(r"<redacted:([\w.-]+)>")


def _removed(before: str, after: str) -> Iterator[tuple[str, str]]:
    """The (value, kind) pairs that `after`'s placeholders stand for in `before`."""
    pieces = _PLACED.split(after)  # text, kind, text, kind, ..., text
    pattern = "(.*?)".join(re.escape(text) for text in pieces[::2])
    match = re.fullmatch(pattern, before, re.DOTALL)
    if match is not None:
        yield from zip(match.groups(), pieces[1::2], strict=True)


def _everywhere(lines: Sequence[str], out: list[str], found: Counter[str]) -> list[str]:
    """`out` with each secret found once replaced wherever else it stands in the text: a key
    written twice (`token = 'K' | 'K'`, a test's expected value) is caught once and sent never."""
    values: dict[str, str] = {}
    for before, after in zip(lines, out, strict=True):
        if before != after:
            values.update((v, k) for v, k in _removed(before, after) if len(v) >= 8)
    if not values:
        return out
    anywhere = re.compile("|".join(map(re.escape, sorted(values, key=len, reverse=True))))

    def swap(match: re.Match[str]) -> str:
        found[values[match.group()]] += 1
        return placeholder(values[match.group()])

    return [anywhere.sub(swap, line) for line in out]
