"""Invented news reports: a quotation over paragraphs opens each and closes only the last ("“A.⏎⏎
“B,” she said." — the first paragraph was lost); "Mr. X told the Council" after a quote names X (the
full stop of "Mr." read as a sentence break lost it); "X, C's Ambassador, told reporters that the
situation was grave" is a current post ("was" of the reported words made it former); "her
counterpart from Kenya, Ambassador Y" gives Y's title its country."""

from __future__ import annotations

from conftest import map_text

REPORT = """Envoy warns of famine

New York, 8 May 2024

Ambassador Hodan Warsame, Djibouti's Permanent Representative to the United Nations, told reporters that the situation was grave.

"We are seeing the worst drought in forty years. Crops have failed across the region.

"Without help, hundreds of thousands of people will face famine by the end of the year," she said.

Her counterpart from Uganda, Ambassador Joseph Okello, agreed. "The region cannot carry this alone," Mr. Okello told the Council.
"""


def _x(tmp_path):
    return map_text(tmp_path, "report", REPORT, "news-profile")


def test_a_quotation_over_two_paragraphs(tmp_path):
    said = {q.text: q.speaker.name for q in _x(tmp_path).quotations}
    assert said["We are seeing the worst drought in forty years. Crops have failed across the region."] == "Hodan Warsame"


def test_mr_x_told_the_council(tmp_path):
    said = {q.text: q.speaker.name for q in _x(tmp_path).quotations}
    assert said["The region cannot carry this alone,"] == "Joseph Okello"


def test_reported_speech_does_not_make_a_post_former(tmp_path):
    [post] = [p for p in _x(tmp_path).posts if p.holder.name == "Hodan Warsame"]
    assert not post.former and post.attested == "2024-05-08"


def test_a_counterpart_from_a_country(tmp_path):
    [post] = [p for p in _x(tmp_path).posts if p.holder.name == "Joseph Okello"]
    assert post.org is not None and post.org.name == "Uganda"
