"""Issue 12: one rule for NUL wherever it is, and Markdown input that keeps its structure (item 6)."""

from __future__ import annotations

import pytest

from bitext.core.errors import InputError

TEXT = "党员干部深入基层，推动乡村振兴取得新成效。\n全国人大代表参加会议。\n"


@pytest.mark.parametrize("where", [0, 100, 8191, 8192, 9000, 50_000])
def test_a_nul_byte_anywhere_makes_the_file_binary(tmp_path, where):
    """A NUL in the first 8 KB made the file "binary"; one after it was silently stripped."""
    from bitext.translate.ingest import read_document

    body = (TEXT * 2000).encode("utf-8")
    where = min(where, len(body))
    while where < len(body) and (body[where] & 0xC0) == 0x80:  # between characters, not inside one
        where += 1
    path = tmp_path / "a.txt"
    path.write_bytes(body[:where] + b"\x00" + body[where:])
    with pytest.raises(InputError) as info:
        read_document(path)
    line = body[:where].count(b"\n") + 1
    assert info.value.line == line and f"NUL byte on line {line}" in str(info.value)
    assert "binary" in str(info.value)


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-8-sig", "gb18030", "utf-16-le", "utf-16-be"])
def test_a_nul_character_is_binary_in_every_encoding(tmp_path, codec):
    from bitext.translate.ingest import read_document

    path = tmp_path / "a.txt"
    path.write_bytes(("党员干部。\n" * 3 + "第四\x00行。\n").encode(codec))
    with pytest.raises(InputError) as info:
        read_document(path)
    assert "NUL" in str(info.value) and "binary" in str(info.value)
    if not codec.endswith(("-le", "-be")):  # without a byte-order mark, UTF-16 with a NUL is not told from binary
        assert info.value.line == 4


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_still_text(tmp_path, codec):
    """The NUL bytes of UTF-16 are its high bytes, not NULs in the text."""
    from bitext.translate.ingest import read_document

    path = tmp_path / "a.txt"
    path.write_bytes(("Party 党员 2021\n" + TEXT * 50).encode(codec))
    doc = read_document(path)
    assert doc.encoding == codec and doc.blocks[1].text.startswith("党员干部")


def test_nul_on_stdin_follows_the_same_rule():
    from bitext.translate.ingest import read_document

    with pytest.raises(InputError, match=r"<stdin>:3: .*NUL byte on line 3"):
        read_document(data=(TEXT + "x\x00y\n").encode("utf-8"))
