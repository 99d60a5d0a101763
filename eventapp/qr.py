"""Badge code -> QR symbol: the module matrix (drawn as vector rectangles in the PDFs), SVG and PNG.

The symbol is built here rather than with the qrcode library because a print run of 1,000 badges
must take about a second: qrcode spends some 11 ms per symbol trying its eight masks in pure
Python, this encoder about 0.4 ms (numpy scores the eight masks at once). It makes exactly the
qrcode library's symbol (same penalty rules, same mask choice); the tests compare the two.

Only what badge codes need: error correction level M, versions 1 to 5 (up to 37 x 37 modules, so
phone cameras read it instantly), alphanumeric mode for the 26-character base32 code (version 2,
25 x 25) and byte mode for anything else that fits. Renderers are pure: text in, matrix/bytes out.
"""
from functools import lru_cache
from io import BytesIO

import numpy as np

MAX_VERSION = 5
QUIET_ZONE = 4  # light modules around the symbol, as the standard asks
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
# Error correction level M: (data codewords per block, number of blocks, ECC codewords per block).
_BLOCKS_M = {1: (16, 1, 10), 2: (28, 1, 16), 3: (44, 1, 26), 4: (32, 2, 18), 5: (43, 2, 24)}
_FORMAT_LEVEL_M = 0b00
_FORMAT_MASK = 0b101010000010010

# ----- GF(256) and Reed-Solomon ---------------------------------------------------------------
_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _i in range(255):
    _EXP[_i] = _value
    _LOG[_value] = _i
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


@lru_cache(maxsize=None)
def _generator(degree):
    """Coefficients of prod(x - a^i, i < degree), highest power first, leading 1 dropped."""
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, coef in enumerate(poly):
            nxt[j] ^= coef
            if coef:
                nxt[j + 1] ^= _EXP[_LOG[coef] + i]
        poly = nxt
    return poly[1:]


@lru_cache(maxsize=None)
def _generator_rows(degree):
    """For each byte f, f times the generator (without its leading term) as one integer."""
    gen = _generator(degree)
    rows = [0]
    for f in range(1, 256):
        row = bytes(_EXP[_LOG[f] + _LOG[g]] if g else 0 for g in gen)
        rows.append(int.from_bytes(row, "big"))
    return rows


def _ecc(data, degree):
    """Reed-Solomon remainder, the register held as one integer of `degree` bytes."""
    rows = _generator_rows(degree)
    shift = 8 * (degree - 1)
    full = (1 << (8 * degree)) - 1
    rem = 0
    for byte in data:
        rem = ((rem << 8) & full) ^ rows[byte ^ (rem >> shift)]
    return list(rem.to_bytes(degree, "big"))


# ----- data codewords -------------------------------------------------------------------------
def _segment_bits(text):
    """(mode, character count, data bits as a '0'/'1' string)."""
    if text and all(ch in ALPHANUMERIC for ch in text):
        bits = []
        for i in range(0, len(text) - 1, 2):
            bits.append(format(ALPHANUMERIC.index(text[i]) * 45 + ALPHANUMERIC.index(text[i + 1]), "011b"))
        if len(text) % 2:
            bits.append(format(ALPHANUMERIC.index(text[-1]), "06b"))
        return "0010", format(len(text), "09b"), "".join(bits)
    raw = text.encode("utf-8")
    return "0100", format(len(raw), "08b"), "".join(format(b, "08b") for b in raw)


def _codewords(text):
    """(version, the final interleaved codeword sequence)."""
    mode, count, payload = _segment_bits(text)
    bits = mode + count + payload
    for version in range(1, MAX_VERSION + 1):
        per_block, blocks, ecc_len = _BLOCKS_M[version]
        capacity = per_block * blocks * 8
        if len(bits) <= capacity:
            break
    else:
        raise ValueError(f"text too long for a QR code of version {MAX_VERSION} at level M")
    bits += "0" * min(4, capacity - len(bits))  # terminator
    bits += "0" * (-len(bits) % 8)
    data = [int(bits[i:i + 8], 2) for i in range(0, len(bits), 8)]
    pad = (0xEC, 0x11)
    data += [pad[i % 2] for i in range(per_block * blocks - len(data))]
    chunks = [data[b * per_block:(b + 1) * per_block] for b in range(blocks)]
    eccs = [_ecc(chunk, ecc_len) for chunk in chunks]
    out = [chunk[i] for i in range(per_block) for chunk in chunks]
    out += [ecc[i] for i in range(ecc_len) for ecc in eccs]
    return version, out


