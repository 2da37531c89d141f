"""Invented interview and op-ed: "Ambassador X, who took office in March 2022," starts that post
(before, the start was read only after "took office in" followed by another "in"); "he has chaired
the Commission" is held on the text's date (before, a former post); "Since becoming Foreign Minister
of C in December 2023, I have visited …" is the writer's current post from then, not a visit in
December 2023; "As Foreign Minister, I …" is left to the writer's own rule (before, a former post)."""

from __future__ import annotations

from conftest import map_text


def test_who_took_office_and_has_chaired(tmp_path):
    text = ("Ambassador Kim on the Council term\n\n"
            "In an interview on Tuesday, Ambassador Kim Min-jae, who took office in March 2022, said the Council "
            "must act on cyber threats. Since taking office, he has chaired the Peacebuilding Commission.\n")
    x = map_text(tmp_path, "kim", text, "news-profile", date_published="2024-05-07")
    posts = {p.role: p for p in x.posts if p.holder.name == "Kim Min-jae"}
    assert posts["Ambassador"].start == "2022-03"
    chair = next(p for r, p in posts.items() if r.startswith("Chair of the Peacebuilding Commission"))
    assert (chair.former, chair.attested) == (False, "2024-05-07")


def test_since_becoming_foreign_minister(tmp_path):
    text = ("As Foreign Minister, I have seen what diplomacy can do\n\nBy Ewa Nowak\n\n"
            "Since becoming Foreign Minister of Poland in December 2023, I have visited thirty countries.\n")
    x = map_text(tmp_path, "oped", text, "opinion", date_published="2024-08-01", author=None)
    posts = [p for p in x.posts if p.holder.name == "Ewa Nowak"]
    assert [(p.role, p.start, p.former) for p in posts] == [("Foreign Minister", "2023-12", False)]
    assert not [e for e in x.events if e.date == "2023-12"]
