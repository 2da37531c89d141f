"""What changed between two builds: per named graph, the triples added and removed.

Compares two published output folders (their manifest.json and graph files). Graphs whose file
checksum is the same are skipped without parsing, so comparing two builds of a large archive after a
small change reads only the graphs that changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from diplograph.errors import InputError
from diplograph.store import GraphFile, read_output


@dataclass
class GraphDiff:
    graph: str
    status: str  # "added", "removed" or "changed"
    added: list[str] = field(default_factory=list)  # N-Triples lines, sorted
    removed: list[str] = field(default_factory=list)


@dataclass
class BuildDiff:
    old: str
    new: str
    graphs: list[GraphDiff] = field(default_factory=list)
    unchanged: int = 0

    @property
    def added_triples(self) -> int:
        return sum(len(g.added) for g in self.graphs)

    @property
    def removed_triples(self) -> int:
        return sum(len(g.removed) for g in self.graphs)

    def summary(self) -> str:
        by = {s: sum(g.status == s for g in self.graphs) for s in ("changed", "added", "removed")}
        return (f"{by['changed']} graph(s) changed, {by['added']} added, {by['removed']} removed, "
                f"{self.unchanged} unchanged; +{self.added_triples} -{self.removed_triples} triples")

    def to_dict(self) -> dict:
        return {"old": self.old, "new": self.new, "unchanged": self.unchanged,
                "added_triples": self.added_triples, "removed_triples": self.removed_triples,
                "graphs": [{"graph": g.graph, "status": g.status, "added": g.added, "removed": g.removed}
                           for g in self.graphs]}

    def render(self) -> str:
        lines = []
        for g in self.graphs:
            lines.append(f"@@ {g.status} <{g.graph}> +{len(g.added)} -{len(g.removed)}")
            lines += [f"- {t} ." for t in g.removed]
            lines += [f"+ {t} ." for t in g.added]
        return "\n".join(lines) + ("\n" if lines else "")


def _lines(gf: GraphFile | None) -> set[str]:
    if gf is None:
        return set()
    data = gf.read()
    try:
        return {str(t) for t in ox.parse(data, format=ox.RdfFormat.TURTLE)}
    except SyntaxError as exc:
        raise InputError(f"not valid Turtle: {exc}", path=str(gf.path)) from exc


def diff_outputs(old_dir, new_dir) -> BuildDiff:
    """Triples added and removed per named graph (documents and VoID) from `old_dir` to `new_dir`."""
    old, new = read_output(old_dir), read_output(new_dir)
    before = {g.graph: g for g in old.graphs}
    after = {g.graph: g for g in new.graphs}
    result = BuildDiff(old=str(old_dir), new=str(new_dir))
    for graph in sorted(before.keys() | after.keys()):
        a, b = before.get(graph), after.get(graph)
        if a is not None and b is not None and a.sha256 and a.sha256 == b.sha256:
            result.unchanged += 1
            continue
        old_lines, new_lines = _lines(a), _lines(b)
        if a is not None and b is not None and old_lines == new_lines:
            result.unchanged += 1
            continue
        status = "added" if a is None else "removed" if b is None else "changed"
        result.graphs.append(GraphDiff(graph, status, sorted(new_lines - old_lines), sorted(old_lines - new_lines)))
    return result
