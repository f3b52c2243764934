-- ops.file_ledger: one row per received object. The ledger is the pipeline's memory: it
-- makes every step idempotent (same bytes twice -> 'duplicate'), records supersession and
-- is updated in the same transaction as the load into core.
create table ops.file_ledger (
    id bigint generated always as identity primary key,
    partner_code text not null,
    dataset text not null,
    object_key text not null,
    object_etag text,
    size_bytes bigint not null,
    sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
    raw_key text,
    file_format text,
    period_label text,
    period_start date,
    period_end date,
    uploaded_at timestamptz not null,
    received_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    loaded_at timestamptz,
    status text not null default 'received'
        check (status in ('received', 'rejected', 'loaded', 'partially_loaded', 'duplicate', 'superseded')),
    rows_total integer,
    rows_valid integer,
    rows_invalid integer,
    rows_loaded integer,
    rows_withheld integer,
    report_key text,
    error_code text,
    contract_version text,
    key_fingerprint text,
    duplicate_of bigint references ops.file_ledger (id),
    superseded_by bigint references ops.file_ledger (id)
);
comment on table ops.file_ledger is 'One row per object received from a partner (grain: one received object). Status: received, rejected, loaded, partially_loaded, duplicate, superseded. Holds no cell value of the file.';
comment on column ops.file_ledger.id is 'Ledger id; every core fact row carries the ledger id of its source file.';
comment on column ops.file_ledger.partner_code is 'Partner code from the registry (first segment of the object key).';
comment on column ops.file_ledger.dataset is 'Dataset (contract) of the file: awareness_sessions, cases, rehabilitation, network_events.';
comment on column ops.file_ledger.object_key is 'Key of the object in the dropzone when it was received (<partner>/incoming/<dataset>/<file>).';
comment on column ops.file_ledger.object_etag is 'ETag of the dropzone object; with the key and upload time it identifies one upload, so a redelivered event is recognised and a re-upload is not.';
comment on column ops.file_ledger.size_bytes is 'Size of the file in bytes.';
comment on column ops.file_ledger.sha256 is 'SHA-256 of the file bytes; the same bytes from the same partner again are a duplicate. Null only when the file was rejected unread (over the size limit).';
comment on column ops.file_ledger.raw_key is 'Content-addressed key of the raw copy in the restricted raw-archive bucket (purged after the retention period).';
comment on column ops.file_ledger.file_format is 'Detected format: csv, xlsx or json.';
comment on column ops.file_ledger.period_label is 'Reporting period from the file name (2026-07 or 2026Q3); a later file for the same partner, dataset and period supersedes the earlier one.';
comment on column ops.file_ledger.period_start is 'First day of the reporting period.';
comment on column ops.file_ledger.period_end is 'Last day of the reporting period.';
comment on column ops.file_ledger.uploaded_at is 'When the partner uploaded the object (S3 LastModified). Among files for the same partner, dataset and period the latest upload wins, whatever order they are processed in.';
comment on column ops.file_ledger.received_at is 'When the pipeline received the object.';
comment on column ops.file_ledger.updated_at is 'Last change of this ledger row.';
comment on column ops.file_ledger.loaded_at is 'When the rows of this file were merged into core (same transaction as the load).';
comment on column ops.file_ledger.status is 'received, rejected (file-level blocker), loaded, partially_loaded (some rows quarantined), duplicate (same bytes seen), superseded (a later file for the same period replaced it).';
comment on column ops.file_ledger.rows_total is 'Records read from the file.';
comment on column ops.file_ledger.rows_valid is 'Records that passed validation.';
comment on column ops.file_ledger.rows_invalid is 'Records quarantined by validation (never loaded).';
comment on column ops.file_ledger.rows_loaded is 'Row-level records merged into core (valid rows with consent).';
comment on column ops.file_ledger.rows_withheld is 'Valid rows without consent: counted in core.withheld_no_consent only.';
comment on column ops.file_ledger.report_key is 'Key of the feedback report (JSON) in the dropzone, under <partner>/feedback/.';
comment on column ops.file_ledger.error_code is 'Code of the file-level blocker when rejected (e.g. missing-column, unknown-partner).';
comment on column ops.file_ledger.contract_version is 'Version of the dataset contract the file was validated against.';
comment on column ops.file_ledger.key_fingerprint is 'Fingerprint (8 hex of SHA-256) of the pseudonymisation key used for this file: tells which files need re-keying after a key rotation. Not the key.';
comment on column ops.file_ledger.duplicate_of is 'For a duplicate: the ledger id of the first file with the same bytes.';
comment on column ops.file_ledger.superseded_by is 'For a superseded file: the ledger id of the file that replaced it.';

create index file_ledger_sha on ops.file_ledger (partner_code, sha256);
create index file_ledger_period on ops.file_ledger (partner_code, dataset, period_label);
create unique index file_ledger_object on ops.file_ledger (object_key, object_etag, uploaded_at);
create index file_ledger_key on ops.file_ledger (object_key);

-- Value-free validation summary: counts per problem code and column, with the first row
-- numbers as positions (never the offending values).
create table ops.validation_summary (
    ledger_id bigint not null references ops.file_ledger (id) on delete cascade,
    code text not null,
    column_name text not null default '',
    severity text not null check (severity in ('error', 'warning')),
    problem_count integer not null check (problem_count > 0),
    first_rows integer[] not null default '{}',
    primary key (ledger_id, code, column_name)
);
comment on table ops.validation_summary is 'Problems found in a file (grain: one problem code and column per file). Positions only, never values.';
comment on column ops.validation_summary.ledger_id is 'The file (ops.file_ledger.id).';
comment on column ops.validation_summary.code is 'Stable problem code, e.g. missing-value, unknown-code, date-order.';
comment on column ops.validation_summary.column_name is 'Canonical column the problem is about; empty for file-level problems.';
comment on column ops.validation_summary.severity is 'error (row quarantined or file rejected) or warning (accepted).';
comment on column ops.validation_summary.problem_count is 'Number of occurrences in the file.';
comment on column ops.validation_summary.first_rows is 'Up to 50 row numbers as the partner sees them (header = row 1).';

-- Rows without consent never become row-level records; they are only counted here so the
-- indicators stay complete.
create table core.withheld_no_consent (
    ledger_id bigint not null references ops.file_ledger (id),
    partner_code text not null,
    dataset text not null,
    period_month date not null,
    withheld_count integer not null check (withheld_count > 0),
    primary key (ledger_id, period_month)
);
comment on table core.withheld_no_consent is 'Valid rows without consent, counted per file and month (grain: one source file and month). The only trace such rows leave.';
comment on column core.withheld_no_consent.ledger_id is 'Source file (ops.file_ledger.id); rows of a superseded file are replaced with the file.';
comment on column core.withheld_no_consent.partner_code is 'Partner that sent the file.';
comment on column core.withheld_no_consent.dataset is 'cases or rehabilitation.';
comment on column core.withheld_no_consent.period_month is 'First day of the month of the row''s period column.';
comment on column core.withheld_no_consent.withheld_count is 'Number of rows withheld for lack of consent.';
