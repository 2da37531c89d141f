"""Two gaps of interviews and op-eds (invented documents):

- an interview written as "Q: … / A: …" gave no quotation: the answers are the words of the person
  the introduction names as interviewed;
- a sidecar author "A and B" was one person named "A and B": two authors, each a person.
"""

from __future__ import annotations

import pytest
from conftest import map_text

QA = ("Interview\n\nIn an interview with Example Daily, Ambassador Grace Wanjiru, Kenya's Permanent Representative "
      "to the United Nations, spoke about reform with our correspondent Paul Ode.\n\n{q} What is your priority?\n\n"
      "{a} Reform of the Security Council. We cannot wait.\n\n{q} And climate?\n\n{a} Climate finance must double.\n")


@pytest.mark.parametrize(("q", "a"), [("Q:", "A:"), ("Question:", "Answer:"), ("Q.", "A.")])
def test_answers_of_a_qa_interview_are_the_interviewees(tmp_path, q, a):
    x = map_text(tmp_path, "qa", QA.format(q=q, a=a), "news-profile", publisher="Example Daily",
                 date_published="2024-05-07")
    assert [(qt.text, qt.speaker.name) for qt in x.quotations] == [
        ("Reform of the Security Council. We cannot wait.", "Grace Wanjiru"),
        ("Climate finance must double.", "Grace Wanjiru")]


def test_no_interviewee_no_answers(tmp_path):
    text = "Questions\n\nQ: What is your priority?\n\nA: Reform of the Security Council. We cannot wait.\n\n" \
           "Ministers Ana Lima and Pedro Rojas met on 3 May 2024.\n"
    x = map_text(tmp_path, "qa", text, "news-profile", publisher="Example Daily", date_published="2024-05-07")
    assert x.quotations == []


@pytest.mark.parametrize("field", ["Anna Berg and Tomas Lind", "Anna Berg, Tomas Lind", "Anna Berg & Tomas Lind"])
def test_two_authors_are_two_persons(tmp_path, field):
    x = map_text(tmp_path, "oped", "A Nordic answer\n\nThe region needs a plan, and Sweden will lead.\n", "opinion", author=field,
                 publisher="Example Daily", date_published="2024-05-07")
    assert x.author.name == "Anna Berg"
    assert [a.name for a in x.coauthors] == ["Tomas Lind"]
    assert sorted(e.name for e in x.entities.values() if e.kind == "person") == ["Anna Berg", "Tomas Lind"]


def test_an_author_body_with_and_stays_one(tmp_path):
    x = map_text(tmp_path, "oped", "A plan\n\nThe region needs a plan, and Sweden will lead.\n", "opinion",
                 author="Ministry of Trade and Industry", publisher="Example Daily", date_published="2024-05-07")
    assert x.author.name == "Ministry of Trade and Industry" and x.coauthors == []
