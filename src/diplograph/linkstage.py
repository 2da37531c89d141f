"""Link: one node per real-world entity across documents, then Wikidata linking, on the entity
records of all documents (diplograph.mapped) in the build's main process."""

from __future__ import annotations

from diplograph.model import Extraction
from diplograph.project import Project


def unify_entities(extractions: list[Extraction]) -> None:
    """One node per real-world entity across documents: same name and aliases everywhere."""
    groups: dict[tuple[str, str], list] = {}
    for x in extractions:
        for e in x.entities.values():
            groups.setdefault((e.kind, e.key), []).append(e)
    for items in groups.values():
        if len(items) < 2:
            continue
        name = items[0].name
        aliases = set().union(*(e.aliases for e in items)) | {e.name for e in items}
        subtypes = set().union(*(e.subtypes for e in items))
        country = next((e.country for e in items if e.country), None)
        description = next((e.description for e in items if e.description), None)
        for e in items:
            e.name, e.aliases, e.subtypes = name, set(aliases) - {name}, set(subtypes)
            e.country, e.description = country, description
    _unify_role_names(extractions)


def _unify_role_names(extractions) -> None:
    """One role name per post node: "Foreign Minister" and "foreign minister" of the same holder,
    organisation and date are one post (rdfize.post_slug), written as the first document writes it
    (two names would be two schema:roleName on one node, which the shapes refuse)."""
    from diplograph.rdfize import post_slug

    first: dict[str, str] = {}
    for x in extractions:  # Extractions (post_slug of each Post) or MappedDocuments (PostRecord.slug)
        for p in x.posts:
            slug = p.slug if hasattr(p, "slug") else post_slug(p)
            p.role = first.setdefault(slug, p.role)


def link(extractions: list[Extraction], project: Project, cache=None):
    """Wikidata linking; with a cache, the linker's answers (candidates and decision for a set of
    names, a kind and a context: pure functions of the slice, the gazetteer and the linking code)
    are kept between builds, so a rebuild scores only entities whose names or context changed."""
    from diplograph.linking import gazetteer_path, link_extractions, load_linker, slice_path

    if cache is None or not cache.enabled:
        return link_extractions(extractions, project)
    from diplograph.cache import _PKG, files_hash, sha256

    linker = load_linker(project)
    key = sha256("link-memo-1", str(linker.threshold), files_hash([slice_path(project), gazetteer_path(project)]),
                 files_hash(sorted((_PKG / "linking").glob("*.py"))))
    old = cache.get("link", key) or {}
    used: dict = {}

    def memo(kind_of_call, method):
        def call(names, kind, ctx):
            k = (kind_of_call, tuple(names), kind, ctx.country_qid, ctx.sentence, ctx.key)
            if k not in used:
                used[k] = old[k] if k in old else method(names, kind, ctx)
            return used[k]
        return call

    linker.decide = memo("decide", linker.decide)
    linker.candidates = memo("candidates", linker.candidates)
    report = link_extractions(extractions, project, linker=linker)
    if set(used) != set(old):
        cache.put("link", key, used)
    return report
