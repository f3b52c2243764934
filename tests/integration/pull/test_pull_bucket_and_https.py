"""Pulling from a partner's own bucket (a second bucket on the local S3 endpoint, its own
connection) and from an HTTP server behind a bearer token; the late alert after the window."""

from __future__ import annotations

from datetime import date

import pytest
from pull_helpers import S3_CONN, Export, pulled_partner, registry_of, source, utc, with_pull
from sqlalchemy import text

from pata.pull.fetch import pull_dataset
from pata.pull.remote import PullError
from pata.storage import s3_client
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

PARTNER, DATASET = "kh-ksp", "cases"


def dropped(settings, key: str) -> bytes | None:
    s3 = s3_client(settings)
    try:
        body = s3.get_object(Bucket=settings.dropzone_bucket, Key=key)["Body"].read()
    except s3.exceptions.NoSuchKey:
        return None
    s3.delete_object(Bucket=settings.dropzone_bucket, Key=key)  # not for the other tests
    return body


def pull(settings, registry, day: date):
    return pull_dataset(
        partner_code=PARTNER, dataset=DATASET, day=day, registry=registry, settings=settings
    )


def pull_error(settings, registry, day: date) -> PullError:
    with pytest.raises(PullError) as caught:
        pull(settings, registry, day)
    return caught.value


class TestPullFromPartnerBucket:
    def test_fetched_once_per_version_from_the_partners_own_bucket(
        self, local_stack, partner_bucket
    ):
        theirs = s3_client(local_stack)
        prefix = "pata/cases/"
        name = "kh-ksp_cases_2015-05.csv"
        theirs.put_object(Bucket=partner_bucket, Key=prefix + name, Body=b"version one")
        theirs.put_object(Bucket=partner_bucket, Key=prefix + "kh-ksp_cases_2015-04.csv", Body=b"x")
        theirs.put_object(Bucket=partner_bucket, Key=prefix + "archive/" + name, Body=b"old")
        registry = with_pull(
            PARTNER,
            DATASET,
            source("s3", S3_CONN, bucket=partner_bucket, prefix=prefix),
        )

        first = pull(local_stack, registry, date(2015, 6, 15))
        key = f"{PARTNER}/incoming/{DATASET}/{name}"
        assert (first.found, first.fetched) == (1, [key])
        assert dropped(local_stack, key) == b"version one"
        assert pull(local_stack, registry, date(2015, 6, 16)).unchanged == 1

        theirs.put_object(Bucket=partner_bucket, Key=prefix + name, Body=b"version two")
        changed = pull(local_stack, registry, date(2015, 6, 17))
        assert changed.fetched == [key]
        assert dropped(local_stack, key) == b"version two"
        with get_engine(role="owner", settings=local_stack).connect() as conn:
            etags = conn.execute(
                text(
                    "select remote_path, remote_etag from ops.pulled_files "
                    "where remote_path = :p order by id"
                ),
                {"p": f"s3://{partner_bucket}/{prefix}{name}"},
            ).all()
        assert len(etags) == 2 and etags[0].remote_etag != etags[1].remote_etag

    def test_a_bucket_listing_beyond_max_entries_is_refused(self, local_stack, partner_bucket):
        from dataclasses import replace

        theirs = s3_client(local_stack)
        prefix = "crowded/"
        for n in range(21):
            theirs.put_object(Bucket=partner_bucket, Key=f"{prefix}old_{n}.csv", Body=b"")
        pulled = replace(
            source("s3", S3_CONN, bucket=partner_bucket, prefix=prefix), max_entries=20
        )

        error = pull_error(local_stack, with_pull(PARTNER, DATASET, pulled), date(2015, 7, 15))

        assert error.code == "pull-listing-too-large"

    def test_a_missing_bucket_is_a_coded_alert(self, local_stack, partner_bucket):
        pulled = source("s3", S3_CONN, bucket="no-such-partner-bucket", prefix="")

        error = pull_error(local_stack, with_pull(PARTNER, DATASET, pulled), date(2015, 8, 15))

        assert error.code == "pull-folder-missing"


