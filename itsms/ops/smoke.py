"""The production-shaped smoke test's driver (run by .ci/smoke against servers it started).

Through app server A: log in and start the competence-matrix exports (XLSX and PDF). The task worker runs
them. Through app server B, with the same session: wait for each job, download the file and check it is a
real XLSX / PDF. Both servers' /readyz must answer 200 with a live worker. Standard library only, plus boto3
to look into the bucket: the files must be in S3, not on a local disk.

    python -m itsms.ops.smoke --a http://127.0.0.1:8001 --b http://127.0.0.1:8002 --org smoke \
        --user smoke-admin --password … [--s3-endpoint URL --bucket NAME]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import time
import zipfile

from .client import Response, Session

_DOWNLOAD = re.compile(r'id="export-download" href="([^"]+)"')
_STATUS = re.compile(r'data-status="([a-z]+)"')


class SmokeFailure(Exception):
    pass


def say(message: str) -> None:
    print(f"smoke: {message}", flush=True)


def check_ready(session: Session, base: str, *, wait: float = 60.0) -> dict[str, object]:
    """/readyz answers 200 with every check ok (the worker's first heartbeat may take a moment)."""
    deadline = time.monotonic() + wait
    while True:
        answer = session.get("/readyz", base=base)
        body = json.loads(answer.body or b"{}")
        if answer.status == 200 and body.get("checks", {}).get("worker", {}).get("status") == "ok":
            return body
        if time.monotonic() > deadline:
            raise SmokeFailure(f"{base}/readyz answered {answer.status}: {answer.text[:500]}")
        time.sleep(1)


def start_export(session: Session, base: str, org: str, kind: str, params: dict[str, str]) -> str:
    answer = session.post(f"/o/{org}/exports/start/{kind}/", params, base=base)
    if answer.status != 302 or "/exports/" not in answer.location:
        raise SmokeFailure(f"starting {kind} on {base} answered {answer.status}: {answer.text[:500]}")
    return answer.location


def wait_for_file(session: Session, base: str, detail: str, *, wait: float = 120.0) -> str:
    deadline = time.monotonic() + wait
    while True:
        page = session.get(detail, base=base)
        if page.status != 200:
            raise SmokeFailure(f"{detail} on {base} answered {page.status}")
        status = _STATUS.search(page.text)
        if status and status.group(1) == "failed":
            raise SmokeFailure(f"the export failed: {page.text[page.text.find('export-error') :][:500]}")
        link = _DOWNLOAD.search(page.text)
        if link:
            return link.group(1)
        if time.monotonic() > deadline:
            raise SmokeFailure(
                f"the export at {detail} was not done after {wait:.0f} s (status {status and status.group(1)})"
            )
        time.sleep(0.5)


def check_xlsx(answer: Response) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(answer.body)) as package:
            names = set(package.namelist())
            workbook = package.read("xl/workbook.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise SmokeFailure(f"the XLSX download is not a workbook: {exc}") from None
    if "[Content_Types].xml" not in names or b"<sheet " not in workbook:
        raise SmokeFailure("the XLSX download has no sheet")


def check_pdf(answer: Response) -> None:
    if not answer.body.startswith(b"%PDF-") or b"%%EOF" not in answer.body[-1024:]:
        raise SmokeFailure("the PDF download is not a PDF")


def download(session: Session, base: str, link: str, content_type: str) -> Response:
    answer = session.get(link, base=base)
    if answer.status != 200:
        raise SmokeFailure(f"downloading {link} from {base} answered {answer.status}")
    if answer.headers.get("Content-Type") != content_type:
        raise SmokeFailure(
            f"{link}: Content-Type {answer.headers.get('Content-Type')!r}, expected {content_type}"
        )
    if int(answer.headers.get("Content-Length", "-1")) != len(answer.body):
        raise SmokeFailure(f"{link}: Content-Length does not match the body")
    return answer


def bucket_keys(endpoint: str, bucket: str) -> list[str]:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="smoke",
        aws_secret_access_key="smoke",
    )
    keys: list[str] = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys.extend(item["Key"] for item in page.get("Contents", []))
    return keys


def run(args: argparse.Namespace) -> None:
    session = Session(args.a)
    for base in (args.a, args.b):
        body = check_ready(session, base)
        say(f"{base}/readyz: {json.dumps(body['checks'], sort_keys=True)}")
    session.login(args.user, args.password, base=args.a)
    say(f"logged in through {args.a}")
    exports = [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", check_xlsx),
        ("pdf", "application/pdf", check_pdf),
    ]
    started = [
        (fmt, ct, check, start_export(session, args.a, args.org, "training.matrix", {"format": fmt}))
        for fmt, ct, check in exports
    ]
    for fmt, content_type, check, detail in started:
        t0 = time.monotonic()
        link = wait_for_file(session, args.b, detail)
        answer = download(session, args.b, link, content_type)
        check(answer)
        say(
            f"{fmt}: started on A, run by the worker, downloaded from B ({len(answer.body)} bytes, {time.monotonic() - t0:.1f} s)"
        )
    if args.s3_endpoint:
        keys = [k for k in bucket_keys(args.s3_endpoint, args.bucket) if k.startswith("org/")]
        if len(keys) < len(exports):
            raise SmokeFailure(f"expected the exports in the bucket, found {keys}")
        say(f"bucket {args.bucket}: {len(keys)} stored files")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--a", required=True, help="base URL of app server A")
    parser.add_argument("--b", required=True, help="base URL of app server B")
    parser.add_argument("--org", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--s3-endpoint", default="")
    parser.add_argument("--bucket", default="")
    args = parser.parse_args(argv)
    try:
        run(args)
    except SmokeFailure as exc:
        say(f"FAILED: {exc}")
        return 1
    say("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
