"""The badge code and its QR symbol: unguessable, short enough for a small, fast-reading QR."""
import base64
import re
import xml.etree.ElementTree as ET
from io import BytesIO

import numpy as np
import pytest

from eventapp.qr import dark_runs, qr_array, qr_matrix, qr_png, qr_svg, qr_version
from eventapp.tokens import BADGE_TOKEN_LENGTH, new_badge_token, parse_code


def _decoded(png):
    """What a scanner reads from the image: [(text, error correction level)]."""
    import zxingcpp
    from PIL import Image

    with Image.open(BytesIO(png)) as image:
        return [(r.text, r.ec_level) for r in zxingcpp.read_barcodes(image)]


def test_badge_codes_carry_128_random_bits_and_never_repeat():
    tokens = [new_badge_token() for _ in range(5000)]
    assert len(set(tokens)) == len(tokens)
    raw = []
    for token in tokens:
        assert len(token) == BADGE_TOKEN_LENGTH and re.fullmatch(r"[A-Z2-7]{26}", token)
        decoded = base64.b32decode(token + "======")
        assert len(decoded) == 16
        raw.append(decoded)
    # Every one of the 128 bits is a fair coin: no position is fixed or derived from anything.
    bits = np.unpackbits(np.frombuffer(b"".join(raw), dtype=np.uint8).reshape(len(raw), 16), axis=1)
    share = bits.mean(axis=0)
    assert share.min() > 0.44 and share.max() < 0.56


def test_the_code_is_found_in_what_scanners_send():
    token = new_badge_token()
    assert parse_code(token) == token
    assert parse_code(f"  {token.lower()}\r\n") == token
    assert parse_code(f"https://ngayhoi.example.vn/c/{token}?src=qr") == token
    assert parse_code(token[:-1]) is None
    assert parse_code("x" * 5000) is None


def test_badge_code_fits_a_version_2_symbol_at_level_m():
    for _ in range(50):
        token = new_badge_token()
        assert qr_version(token) == 2 <= 5
        assert qr_array(token).shape == (25, 25)


def test_every_symbol_reads_back_as_its_text_at_level_m():
    # Badge codes with the one mask a print run uses, and longer texts up to version 5.
    texts = [new_badge_token() for _ in range(100)] + [
        "HELLO WORLD",  # alphanumeric, version 1
        "https://ngayhoi.example.vn/g/abc?x=1",  # byte mode, version 3
        "Ngày hội Hợp tác xã " * 3,  # UTF-8 bytes, version 5 (two blocks)
        "A" * 80,  # alphanumeric, version 4 (two blocks)
    ]
    versions = set()
    for text in texts:
        versions.add(qr_version(text))
        assert _decoded(qr_png(text, module_px=3)) == [(text, "M")], text
    assert versions == {1, 2, 3, 4, 5}


def test_the_e_mail_image_is_the_badges_symbol_with_its_quiet_zone():
    from PIL import Image

    token = new_badge_token()
    with Image.open(BytesIO(qr_png(token, module_px=6))) as image:
        assert image.size == (33 * 6, 33 * 6)  # 25 modules and 4 light ones on each side
        pixels = np.array(image.convert("L"))[3::6, 3::6] < 128  # the centre of each module
    assert np.array_equal(pixels, np.pad(np.array(qr_matrix(token)), 4))


def test_too_long_for_version_5_is_refused():
    with pytest.raises(ValueError, match="too long"):
        qr_array("x" * 200)
    with pytest.raises(ValueError, match="too long"):
        qr_array("x" * 5000)  # beyond what any QR code holds


def test_svg_is_a_standalone_image_without_style_attributes():
    token = new_badge_token()
    svg = qr_svg(token)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 33 33"  # 25 modules and a quiet zone of 4 on each side
    assert "style" not in svg and "<script" not in svg
    path = root.find("{http://www.w3.org/2000/svg}path").get("d")
    assert path.count("M") == len(dark_runs(qr_array(token)))


def test_png_decodes_back_to_the_code():
    token = new_badge_token()
    assert _decoded(qr_png(token)) == [(token, "M")]