class TestPullOverHttps:
    def test_fetched_with_the_token_then_not_again_until_it_changes(
        self, local_stack, http_server, http_connection
    ):
        http_server.exports["/api/exports/cases_2015-09.csv"] = Export(
            body=b"september", modified=utc(2015, 10, 14, 22)
        )
        registry = with_pull(
            PARTNER,
            DATASET,
            source("https", http_connection, url="/api/exports/cases_{period}.csv"),
        )

        first = pull(local_stack, registry, date(2015, 10, 15))
        key = f"{PARTNER}/incoming/{DATASET}/cases_2015-09.csv"
        assert first.fetched == [key]
        assert dropped(local_stack, key) == b"september"
        assert pull(local_stack, registry, date(2015, 10, 16)).unchanged == 1

        http_server.exports["/api/exports/cases_2015-09.csv"] = Export(
            body=b"september, corrected", modified=utc(2015, 10, 16, 22)
        )
        assert pull(local_stack, registry, date(2015, 10, 17)).fetched == [key]
        assert dropped(local_stack, key) == b"september, corrected"

    def test_not_published_yet_is_no_failure(self, local_stack, http_server, http_connection):
        registry = with_pull(
            PARTNER, DATASET, source("https", http_connection, url="/api/none_{period}.csv")
        )
        report = pull(local_stack, registry, date(2015, 11, 15))
        assert (report.period_label, report.found, report.fetched) == ("2015-10", 0, [])

    def test_a_wrong_token_a_redirect_away_and_a_growing_file_are_coded(
        self, local_stack, http_server, http_connection, monkeypatch
    ):
        import json

        wrong = {"conn_type": "http", "host": "127.0.0.1", "port": http_server.port}
        wrong["extra"] = {"Authorization": "Bearer expired"}
        monkeypatch.setenv("AIRFLOW_CONN_PATA_PULL_EXPIRED", json.dumps(wrong))
        url = "/api/exports/cases_{period}.csv"
        refused = pull_error(
            local_stack,
            with_pull(PARTNER, DATASET, source("https", "pata_pull_expired", url=url)),
            date(2015, 12, 15),
        )
        assert refused.code == "pull-auth-failed"

        http_server.redirects["/api/exports/cases_2015-12.csv"] = "/elsewhere/cases_2015-12.csv"
        http_server.exports["/elsewhere/cases_2015-12.csv"] = Export(
            body=b"x", modified=utc(2016, 1, 1)
        )
        registry = with_pull(PARTNER, DATASET, source("https", http_connection, url=url))
        assert pull_error(local_stack, registry, date(2016, 1, 15)).code == (
            "pull-path-outside-source"
        )

        http_server.exports["/api/exports/cases_2014-01.csv"] = Export(
            body=b"being written", modified=utc(2014, 2, 1), grow_after_head=2
        )
        growing = pull_error(local_stack, registry, date(2014, 2, 15))
        assert growing.code == "pull-file-changing"
        assert dropped(local_stack, f"{PARTNER}/incoming/{DATASET}/cases_2014-01.csv") is None


class TestMissingExport:
    def test_no_export_by_the_end_of_the_window_is_exactly_one_late_alert(self, local_stack):
        """Inside the window a pulled period is not late; after it, one late alert."""
        from pata.deadlines import check_deadlines

        registry = registry_of(
            pulled_partner("zz-pulled", source("sftp", "pata_pull_zz", path="/exports"))
        )

        during = [
            check_deadlines(now=utc(2019, 6, d, 12), lookback_days=10, registry=registry)
            for d in (15, 16, 17)
        ]
        after = [
            check_deadlines(now=utc(2019, 6, d, 12), lookback_days=10, registry=registry)
            for d in (18, 19)
        ]

        def may(report):  # 2019-04 fell due a month earlier: late all along, not our subject
            return [x.period.label for x in report.late if x.period.label == "2019-05"]

        assert [may(r) for r in during] == [[], [], []]
        assert [may(r) for r in after] == [["2019-05"], ["2019-05"]]
        with get_engine(role="owner", settings=local_stack).connect() as conn:
            rows = conn.execute(
                text(
                    "select kind, dedup_key from ops.alerts where partner_code = 'zz-pulled' "
                    "and period_label = '2019-05'"
                )
            ).all()
        assert [tuple(r) for r in rows] == [
            ("late-submission", "late-submission:zz-pulled:cases:2019-05")
        ]
