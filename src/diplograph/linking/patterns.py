"""Ministries, missions and embassies by pattern: the country a government body's name says it
belongs to ("Ministry of Foreign Affairs of Japan", "Permanent Mission of Ghana to the United
Nations", "Embassy of Latvia in Seoul", "the Swedish Ministry for Foreign Affairs", "Ministry of
Foreign Affairs (Latvia)").

Such a body keeps its own (local) node — it is linked to Wikidata only when the gazetteer carries a
checked id for it — and the mapping relates it to the country (`schema:parentOrganization`), so a
query still joins it to the country's id. The extraction calls `body_country` for organisations
whose country it does not know yet (diplograph.extract.pipeline). Pure functions of the name and
the gazetteer, no document facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diplograph.text.gazetteer import Gazetteer, GazetteerEntry

# Head nouns and the subtype they give the body.
_MINISTRY = r"(?:Federal\s+|State\s+)?(?:Ministry|Department|Secretariat|Office)"
_MISSION = r"(?:Permanent\s+|Observer\s+)?(?:Mission|Delegation|Representation)"
_EMBASSY = r"(?:Embassy|High\s+Commission|Consulate(?:\s+General)?|Consulate-General)"
_HEADS = ((_MISSION, "mission"), (_EMBASSY, "mission"), (_MINISTRY, "ministry"))

# "<head> … of X", "<head> … (X)", with the rest after X: " to the United Nations", " in Seoul", ", press release".
_TAIL = r"(?=$|\s+(?:to|in|at|on)\s|\s*[,;(])"


@dataclass(frozen=True)
class BodyCountry:
    country: GazetteerEntry
    subtype: str  # ministry | mission
    surface: str  # the words of the name that name the country
    name: str = ""  # the name to publish when the text puts the country first ("Embassy of Latvia in …")


# Country names written with "the" after "of" ("Embassy of the United States").
_THE_FIRST = ("United ", "Republic ", "Democratic ", "Dominican Republic", "Central African", "Holy See",
              "Gambia", "Czech Republic")
_THE_PLURAL = ("Islands", "Netherlands", "Philippines", "Bahamas", "Maldives", "Comoros", "Seychelles", "Emirates")


def _with_article(label: str) -> str:
    return f"the {label}" if label.startswith(_THE_FIRST) or label.endswith(_THE_PLURAL) else label


def _bare(words: str) -> str:
    return re.sub(r"['’]s$", "", re.sub(r"^the\s+", "", words.strip(), flags=re.I))


def _country(gaz: Gazetteer, words: str) -> GazetteerEntry | None:
    words = _bare(words)
    hits = {e.key: e for e, _ in gaz.lookup(words) if e.kind == "country"}
    return next(iter(hits.values())) if len(hits) == 1 else None


def body_country(name: str, gaz: Gazetteer) -> BodyCountry | None:
    """The country a ministry's, mission's or embassy's name names, or None."""
    name = re.sub(r"\s+", " ", name).strip()
    for head, subtype in _HEADS:
        m = re.match(rf"(?:the\s+)?{head}\b", name, re.I)
        if m:
            # "… of X" right after the head ("Embassy of Latvia in Seoul") or after its complement
            # ("Ministry of Foreign Affairs of the Republic of Türkiye"): try each "of", first first.
            rest = name[m.end():]
            for at in re.finditer(r"\bof\s+", rest):
                of = re.match(r"((?:the\s+)?[A-Z][^,;()]*?)" + _TAIL, rest[at.end():])
                if of is None:
                    continue
                words = of.group(1)
                ent = _country(gaz, words)
                if ent is not None:
                    return BodyCountry(ent, subtype, _bare(words))
            paren = re.search(r"\(([^()]+)\)\s*$", name)
            if paren:
                ent = _country(gaz, paren.group(1))
                if ent is not None:
                    return BodyCountry(ent, subtype, _bare(paren.group(1)))
            return None
        # "Swedish Ministry for Foreign Affairs", "Mexico's Foreign Ministry", "US Embassy",
        # "the Czech Republic's embassy in Copenhagen": named "<Head …> of <country> …"
        m = re.match(rf"(?:the\s+)?(?P<x>.+?)\s+(?P<head>(?:Foreign\s+)?{head})\b(?P<rest>.*)$", name, re.I)
        if m and len(m.group("x").split()) <= 4 and m.group("x")[:1].isupper():
            ent = _country(gaz, m.group("x"))
            if ent is not None:
                head_words = " ".join(w[:1].upper() + w[1:] for w in m.group("head").split())
                rest = m.group("rest")
                place = re.search(r"\s+(?:to|in|at)\s.*$", rest)
                complement, tail = (rest[:place.start()], place.group(0)) if place else (rest, "")
                canon = f"{head_words}{complement} of {_with_article(ent.label)}{tail}"
                return BodyCountry(ent, subtype, _bare(m.group("x")), canon)
    return None


