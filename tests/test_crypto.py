# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib
import re

import pytest

from odoo.addons.mall_catalog.tools.crypto import (
    CryptoConfigError,
    DecryptionError,
    KeyRing,
    generate_key,
    is_encrypted,
    mask_phone,
    mask_text,
    normalize_phone,
)

# Fixed keys so that failures are reproducible; never use these anywhere else.
KEY_A = base64.b64encode(bytes(range(32))).decode()
KEY_B = base64.b64encode(bytes(range(32, 64))).decode()
INDEX_KEY = base64.b64encode(bytes(range(64, 96))).decode()
PHONE = "res.partner.phone"
STREET = "res.partner.street"


def ring(keys=f"k1:{KEY_A},k2:{KEY_B}", current=None, index=INDEX_KEY, environ=None):
    config = {"mall_data_keys": keys, "mall_blind_index_key": index}
    if current:
        config["mall_data_key_current"] = current
    return KeyRing.from_config(config, environ={} if environ is None else environ)


def test_generate_key_is_32_random_bytes():
    key = generate_key()
    assert len(base64.b64decode(key, validate=True)) == 32
    assert generate_key() != key


@pytest.mark.parametrize(
    "plain", ["13800138000", "浦东新区世纪大道100号 2栋 1201室", "a", "x" * 5000]
)
def test_round_trip(plain):
    keys = ring()
    token = keys.encrypt(plain, PHONE)
    assert re.fullmatch(r"enc1:k2:[A-Za-z0-9_-]+", token)
    assert is_encrypted(token)
    if len(plain) > 4:  # one letter can turn up in random base64 by chance
        assert plain not in token
    assert keys.decrypt(token, PHONE) == plain
    # nonce (12) + ciphertext (UTF-8 bytes) + tag (16), base64url without padding
    body = token.split(":")[2]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    assert len(raw) == 12 + len(plain.encode()) + 16


def test_empty_values_pass_through():
    keys = ring()
    for value in (None, "", False):
        assert keys.encrypt(value, PHONE) is value
        assert keys.decrypt(value, PHONE) is value
        assert keys.needs_rotation(value) is False
        assert keys.rotate(value, PHONE) is value
    assert not is_encrypted(None)
    assert not is_encrypted("13800138000")
    assert not is_encrypted("")


def test_same_plaintext_gives_different_tokens():
    keys = ring()
    tokens = {keys.encrypt("13800138000", PHONE) for _ in range(20)}
    assert len(tokens) == 20
    nonces = {base64.urlsafe_b64decode(t.split(":")[2] + "==")[:12] for t in tokens}
    assert len(nonces) == 20


def test_tampering_any_character_fails():
    keys = ring()
    token = keys.encrypt("13800138000", PHONE)
    for i, char in enumerate(token):
        for other in {"A", "b", "0", "-", "_", ":"} - {char}:
            tampered = token[:i] + other + token[i + 1 :]
            with pytest.raises(DecryptionError):
                keys.decrypt(tampered, PHONE)
    for broken in (token[:-1], token + "A", token[:30], "enc1:k2:", "13800138000"):
        with pytest.raises(DecryptionError):
            keys.decrypt(broken, PHONE)


def test_wrong_aad_fails():
    keys = ring()
    token = keys.encrypt("13800138000", PHONE)
    with pytest.raises(DecryptionError, match="does not authenticate"):
        keys.decrypt(token, "res.partner.mobile")
    with pytest.raises(TypeError):
        keys.decrypt(token, None)
    with pytest.raises(TypeError):
        keys.encrypt("13800138000", "")


def test_wrong_key_and_unknown_kid_fail():
    token = ring().encrypt("13800138000", PHONE)
    # same kid, other key material
    other = ring(keys=f"k1:{KEY_A},k2:{generate_key()}")
    with pytest.raises(DecryptionError, match="does not authenticate"):
        other.decrypt(token, PHONE)
    with pytest.raises(DecryptionError, match="unknown key id 'k2'"):
        ring(keys=f"k1:{KEY_A}").decrypt(token, PHONE)


