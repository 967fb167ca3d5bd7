"""Zip containers (EPUB, DOCX, ODT) that unpack to far more than they weigh are refused before they are unpacked."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import reader.document.zip_limits as zip_limits
from reader.document import load_document
from reader.errors import InputError
from reader.text.containers import container_kind

FIXTURES = Path(__file__).parent / "fixtures"


def _with_a_bomb(fixture: Path, member: str, size: int) -> bytes:
    """The fixture's zip with one more member of ``size`` zero bytes (deflated to almost nothing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(fixture) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(zipfile.ZipInfo(member), bytes(size), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.mark.parametrize("fixture", ["epub/sample.epub", "office/brief.docx", "office/brief.odt"])
def test_a_container_that_unpacks_to_too_much_is_refused(tmp_path, monkeypatch, fixture):
    monkeypatch.setattr(zip_limits, "MAX_UNPACKED_BYTES", 4 << 20)  # the real bound is 1 GiB
    source = FIXTURES / fixture
    assert load_document(str(source)).sentences  # the fixture itself is well under it
    bomb = tmp_path / source.name
    bomb.write_bytes(_with_a_bomb(source, "filler.xml", 8 << 20))
    assert bomb.stat().st_size < 200_000
    with pytest.raises(InputError, match=rf"^{bomb}: unpacks to \d+ MiB, more than 4 MiB allowed; is it a zip bomb\?$"):
        load_document(str(bomb))


def test_a_huge_mimetype_member_is_never_read():
    # The sniffers read "mimetype" only when it is as short as one: a bomb there is "a zip archive".
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip" + bytes(64 << 20),
                         compress_type=zipfile.ZIP_DEFLATED)
    assert container_kind(data.getvalue()) == "a zip archive"
