"""Court and prosecution offices are post titles (roles.csv): "Chief Justice X", "Judge X" give X a
post, as "Minister X" does; the verb "to judge" and a bare "the prosecutor said" give nobody one.
Invented document."""

from __future__ import annotations

from conftest import map_text

TEXT = """Opening of the judicial year in Nairobi

NAIROBI, 9 January 2025 - Chief Justice Halima Noor opened the judicial year on 9 January 2025.
Judge Pieter Vandamme and Prosecutor Lucia Ferraz also spoke at the ceremony.

It is too early to judge whether the reforms will succeed, the prosecutor said.
"""


def test_court_and_prosecution_titles_are_posts(tmp_path):
    x = map_text(tmp_path, "judicial-year", TEXT, "joint-statement", publisher="Judiciary of Kenya",
                 date_published="2025-01-09")
    roles = {p.holder.name: p.role for p in x.posts}
    assert roles == {"Halima Noor": "Chief Justice", "Pieter Vandamme": "Judge", "Lucia Ferraz": "Prosecutor"}
    persons = {e.name for e in x.entities.values() if e.kind == "person"}
    assert persons == {"Halima Noor", "Pieter Vandamme", "Lucia Ferraz"}
