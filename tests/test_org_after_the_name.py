"""A title before a name and its organisation after the name: "Judge X of the International Court
of Justice", "Director Y of the World Health Organization" give the post with that organisation.
An "of" that does not begin a known organisation adds none. Invented document."""

from __future__ import annotations

from conftest import map_text

TEXT = """Judges and health officials meet in The Hague

THE HAGUE, 14 March 2025 - Judge Mireille Okafor-Lund of the International Court of Justice met
Regional Director Tomas Heikkinen of the World Health Organization on 14 March 2025.
Professor Ana Ruiz of Madrid also attended the meeting.
"""


def test_the_organisation_after_the_name_is_the_posts(tmp_path):
    x = map_text(tmp_path, "court-meets-health", TEXT, "joint-statement", publisher="Example Court Press",
                 date_published="2025-03-14")
    posts = {(p.holder.name, p.role): (p.org.name if p.org else None) for p in x.posts}
    assert posts[("Mireille Okafor-Lund", "Judge")] == "International Court of Justice"
    assert posts[("Tomas Heikkinen", "Regional Director")] == "World Health Organization"
    assert all(org != "Madrid" for org in posts.values())
