"""The engine's layout: one module per stage, no import cycles (counting imports inside
functions), the build's modules under ~400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "src" / "diplograph"
# The build pipeline as the README draws it: read seeds → map → link → document graphs → shared
# graph → validate → publish, run on an executor.
PIPELINE = ("build", "seeds", "mapstage", "mapped", "linkstage", "graphstage", "docgraph", "shared", "gate",
            "docvalidate", "publish", "export", "rdfterms", "cache", "executor", "dask_executor", "fastshacl")


def _name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_name(p): p for p in PKG.rglob("*.py")}


def _imports(path: Path, modules) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in modules:
                out.add(node.module)
            for alias in node.names:  # `from diplograph import errors`
                if f"{node.module}.{alias.name}" in modules:
                    out.add(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name in modules}
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    modules = _modules()
    graph = {m: _imports(p, modules) - {m, "diplograph"} for m, p in modules.items()}
    assert _cycles(graph) == []


def test_build_modules_are_short():
    long = {m: n for m in PIPELINE if (n := len((PKG / f"{m}.py").read_text(encoding="utf-8").splitlines())) > 440}
    assert long == {}


def test_build_reads_as_the_pipeline():
    """`build()` calls the stages in the README's order."""
    text = (PKG / "build.py").read_text(encoding="utf-8")
    body = text[text.index("def build("):text.index("class _Run")]
    calls = ["discover(", "run.map(", "unify_entities(", "link(", "docgraphs(", "run.validate(", "publish("]
    positions = [body.index(c) for c in calls]
    assert positions == sorted(positions)
