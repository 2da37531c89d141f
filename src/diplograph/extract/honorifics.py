"""Forms of address written before (or after) a name and not part of it: read by the name grammar
(extract.people) and by the post rules (extract.person_posts)."""

from __future__ import annotations

import re

# Forms of address written before a name, not part of it ("Dato' Sri X", "H.E. Mr X").
HONORIFIC = (r"(?:H\.\s?E\.|His Excellency|Her Excellency|Excellency|(?:His|Her) (?:Royal |Imperial )?(?:Majesty|Highness)|H\.\s?R\.\s?H\.|HRH|Dato['’]?\s+Seri|Dato['’]?\s+Sri|Datuk\s+Seri|"
             r"Dato['’]?|Datuk|Tan\s+Sri|Tun|Shri|Smt\.?|Shrimati|Sheikh|Shaikh|Sir|Dame|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Mme\.?|Madame|Prof\.?|"
             r"Professor|Hon\.?|Honourable|Honorable|Rt\.? Hon\.?)")
_HONORIFIC_LEAD = re.compile(rf"(?:{HONORIFIC}\s+)+")  # used with match(text, pos): no "^", which would hold only at 0
_HONORIFIC_TRAIL = re.compile(rf"(?:\s(?:{HONORIFIC})\s*)+$")