def test_rotation():
    old = ring(keys=f"k1:{KEY_A}")
    token = old.encrypt("13800138000", PHONE)
    assert token.startswith("enc1:k1:")
    assert not old.needs_rotation(token)
    assert old.rotate(token, PHONE) == token

    both = ring(keys=f"k1:{KEY_A},k2:{KEY_B}")
    assert both.current == "k2"
    assert both.decrypt(token, PHONE) == "13800138000"
    assert both.needs_rotation(token)
    rotated = both.rotate(token, PHONE)
    assert rotated.startswith("enc1:k2:")
    assert not both.needs_rotation(rotated)
    assert both.decrypt(rotated, PHONE) == "13800138000"

    new = ring(keys=f"k2:{KEY_B}")
    assert new.decrypt(rotated, PHONE) == "13800138000"
    with pytest.raises(DecryptionError):
        new.decrypt(token, PHONE)


def test_legacy_clear_text_needs_rotation_and_rotate_encrypts_it():
    keys = ring()
    assert keys.needs_rotation("13800138000")
    token = keys.rotate("13800138000", PHONE)
    assert token.startswith("enc1:k2:")
    assert keys.decrypt(token, PHONE) == "13800138000"


def test_config_current_kid_and_env_override():
    assert ring().current == "k2"  # default: the last listed
    assert ring(current="k1").current == "k1"
    assert ring(current="k1").encrypt("x", PHONE).startswith("enc1:k1:")
    environ = {"MALL_DATA_KEYS": f"k3:{KEY_B}", "MALL_DATA_KEY_CURRENT": "k3"}
    keys = ring(current="k1", environ=environ)
    assert keys.current == "k3"
    assert "k3" in repr(keys) and KEY_B not in repr(keys)
    with pytest.raises(DecryptionError, match="unknown key id 'k2'"):
        keys.decrypt(ring().encrypt("x", PHONE), PHONE)
    # a blank environment variable does not hide the configuration
    assert ring(environ={"MALL_DATA_KEYS": " "}).current == "k2"
    # Odoo's config holds False for unset options
    config = {"mall_data_keys": f"k1:{KEY_A}", "mall_data_key_current": False}
    config["mall_blind_index_key"] = INDEX_KEY
    assert KeyRing.from_config(config, environ={}).current == "k1"


def test_config_urlsafe_keys_and_spaces_are_accepted():
    urlsafe = base64.urlsafe_b64encode(bytes([250] * 32)).decode().rstrip("=")
    assert "_" in urlsafe or "-" in urlsafe
    keys = ring(keys=f" k1 : {KEY_A} , k-2:{urlsafe} ,")
    assert keys.current == "k-2"
    assert keys.decrypt(keys.encrypt("x", PHONE), PHONE) == "x"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"keys": ""}, "mall_data_keys: no key configured"),
        ({"keys": KEY_A}, "mall_data_keys: expected kid:base64key"),
        ({"keys": "k1:not base64!"}, "mall_data_keys: key 'k1' is not valid base64"),
        ({"keys": "k1:" + KEY_A[:20]}, "mall_data_keys: key 'k1' must be 32 bytes"),
        ({"keys": f"k1:{KEY_A},k1:{KEY_B}"}, "kid 'k1' twice"),
        ({"keys": f"k/1:{KEY_A}"}, "mall_data_keys: expected"),
        ({"current": "k9"}, "mall_data_key_current: 'k9' is not one of the kids"),
        ({"index": ""}, "mall_blind_index_key is not set"),
        ({"index": "abc"}, "mall_blind_index_key must be 32 bytes"),
        ({"index": KEY_A}, "mall_blind_index_key must not be a data key"),
        (
            {"environ": {"MALL_DATA_KEYS": "k1:%%%"}},
            r"MALL_DATA_KEYS \(environment\): key 'k1' is not valid base64",
        ),
        (
            {"environ": {"MALL_DATA_KEY_CURRENT": "k9"}},
            r"MALL_DATA_KEY_CURRENT \(environment\): 'k9'",
        ),
    ],
)
def test_config_errors(kwargs, message):
    with pytest.raises(CryptoConfigError, match=message) as error:
        ring(**kwargs)
    for secret in (KEY_A, KEY_A[:20], KEY_B):
        assert secret not in str(error.value)


