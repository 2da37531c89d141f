"""Layouts of real readouts, profiles and op-eds written the way others write them (invented
documents): a possessive ends a name ("Secretary Harrington's Call" is no person), "X spoke today
with Y" is a dated conversation, a person box keyed "Name:/Position:/Assumed office:/Previous post:"
gives the person and both posts, and an op-ed or letter with no sidecar author takes its writer
from the byline or the closing signature (with the post on the line below or "The writer is …")."""

from __future__ import annotations

from conftest import map_text

READOUT = """Secretary Okafor's Call with Chilean Foreign Minister Lucia Ferrer

Office of the Spokesperson
March 3, 2025

Secretary of State Daniel Okafor spoke today with Chilean Foreign Minister Lucia Ferrer about Antarctic research. The Secretary thanked the Foreign Minister for Chile's leadership.
"""


def test_a_possessive_ends_a_name(tmp_path):
    x = map_text(tmp_path, "call", READOUT, "joint-statement")
    names = {e.name for e in x.entities.values() if e.kind == "person"}
    assert names == {"Daniel Okafor", "Lucia Ferrer"}


def test_spoke_today_with_is_a_dated_conversation(tmp_path):
    x = map_text(tmp_path, "call", READOUT, "joint-statement")
    [ev] = [e for e in x.events if e.date == "2025-03-03"]
    assert {p.name for p in ev.attendees if p.kind == "person"} == {"Daniel Okafor", "Lucia Ferrer"}
    assert ev.status == "held"


def test_spoke_with_reporters_is_no_meeting(tmp_path):
    text = ("Briefing\n\nMarch 3, 2025\n\nSecretary of State Daniel Okafor spoke today with reporters in Lima.\n")
    x = map_text(tmp_path, "press", text, "joint-statement")
    assert not [e for e in x.events if e.kind == "meeting"]


def test_a_person_box_keyed_by_what_each_line_is(tmp_path):
    text = ("New envoy at the United Nations\n\n"
            "Name: Henrik Dalsgaard\n"
            "Position: Permanent Representative of Denmark to the United Nations\n"
            "Assumed office: 2 October 2023\n"
            "Previous post: Ambassador of Denmark to Kenya (2019-2023)\n\n"
            "Henrik Dalsgaard has been a diplomat for twenty years.\n")
    x = map_text(tmp_path, "box", text, "news-profile", date_published="2024-01-10", publisher="Example")
    posts = {(p.role, p.org.name if p.org else None, p.start, p.end) for p in x.posts if p.holder.name == "Henrik Dalsgaard"}
    assert ("Permanent Representative", "Permanent Mission of Denmark to the United Nations", "2023-10-02", None) in posts
    assert any(role.startswith("Ambassador") and start == "2019" and end == "2023" for role, _, start, end in posts)


OPED = """Why small states need the Commonwealth

The Commonwealth gives small states a voice they would not have alone, and it costs little.

Trade ties across its members are growing, and we must build on them.

The writer is Ghana's High Commissioner to Canada.

Kwame Asante
"""


def test_a_closing_name_is_the_author_and_the_writer_is_their_post(tmp_path):
    x = map_text(tmp_path, "oped", OPED, "opinion", publisher="Example")
    assert x.author is not None and x.author.name == "Kwame Asante"
    assert any(p.holder is x.author and "High Commissioner" in p.role for p in x.posts)


def test_a_byline_names_the_authors(tmp_path):
    text = ("A better deal for the Pacific\n\nBy Sione Tupou and Mele Fifita\n\n"
            "Island states cannot wait for another decade of promises on climate finance.\n")
    x = map_text(tmp_path, "byline", text, "opinion", publisher="Example")
    assert x.author.name == "Sione Tupou"
    assert [p.name for p in x.coauthors] == ["Mele Fifita"]


def test_a_signed_letter_gives_its_writer_and_post(tmp_path):
    text = ("Letters: Climate finance must reach island states\n\n"
            "Sir, your editorial on climate finance rightly notes the gap between pledges and delivery.\n\n"
            "Island states cannot wait for another decade of promises.\n\n"
            "Ana Tavares\nAmbassador of Portugal to Ireland\nDublin\n")
    x = map_text(tmp_path, "letter", text, "opinion", publisher="Example")
    assert x.author is not None and x.author.name == "Ana Tavares"
    assert any(p.holder is x.author and p.role.startswith("Ambassador") for p in x.posts)


def test_a_sidecar_author_is_kept(tmp_path):
    x = map_text(tmp_path, "oped2", OPED, "opinion", publisher="Example", author="Efua Mensah")
    assert x.author.name == "Efua Mensah"
