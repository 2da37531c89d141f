"""Invented readouts: "The Foreign Secretary and Foreign Minister X discussed …" gives X only
"Foreign Minister" when the Foreign Secretary was named before (before, X held both); "The Minister
of Foreign Affairs, Ambassador X, will receive …" gives X the minister's post only ("Ambassador" is a
form of address beside it) and a planned audience."""

from __future__ import annotations

from conftest import map_text


def test_a_title_someone_else_holds(tmp_path):
    text = ("Foreign Secretary meets the Omani Foreign Minister\n\n"
            "The Foreign Secretary, Helen Wood, met Omani Foreign Minister Said Al-Harthy in Muscat on 11 September.\n\n"
            "The Foreign Secretary and Foreign Minister Al-Harthy discussed maritime security.\n")
    x = map_text(tmp_path, "uk", text, "joint-statement", date_published="2025-09-12")
    roles = {(p.holder.name, p.role) for p in x.posts}
    assert ("Said Al-Harthy", "Foreign Minister") in roles
    assert ("Said Al-Harthy", "Foreign Secretary") not in roles


def test_ambassador_as_a_form_of_address(tmp_path):
    text = ("Visit of the Foreign Minister of Uruguay\n\n"
            "The Minister of Foreign Affairs, Ambassador Lucia Prado, will receive the Minister of Foreign Affairs "
            "of Uruguay, Diego Sosa, in Brasília on June 24.\n")
    x = map_text(tmp_path, "br", text, "joint-statement", date_published="2025-06-21")
    roles = {(p.holder.name, p.role) for p in x.posts}
    assert ("Lucia Prado", "Minister of Foreign Affairs") in roles
    assert ("Lucia Prado", "Ambassador") not in roles
    [ev] = x.events
    assert (ev.date, ev.status) == ("2025-06-24", "planned")
    assert {"Lucia Prado", "Diego Sosa"} <= {a.name for a in ev.attendees}
