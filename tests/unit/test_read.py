"""Files → text: encodings, saved web pages, and the typed errors that say why a file is refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.errors import BinaryFile, EmptyFile, FileTooLarge, ReadError, UnsupportedFileType
from indexer.read import read_file

PROFILE = "1. General information\n\nZellbruck is a town in Tyrol.\n\nLocation: Austria\n"


def test_utf8_text(tmp_path):
    p = tmp_path / "zellbruck.txt"
    p.write_text(PROFILE.replace("town", "tówn"), "utf-8")
    src = read_file(p)
    assert "tówn" in src.text and src.encoding == "utf-8" and src.warnings == () and src.title is None


def test_utf8_with_bom_drops_the_bom(tmp_path):
    p = tmp_path / "zellbruck.txt"
    p.write_bytes(b"\xef\xbb\xbf" + PROFILE.encode("utf-8"))
    assert read_file(p).text.startswith("1. General information")


def test_windows_1252_falls_back_with_a_warning(tmp_path):
    p = tmp_path / "zellbruck.txt"
    p.write_bytes("Zellbrück – “Sicherheit” ist für alle da.\n".encode("cp1252"))
    src = read_file(p)
    assert src.text.startswith("Zellbrück – “Sicherheit” ist für alle da.")
    assert src.encoding == "windows-1252" and "Windows-1252" in src.warnings[0]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark(tmp_path, codec):
    p = tmp_path / "zellbruck.txt"
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    p.write_bytes(bom + PROFILE.encode(codec))
    src = read_file(p)
    assert src.text.lstrip("\ufeff").startswith("1. General information") and src.encoding == "utf-16"


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_html_keeps_content_drops_chrome_and_takes_the_city_from_h1(tmp_path, suffix):
    page = """<html><head><title>Zellbruck | Efus</title><style>p{color:red}</style></head><body>
    <nav><a href="/">Home</a> <a href="/members">Members list</a></nav>
    <script>trackVisit("Member since 1901")</script>
    <main><h1>Zellbruck</h1><h2>General information</h2><p>Zellbruck is a town in Tyrol.</p>
    <ul><li>General Assembly, Vienna, 2 May 2012</li></ul></main>
    <footer>Copyright Efus, contact us</footer></body></html>"""
    p = tmp_path / f"zellbruck{suffix}"
    p.write_text(page, "utf-8")
    src = read_file(p)
    lines = src.text.splitlines()
    assert src.title == "Zellbruck"
    assert "General information" in lines and "Zellbruck is a town in Tyrol." in lines
    assert "• General Assembly, Vienna, 2 May 2012" in lines
    for chrome in ("Members list", "trackVisit", "color:red", "Copyright"):
        assert chrome not in src.text


@pytest.mark.parametrize("title", [
    "City profile: Zellbruck - Efus", "Zellbruck (Austria) | Efus", "Zellbruck, Austria – Efus", "Efus | Zellbruck",
])
def test_html_title_is_used_when_there_is_no_h1(tmp_path, title):
    p = tmp_path / "page.html"
    p.write_text(f"<html><head><title>{title}</title></head><body><p>Some text.</p></body></html>")
    assert read_file(p).title == "Zellbruck"


def test_a_first_heading_that_is_a_section_heading_is_not_the_city(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("<html><head><title>Zellbruck | Efus</title></head><body><h1>1. General information</h1>"
                 "<p>Zellbruck is a town in Tyrol.</p></body></html>")
    assert read_file(p).title == "Zellbruck"


def test_html_with_only_a_generic_title_names_no_city(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("<html><head><title>Efus | City profiles</title></head><body><h1>Efus</h1><p>Some text.</p></body></html>")
    assert read_file(p).title is None


def test_truncated_html_keeps_the_text_before_the_cut(tmp_path):
    p = tmp_path / "cut.html"
    p.write_text("<html><head><title>Zellbruck</title></head><body><main><h2>General information</h2>"
                 "<p>Population: 45,000</p><ul><li>Conference, Graz, 14 May 2009</li><li>Training on youth work, Vill")
    assert [line for line in read_file(p).text.splitlines() if line][-2:] == ["• Conference, Graz, 14 May 2009", "• Training on youth work, Vill"]


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_empty_file(tmp_path, content):
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    with pytest.raises(EmptyFile) as err:
        read_file(p)
    assert err.value.kind == "empty" and "empty" in err.value.reason


def test_html_page_without_text_is_empty(tmp_path):
    p = tmp_path / "blank.html"
    p.write_text("<html><head><script>var x = 1;</script></head><body><nav>Home</nav></body></html>")
    with pytest.raises(EmptyFile):
        read_file(p)


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    bytes([0x80, 0x81, 0x8d, 0x8f, 0x90, 0x9d]) * 50 + bytes(range(1, 31)) * 20,
])
def test_binary_file(tmp_path, data):
    p = tmp_path / "photo.txt"
    p.write_bytes(data)
    with pytest.raises(BinaryFile) as err:
        read_file(p)
    assert "binary" in err.value.reason


def test_too_large_file_names_the_limit(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_text(PROFILE * 10)
    with pytest.raises(FileTooLarge) as err:
        read_file(p, max_bytes=100)
    assert "100-byte limit" in err.value.reason
    assert read_file(p, max_bytes=10_000).text.startswith("1. General")


def test_default_limit_is_five_megabytes(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * (5 * 1024 * 1024 + 1))
    with pytest.raises(FileTooLarge):
        read_file(p)


@pytest.mark.parametrize("name", ["profile.pdf", "profile.docx", "README", "profile.txt.bak"])
def test_unknown_extension(tmp_path, name):
    p = tmp_path / name
    p.write_text(PROFILE)
    with pytest.raises(UnsupportedFileType) as err:
        read_file(p)
    assert ".txt, .html or .htm" in err.value.reason


def test_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ReadError) as err:
        read_file(tmp_path / "gone.txt")
    assert "disappeared" in err.value.reason


def test_utf8_saved_through_windows_1252_is_repaired(tmp_path):
    good = "Amiénois – “Sécurité” à Görlitz’s twin town\n"
    p = tmp_path / "double.txt"
    p.write_text(good.encode("utf-8").decode("latin-1"), "utf-8")
    src = read_file(p)
    assert src.text == good and "repaired" in src.warnings[0]


def test_text_with_a_lone_odd_sequence_is_left_alone(tmp_path):
    p = tmp_path / "odd.txt"
    p.write_text("The token Ã© appears once in this text.\n", "utf-8")
    src = read_file(p)
    assert src.text.startswith("The token Ã©") and src.warnings == ()


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".html"]))
def test_any_bytes_give_text_or_a_typed_read_error(tmp_path_factory, data, suffix):
    p = tmp_path_factory.mktemp("bytes") / f"profile{suffix}"
    p.write_bytes(data)
    try:
        src = read_file(p)
    except ReadError:
        return
    assert src.text.strip() and isinstance(src.title, (str, type(None)))
