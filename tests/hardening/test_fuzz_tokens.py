"""Property tests of the badge code parser: whatever a scanner sends, it answers a code or None."""
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from eventapp.tokens import BADGE_TOKEN_LENGTH, new_badge_token, parse_code

BASE32 = string.ascii_uppercase + "234567"


@given(st.one_of(st.text(max_size=3000), st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
                 st.none(), st.integers()))
@settings(max_examples=400)
def test_anything_gives_a_valid_code_or_none(text):
    code = parse_code(text)
    assert code is None or (len(code) == BADGE_TOKEN_LENGTH and set(code) <= set(BASE32))


@given(st.text(alphabet=string.ascii_letters + string.digits + "/:?&=.-_ ", max_size=20),
       st.text(alphabet="/?&=#. \n\t", min_size=1, max_size=3),
       st.text(alphabet=string.ascii_lowercase + "/?&=#. ", max_size=20))
def test_the_code_is_found_inside_urls_and_scanner_noise(prefix, separator, suffix):
    token = new_badge_token()
    for variant in (token, token.lower(), f"{prefix}{separator}{token}{separator}{suffix}",
                    f"https://ngayhoi.example.vn/c/{token}?{suffix}"):
        assert parse_code(variant) == token


@given(st.integers(min_value=0, max_value=BADGE_TOKEN_LENGTH - 1), st.sampled_from(BASE32))
def test_a_changed_character_is_a_different_code(position, replacement):
    token = new_badge_token()
    changed = token[:position] + replacement + token[position + 1:]
    assert parse_code(changed) == changed
    assert (changed == token) == (token[position] == replacement)


def test_codes_are_unique_and_carry_128_bits():
    codes = {new_badge_token() for _ in range(20000)}
    assert len(codes) == 20000
    assert all(len(c) == BADGE_TOKEN_LENGTH for c in codes)
    # 26 base32 characters = 130 bits of room for 128 random bits: every position varies.
    for i in range(BADGE_TOKEN_LENGTH - 1):
        assert len({c[i] for c in codes}) == 32
