"""Attribution and countries in readouts written as others write them (invented documents):
"“…,” said Fiji's Minister for Fisheries, Sera Naivalu" and "According to X's Foreign Minister, Y,
the plan “…”" name their speaker in apposition; in "Prime Minister A met with President B of C" the
country is B's, not A's (before, both speakers were lost and A was given C's post)."""

from __future__ import annotations

from conftest import map_text

PACIFIC = """Ministers agree on a fisheries plan

Apia, 12 April 2024

"This agreement protects our ocean for the generations to come," said Samoa's Minister for Fisheries, Tala Leota. The ministers signed the plan in Apia on 12 April 2024.

According to Vanuatu's Foreign Minister, Jean-Pierre Kalsakau, the plan "sets a standard for the whole region".
"""


def test_said_then_a_title_then_the_name(tmp_path):
    x = map_text(tmp_path, "pacific", PACIFIC, "joint-statement")
    said = {q.text: q.speaker.name for q in x.quotations}
    assert said["This agreement protects our ocean for the generations to come,"] == "Tala Leota"


def test_according_to_a_title_then_the_name(tmp_path):
    x = map_text(tmp_path, "pacific", PACIFIC, "joint-statement")
    said = {q.text: q.speaker.name for q in x.quotations}
    assert said["sets a standard for the whole region"] == "Jean-Pierre Kalsakau"


def test_said_the_minister_is_the_minister_named_before(tmp_path):
    text = ("Talks in Apia\n\nApia, 12 April 2024\n\n"
            "Samoa's Minister for Fisheries, Tala Leota, opened the meeting in Apia on 12 April 2024. "
            "\"We will not give up on our ocean,\" said the Minister, adding that the plan was only a start.\n")
    x = map_text(tmp_path, "apia", text, "joint-statement")
    assert [q.speaker.name for q in x.quotations] == ["Tala Leota"]


def test_the_country_after_the_other_name_is_not_the_first_leaders(tmp_path):
    text = ("Readout of Prime Minister Engstad's Meeting with President Mensah of Ghana\n\nNovember 19, 2024\n\n"
            "Prime Minister Lars Engstad met with President Comfort Mensah of Ghana on the margins of the "
            "G20 Summit in Rio de Janeiro on November 18. The leaders discussed trade.\n")
    x = map_text(tmp_path, "margins", text, "joint-statement")
    org = {p.holder.name: p.org.name if p.org else None for p in x.posts}
    assert org["Comfort Mensah"] == "Ghana"
    assert org.get("Lars Engstad") is None
