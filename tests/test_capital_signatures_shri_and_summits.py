"""Invented letters page and summit statement: a letter signed by a name in capitals alone on its
line gives its post from the next line, also after a short letter (before, the post was lost and
the short letter's writer was no person); "Shri" is a form of address, not part of a name; "held
the 12th Annual Summit in CITY on DATE" is a meeting of the leaders named before it (before, an
organ's meeting with no one at it)."""

from __future__ import annotations

from conftest import map_text

LETTERS = """Letters

Sir, Your article on fisheries (May 3rd) ignores the quotas agreed in Brussels. Stocks recovered where they were enforced.

PETER LINDQVIST
Former ambassador to Chile
Uppsala

Sir, Quotas are not the problem.

HELENA BRANDT
Hamburg
"""


def test_capital_signatures_with_the_post_below(tmp_path):
    x = map_text(tmp_path, "letters", LETTERS, "opinion", date_published="2025-05-10")
    persons = {e.name for e in x.entities.values() if e.kind == "person"}
    assert {"Peter Lindqvist", "Helena Brandt"} <= persons
    assert ("Peter Lindqvist", "ambassador to Chile") in {(p.holder.name, p.role) for p in x.posts}
    assert not any(p.holder.name == "Helena Brandt" for p in x.posts)


def test_shri_is_a_form_of_address(tmp_path):
    text = ("Joint Statement\n\nThe Prime Minister of India, Shri Vikram Rao, and the Prime Minister of Australia, "
            "Mr. Tom Hale, held the 12th Annual Summit in Canberra on 4 March 2025.\n")
    x = map_text(tmp_path, "summit", text, "joint-statement", date_published="2025-03-05")
    persons = {e.name for e in x.entities.values() if e.kind == "person"}
    assert persons == {"Vikram Rao", "Tom Hale"}
    [ev] = x.events
    assert (ev.kind, ev.date) == ("meeting", "2025-03-04")
    assert {"Vikram Rao", "Tom Hale"} <= {a.name for a in ev.attendees}
    assert ev.location is not None and ev.location.name == "Canberra"
