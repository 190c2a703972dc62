"""The site's fixed words for facts a reader meets on pages and in the data alike: one word for one fact.

A page, an export and the API say the same thing the same way; change a wording here and it changes everywhere.
"""

from __future__ import annotations

# The unit's document does not state it (a grade, a date, a score): not "未评级", which would say the unit
# did not grade, nor a blank cell, which a reader cannot tell from a lost value.
NOT_STATED = "原文未载明"
GRADE_NOT_STATED = NOT_STATED
