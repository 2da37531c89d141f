"""Stances and commitments of governments and officials, and who launched an initiative.

"Mexico and Norway support …" (support), "… will actively reach out …" / "commit to …"
(commitment), "A and B agreed that …" (agreement), "The Secretary General has launched the UN70
initiative" (launch). The agents are the countries or persons that open the sentence.
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
from functools import lru_cache
from pathlib import Path

from diplograph.extract.context import DocContext
from diplograph.extract.events import GROUP
from diplograph.extract.people import People
from diplograph.model import Entity, Span, Stance

_SUPPORT = re.compile(r"(?i)^(?P<agents>.{2,120}?)\s+(?:strongly\s+|fully\s+|also\s+)?"
                      r"(?:(?:re)?affirm(?:ed|s)?\s+(?:their|its|his|her)\s+(?:full\s+|strong\s+)?support\s+(?:for|to)"
                      r"|support(?:s|ed)?|welcome[sd]?|endorse[sd]?|back(?:s|ed)?)\b(?P<rest>.*)$")
_COMMIT = re.compile(r"(?i)^(?P<agents>.{2,120}?)\s+(?:will|shall|commit(?:s|ted)? to|pledge(?:s|d)? to|undertake to|"
                     r"(?:re)?affirm(?:ed|s)? (?:their|its) (?:\w+ )?commitment to)\b(?P<rest>.*)$")
_AGREE = re.compile(r"(?i)^(?P<agents>.{2,160}?)\s+(?:agreed|agree)\s+(?:that|on|to)\b(?P<rest>.*)$")
# "A and B underlined that …": a view the parties state together (only with two or more agents).
_JOINT_VIEW = re.compile(r"(?i)^(?P<agents>.{2,160}?)\s+(?:also\s+)?(?:underlined|underscored|stressed|emphasi[sz]ed|"
                         r"recogni[sz]ed|reaffirmed|reiterated|noted)\s+that\b(?P<rest>.*)$")
_LAUNCH = re.compile(r"(?i)^(?P<agent>.{2,80}?)\s+(?:has|have|had)?\s*launched\s+(?:the\s+|a\s+|an\s+)?(?P<what>[^,.;]+?)(?:,|\.|;| which| to\b|$)")


@lru_cache(maxsize=4)
def load_office_holders(path: str) -> tuple[dict, ...]:
    p = Path(path)
    if not p.exists():
        return ()
    with p.open(encoding="utf-8", newline="") as fh:
        return tuple(dict(r) for r in csv.DictReader(fh))


def office_holder(ctx: DocContext, title: str, when: str | None) -> Entity | None:
    """"the Secretary General" at a date → the office holder, from the office-holders table."""
    if not when:
        return None
    day = when if len(when) == 10 else (when + "-01" if len(when) == 7 else when + "-07-01")
    rows = load_office_holders(str(ctx.tables.data_dir / "office-holders.csv")) if ctx.tables.data_dir else ()
    t = re.sub(r"[\s-]+", " ", title.lower()).strip()
    for r in rows:
        forms = [r["title"]] + [a for a in (r.get("aliases") or "").split("|") if a]
        if any(re.sub(r"[\s-]+", " ", f.lower()) == t for f in forms):
            start, end = r.get("start") or "0000", r.get("end") or "9999"
            if start <= day <= end:
                entry = ctx.tables.gazetteer.get("person", r["person"])
                if entry:
                    return ctx.from_entry(entry, None)
    return None


def _agents(ctx: DocContext, people: People, span: Span) -> list[Entity]:
    out: list[Entity] = []
    for p in people.persons:
        if p.mentioned_in(span.start, span.end):
            out.append(p)
    for _, e in ctx.find_entities(span, ("country", "organization")):
        if e not in out:
            out.append(e)
    # Agents must make up the subject: "Mexico and Norway", "Principal Secretary Wekesa and Minister Brenner".
    return out


def _meeting_parties(ctx: DocContext, who: str) -> list[Entity]:
    """"The Ministers" / "Both countries" → the persons / countries that attended the meeting."""
    meeting = next((e for e in ctx.extraction.events if e.kind in ("meeting", "consultation")), None)
    if meeting is None:
        return []
    want = "country" if who in ("sides", "parties", "countries", "governments") else "person"
    return [a for a in meeting.attendees if a.kind == want]


def find_stances(ctx: DocContext, people: People, when: str | None) -> list[Stance]:
    out: list[Stance] = []
    initiatives: list[tuple[Entity, Entity | None]] = []
    seen: set[tuple[int, int]] = set()  # a launch repeated adds nothing: the list stays short
    for sent in ctx.sentences:
        seg = ctx.t(sent)
        m = _LAUNCH.match(seg)
        if m:
            what_span = Span(sent.start + m.start("what"), sent.start + m.end("what"))
            known = ctx.find_entities(what_span, ("initiative", "agreement"))
            ini = known[0][1] if known else ctx.entity("initiative", ctx.t(what_span), what_span)
            agent_span = Span(sent.start + m.start("agent"), sent.start + m.end("agent"))
            agent = next(iter(_agents(ctx, people, agent_span)), None)
            if agent is None or agent.kind != "person":
                title = ctx.tables.role_re.search(ctx.t(agent_span))
                if title:
                    holder = office_holder(ctx, title.group(0), when)
                    if holder is not None:
                        holder.add_span(Span(agent_span.start + title.start(), agent_span.start + title.end()))
                        agent = holder
            if agent is not None:
                ini.launched_by.append((agent, sent))
            if (id(ini), id(agent)) not in seen:
                seen.add((id(ini), id(agent)))
                initiatives.append((ini, agent))
            continue
        for kind, pattern in (("agreement", _AGREE), ("agreement", _JOINT_VIEW), ("support", _SUPPORT),
                              ("commitment", _COMMIT)):
            m = pattern.match(seg)
            if not m:
                continue
            agent_span = Span(sent.start + m.start("agents"), sent.start + m.end("agents"))
            if len(ctx.t(agent_span).split()) > 12:
                continue
            agents = [a for a in _agents(ctx, people, agent_span) if a.kind in ("country", "person")]
            group = GROUP.match(seg)
            if not agents and group:
                agents = _meeting_parties(ctx, group.group("who").lower())
            if kind == "commitment" and re.match(r"(?i)\s*(?:have to|need to|be\b|remain\b|not\b)", ctx.t(Span(sent.start + m.end("agents"), sent.end)).split(" ", 2)[-1]):
                continue
            if not agents or re.search(r"(?i)\b(it|they|this|that|which|who)\b", ctx.t(agent_span).split()[0]):
                continue
            if pattern is _JOINT_VIEW and len(agents) < 2:
                continue
            rest = Span(sent.start + m.start("rest"), sent.end)
            objects = [e for _, e in ctx.find_entities(rest, ("initiative", "agreement", "topic"))]
            if kind == "support":
                # An organisation supported by name ("welcomed the expansion of BRICS"), not one
                # mentioned further on in the sentence.
                head = Span(rest.start, min(rest.end, rest.start + 45))
                objects += [e for _, e in ctx.find_entities(head, ("organization",)) if e not in objects]
            # "the Secretary General's efforts": the initiative that office holder launched.
            efforts = initiatives and re.search(r"(?i)\b(efforts|initiative|proposal)\b", ctx.t(rest))
            title = ctx.tables.role_re.search(ctx.t(rest)) if efforts else None
            for ini, launcher in initiatives if efforts else ():
                if launcher is not None:
                    if (title and launcher.kind == "person") or any(s.end <= rest.end for s in launcher.spans_from(rest.start, rest.end)):
                        if ini not in objects:
                            objects.insert(0, ini)
            description = re.sub(r"\s+", " ", ctx.t(rest)).strip(" .")
            description = re.sub(r"^(?:therefore|also|thus)\s+", "", description)
            out.append(Stance(kind, agents, description, sent, objects))
            break
    return out


def today() -> str:
    return _dt.date.today().isoformat()