@pytest.mark.parametrize(
    "spelling",
    [
        "13800138000",
        "+86 138-0013-8000",
        "0086 13800138000",
        "8613800138000",
        "(+86) 138 0013 8000",
        "１３８００１３８０００",  # full-width digits from a Chinese keyboard
    ],
)
def test_normalize_phone_mobile_spellings(spelling):
    assert normalize_phone(spelling) == "13800138000"


def test_normalize_phone_other_numbers():
    assert normalize_phone("+86 21 6888-8888") == "02168888888"
    assert normalize_phone("021-6888 8888") == "02168888888"
    assert normalize_phone("+86 (0)21 6888 8888") == "02168888888"
    assert normalize_phone("+86") == "+86"
    assert normalize_phone("+852 9123 4567") == "+85291234567"
    assert normalize_phone("00852 9123 4567") == "+85291234567"
    assert normalize_phone("+1 (415) 555-0100") == "+14155550100"
    assert normalize_phone("8612345") == "8612345"  # not a mobile: left alone
    assert normalize_phone(None) == ""


def test_blind_index():
    keys = ring()
    index = keys.blind_index("+86 138-0013-8000", PHONE, normalize=normalize_phone)
    assert re.fullmatch(r"[0-9a-f]{32}", index)
    for spelling in ("13800138000", "0086-138-0013-8000", "8613800138000"):
        assert keys.blind_index(spelling, PHONE, normalize=normalize_phone) == index
    assert keys.blind_index("13800138001", PHONE, normalize=normalize_phone) != index
    assert keys.blind_index("13800138000", "res.partner.mobile") != index
    assert index not in hashlib.sha256(b"13800138000").hexdigest()
    assert (
        index not in hashlib.sha256(PHONE.encode() + b"\0" + b"13800138000").hexdigest()
    )
    # keyed: another index key gives another index, the data keys do not matter
    other_index = ring(index=generate_key())
    assert other_index.blind_index("13800138000", PHONE, normalize_phone) != index
    same_index = ring(keys=f"k9:{generate_key()}")
    assert same_index.blind_index("13800138000", PHONE, normalize_phone) == index
    assert keys.blind_index(None, PHONE) == ""
    assert keys.blind_index(" - ", PHONE, normalize=normalize_phone) == ""


def test_blind_index_default_normalization_is_case_and_space_insensitive():
    keys = ring()
    email = "res.partner.email"
    index = keys.blind_index("Li.Lei@Example.com", email)
    assert keys.blind_index("  li.lei@example.COM ", email) == index
    assert keys.blind_index("han.meimei@example.com", email) != index


def test_mask_phone():
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("+86 138-0013-8000") == "138****8000"
    assert mask_phone("021-6888 8888") == "*******8888"
    assert mask_phone("+852 9123 4567") == "********4567"
    assert mask_phone("12345") == "***45"  # never more than half
    assert mask_phone("110") == "**0"
    assert mask_phone("7") == "*"
    assert mask_phone(None) == ""
    assert mask_phone("") == ""


def test_mask_text():
    assert mask_text("浦东新区世纪大道100号") == "浦东****"
    assert mask_text("海淀区中关村大街1号院2号楼3单元401") == "海淀****"
    assert mask_text("221B Baker Street") == "221****"
    assert mask_text("Flat 12, 34 Nathan Road") == "Fla****"
    # short values: never more than half, and the length is not given away
    assert mask_text("1号") == "1****"
    assert mask_text("A") == "****"
    assert mask_text("  静安 ") == "静****"
    assert mask_text(None) == ""
    assert mask_text("") == ""
