"""pata.storage: the raw archive's server-side encryption comes from the settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pata.settings import Settings
from pata.storage import raw_archive_extra_args

KEY = "arn:aws:kms:ap-southeast-1:111122223333:key/EXAMPLE-KEY-ID"


class TestRawArchiveExtraArgs:
    def test_sse_s3_by_default(self):
        assert raw_archive_extra_args(Settings()) == {"ServerSideEncryption": "AES256"}

    def test_sse_kms_names_the_key(self):
        settings = Settings(raw_archive_sse="aws:kms", raw_archive_kms_key_id=KEY)
        assert raw_archive_extra_args(settings) == {
            "ServerSideEncryption": "aws:kms",
            "SSEKMSKeyId": KEY,
        }

    def test_none_sends_no_header(self):
        assert raw_archive_extra_args(Settings(raw_archive_sse="none")) == {}

    def test_kms_without_a_key_is_refused(self):
        with pytest.raises(ValidationError, match="KMS_KEY_ID"):
            Settings(raw_archive_sse="aws:kms")

    def test_an_unknown_algorithm_is_refused(self):
        with pytest.raises(ValidationError):
            Settings(raw_archive_sse="rot13")
