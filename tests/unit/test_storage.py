"""pata.storage: the server-side encryption of every write comes from the settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pata.settings import Settings
from pata.storage import encryption_args

KEY = "arn:aws:kms:ap-southeast-1:111122223333:key/EXAMPLE-KEY-ID"
RAW_KEY = "arn:aws:kms:ap-southeast-1:111122223333:key/EXAMPLE-RAW-KEY-ID"


class TestEncryptionArgs:
    def test_sse_s3_by_default_on_every_write(self):
        for raw_archive in (True, False):
            assert encryption_args(Settings(), raw_archive=raw_archive) == {
                "ServerSideEncryption": "AES256"
            }

    def test_sse_kms_names_the_key(self):
        settings = Settings(s3_sse="aws:kms", s3_kms_key_id=KEY)
        assert encryption_args(settings) == {
            "ServerSideEncryption": "aws:kms",
            "SSEKMSKeyId": KEY,
        }
        assert encryption_args(settings, raw_archive=True)["SSEKMSKeyId"] == KEY

    def test_the_raw_archive_may_have_its_own_key(self):
        settings = Settings(s3_sse="aws:kms", s3_kms_key_id=KEY, raw_archive_kms_key_id=RAW_KEY)
        assert encryption_args(settings, raw_archive=True)["SSEKMSKeyId"] == RAW_KEY
        assert encryption_args(settings)["SSEKMSKeyId"] == KEY

    def test_none_sends_no_header(self):
        settings = Settings(s3_sse="none")
        assert encryption_args(settings, raw_archive=True) == {}
        assert encryption_args(settings) == {}

    def test_kms_without_a_key_is_refused(self):
        with pytest.raises(ValidationError, match="KMS_KEY_ID"):
            Settings(s3_sse="aws:kms")

    def test_an_unknown_algorithm_is_refused(self):
        with pytest.raises(ValidationError):
            Settings(s3_sse="rot13")


def test_no_write_names_its_own_encryption():
    """Every write takes its SSE arguments from :func:`encryption_args`: no hard-coded copy."""
    from pathlib import Path

    plugins = Path(__file__).parents[2] / "plugins" / "pata"
    offenders = [
        str(path.relative_to(plugins))
        for path in plugins.rglob("*.py")
        if path.name != "storage.py" and "ServerSideEncryption" in path.read_text()
    ]
    assert offenders == []
