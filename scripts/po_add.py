"""Add or update zh-Hans entries in the message catalogue from a small .po fragment.

Usage: python scripts/po_add.py FRAGMENT.po   (or "-" for standard input)

The fragment holds ordinary entries (msgid/msgstr, optional msgctxt). Entries already in the catalogue
get the fragment's translation; new ones are appended. The catalogue is locked while it is rewritten, so
several engineers adding strings at once never lose each other's entries.
"""

from __future__ import annotations

import fcntl
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    text = sys.stdin.read() if argv[1] == "-" else Path(argv[1]).read_text(encoding="utf-8")
    fragment = polib.pofile(text)
    with open(CATALOGUE.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        catalogue = polib.pofile(str(CATALOGUE), wrapwidth=0)
        added = updated = 0
        for entry in fragment:
            if not entry.msgid or not entry.msgstr and not entry.msgstr_plural:
                continue
            found = catalogue.find(entry.msgid, msgctxt=entry.msgctxt)
            if found is None:
                catalogue.append(
                    polib.POEntry(
                        msgid=entry.msgid,
                        msgctxt=entry.msgctxt,
                        msgid_plural=entry.msgid_plural,
                        msgstr=entry.msgstr,
                        msgstr_plural=entry.msgstr_plural,
                    )
                )
                added += 1
            else:
                found.msgstr = entry.msgstr
                found.msgstr_plural = entry.msgstr_plural
                if "fuzzy" in found.flags:
                    found.flags.remove("fuzzy")
                updated += 1
        catalogue.save(str(CATALOGUE))
    print(f"{added} added, {updated} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
