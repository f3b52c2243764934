"""Pulling from a real SFTP server (asyncssh, key login): the pulled file goes the way of an
upload and ends loaded; an unchanged remote file is not fetched again, a changed one is
fetched once and supersedes the earlier; each broken source is one coded alert."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from pull_helpers import source, with_pull
from sqlalchemy import text

from pata.pull.fetch import pull_dataset
from pata.pull.remote import PullError
from pata.pull.sftp import SftpSource
from pata.stack import sftp
from pata.storage import s3_client
from pata.warehouse.engine import get_engine

pytestmark = pytest.mark.integration

PARTNER, DATASET = "np-sahayog", "cases"


def synth_export(tmp_path: Path, *, period_end: date, seed: int) -> Path:
    """One synthetic np-sahayog cases export (XLSX) for the month ending ``period_end``."""
    from pata.synth import generate

    manifest = generate(
        out=tmp_path / f"synth-{seed}",
        partners=[PARTNER],
        datasets=[DATASET],
        months=1,
        seed=seed,
        end=period_end,
    )
    (record,) = manifest.files
    return tmp_path / f"synth-{seed}" / record.path


def alerts(settings, period: str) -> list[dict]:
    with get_engine(role="owner", settings=settings).connect() as conn:
        rows = conn.execute(
            text(
                "select kind, error_code, dedup_key, message from ops.alerts "
                "where partner_code = :p and dataset = :d and period_label = :period "
                "and kind = 'pull-failed' order by id"
            ),
            {"p": PARTNER, "d": DATASET, "period": period},
        )
        return [dict(r._mapping) for r in rows]


def incoming(settings, name: str) -> list[str]:
    listed = s3_client(settings).list_objects_v2(
        Bucket=settings.dropzone_bucket, Prefix=f"{PARTNER}/incoming/{DATASET}/{name}"
    )
    return [o["Key"] for o in listed.get("Contents", [])]


class TestPullFromSftp:
    def test_a_pulled_export_is_loaded_and_a_changed_one_supersedes_it(
        self, local_stack, sftp_server, sftp_connection, tmp_path
    ):
        from pata.pipeline import process_object

        folder = "/exports/e2e-int/cases"
        registry = with_pull(PARTNER, DATASET, source("sftp", sftp_connection, path=folder))
        first = synth_export(tmp_path, period_end=date(2017, 3, 31), seed=41)
        remote = sftp_server.folder(folder) / first.name
        remote.write_bytes(first.read_bytes())
        (sftp_server.folder(folder) / "np-sahayog_cases_2017-02.xlsx").write_bytes(b"older")
        (sftp_server.folder(folder) / "readme.txt").write_bytes(b"not an export")

        report = pull_dataset(
            partner_code=PARTNER,
            dataset=DATASET,
            day=date(2017, 4, 15),  # the due date of 2017-03
            registry=registry,
            settings=local_stack,
        )

        key = f"{PARTNER}/incoming/{DATASET}/{first.name}"
        assert report.as_dict() == {
            "partner": PARTNER,
            "dataset": DATASET,
            "period": "2017-03",
            "found": 1,
            "unchanged": 0,
            "fetched": [key],
        }
        body = s3_client(local_stack).get_object(Bucket=local_stack.dropzone_bucket, Key=key)
        assert body["Body"].read() == first.read_bytes()
        loaded = process_object(key, settings=local_stack)
        assert loaded.status == "loaded" and loaded.rows_loaded > 0

        again = pull_dataset(
            partner_code=PARTNER,
            dataset=DATASET,
            day=date(2017, 4, 16),
            registry=registry,
            settings=local_stack,
        )
        assert (again.found, again.unchanged, again.fetched) == (1, 1, [])
        assert incoming(local_stack, first.name) == []

        second = synth_export(tmp_path, period_end=date(2017, 3, 31), seed=42)
        remote.write_bytes(second.read_bytes())
        os.utime(remote, (remote.stat().st_atime, remote.stat().st_mtime + 60))
        changed = pull_dataset(
            partner_code=PARTNER,
            dataset=DATASET,
            day=date(2017, 4, 17),
            registry=registry,
            settings=local_stack,
        )
        assert changed.fetched == [key]
        reloaded = process_object(key, settings=local_stack)
        assert reloaded.status == "loaded"
        last = pull_dataset(
            partner_code=PARTNER,
            dataset=DATASET,
            day=date(2017, 4, 17),
            registry=registry,
            settings=local_stack,
        )
        assert last.fetched == [] and last.unchanged == 1

        with get_engine(role="owner", settings=local_stack).connect() as conn:
            ledger = conn.execute(
                text(
                    "select id, status, superseded_by from ops.file_ledger "
                    "where object_key = :k order by id"
                ),
                {"k": key},
            ).all()
            pulled = conn.execute(
                text(
                    "select source_kind, remote_path, remote_size, remote_etag, period_label "
                    "from ops.pulled_files where object_key = :k order by id"
                ),
                {"k": key},
            ).all()
        assert [(r.status, r.superseded_by) for r in ledger] == [
            ("superseded", ledger[1].id),
            ("loaded", None),
        ]
        assert [(p.source_kind, p.remote_path, p.period_label) for p in pulled] == [
            ("sftp", f"{folder}/{first.name}", "2017-03"),
            ("sftp", f"{folder}/{first.name}", "2017-03"),
        ]
        assert [p.remote_size for p in pulled] == [first.stat().st_size, second.stat().st_size]
        assert alerts(local_stack, "2017-03") == []

    def test_outside_the_window_nothing_is_listed(self, local_stack, sftp_connection):
        registry = with_pull(
            PARTNER, DATASET, source("sftp", sftp_connection, path="/does/not/matter")
        )
        report = pull_dataset(
            partner_code=PARTNER,
            dataset=DATASET,
            day=date(2017, 4, 18),  # window 15..17
            registry=registry,
            settings=local_stack,
        )
        assert (report.period_label, report.found, report.fetched) == (None, 0, [])


class TestBrokenSftpSources:
    def pull(self, settings, registry, *, day: date, **kwargs) -> PullError:
        with pytest.raises(PullError) as caught:
            pull_dataset(
                partner_code=PARTNER,
                dataset=DATASET,
                day=day,
                registry=registry,
                settings=settings,
                **kwargs,
            )
        return caught.value

    def test_a_refused_key_is_one_auth_alert_however_often_it_runs(
        self, local_stack, sftp_server, monkeypatch, tmp_path
    ):
        stranger = sftp.generate_keys(tmp_path / "stranger")
        conn = sftp.connection(port=sftp_server.port, keys=stranger)
        conn["extra"]["host_key"] = sftp_server.keys.host_public()  # right server, wrong key
        monkeypatch.setenv("AIRFLOW_CONN_PATA_PULL_STRANGER", json.dumps(conn))
        registry = with_pull(
            PARTNER, DATASET, source("sftp", "pata_pull_stranger", path="/exports/cases")
        )

        errors = [self.pull(local_stack, registry, day=date(2016, 2, 15 + n)) for n in range(2)]

        assert [e.code for e in errors] == ["pull-auth-failed"] * 2
        assert not errors[0].transient
        (alert,) = alerts(local_stack, "2016-01")
        assert alert["dedup_key"] == "pull-failed:np-sahayog:cases:2016-01:pull-auth-failed"
        assert "pull-auth-failed" in alert["message"]

    def test_an_unreachable_host_is_a_transient_coded_failure(
        self, local_stack, sftp_server, monkeypatch
    ):
        from pata.stack.processes import free_port

        conn = sftp.connection(port=free_port(), keys=sftp_server.keys)
        monkeypatch.setenv("AIRFLOW_CONN_PATA_PULL_NOWHERE", json.dumps(conn))
        registry = with_pull(PARTNER, DATASET, source("sftp", "pata_pull_nowhere", path="/x"))

        error = self.pull(local_stack, registry, day=date(2016, 3, 15))

        assert error.code == "pull-source-unreachable" and error.transient
        assert [a["error_code"] for a in alerts(local_stack, "2016-02")] == [
            "pull-source-unreachable"
        ]

    def test_a_listing_longer_than_max_entries_stops_the_pull(
        self, local_stack, sftp_server, sftp_connection
    ):
        folder = "/exports/crowded"
        for n in range(1, 1202):
            (sftp_server.folder(folder) / f"old_{n:04d}.csv").touch()
        (sftp_server.folder(folder) / "np-sahayog_cases_2016-03.xlsx").write_bytes(b"x")
        pulled = source("sftp", sftp_connection, path=folder)
        registry = with_pull(PARTNER, DATASET, pulled)
        assert pulled.max_entries == 1000

        error = self.pull(local_stack, registry, day=date(2016, 4, 15))

        assert error.code == "pull-listing-too-large"
        assert incoming(local_stack, "np-sahayog_cases_2016-03") == []

    def test_a_link_out_of_the_folder_is_not_followed(
        self, local_stack, sftp_server, sftp_connection
    ):
        folder = "/exports/linked"
        elsewhere = sftp_server.folder("/private") / "np-sahayog_cases_2016-04.xlsx"
        elsewhere.write_bytes(b"not for the pipeline")
        link = sftp_server.folder(folder) / "np-sahayog_cases_2016-04.xlsx"
        link.symlink_to(Path("../../private") / elsewhere.name)
        registry = with_pull(PARTNER, DATASET, source("sftp", sftp_connection, path=folder))

        error = self.pull(local_stack, registry, day=date(2016, 5, 15))

        assert error.code == "pull-path-outside-source"
        assert incoming(local_stack, "np-sahayog_cases_2016-04") == []

    def test_a_file_growing_while_read_is_not_written_to_the_dropzone(
        self, local_stack, sftp_server, sftp_connection
    ):
        folder = "/exports/growing"
        remote = sftp_server.folder(folder) / "np-sahayog_cases_2016-05.xlsx"
        remote.write_bytes(b"first half of an export")

        class PartnerStillWriting(SftpSource):
            """The real SFTP source, while the partner's system appends to the file."""

            def download(self, file, destination):
                written = super().download(file, destination)
                with remote.open("ab") as more:
                    more.write(b" and the second half")
                return written

        registry = with_pull(PARTNER, DATASET, source("sftp", sftp_connection, path=folder))

        error = self.pull(
            local_stack,
            registry,
            day=date(2016, 6, 15),
            open_remote=lambda src, where: PartnerStillWriting(src, where=where),
        )

        assert error.code == "pull-file-changing" and error.transient
        assert incoming(local_stack, "np-sahayog_cases_2016-05") == []
        with get_engine(role="owner", settings=local_stack).connect() as conn:
            assert (
                conn.execute(
                    text("select count(*) from ops.pulled_files where period_label = '2016-05'")
                ).scalar_one()
                == 0
            )
