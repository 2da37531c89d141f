"""Dumps are concatenated with sendfile where the target is a plain file; a stream that wraps a
file (gzip) must still get the bytes through its own write: GzipFile.fileno() is the file under
it, and a kernel copy there would put raw text after the gzip header."""

from __future__ import annotations

import gzip
import io

from diplograph.dumpfiles import _copy_file


def _pieces(tmp_path):
    parts = []
    for i, text in enumerate([b"first piece\n", b"", b"\xc3\xa9 second \x00 piece\n" * 5000]):
        p = tmp_path / f"piece{i}.nt"
        p.write_bytes(text)
        parts.append(p)
    return parts


def test_pieces_appended_to_a_plain_file_keep_their_order_and_bytes(tmp_path):
    parts = _pieces(tmp_path)
    out = tmp_path / "out.nt"
    with out.open("wb") as fh:
        fh.write(b"# header\n")  # buffered before the kernel copy: must land first
        for p in parts:
            _copy_file(fh, p)
            fh.write(b"|")
    assert out.read_bytes() == b"# header\n" + b"|".join(p.read_bytes() for p in parts) + b"|"


def test_pieces_appended_to_a_gzip_stream_are_compressed(tmp_path):
    parts = _pieces(tmp_path)
    out = tmp_path / "out.nt.gz"
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for p in parts:
            _copy_file(gz, p)
    assert gzip.decompress(out.read_bytes()) == b"".join(p.read_bytes() for p in parts)


def test_pieces_appended_to_a_stream_in_memory(tmp_path):
    parts = _pieces(tmp_path)
    buf = io.BytesIO()
    for p in parts:
        _copy_file(buf, p)
    assert buf.getvalue() == b"".join(p.read_bytes() for p in parts)