# ----- the symbol's fixed parts, once per version ---------------------------------------------
def _format_bits(mask):
    data = (_FORMAT_LEVEL_M << 3) | mask
    rem = data
    for _ in range(10):
        rem = (rem << 1) ^ ((rem >> 9) * 0x537)
    return ((data << 10) | rem) ^ _FORMAT_MASK


def _mask_pattern(mask, size):
    i, j = np.indices((size, size))
    return [
        (i + j) % 2 == 0,
        i % 2 == 0,
        j % 3 == 0,
        (i + j) % 3 == 0,
        (i // 2 + j // 3) % 2 == 0,
        (i * j) % 2 + (i * j) % 3 == 0,
        ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    ][mask]


@lru_cache(maxsize=None)
def _template(version):
    """(function patterns, data module order, per-mask XOR layers, per-mask format layers)."""
    size = 17 + 4 * version
    dark = np.zeros((size, size), dtype=bool)
    reserved = np.zeros((size, size), dtype=bool)

    def finder(row, col):
        for r in range(-1, 8):
            for c in range(-1, 8):
                y, x = row + r, col + c
                if 0 <= y < size and 0 <= x < size:
                    reserved[y, x] = True
                    ring = max(abs(r - 3), abs(c - 3))
                    dark[y, x] = ring != 2 and ring != 4

    finder(0, 0)
    finder(0, size - 7)
    finder(size - 7, 0)
    for k in range(8, size - 8):
        reserved[6, k] = reserved[k, 6] = True
        dark[6, k] = dark[k, 6] = k % 2 == 0
    if version >= 2:
        centre = 4 * version + 10
        for r in range(-2, 3):
            for c in range(-2, 3):
                reserved[centre + r, centre + c] = True
                dark[centre + r, centre + c] = max(abs(r), abs(c)) != 1
    # Format information areas and the dark module: filled per mask below.
    reserved[8, :9] = reserved[:9, 8] = True
    reserved[8, size - 8:] = reserved[size - 7:, 8] = True
    reserved[size - 8, 8] = True

    order = []
    upward = True
    col = size - 1
    while col > 0:
        if col == 6:
            col = 5
        rows = range(size - 1, -1, -1) if upward else range(size)
        for row in rows:
            for c in (col, col - 1):
                if not reserved[row, c]:
                    order.append(row * size + c)
        upward = not upward
        col -= 2
    order = np.array(order, dtype=np.intp)

    masks = np.stack([_mask_pattern(m, size) & ~reserved for m in range(8)])
    formats = np.zeros((8, size, size), dtype=bool)
    formats[:, size - 8, 8] = True  # the dark module
    for m in range(8):
        bits = _format_bits(m)
        for i in range(15):
            on = bool((bits >> i) & 1)
            # First copy around the top-left finder (skipping the timing pattern), second split
            # between the other two finders.
            if i < 6:
                formats[m, i, 8] = on
            elif i < 8:
                formats[m, i + 1, 8] = on
            elif i == 8:
                formats[m, 8, 7] = on
            else:
                formats[m, 8, 14 - i] = on
            if i < 8:
                formats[m, 8, size - 1 - i] = on
            else:
                formats[m, size - 15 + i, 8] = on
    return dark, order, masks, formats


# ----- mask choice: the standard's four penalty rules, for the eight masks at once ------------
def _line_penalties(lines):
    """Rules 1 and 3 along the rows of each (mask, line, module) stack; columns are passed as rows."""
    same = lines[:, :, 1:] == lines[:, :, :-1]
    five = same[:, :, :-3] & same[:, :, 1:-2] & same[:, :, 2:-1] & same[:, :, 3:]
    starts = five.copy()
    starts[:, :, 1:] &= ~same[:, :, :-4]
    # Rule 1: a run of length L >= 5 scores L - 2, and holds L - 4 windows of five.
    runs = five.sum(axis=(1, 2)) + 2 * starts.sum(axis=(1, 2))
    # Rule 3: dark-light-dark-dark-dark-light-dark with four light modules before or after, inside
    # the symbol (as the qrcode library counts, so that both choose the same mask).
    q = lines
    n = q.shape[2]
    core = (q[:, :, 0:n - 6] & ~q[:, :, 1:n - 5] & q[:, :, 2:n - 4] & q[:, :, 3:n - 3]
            & q[:, :, 4:n - 2] & ~q[:, :, 5:n - 1] & q[:, :, 6:n])
    light = ~(q[:, :, 0:n - 3] | q[:, :, 1:n - 2] | q[:, :, 2:n - 1] | q[:, :, 3:n])
    # core[k] covers q[k..k+6]; light[k] covers q[k..k+3]
    before = core[:, :, 4:] & light[:, :, :n - 10]
    after = core[:, :, :n - 10] & light[:, :, 7:]
    finders = before.sum(axis=(1, 2)) + after.sum(axis=(1, 2))
    return runs, finders


def _penalties(candidates):
    count = len(candidates)
    runs, finders = _line_penalties(np.concatenate([candidates, candidates.transpose(0, 2, 1)]))
    score = runs[:count] + runs[count:] + 40 * (finders[:count] + finders[count:])
    top_left = candidates[:, :-1, :-1]
    blocks = ((top_left == candidates[:, 1:, :-1]) & (top_left == candidates[:, :-1, 1:])
              & (top_left == candidates[:, 1:, 1:]))
    score += 3 * blocks.sum(axis=(1, 2))
    total = candidates.shape[1] * candidates.shape[2]
    dark_percent = candidates.sum(axis=(1, 2)) * 100 / total
    score += 10 * (np.abs(dark_percent - 50) // 5).astype(int)
    return score


# ----- public API ------------------------------------------------------------------------------
def qr_array(text, mask=None):
    """The symbol as a numpy bool array (True = dark), without quiet zone."""
    version, codewords = _codewords(text)
    base, order, masks, formats = _template(version)
    bits = np.unpackbits(np.array(codewords, dtype=np.uint8)).astype(bool)
    data = np.zeros(base.size, dtype=bool)
    data[order[:len(bits)]] = bits  # the remainder bits stay light
    unmasked = base | data.reshape(base.shape)
    if mask is not None:
        return unmasked ^ masks[mask] | formats[mask]
    # Scored with the format information (and dark module) still blank, as the qrcode library does, so that both
    # choose the same mask and make the same symbol.
    candidates = unmasked[None] ^ masks
    best = int(np.argmin(_penalties(candidates)))
    return candidates[best] | formats[best]


def qr_version(text):
    return _codewords(text)[0]


def qr_matrix(text):
    """Rows of booleans (True = dark), without quiet zone."""
    return qr_array(text).tolist()


def dark_runs(matrix):
    """(row, first column, length) of every horizontal run of dark modules: one rectangle each."""
    grid = np.asarray(matrix, dtype=np.int8)
    edges = np.diff(np.pad(grid, ((0, 0), (1, 1))), axis=1)
    rows, starts = np.nonzero(edges == 1)
    ends = np.nonzero(edges == -1)[1]
    return list(zip(rows.tolist(), starts.tolist(), (ends - starts).tolist()))


def pdf_path_ops(matrix):
    """PDF operators that fill the dark modules, in module units with y down; the caller sets the
    transformation (see eventapp.badges.render). Integers only: short and exact."""
    return " ".join([f"{c} {r} {n} 1 re" for r, c, n in dark_runs(matrix)]) + " f"


def qr_svg(text, module_px=8):
    """A standalone SVG image (served as image/svg+xml): presentation attributes, no style."""
    matrix = qr_matrix(text)
    side = len(matrix) + 2 * QUIET_ZONE
    path = "".join(f"M{c + QUIET_ZONE} {r + QUIET_ZONE}h{n}v1h-{n}z" for r, c, n in dark_runs(matrix))
    px = side * module_px
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{px}" height="{px}" viewBox="0 0 {side} {side}" '
        f'shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#ffffff"/>'
        f'<path fill="#000000" d="{path}"/></svg>'
    )


def qr_png(text, module_px=8):
    """PNG bytes, black on white, with the quiet zone."""
    from PIL import Image

    grid = np.pad(qr_array(text), QUIET_ZONE)
    pixels = np.where(grid, 0, 255).astype(np.uint8)
    pixels = pixels.repeat(module_px, axis=0).repeat(module_px, axis=1)
    buffer = BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
