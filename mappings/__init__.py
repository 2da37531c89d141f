"""Mapping modules of this publication project: one per document genre.

Each module registers itself with `diplograph.registry.mapping`; the engine imports every module of
this folder. The data tables the modules read are in `data/`.
"""
