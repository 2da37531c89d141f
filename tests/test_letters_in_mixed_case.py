"""A letters page signed in mixed case, the name on a line of its own and the post on the next,
gave no post (invented document); a heading in title case is not a signature."""

from __future__ import annotations

from conftest import map_text

LETTERS = """Letters

Sanctions work
Your article on sanctions (May 2nd) ignored the evidence. Targeted measures changed behaviour in several cases.
Kari Nordvik
Former Ambassador of Norway to Iran
Oslo

A Better Way Forward
Development aid is an investment, not charity. Donors should remember that when budgets are cut.
Pedro Rojas
Santiago, Chile
"""


def test_a_mixed_case_signature_gives_the_writers_post(tmp_path):
    x = map_text(tmp_path, "letters", LETTERS, "opinion", publisher="Example Weekly", date_published="2024-05-09")
    assert [(p.holder.name, p.role, p.org.name if p.org else None, p.former) for p in x.posts] == [
        ("Kari Nordvik", "Ambassador of Norway to Iran", "Norway", True)]
    assert "A Better Way Forward" not in {e.name for e in x.entities.values()}
