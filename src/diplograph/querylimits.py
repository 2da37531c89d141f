"""Shape limits of a SPARQL query, checked before the engine sees it."""

from __future__ import annotations

import re

from diplograph.errors import InputError

# Shape limits: Oxigraph's parser and evaluator recurse, and a deeply nested query overflows the
# stack and kills the process (a segfault, not an exception). Measured on pyoxigraph 0.5: brackets
# nested 20,000 deep, `!` repeated 20,000 times, a property path of 700 steps, 10,000 `+`, `||` or
# UNION in a row all crash it; 3,000 nested brackets and 400 steps do not. The limits are far
# below those and far above any real query.
MAX_NESTING = 256
MAX_PATH_STEPS = 200
MAX_CHAIN = 2000
_QUERY_TOKEN = re.compile("|".join((
    r'"""(?:[^"\\]|\\.|"(?!""))*"""', r"'''(?:[^'\\]|\\.|'(?!''))*'''",  # long strings
    r'"(?:[^"\\\n]|\\.)*"', r"'(?:[^'\\\n]|\\.)*'",  # strings
    r"<[^<>\"{}|^`\\\s]*>", r"#[^\n]*",  # IRIs, comments
    r"\|\||&&|[{}()\[\]/|+!]|\bunion\b")), re.IGNORECASE)


def check_shape(text: str, where: str = "query") -> None:
    """Raise InputError for a query nested or chained deeply enough to crash the engine."""
    depth = deepest = 0
    counts: dict[str, int] = {}
    for m in _QUERY_TOKEN.finditer(text):
        tok = m.group(0)
        if tok in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif tok in "})]":
            depth -= 1
        elif tok[0] not in "\"'<#":
            key = tok.lower()
            counts[key] = counts.get(key, 0) + 1
    if deepest > MAX_NESTING:
        raise InputError(f"{where} is nested {deepest} deep; the limit is {MAX_NESTING} (deeper queries "
                         "crash the query engine)")
    if counts.get("/", 0) > MAX_PATH_STEPS:
        raise InputError(f"{where} has {counts['/']} path steps or divisions; the limit is {MAX_PATH_STEPS}")
    for key, n in sorted(counts.items()):
        if n > MAX_CHAIN:
            raise InputError(f"{where} repeats {key!r} {n} times; the limit is {MAX_CHAIN}")
