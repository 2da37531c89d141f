"""Print what the mapping modules extract from each seed, for reading (not used by the build)."""

import sys
from pathlib import Path

from diplograph.mapstage import map_document
from diplograph.extract.context import Tables
from diplograph.project import Project
from diplograph.seeds import discover, read_document


def main(root: str = ".", only: str = "") -> None:
    project = Project(Path(root).resolve())
    tables = Tables.load(project.data_dir)
    for pair in discover(project.seeds):
        if only and only not in pair.text_path.name:
            continue
        doc = read_document(pair)
        x, ctx = map_document(doc, tables, project)
        print(f"===== {doc.stem} {doc.genre} title={doc.title!r} date={doc.date_published}")
        print("author:", x.author and x.author.name, "| publisher:", x.publisher and x.publisher.name,
              "| series:", x.series and x.series.name)
        for e in sorted(x.entities.values(), key=lambda e: (e.kind, e.key)):
            extra = []
            if e.aliases: extra.append(f"aka {sorted(e.aliases)}")
            if e.alumni_of: extra.append(f"alumni {[a.name for a, _ in e.alumni_of]}")
            if e.affiliations: extra.append(f"affil {[a.name for a, _ in e.affiliations]}")
            if e.languages: extra.append(f"lang {e.languages}")
            if e.spouses: extra.append(f"spouse {[a.name for a, _ in e.spouses]}")
            if e.launched_by: extra.append(f"launched by {[a.name for a, _ in e.launched_by]}")
            print(f"  {e.kind:12} {e.key:45} {e.name!r} x{len(e.spans)} {' '.join(extra)}")
        for p in x.posts:
            print(f"  POST {p.holder.name} | {p.role} | {p.org.name if p.org else None} | "
                  f"start={p.start} end={p.end} att={p.attested} former={p.former}")
        for ev in x.events:
            print(f"  EVENT {ev.kind} {ev.name!r} date={ev.date} loc={ev.location and ev.location.name} "
                  f"forum={ev.forum and ev.forum.name} att={[a.name for a in ev.attendees]} "
                  f"org={[o.name for o in ev.organizers]} chair={ev.chair and ev.chair.name} "
                  f"topics={[t.name for t in ev.topics]} purpose={ev.purpose!r} super={ev.super_event and ev.super_event.name}")
        for q in x.quotations:
            print(f"  QUOTE {q.speaker.name}: {q.text[:90]!r}")
        for s in x.stances:
            print(f"  STANCE {s.kind} {[a.name for a in s.agents]} -> {[o.name for o in s.objects]} {s.description[:80]!r}")
        for im in x.images:
            print(f"  IMAGE {im.caption[:60]!r} date={im.date} loc={im.location and im.location.name} "
                  f"credit={im.credit!r} creator={im.creator and im.creator.name} holder={im.copyright_holder and im.copyright_holder.name}")
        for c in x.citations:
            print(f"  CITE {c.number} title={c.title!r} pub={c.publisher and c.publisher.name} "
                  f"author={c.author and c.author.name} date={c.date} pages={c.pages}")
        print("  TOPICS", [t.name for t in x.topics])


if __name__ == "__main__":
    main(*sys.argv[1:])
