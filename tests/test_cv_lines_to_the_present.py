"""A CV line open to the present ("2021–present: Ambassador of Sweden to Chile") is a current post
from that year, in the country it names; before, it gave a bare "Ambassador" and a "publication"
event for the word "present" (invented CV)."""

from __future__ import annotations

from conftest import map_text

TEXT = ("Curriculum vitae: Ambassador Karin Berg\n\n"
        "Career\n"
        "2021–present: Ambassador of Sweden to Chile\n"
        "2017–2021: Director-General for Trade Policy, Ministry for Foreign Affairs\n"
        "2013–2017: Minister-Counsellor, Embassy of Sweden in Madrid\n"
        "Education\n"
        "1992: Law degree, Uppsala University\n")


def test_an_open_cv_line_is_a_current_post(tmp_path):
    x = map_text(tmp_path, "berg", TEXT, "news-profile", date_published="2024-01-15", publisher="Example")
    posts = {p.role: p for p in x.posts if p.holder.name == "Karin Berg"}
    now = posts["Ambassador of Sweden to Chile"]
    assert (now.start, now.end, now.attested, now.org.name) == ("2021", None, "2024-01-15", "Sweden")
    # The words after the title's comma say where it was held, not the title.
    assert (posts["Director-General for Trade Policy"].start, posts["Director-General for Trade Policy"].end) == ("2017", "2021")
    assert not [e for e in x.events if e.date == "2021"]
    assert "Ambassador" not in posts
