"""Three bugs of UN mission profiles, credential notes and obituaries (invented documents):

- a current "Permanent Representative" was folded into the same person's earlier "Deputy
  Permanent Representative … from 2012 to 2016" (a rank word makes it another post);
- "X was elected to the Human Rights Council … for the 2023-2025 term" gave no membership;
- "who represented Switzerland at the United Nations from 1990 to 1995" gave no post.
"""

from __future__ import annotations

import pytest
from conftest import map_text

CREDENTIALS = ("New Permanent Representative of Mongolia\n\nThe new Permanent Representative of Mongolia to the United "
               "Nations, Enkhbold Bat, presented his credentials to Secretary-General Ana Lima on 12 March 2024.\n\n"
               "Prior to his appointment, Mr. Bat was {rank} Permanent Representative in New York from 2012 to 2016.\n")


@pytest.mark.parametrize("rank", ["Deputy", "Alternate", "Assistant"])
def test_a_rank_word_makes_another_post(tmp_path, rank):
    x = map_text(tmp_path, "pr", CREDENTIALS.format(rank=rank), "news-profile", publisher="UN News",
                 date_published="2024-05-07")
    posts = {p.role: p for p in x.posts if p.holder.name == "Enkhbold Bat"}
    now, then = posts["Permanent Representative"], posts[f"{rank} Permanent Representative"]
    assert (now.start, now.end, now.attested) == (None, None, "2024-05-07")
    assert (then.start, then.end, then.attested) == ("2012", "2016", None)


@pytest.mark.parametrize(("verb", "term", "years"), [("was elected to", "2023-2025", ("2023", "2025")),
                                                     ("was re-elected to", "2024-26", ("2024", "2026"))])
def test_elected_to_a_council_for_a_term(tmp_path, verb, term, years):
    x = map_text(tmp_path, "m", f"Mission profile\n\nUruguay {verb} the Human Rights Council in October 2022 for the "
                 f"{term} term.\n", "news-profile", publisher="UN News", date_published="2024-05-07")
    assert [(p.holder.name, p.role, p.start, p.end) for p in x.posts] == [
        ("Uruguay", "member of the UN Human Rights Council", *years)]


@pytest.mark.parametrize(("body", "mission"), [
    ("the United Nations", "Permanent Mission of Switzerland to the United Nations"),
    ("the World Trade Organization", "Permanent Mission of Switzerland to the World Trade Organization")])
def test_represented_a_country_at_a_body(tmp_path, body, mission):
    """"who represented Switzerland at the United Nations from 1990 to 1995" gave no post."""
    x = map_text(tmp_path, "o", f"Obituary\n\nFormer ambassador Hans Keller, who represented Switzerland at {body} "
                 "from 1990 to 1995, died on 4 May 2024 in Bern.\n", "news-profile", publisher="UN News",
                 date_published="2024-05-07")
    assert [(p.role, p.org.name, p.start, p.end) for p in x.posts if p.role.startswith("Representative")] == [
        (f"Representative of Switzerland to the {body.removeprefix('the ')}", mission, "1990", "1995")]
