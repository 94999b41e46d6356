"""Upload content checks: active PDF content, markup under a text name, and polyglots."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, PngImagePlugin
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, TextStringObject

from itsms.core.models import StoredFile

from .test_files_store import docx_bytes, pdf_bytes, png_bytes, store, stored_objects

JS_MESSAGE = (
    "PDF files with JavaScript cannot be uploaded; print the document to a new PDF (or export it without "
    "scripts and attachments) and upload that."
)


def pdf_with(edit) -> bytes:  # noqa: ANN001
    """A one-page PDF after `edit(writer)` changed its objects."""
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    edit(writer)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def js_action(writer: PdfWriter) -> IndirectObject:
    return writer._add_object(  # noqa: SLF001
        DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
    )


def refused(org, admin, name: str, data: bytes) -> ValidationError:  # noqa: ANN001
    with pytest.raises(ValidationError) as exc:
        store(org, admin, name, data)
    assert StoredFile.objects.count() == 0
    return exc.value


# --- PDF ------------------------------------------------------------------------------------------------


def test_pdf_with_javascript_open_action_is_refused(org, admin, media):
    data = pdf_with(lambda w: w._root_object.__setitem__(NameObject("/OpenAction"), js_action(w)))  # noqa: SLF001
    error = refused(org, admin, "report.pdf", data)
    assert (error.code, error.messages) == ("file_pdf_active", [JS_MESSAGE])
    assert stored_objects(media) == []


def test_pdf_javascript_spelt_with_hex_escapes_is_refused(org, admin, media):
    data = pdf_with(lambda w: w._root_object.__setitem__(NameObject("/OpenAction"), js_action(w)))  # noqa: SLF001
    data = data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in data
    assert refused(org, admin, "report.pdf", data).code == "file_pdf_active"


def test_pdf_with_javascript_in_the_names_tree_is_refused(org, admin, media):
    def edit(w: PdfWriter) -> None:
        tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("x"), js_action(w)])})
        w._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})  # noqa: SLF001

    assert refused(org, admin, "report.pdf", pdf_with(edit)).messages == [JS_MESSAGE]


def test_pdf_with_a_launch_action_is_refused(org, admin, media):
    def edit(w: PdfWriter) -> None:
        launch = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
        )
        w._root_object[NameObject("/OpenAction")] = w._add_object(launch)  # noqa: SLF001

    error = refused(org, admin, "report.pdf", pdf_with(edit))
    assert error.messages == [
        "PDF files with actions that start programs or load data cannot be uploaded; print the document to "
        "a new PDF (or export it without scripts and attachments) and upload that."
    ]


def test_pdf_with_page_additional_actions_is_refused(org, admin, media):
    def edit(w: PdfWriter) -> None:
        goto = DictionaryObject({NameObject("/S"): NameObject("/GoTo")})
        w.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): goto})

    assert "automatic actions" in refused(org, admin, "report.pdf", pdf_with(edit)).messages[0]


def test_pdf_with_an_embedded_file_is_refused(org, admin, media):
    error = refused(org, admin, "report.pdf", pdf_with(lambda w: w.add_attachment("payload.exe", b"MZ")))
    assert "embedded files" in error.messages[0]


def test_pdf_opening_on_a_page_is_accepted(org, admin, media):
    def edit(w: PdfWriter) -> None:
        destination = ArrayObject([w.pages[0].indirect_reference, NameObject("/Fit")])
        w._root_object[NameObject("/OpenAction")] = destination  # noqa: SLF001

    assert store(org, admin, "report.pdf", pdf_with(edit)).content_type == "application/pdf"


def test_a_damaged_pdf_is_checked_on_its_bytes(org, admin, media):
    data = b"%PDF-1.4\n1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\ntrailer<<>>\n%%EOF\n"
    assert refused(org, admin, "report.pdf", data).code == "file_pdf_active"


def test_a_damaged_pdf_without_active_names_is_accepted(org, admin, media):
    # Binary stream data that happens to spell a name is not mistaken for one.
    data = b"%PDF-1.4\n1 0 obj<</Length 4>>stream\n/JS \nendstream endobj\ntrailer<<>>\n%%EOF\n"
    assert store(org, admin, "report.pdf", data).size == len(data)


def test_an_encrypted_pdf_is_refused(org, admin, media):
    data = pdf_with(lambda w: w.encrypt("secret", algorithm="RC4-128"))
    assert refused(org, admin, "report.pdf", data).code == "file_pdf_encrypted"


# --- markup under a text name -------------------------------------------------------------------------------

MARKUP_MESSAGE = (
    "This text file contains HTML, SVG or XML markup (such as <script> or <svg>), which cannot be uploaded "
    "as text; remove the markup or upload the document as PDF."
)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("page.txt", "\ufeff  <!DOCTYPE html><p>hi</p>"),
        ("page.txt", "<html><body>hi</body></html>"),
        ("logo.md", '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'),
        ("data.csv", '<?xml version="1.0"?><root/>'),
        ("notes.md", "# Notes\n\nSee <SCRIPT>alert(1)</SCRIPT> here.\n"),
        ("list.csv", "name,comment\nli,<iframe src=//evil>\n"),
        ("notes.md", "An image: <img src=x onerror=alert(1)>\n"),
        ("notes.txt", "text then <svg/onload=alert(1)>"),
    ],
)
def test_markup_under_a_text_name_is_refused(org, admin, media, name, text):
    error = refused(org, admin, name, text.encode())
    assert (error.code, error.messages) == ("file_markup", [MARKUP_MESSAGE])
    assert stored_objects(media) == []


def test_a_script_tag_cut_by_a_chunk_boundary_is_found(org, admin, media):
    text = "a" * (64 * 1024 - 4) + "<script>alert(1)</script>"
    assert refused(org, admin, "notes.md", text.encode()).code == "file_markup"


def test_text_with_comparisons_and_angle_brackets_is_accepted(org, admin, media):
    text = "# 容量\n\n当 a < b 且 c > d 时，见 <https://example.com> 和 `x->y`。\n"
    assert store(org, admin, "capacity.md", text.encode()).content_type == "text/markdown"


# --- polyglots ----------------------------------------------------------------------------------------------

POLYGLOT_PDF = (
    "This file also contains a PDF header, so it could open as a PDF; such files cannot be uploaded."
)
POLYGLOT_ZIP = (
    "This file is also a ZIP archive, so it could open as something else; such files cannot be uploaded."
)


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("payload.html", "<script>alert(1)</script>")
    return buf.getvalue()


def test_png_with_a_pdf_header_in_its_first_kilobyte_is_refused(org, admin, media):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "%PDF-1.4 1 0 obj")
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "PNG", pnginfo=info)
    error = refused(org, admin, "logo.png", buf.getvalue())
    assert (error.code, error.messages) == ("file_polyglot", [POLYGLOT_PDF])


def test_docx_with_a_pdf_header_in_its_first_kilobyte_is_refused(org, admin, media):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as src, zipfile.ZipFile(out, "w") as dst:
        dst.writestr("aaa.bin", b"%PDF-1.7\n")  # stored first and uncompressed: its bytes sit at the start
        for info in src.infolist():
            dst.writestr(info, src.read(info))
    assert refused(org, admin, "方针.docx", out.getvalue()).messages == [POLYGLOT_PDF]


def test_text_with_a_pdf_header_is_refused(org, admin, media):
    assert refused(org, admin, "notes.txt", b"hello\n%PDF-1.4\n").code == "file_polyglot"


def test_pdf_that_is_also_a_zip_is_refused(org, admin, media):
    error = refused(org, admin, "report.pdf", pdf_bytes() + zip_bytes())
    assert (error.code, error.messages) == ("file_polyglot", [POLYGLOT_ZIP])


def test_png_that_is_also_a_zip_is_refused(org, admin, media):
    assert refused(org, admin, "logo.png", png_bytes() + zip_bytes()).messages == [POLYGLOT_ZIP]


def test_a_pdf_mentioning_pk_in_its_text_is_accepted(org, admin, media):
    assert store(org, admin, "report.pdf", pdf_bytes() + b"% PK notes\n").content_type == "application/pdf"


def test_polyglot_refusal_is_translated(org, admin, media):
    from django.utils import translation

    with translation.override("zh-hans"):
        error = refused(org, admin, "report.pdf", pdf_bytes() + zip_bytes())
    assert error.messages == ["该文件同时也是 ZIP 压缩包，可能被当作其他格式打开；此类文件不能上传。"]
