"""Two bugs of press-release readouts (invented documents):

- a dateline's date ("OSLO, 7 May 2024 – …") was taken as the date of the meeting the sentence
  reports "on 6 May 2024", and gave a report a second, dateline-dated publication;
- "A met B" gave a meeting of A alone: whom A met, named after the verb, attends too.
"""

from __future__ import annotations

from conftest import map_text

MET = ("Ministers meet\n\nOSLO, 7 May 2024 - Foreign Minister Kari Nordvik met Foreign Minister Jonas Berglund "
       "of Sweden on 6 May 2024.\n")
TALKS = ("Talks in Oslo\n\nForeign Minister Kari Nordvik held bilateral talks with her Swedish counterpart, "
         "Jonas Berglund, on 6 May 2024 in Oslo; Minister Ola Strand said the talks went well.\n")
TODAY = "Ministers meet\n\nOSLO, 7 May 2024 - Foreign Minister Kari Nordvik met Foreign Minister Jonas Berglund.\n"
REPORT = ("Annual report\n\nOSLO, 7 May 2024 - The Ministry of Foreign Affairs of Norway presented its annual "
          "report on 6 May 2024.\n")


def _map(tmp_path, stem, text):
    return map_text(tmp_path, stem, text, "joint-statement", publisher="Example Ministry", date_published="2024-05-07")


def test_a_datelines_date_is_not_the_date_of_what_the_sentence_tells(tmp_path):
    [meeting] = _map(tmp_path, "met", MET).events
    assert meeting.date == "2024-05-06"
    assert [e.date for e in _map(tmp_path, "report", REPORT).events] == ["2024-05-06"]
    # With no day of its own, the sentence's news is of the dateline's day.
    assert [e.date for e in _map(tmp_path, "today", TODAY).events] == ["2024-05-07"]


def test_whom_they_met_attends(tmp_path):
    [meeting] = _map(tmp_path, "met", MET).events
    assert [p.name for p in meeting.attendees if p.kind == "person"] == ["Kari Nordvik", "Jonas Berglund"]
    [talks] = _map(tmp_path, "talks", TALKS).events
    # Up to the end of the clause: who spoke afterwards did not attend for that.
    assert [p.name for p in talks.attendees if p.kind == "person"] == ["Kari Nordvik", "Jonas Berglund"]