# Body names as written in running text: "the Embassy of Latvia in Nairobi", "Ministry of Foreign
# Affairs of Japan", "the Latvian Embassy in Nairobi", "Sweden's Ministry for Foreign Affairs".
_CAP = r"[A-Z](?:[\w'’-]|\.(?=\w))*"  # "U.S", never a sentence's full stop
_NAME_TAIL = rf"(?:\s+(?:of|for|and|the|{_CAP}))*?"
_PLACE = rf"(?:\s+(?:to|in)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP})*)?"
_HEAD_WORDS = (r"(?:Permanent\s+Mission|Embassy|High\s+Commission|Consulate(?:[\s-]+General)?|"
               r"Ministry|Department)")
_BODY_RES = (
    re.compile(rf"\b{_HEAD_WORDS}\s+(?:of|for)\s+{_CAP}{_NAME_TAIL}\s+of\s+(?:the\s+)?{_CAP}(?:\s+(?:of\s+)?{_CAP})*{_PLACE}"),
    re.compile(rf"\b(?:Permanent\s+Mission|Embassy|High\s+Commission|Consulate(?:[\s-]+General)?)\s+of\s+(?:the\s+)?{_CAP}(?:\s+(?:of\s+)?{_CAP})*{_PLACE}"),
    re.compile(rf"\b{_CAP}(?:['’]s)?\s+(?:Foreign\s+)?{_HEAD_WORDS}(?:\s+(?:of|for)\s+{_CAP}(?:\s+(?:and\s+)?{_CAP})*)?{_PLACE}"),
    # "the Czech Republic's embassy in Copenhagen", "the Jamaican embassy in London": only with the place
    re.compile(rf"\b{_CAP}(?:\s+{_CAP}){{0,2}}(?:['’]s)?\s+(?:embassy|high commission|consulate)\s+in\s+{_CAP}(?:\s+{_CAP})*"),
)


def find_bodies(text: str, gaz: Gazetteer, start: int = 0, end: int | None = None) -> list[tuple[int, int, BodyCountry]]:
    """(start, end, what it names) for each ministry/mission/embassy name in text[start:end] whose
    name names one country, longest first where they overlap."""
    end = len(text) if end is None else end
    found = []
    for rx in _BODY_RES:
        for m in rx.finditer(text, start, end):
            s, e = m.start(), m.end()
            if re.match(r"The\s", text[s:e]):
                s += 4
            # a name does not run on into the next sentence's capitalised word
            hit = body_country(text[s:e], gaz)
            while hit is None and " " in text[s:e]:
                e = s + text[s:e].rindex(" ")
                hit = body_country(text[s:e], gaz) if re.search(_HEAD_WORDS, text[s:e]) else None
            if hit is not None:
                found.append((s, e, hit))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, BodyCountry]] = []
    for f in found:
        if not out or f[0] >= out[-1][1]:
            out.append(f)
    return out
