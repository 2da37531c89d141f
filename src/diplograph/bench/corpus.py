"""A reproducible synthetic corpus of diplomatic documents for benchmarks.

Documents follow the structure of the three genres the mapping modules read (joint statements,
opinion pieces, news profiles of a UN mission) at realistic lengths. Countries, cities,
organisations, agreements and topics are drawn from the project's gazetteer table; persons are
mostly invented from syllables (no Wikidata id), with a minority drawn from the gazetteer's persons
that have one. A pool of officials, countries and organisations recurs across documents, as in a
real archive. The same (n, seed, gazetteer) always gives the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MON_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]

_FIRST_A = ["Al", "Ber", "Cor", "Da", "El", "Fer", "Gil", "Hel", "Is", "Jo", "Kal", "Lu", "Mar", "Nor", "Ol",
            "Per", "Ro", "Sil", "Ta", "Ul", "Va", "Wen", "Ya", "Zo"]
_FIRST_B = ["ana", "eno", "ida", "ardo", "ina", "ian", "elle", "ando", "ora", "io", "ette", "uel", "ine", "an"]
_LAST_A = ["Bra", "Cas", "Dor", "Est", "Fal", "Gar", "Hol", "Ivar", "Kest", "Lom", "Mend", "Nav", "Orl", "Pel",
           "Quin", "Rav", "Sand", "Tor", "Urb", "Vel", "Wal", "Yser", "Zan"]
_LAST_B = ["ado", "enko", "ström", "ez", "ini", "ova", "berg", "etti", "ano", "ard", "ssen", "ola", "uri", "ick"]

AREAS = ["Multilateral Affairs", "Multilateral Affairs and Human Rights", "Global Issues", "Economic Diplomacy",
         "Latin America and the Caribbean", "Africa and the Middle East", "Asia and the Pacific", "Europe",
         "North America", "Development Cooperation", "Consular Affairs"]
PURPOSES = ["multilateral issues", "bilateral relations", "trade and investment", "climate and oceans",
            "peace and security", "the reform of the United Nations", "development finance"]
HEADLINES = ["A joint call to defend multilateral cooperation", "A shared agenda for the oceans",
             "Partners for a rules-based order", "Working together for sustainable development",
             "A renewed commitment to peace and security", "Building bridges across regions"]
SERIES = ["Global Roles: Views from Abroad", "Small States in a Big World", "The Future of Multilateralism",
          "Diplomacy after the Pandemic", "Regional Powers at the UN"]
OUTLETS = ["The Diplomatic Ledger", "Global Affairs Review", "Turtle Bay Dispatch", "The Multilateral Post",
           "Council Watch"]
CAPTION_SCENES = ["A health worker prepares vaccines at a clinic", "Delegates arrive for the opening session",
                  "Farmers harvest maize near a rural cooperative", "Officials sign a cooperation agreement",
                  "Demonstrators gather outside the parliament", "A cargo ship enters the port"]
LANGS = ["Spanish", "English", "French", "Portuguese", "Arabic", "Russian", "German", "Italian", "Chinese"]
DEGREES = ["M.A. in international relations", "Ph.D. in economics", "LL.M. in international law",
           "B.A. in political science", "M.D."]
GOV_TYPES = ["Federal presidential republic", "Parliamentary republic", "Constitutional monarchy",
             "Unitary presidential republic"]
FILLER = [
    "Years of unilateral moves have worn down the institutions of global governance.",
    "Support for international law and predictable rules has weakened in public debate.",
    "Agreements and procedures previously taken for granted became frayed, leaving many players scrambling.",
    "In the coming months, renewed engagement will be fundamental as the world navigates turbulent waters.",
    "The list of challenges is long, and the capacity of the system to deliver remains limited.",
    "Progress should be tangible, including through renewed momentum toward shared goals.",
    "Consensus is difficult, but the region has long favoured multilateral approaches.",
    "This can translate into opportunities for engagement on initiatives linked to social development.",
    "It is up to the international community to seize this opportunity and step up with political will.",
    "Delegations expect a difficult negotiation, with several positions still far apart.",
]
COMMENTS = ["We would love your thoughts. Please comment:", "Notify of",
            "This site uses Akismet to reduce spam. Learn how your comment data is processed.", "1 Comment",
            "Oldest Most Voted", "Inline Feedbacks", "View all comments"]


@dataclass
class Person:
    name: str
    country: dict | None
    qid: str | None = None

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass
class Pools:
    countries: list[dict]
    cities: list[dict]
    orgs: list[dict]
    un_orgs: list[dict]
    media: list[dict]
    universities: list[dict]
    agreements: list[dict]
    topics: list[dict]
    known_persons: list[dict]


def load_pools(gazetteer: Path) -> Pools:
    rows = list(csv.DictReader(gazetteer.open(encoding="utf-8", newline="")))

    def kind(k, pred=lambda r: True):
        return [r for r in rows if r["kind"] == k and pred(r)]

    subs = lambda r: set((r.get("subtypes") or "").split("|"))  # noqa: E731
    countries = kind("country")
    keys = {r["key"] for r in countries}
    return Pools(
        countries=countries,
        cities=kind("city", lambda r: r.get("country") in keys),
        orgs=kind("organization", lambda r: "international" in subs(r) and "conference" not in subs(r)
                  and "un-organ" not in subs(r)),
        un_orgs=kind("organization", lambda r: "un-organ" in subs(r) and "(" not in r["label"]),
        media=kind("organization", lambda r: "media" in subs(r)),
        universities=kind("organization", lambda r: "university" in subs(r)),
        agreements=kind("agreement"),
        topics=kind("topic"),
        known_persons=kind("person", lambda r: bool(r.get("wikidata_id")) and r.get("country") in keys),
    )


class Generator:
    def __init__(self, n: int, seed: int, pools: Pools):
        self.n, self.seed, self.p = n, seed, pools
        self.rng = random.Random(seed)
        rng = self.rng
        # The recurring cast: a focus set of countries that most documents are about, and a pool of
        # officials (about one per four documents) that recur across documents.
        self.focus = rng.sample(pools.countries, min(40, len(pools.countries)))
        used: set[str] = set()
        self.people: list[Person] = []
        for _ in range(max(30, n // 4)):
            while True:
                name = (rng.choice(_FIRST_A) + rng.choice(_FIRST_B) + " " + rng.choice(_LAST_A)
                        + rng.choice(_LAST_B))
                if name not in used:
                    used.add(name)
                    break
            self.people.append(Person(name, rng.choice(self.focus)))
        self.known = [Person(r["label"], next((c for c in pools.countries if c["key"] == r["country"]), None),
                             r["wikidata_id"]) for r in pools.known_persons]

    # -- pickers -------------------------------------------------------------------------------
    def person(self, rng: random.Random, country: dict | None = None) -> Person:
        if self.known and rng.random() < 0.15:
            return rng.choice(self.known)
        if country is not None:
            same = [p for p in self.people[: 8 * len(self.focus)] if p.country is country]
            if same and rng.random() < 0.7:
                return rng.choice(same)
            return self.people[rng.randrange(len(self.people))]
        # Zipf-like: a few officials appear very often.
        i = min(int(rng.paretovariate(1.2)) - 1, len(self.people) - 1)
        return self.people[i if rng.random() < 0.5 else rng.randrange(len(self.people))]

    def country(self, rng, exclude=()) -> dict:
        while True:
            c = rng.choice(self.focus) if rng.random() < 0.85 else rng.choice(self.p.countries)
            if c not in exclude:
                return c

    def city(self, rng, country: dict) -> dict | None:
        cs = [c for c in self.p.cities if c["country"] == country["key"]]
        return rng.choice(cs) if cs else (rng.choice(self.p.cities) if self.p.cities else None)

    def date(self, rng) -> tuple[int, int, int]:
        return rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)

    @staticmethod
    def stem(i: int, seed: int) -> str:
        return f"{i:05d}_{hashlib.sha256(f'{seed}:{i}'.encode()).hexdigest()[:16]}"

    # -- documents -----------------------------------------------------------------------------
    def document(self, i: int) -> tuple[str, str, str]:
        """(stem, text, sidecar yaml) of document i; independent of the other documents."""
        rng = random.Random(f"{self.seed}:{i}")
        genre = ("joint-statement", "opinion", "news-profile")[rng.choices([0, 1, 2], [4, 3, 3])[0]]
        text, meta = {"joint-statement": self.joint, "opinion": self.opinion,
                      "news-profile": self.profile}[genre](rng)
        lines = ["# Synthetic benchmark document (diplograph bench); not a real source.", f"genre: {genre}"]
        for k in ("title", "source_url", "publisher", "date_published", "author"):
            v = meta.get(k)
            lines.append(f"{k}: " + ("null" if v is None else '"' + v.replace('"', "'") + '"'))
        lines.append("language: en")
        return self.stem(i, self.seed), text, "\n".join(lines) + "\n"

    def joint(self, rng):
        c1 = self.country(rng)
        c2 = self.country(rng, (c1,))
        p1, p2 = self.person(rng, c1), self.person(rng, c2)
        r1 = rng.choice([f"Under-Secretary for {rng.choice(AREAS)}", "Minister of Foreign Affairs",
                         "Deputy Minister of Foreign Affairs"])
        r2 = rng.choice(["State Secretary of Foreign Affairs", f"Under-Secretary for {rng.choice(AREAS)}",
                         "Deputy Foreign Minister"])
        t1, t2 = r1.split(" of ")[0].split(" for ")[0], r2.split(" of ")[0].split(" for ")[0]
        y, m, d = self.date(rng)
        city = self.city(rng, c1)
        where = f", in {city['label']}" if city else ""
        topics = rng.sample(self.p.topics, min(len(self.p.topics), rng.randint(4, 9)))
        org = rng.choice(self.p.orgs)
        agr = rng.choice(self.p.agreements) if self.p.agreements else None
        title = f"{c1['label']} and {c2['label']}: {rng.choice(HEADLINES)}"
        paras = [
            "Joint statement", title,
            f"{p1.name}, {r1} of {c1['label']}, and {p2.name}, {r2} of {c2['label']} met on {d} {MONTHS[m - 1]} "
            f"{y}{where}, for consultations on {rng.choice(PURPOSES)}.",
            f"{t1} {p1.surname} and {t2} {p2.surname} agreed that a well-functioning multilateral system, and a "
            f"world order built on international law are vital to their respective national interests, and "
            f"essential to uphold norms on {topics[0]['label']} and {topics[1]['label']}.",
            f"Only the {org['label']} has the mandate and the reach to lead this effort.",
            f"{c1['label']} and {c2['label']} support the efforts of the {org['label']} and expect bold "
            f"organizational changes and innovation.",
        ]
        for _ in range(rng.randint(1, 3)):
            paras.append(f"  • Reforms that will {rng.choice(['strengthen', 'maintain', 'renew'])} the role of the "
                         f"{org['label']} as a meeting place for {rng.choice(PURPOSES)}. "
                         + rng.choice(FILLER))
        if agr:
            paras.append(f"{c2['label']} and {c1['label']} commit to the full implementation of the "
                         f"{agr['label']} and will reach out to countries in all regions.")
        paras += rng.sample(FILLER, 2)
        paras.append(f"In addition, {t1} {p1.surname} and {t2} {p2.surname} discussed a range of topics covering "
                     + ", ".join(t["label"].lower() if t["label"][0].isupper() and t["label"][1:].islower()
                                 else t["label"] for t in topics[2:-1]) + f" and {topics[-1]['label']}.")
        meta = {"title": title, "source_url": f"https://mfa.example.org/{c1['key']}/statement-{rng.randrange(10**6)}",
                "publisher": f"Government of {c1['label']}", "date_published": None, "author": None}
        return "\n\n".join(paras) + "\n", meta

    def opinion(self, rng):
        author = self.person(rng)
        home = author.country or self.country(rng)
        other = self.country(rng, (home,))
        y, m, d = self.date(rng)
        city = self.city(rng, home)
        agency = rng.choice(self.p.media)
        photographer = self.person(rng)
        scene = rng.choice(CAPTION_SCENES)
        where = f" in {city['label']}, {home['label']}" if city else ""
        cap = (f"{scene} on {MONTHS[m - 1]} {d}, {y}{where}. Photo by {photographer.name}/{agency['label']}.")
        title = f"The road ahead for {rng.choice(PURPOSES)}: A view from {home['label']}"
        y0 = rng.randint(1995, 2012)
        posts = (f"Deputy Secretary of Foreign Affairs, {home['label']} ({y0 + 6}-{str(y0 + 7)[2:]}), "
                 f"Ambassador of {home['label']} to {other['label']} ({y0 + 3}-{str(y0 + 5)[2:]})")
        py = min(y + 1, 2025)
        paras = [cap, title, "This article is part of the series\n" + rng.choice(SERIES), "  • " + posts,
                 f"  • Opinion\n  • {d} {MONTHS[m - 1][:3]} {py}\n  • {rng.randint(4, 12)} min read", "  • " + posts]
        for k in range(rng.randint(4, 8)):
            org = rng.choice(self.p.orgs)
            pc = self.country(rng)
            other_p = self.person(rng, pc)
            sents = [rng.choice(FILLER)]
            sents.append(rng.choice([
                f"President {other_p.name} of {pc['label']} reached out to the {org['label']} last year.",
                f"The {org['label']} has been central to the response, according to {pc['label']}'s "
                f"Foreign Minister {other_p.name}.",
                f"Former {pc['label']} Prime Minister {other_p.name} led an independent panel on the matter.",
            ]))
            if self.p.agreements and rng.random() < 0.6:
                sents.append(f"Returning to the {rng.choice(self.p.agreements)['label']} would send a positive "
                             f"signal toward restoring confidence in multilateralism.")
            sents.append(f"Cooperation on {rng.choice(self.p.topics)['label']} remains essential.")
            sents += rng.sample(FILLER, 2)
            if k == 1:
                sents[-1] = sents[-1][:-1] + ".1"
            paras.append(" ".join(sents))
        src = rng.choice(self.p.orgs)
        paras.append(f"1{src['label']}, Annual Report on Development {py - 1}, ({src['label']}, {py - 1}), "
                     f"p.{rng.randint(2, 300)}.")
        paras.append(f"{author.name} was Deputy Secretary of Foreign Affairs in {home['label']} ({y0 + 6}-"
                     f"{str(y0 + 7)[2:]}), Ambassador of {home['label']} to {other['label']} ({y0 + 3}-"
                     f"{str(y0 + 5)[2:]}) and Ambassador to {self.country(rng, (home, other))['label']} "
                     f"({y0}-{str(y0 + 3)[2:]}).")
        meta = {"title": title, "source_url": f"https://think.example.org/article/{rng.randrange(10**7)}",
                "publisher": rng.choice(["Institute for Global Dialogue", "Centre for Diplomatic Studies"]),
                "date_published": f"{py}-{m:02d}-{d:02d}", "author": author.name}
        return "\n\n".join(paras) + "\n", meta

    def profile(self, rng):
        c = self.country(rng)
        y, m, d = self.date(rng)
        y = max(y, 2016)
        outlet = rng.choice(OUTLETS)
        amb, coord, dep = self.person(rng, c), self.person(rng, c), self.person(rng, c)
        reporter = self.person(rng)
        council = next((o for o in self.p.un_orgs if "Security Council" in o["label"]), None)
        council_name = council["label"] if council else "Security Council"
        head = self.person(rng, c)
        others = [self.country(rng, (c,)) for _ in range(3)]
        credit = rng.choice(["UN PHOTO", outlet.upper()])
        title = f"{c['label']} Puts {rng.choice(self.p.topics)['label'].title()} on the Council Agenda"
        nxt = m % 12 + 1
        paras = [
            "REGIONAL DESKS - Check out our new series on regional diplomacy →", title,
            f"Members of {c['label']}’s delegation to the United Nations, from left: {coord.name}, the political "
            f"coordinator; and {dep.name}, deputy ambassador, posing recently in the {council_name}. "
            f"{reporter.name.upper()}",
            f"{c['label']} holds the rotating presidency of the Security Council this month, the only one of its "
            f"two-year term.",
            f"“Our debate is going to be about {rng.choice(PURPOSES)},” {coord.name}, the political coordinator for "
            f"the {c['label']} mission to the UN, told {outlet}. “We want to see that decisions are respected.”",
            f"“This is a priority for the whole region,” {dep.name}, one of {c['label']}’s deputy permanent "
            f"representatives, told {outlet}.",
            f"Another signature event for {c['label']} in the Security Council is a meeting on the topic of "
            f"“{rng.choice(self.p.topics)['label']},” on {MON_ABBR[m - 1]} {d}. According to {amb.name}, "
            f"{c['label']}’s ambassador to the UN, several issues could come up in the discussion.",
        ]
        paras += [rng.choice(FILLER) + " " + rng.choice(FILLER) for _ in range(rng.randint(2, 5))]
        paras.append(f"{amb.name}, {c['label']}’s ambassador to the UN, briefing reporters after the Security "
                     f"Council voted, {MON_ABBR[m - 1]} {d}, {y}. {reporter.name.upper()}/{credit}")
        deg = rng.choice(self.p.universities) if self.p.universities else None
        paras.append("\n".join([
            f"Ambassador to the UN: {amb.name}, {rng.randint(45, 75)}",
            f"Since: {MONTHS[rng.randrange(12)]} {y - rng.randint(0, 4)}",
            "Languages: " + ", ".join(rng.sample(LANGS, 3)),
            f"Education: {rng.choice(DEGREES)}" + (f", {deg['label']}" if deg else ""),
        ]))
        paras.append(f"His story, briefly: {amb.surname} is a former minister in {c['label']}; {dep.name}, a career "
                     f"diplomat, was Deputy Secretary of Foreign Affairs in {y - 12}-{y - 11}.")
        paras.append(f"{outlet} interviewed {dep.name} and {c['label']}’s political coordinator, {coord.name}, on "
                     f"{MON_ABBR[m - 1]} {d}. Their remarks have been edited and condensed for clarity.")
        for who in (dep, coord):
            paras.append(f"How will {others[0]['label']}’s arrival in the Council change the dynamics for "
                         f"{c['label']}?")
            paras.append(f"{who.surname}: We coincide with {others[0]['label']} on a number of issues. "
                         + " ".join(rng.sample(FILLER, 3)))
        terms = sorted(rng.sample(range(1946, 2020, 2), 3))
        orgs = rng.sample(self.p.orgs, min(3, len(self.p.orgs)))
        paras.append("\n".join([
            f"Head of State: {head.name}",
            f"Type of Government: {rng.choice(GOV_TYPES)}",
            f"Year {c['label']} Joined the UN: {rng.randint(1945, 1991)}",
            "Years in the Security Council: " + "; ".join(f"{t}-{t + 1}" for t in terms) + f"; and {y}-{y + 1}",
            f"Population: {rng.randint(1, 200)}.{rng.randint(0, 9)} million",
            "Memberships in Regional Groups: " + ", ".join("the " + o["label"] for o in orgs[:-1])
            + f" and the {orgs[-1]['label']}",
        ]))
        paras.append(f"{reporter.name} is a reporter specializing in foreign affairs who has been writing for "
                     f"{outlet} regularly.")
        paras.append("\n".join(COMMENTS[:1] + [title] + COMMENTS[1:]))
        paras.append(f"{self.person(rng).name}\n2 years ago\n\nI always want the Council to listen. "
                     + rng.choice(FILLER))
        meta = {"title": title, "source_url": f"https://news.example.org/{y}/{m:02d}/{rng.randrange(10**6)}",
                "publisher": outlet, "date_published": f"{y}-{m:02d}-{d:02d}", "author": reporter.name}
        return "\n\n".join(paras) + "\n", meta


def generate(out_dir: Path, n: int, seed: int = 0, gazetteer: Path | None = None) -> list[Path]:
    """Write n documents (+ sidecars) into out_dir; returns the text paths in name order."""
    from diplograph.project import Project

    gazetteer = gazetteer or (Project.discover().data_dir / "gazetteer.csv")
    gen = Generator(n, seed, load_pools(gazetteer))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        stem, text, meta = gen.document(i)
        (out_dir / f"{stem}.txt").write_text(text, encoding="utf-8")
        (out_dir / f"{stem}.meta.yaml").write_text(meta, encoding="utf-8")
        paths.append(out_dir / f"{stem}.txt")
    return paths
