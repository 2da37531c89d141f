"""Archive-scale benchmark: a reproducible synthetic corpus, timed builds and a naive baseline.

`corpus.generate` writes N documents over the three genres (with sidecars); `run.run_bench` times
the full build, an incremental rebuild after editing one document, and `baseline.run_baseline`
(the same mapping through one rdflib Graph, whole-graph pySHACL and rdflib's Turtle writer).
"""
