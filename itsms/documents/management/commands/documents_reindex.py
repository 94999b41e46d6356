"""Segment the search column of every document again: after rows were bulk-loaded without it, or after an
upgrade of the segmenter (jieba) or of its dictionary."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from itsms.documents.models import Document
from itsms.documents.search import reindex


class Command(BaseCommand):
    help = "Rebuild the search words (search_tokens) of documents; only changed rows are written."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="Only this organization (slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = Document.objects.only("pk", "number", "title", "search_text", "search_tokens")
        if options["org"]:
            rows = rows.filter(organization__slug=options["org"])
        changed = reindex(rows.order_by("pk").iterator(chunk_size=500))
        self.stdout.write(f"{changed} document(s) re-indexed")
