"""An op-ed's "When I presented my credentials … in 2022" is an event the writer attended
(invented text; before, the event had nobody at it). Another's "I think" is no event of theirs."""

from __future__ import annotations

from conftest import map_text

TEXT = ("Why small states matter at the UN\n\nBy Sione Latu\n\n"
        "When I presented my credentials to the Secretary-General in 2022, I was struck by how much small "
        "delegations can achieve. As Tonga's Permanent Representative, I have learned that alliances matter.\n\n"
        "Sione Latu is Tonga's Permanent Representative to the United Nations.\n")


def test_the_writer_attends_what_they_tell_of_themselves(tmp_path):
    x = map_text(tmp_path, "latu", TEXT, "opinion", author="Sione Latu", publisher="Example Daily",
                 date_published="2025-04-13")
    dated = [e for e in x.events if e.date == "2022"]
    assert dated and [a.name for a in dated[0].attendees] == ["Sione Latu"]


def test_writer_subject_pattern():
    from diplograph.extract.happenings import _WRITER_SUBJECT

    assert _WRITER_SUBJECT.search("I met the Foreign Minister in Suva on 3 May 2024")
    assert _WRITER_SUBJECT.search("In 2019, I signed the agreement")
    assert not _WRITER_SUBJECT.search("I think the summit of 3 May 2024 matters")
    assert not _WRITER_SUBJECT.search("The Minister said I met nobody")
