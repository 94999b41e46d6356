#!/usr/bin/env python3
"""Check an exported itsms audit trail with the installation's public key alone.

    python scripts/verify_trail.py EXPORT.json --public-key ed25519:BASE64 [--public-key KEY2 ...]

The export (`manage.py audit_export` or the audit trail page's download) holds the entries of a period,
the digests that chain them, and the checkpoints the installation signed with its Ed25519 key. This
script recomputes every digest (SHA-256 of the previous digest and of the entry's canonical content),
checks every checkpoint's signature against the public key(s) you give, and checks that the export's last
entry is the one the latest checkpoint signed. It needs Python 3.11+ and the `cryptography` package, no
Django and no secret: the public keys inside the export are not trusted, get yours from the installation
(`manage.py audit_public_key`, or the page /audit/public-key/) through a channel you trust.

Exit status: 0 when everything checks, 1 when anything does not (each problem is printed), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

EXPORT_FORMAT = "itsms-audit-export/1"
CHECKPOINT_FORMAT = "itsms-audit-checkpoint/1"
GENESIS = "0" * 64
# The recorded content of an entry, as itsms.core.audit._payload; the digest covers exactly these.
CONTENT_FIELDS = (
    "org",
    "seq",
    "at",
    "actor",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "ip",
)
PUBLIC_KEY_PREFIX = "ed25519:"


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def link(prev_digest: str, content_sha256: str) -> str:
    return hashlib.sha256(bytes.fromhex(prev_digest) + bytes.fromhex(content_sha256)).hexdigest()


def load_public_key(text: str) -> Ed25519PublicKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the PEM key is not an Ed25519 key")
        return key
    text = text.removeprefix(PUBLIC_KEY_PREFIX)
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise ValueError("not base64 and not PEM") from None
    if len(raw) != 32:
        raise ValueError(f"a public key is 32 bytes, got {len(raw)}")
    return Ed25519PublicKey.from_public_bytes(raw)


def key_id(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def trusted_keys(values: list[str]) -> dict[str, Ed25519PublicKey]:
    """Each value is a key, or a file holding one key per line."""
    keys: dict[str, Ed25519PublicKey] = {}
    for value in values:
        path = Path(value)
        lines = path.read_text().splitlines() if len(value) < 4096 and path.is_file() else [value]
        text = "\n".join(lines)
        candidates = (
            [text] if text.strip().startswith("-----BEGIN") else [line for line in lines if line.strip()]
        )
        for candidate in candidates:
            key = load_public_key(candidate)
            keys[key_id(key)] = key
    return keys


class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, message: str) -> None:
        self.problems.append(message)


def check_checkpoints(
    export: dict[str, Any], keys: dict[str, Ed25519PublicKey], report: Report
) -> list[dict[str, Any]]:
    """The checkpoints whose signature verifies with a trusted key, sorted by entry number."""
    genuine = []
    org_id = export.get("organization", {}).get("id")
    for document in export.get("checkpoints", []):
        name = document.get("name", "?")
        if document.get("format") != CHECKPOINT_FORMAT:
            report.add(f"checkpoint {name}: not a checkpoint of this format")
            continue
        signer = document.get("signing_key_id")
        key = keys.get(str(signer))
        if key is None:
            report.add(
                f"checkpoint {name}: signed by key {signer}, not by the public key you gave "
                f"({', '.join(sorted(keys))})"
            )
            continue
        body = {k: v for k, v in document.items() if k not in ("signature", "name")}
        try:
            key.verify(
                base64.b64decode(str(document.get("signature", "")), validate=True), canonical_json(body)
            )
        except (InvalidSignature, binascii.Error):
            report.add(f"checkpoint {name}: the signature does not verify (forged or altered)")
            continue
        if document.get("organization_id") != org_id:
            report.add(
                f"checkpoint {name}: signed for organization {document.get('organization_id')}, not {org_id}"
            )
            continue
        genuine.append(document)
    genuine.sort(key=lambda d: (d["seq"], d.get("signed_at", "")))
    return genuine


def walk(export: dict[str, Any], report: Report) -> dict[int, str]:
    """Recompute the digest chain over the entries and the links after them; {seq: digest}."""
    digests: dict[int, str] = {}
    prev = str(export.get("prev_digest", GENESIS))
    entries = export.get("entries", [])
    links = export.get("links", [])
    org_id = export.get("organization", {}).get("id")
    expected: int | None = entries[0].get("seq") if entries else None
    if expected == 1 and prev != GENESIS:
        report.add("entry #1 must start from the genesis digest")
    for entry in entries:
        missing = [f for f in CONTENT_FIELDS if f not in entry]
        seq = entry.get("seq")
        if missing or not isinstance(seq, int):
            report.add(f"entry #{seq}: fields missing ({', '.join(missing) or 'seq'})")
            continue
        _sequence(seq, expected, report)
        if entry["org"] != org_id:
            report.add(f"entry #{seq}: belongs to organization {entry['org']}, not {org_id}")
        content = hashlib.sha256(canonical_json({f: entry[f] for f in CONTENT_FIELDS})).hexdigest()
        computed = link(prev, content)
        if computed != entry.get("digest"):
            report.add(
                f"entry #{seq}: content does not match its digest (edited, or the entry before it is not the "
                "original)"
            )
        # Go on from the stored digest so that one edit is reported once; the chain of stored digests is
        # what the checkpoints are compared with.
        prev = str(entry.get("digest"))
        digests[seq] = prev
        expected = max(seq + 1, expected or 0)
    for item in links:
        seq = item.get("seq")
        if not isinstance(seq, int):
            report.add("a link after the period has no entry number")
            continue
        _sequence(seq, expected, report)
        prev = link(prev, str(item.get("content_sha256")))
        digests[seq] = prev
        expected = max(seq + 1, expected or 0)
    return digests


def _sequence(seq: int, expected: int | None, report: Report) -> None:
    if expected is None or seq == expected:
        return
    if seq < expected:
        report.add(f"entry #{seq} comes after #{expected - 1}: entries are out of order (reordered)")
    elif seq == expected + 1:
        report.add(f"entry #{expected} is missing (deleted)")
    else:
        report.add(f"entries #{expected} to #{seq - 1} are missing (deleted)")


def verify(export: dict[str, Any], keys: dict[str, Ed25519PublicKey]) -> tuple[Report, list[str]]:
    report = Report()
    summary: list[str] = []
    if export.get("format") != EXPORT_FORMAT:
        report.add(f"not an itsms audit trail export (format {export.get('format')!r})")
        return report, summary
    organization = export.get("organization", {})
    entries = export.get("entries", [])
    summary.append(f"organization {organization.get('slug')} (id {organization.get('id')})")
    checkpoints = check_checkpoints(export, keys, report)
    digests = walk(export, report)
    if not entries:
        summary.append("the export holds no entries")
        return report, summary
    first, last = entries[0].get("seq"), entries[-1].get("seq")
    summary.append(f"{len(entries)} entries, #{first} to #{last}")
    for document in checkpoints:
        seq = document["seq"]
        if seq not in digests:
            report.add(
                f"checkpoint {document.get('name')}: signs entry #{seq}, which the export does not contain"
            )
        elif digests[seq] != document.get("digest"):
            report.add(
                f"checkpoint {document.get('name')}: entry #{seq} is not the one it signed (the trail was "
                "rewritten: fork or edit)"
            )
    if not checkpoints:
        report.add("no checkpoint signed with your public key covers the export: nothing in it is signed")
    else:
        latest = checkpoints[-1]
        head = max(digests) if digests else None
        if head != latest["seq"]:
            report.add(
                f"the export ends at entry #{head}, but the latest checkpoint signs #{latest['seq']} "
                "(entries cut off the end, or entries not covered by a signature)"
            )
        summary.append(
            f"{len(checkpoints)} checkpoint(s) verified; the latest signs entry #{latest['seq']} "
            f"at {latest.get('signed_at')} with key {latest.get('signing_key_id')}"
        )
    return report, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check an exported itsms audit trail with the public key.")
    parser.add_argument("export", help="the export's JSON file")
    parser.add_argument(
        "--public-key",
        action="append",
        required=True,
        metavar="KEY",
        help="the installation's public key (ed25519:BASE64, base64 or PEM), or a file holding it; repeatable",
    )
    args = parser.parse_args(argv)
    try:
        keys = trusted_keys(args.public_key)
    except (ValueError, OSError) as exc:
        print(f"error: cannot read the public key: {exc}", file=sys.stderr)
        return 2
    try:
        export = json.loads(Path(args.export).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"error: cannot read the export: {exc}", file=sys.stderr)
        return 2
    if not isinstance(export, dict):
        print("error: the export is not a JSON object", file=sys.stderr)
        return 2
    report, summary = verify(export, keys)
    for line in summary:
        print(line)
    if report.problems:
        print(f"FAILED: {len(report.problems)} problem(s)")
        for problem in report.problems:
            print(f"  - {problem}")
        return 1
    print("OK: the digest chain is intact and ends at the latest signed checkpoint")
    return 0


if __name__ == "__main__":
    sys.exit(main())
