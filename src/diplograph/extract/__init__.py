"""Extractors shared by all mapping modules: entities, persons and posts, quotations, captions,
fact boxes, footnotes, events and stances. Each works on a `DocContext`."""
