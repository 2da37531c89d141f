"""Which rule read each passage of a document, and what it rests on (a gazetteer row, a model entity).

The mapping steps run in order; after each one, the passages it added (new mentions of entities, the
spans of the posts, events, quotations… it returned) are claimed for it: the first step to read a
passage is the one `diplograph explain` names. rdfize publishes both on the passage (`dip:extractedBy`,
`dip:basis`), so the explanation is part of the data, not a log.
"""

from __future__ import annotations

from bisect import bisect_right

from diplograph.model import Extraction, Span

# rule id -> what it does (shown by `diplograph explain`; ids are stable: they are published)
RULES = {
    "sidecar": "document metadata from the sidecar record, found again in the text",
    "gazetteer": "a name of the gazetteer (mappings/data/gazetteer.csv), its label, an alias or a demonym",
    "person-grammar": "a person's name after an honorific or title, or in a list of names (surface grammar)",
    "author-line": "the writer named in a byline (\"By X\") or alone on a closing line, where the sidecar names no author",
    "persons-from-parse": "a PERSON entity of the statistical parse, checked not to be a place, an organisation or a title",
    "persons-after-titles": "a name right after a role title of mappings/data/roles.csv (\"Minister … X Y\")",
    "persons-as-career-subjects": "two to four proper nouns as the subject of a verb of a career (\"X joined the foreign service\") the parse did not read as a person",
    "persons-after-honorifics": "a name right after a form of address (\"Mr\", \"Dr\", \"Sir\", \"H.E.\") the parse did not read as a person",
    "heading-entries": "a name heading an entry of a list (CV, credentials), with the post under it",
    "monarchs": "a monarch named by title (\"King X\", \"Queen X\")",
    "surname-mentions": "a later mention by surname alone of a person named in full before",
    "fact-boxes": "a key: value box (\"Born:\", \"Position:\")",
    "captions": "a photo caption and its credit",
    "events": "a meeting, visit, consultation or debate: a verb of meeting with its participants, date and place",
    "dated-happenings": "a dated happening (\"on 3 May, X signed …\")",
    "biography": "a sentence about a person's posts (\"X was …\", \"He became …\")",
    "signatures": "a signature block (name, post, organisation on lines of their own)",
    "title-posts": "a post written as a title before a name (\"Foreign Minister X\")",
    "career-posts": "a career sentence or list with its years (\"from 1999 to 2005 he served as …\")",
    "joined-bodies": "a country joining an organ or body (\"joined the … in 2024\")",
    "took-up-post": "the start of a post (\"took up her post in June 2021\")",
    "quotations": "words in quotation marks with their attribution (\"…,\" said X)",
    "stances": "a stance: support, commitment, agreement or expectation of the signatories",
    "footnotes": "a footnote or reference",
    "bodies": "a ministry, mission or embassy whose name names its country",
}


def rule_label(rule: str) -> str:
    if rule.startswith("mapping:"):
        return f"the genre's mapping module (mappings/{rule.split(':', 1)[1].replace('-', '_')}.py)"
    return RULES.get(rule, rule)


def claim(x: Extraction, rule: str, items=()) -> None:
    """Claim for `rule` every passage not claimed yet: the entities' mentions and the spans of `items`
    (posts, events, quotations, stances, images, citations)."""
    rules = x.span_rules
    for e in x.entities.values():
        for s in e.spans:
            if s.start >= 0 and s not in rules:
                rules[s] = rule
    for item in items:
        for name in ("span", "cue_span", "credit_span", "marker_span"):
            s = item if isinstance(item, Span) else getattr(item, name, None)
            if isinstance(s, Span) and s.start >= 0 and s not in rules:
                rules[s] = rule
        for s in getattr(item, "more_spans", ()):
            if s.start >= 0 and s not in rules:
                rules[s] = rule


def claim_rest(x: Extraction, rule: str) -> None:
    """What the genre's module added after the shared steps."""
    claim(x, rule, [*x.posts, *x.events, *x.quotations, *x.stances, *x.images, *x.citations])


def find_bases(ctx) -> None:
    """What each claimed passage rests on: the gazetteer row it matched, else the model entity it is
    (or lies inside). The parse is consulted only when a step made it (never parsed for this)."""
    x = ctx.extraction
    gaz = {}
    for m in ctx.matches:
        e = m.entry
        gaz.setdefault(m.span, f"gazetteer.csv line {e.line}: {e.kind} {e.key} \"{e.label}\" (by its {m.via})"
                       if e.line else f"gazetteer: {e.kind} {e.key} \"{e.label}\" (by its {m.via})")
    model: list = []
    if getattr(ctx, "_parse", None) is not None:
        model = sorted((e.span.start, e.span.end, e.label) for e in ctx.parse.entities()
                       if e.label in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"))
    starts = [m[0] for m in model]
    for s in x.span_rules:
        basis = gaz.get(s)
        k = bisect_right(starts, s.start) - 1  # the model's entities do not overlap: one candidate
        if basis is None and k >= 0:
            b, e, label = model[k]
            if s.end <= e and (e - b) <= 2 * (s.end - s.start) + 8:
                basis = f"model entity {label} \"{ctx.text[b:e]}\""
        if basis is not None:
            x.span_basis[s] = basis


__all__ = ["RULES", "claim", "claim_rest", "find_bases", "rule_label"]
