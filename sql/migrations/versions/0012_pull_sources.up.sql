-- Pulled exports. A partner that cannot upload has a pull: block in the registry; the pull
-- DAG fetches its export and writes it to <partner>/incoming/<dataset>/<name>, where it is
-- ingested exactly like an upload. This table is the pull's memory of the remote side.
create table ops.pulled_files (
    id bigint generated always as identity primary key,
    partner_code text not null,
    dataset text not null,
    source_kind text not null check (source_kind in ('sftp', 's3', 'https')),
    remote_path text not null,
    remote_mtime timestamptz,
    remote_size bigint not null check (remote_size >= -1),
    remote_etag text,
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    period_label text not null check (period_label ~ '^[0-9]{4}(-[0-9]{2}|Q[1-4])$'),
    object_key text not null,
    pulled_at timestamptz not null default now()
);
comment on table ops.pulled_files is 'One row per remote file version fetched by a pull DAG (grain: one fetch of one remote file version). No value from any file.';
comment on column ops.pulled_files.id is 'Pull id.';
comment on column ops.pulled_files.partner_code is 'Partner whose source it was fetched from.';
comment on column ops.pulled_files.dataset is 'Dataset of the pulled file.';
comment on column ops.pulled_files.source_kind is 'sftp, s3 (the partner''s own bucket or endpoint) or https.';
comment on column ops.pulled_files.remote_path is 'Path of the file on the source: SFTP path, s3://bucket/key or the URL path (no host, no credential).';
comment on column ops.pulled_files.remote_mtime is 'Modification time the source reported (SFTP mtime, S3 LastModified, HTTP Last-Modified).';
comment on column ops.pulled_files.remote_size is 'Size in bytes the source reported, checked against the bytes read; -1 when an HTTPS source sent no Content-Length.';
comment on column ops.pulled_files.remote_etag is 'ETag the source reported (S3, HTTP); null for SFTP.';
comment on column ops.pulled_files.sha256 is 'SHA-256 of the bytes written to the dropzone (the ledger sees the same).';
comment on column ops.pulled_files.period_label is 'Reporting period the pull looked for (2026-07 or 2026Q3).';
comment on column ops.pulled_files.object_key is 'Dropzone key it was written to (<partner>/incoming/<dataset>/<name>).';
comment on column ops.pulled_files.pulled_at is 'When it was written to the dropzone.';

-- The same remote version (path, mtime, size, etag) is fetched once.
create unique index pulled_files_version on ops.pulled_files
    (partner_code, dataset, remote_path, coalesce(remote_mtime, 'epoch'), remote_size, coalesce(remote_etag, ''));
create index pulled_files_latest on ops.pulled_files (partner_code, dataset, remote_path, id desc);

alter table ops.alerts drop constraint alerts_kind_check;
alter table ops.alerts add constraint alerts_kind_check
    check (kind in ('late-submission', 'file-rejected', 'task-failed', 'dag-failed', 'dag-deadline-missed', 'pull-failed'));
comment on column ops.alerts.kind is 'late-submission, file-rejected, task-failed, dag-failed, dag-deadline-missed or pull-failed (a partner source that could not be read: error_code says why).';
