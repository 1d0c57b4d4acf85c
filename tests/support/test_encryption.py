"""The key ring: what encrypts case and consultation content and attachments at rest.

The newest key encrypts, every key of the ring decrypts; keys come from the settings (the
environment) or a key file kept apart from the data; only a developer's machine generates
one.
"""

from __future__ import annotations

import stat

import pytest
from cryptography.fernet import Fernet

from postcheck.support import encryption


def new_key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def ring(settings, tmp_path):
    """No key configured anywhere, and a data folder of the test's own."""
    settings.POSTCHECK_ENCRYPTION_KEYS = []
    settings.POSTCHECK_ENCRYPTION_KEY_FILE = ""
    settings.POSTCHECK_REQUIRE_ENCRYPTION_KEYS = False
    settings.CASES_FERNET_KEY = ""
    settings.DATA_DIR = tmp_path / "var"
    return settings


def test_the_newest_key_encrypts_and_every_key_of_the_ring_decrypts(ring):
    old, new = new_key(), new_key()
    ring.POSTCHECK_ENCRYPTION_KEYS = [old]
    token = encryption.encrypt(b"written under the old key")
    ring.POSTCHECK_ENCRYPTION_KEYS = [new, old]
    assert encryption.decrypt(token) == b"written under the old key"
    assert Fernet(new.encode()).decrypt(encryption.encrypt(b"now")) == b"now"


def test_keys_set_in_one_variable_are_comma_separated_newest_first(ring):
    old, new = new_key(), new_key()
    ring.POSTCHECK_ENCRYPTION_KEYS = f"{new}, {old}"
    assert Fernet(new.encode()).decrypt(encryption.encrypt(b"x")) == b"x"
    assert encryption.decrypt(Fernet(old.encode()).encrypt(b"y")) == b"y"


def test_text_is_encrypted_to_text_and_back(ring):
    ring.POSTCHECK_ENCRYPTION_KEYS = [new_key()]
    token = encryption.encrypt_text("Votez le 4 novembre")
    assert isinstance(token, str) and "Votez" not in token
    assert encryption.decrypt_text(token) == "Votez le 4 novembre"


def test_keys_can_come_from_a_key_file_newest_first(ring, tmp_path):
    old, new = new_key(), new_key()
    path = tmp_path / "secrets" / "postcheck.keys"
    path.parent.mkdir()
    path.write_text(f"# newest first\n{new}\n\n{old}\n")
    ring.POSTCHECK_ENCRYPTION_KEY_FILE = str(path)
    assert Fernet(new.encode()).decrypt(encryption.encrypt(b"x")) == b"x"
    assert encryption.decrypt(Fernet(old.encode()).encrypt(b"y")) == b"y"


def test_a_developer_machine_generates_one_key_file_in_the_data_folder(ring):
    token = encryption.encrypt(b"demo")
    path = ring.DATA_DIR / "encryption_keys"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Fernet(path.read_text().split()[0].encode()).decrypt(token) == b"demo"
    assert encryption.decrypt(token) == b"demo"


def test_production_refuses_to_generate_a_key(ring):
    ring.POSTCHECK_REQUIRE_ENCRYPTION_KEYS = True
    with pytest.raises(encryption.EncryptionKeyError, match="POSTCHECK_ENCRYPTION_KEYS"):
        encryption.encrypt(b"x")
    assert not (ring.DATA_DIR / "encryption_keys").exists()


def test_production_refuses_a_key_file_inside_the_data_folder(ring):
    ring.POSTCHECK_REQUIRE_ENCRYPTION_KEYS = True
    ring.DATA_DIR.mkdir()
    path = ring.DATA_DIR / "keys"
    path.write_text(new_key())
    ring.POSTCHECK_ENCRYPTION_KEY_FILE = str(path)
    with pytest.raises(encryption.EncryptionKeyError, match="outside the data folder"):
        encryption.encrypt(b"x")


def test_a_malformed_key_is_named_as_such(ring):
    ring.POSTCHECK_ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(encryption.EncryptionKeyError, match="not a Fernet key"):
        encryption.encrypt(b"x")


def test_content_under_a_key_no_longer_in_the_ring_is_a_clear_error(ring):
    ring.POSTCHECK_ENCRYPTION_KEYS = [new_key()]
    token = encryption.encrypt(b"x")
    ring.POSTCHECK_ENCRYPTION_KEYS = [new_key()]
    with pytest.raises(encryption.EncryptionKeyError, match="rotate_encryption_keys"):
        encryption.decrypt(token)


def test_the_former_attachment_key_still_decrypts_until_rotation(ring):
    former, new = new_key(), new_key()
    ring.CASES_FERNET_KEY = former
    ring.POSTCHECK_ENCRYPTION_KEYS = [new]
    assert encryption.decrypt(Fernet(former.encode()).encrypt(b"png")) == b"png"
    assert Fernet(new.encode()).decrypt(encryption.encrypt(b"x")) == b"x"


def test_the_former_generated_attachment_key_file_still_decrypts(ring):
    former = new_key()
    ring.DATA_DIR.mkdir()
    (ring.DATA_DIR / "attachment_key").write_text(former)
    ring.POSTCHECK_ENCRYPTION_KEYS = [new_key()]
    assert encryption.decrypt(Fernet(former.encode()).encrypt(b"png")) == b"png"
