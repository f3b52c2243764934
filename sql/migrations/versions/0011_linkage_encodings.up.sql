-- linkage: privacy-preserving record linkage across partners (issue 20).
-- Bloom-filter encodings (CLKs) of person rows under the programme's linkage secret, their
-- keyed blocking keys, the matches between them and the clusters (one per person). No
-- name, no birth date, no clear-text blocking value is stored. The encodings are still
-- personal data (docs/privacy.md, "Record linkage: threat model"): the pipeline writes
-- them, the linkage role reads them, nobody else.

do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'pata_linkage') then
        create role pata_linkage nologin;
    end if;
end
$$;
comment on role pata_linkage is 'PATA record linkage: reads the linkage schema (encodings, matches, clusters) for audits and re-linking; grant it to the few people who run linkage.';

create table linkage.record_encoding (
    id bigint generated always as identity primary key,
    partner_code text not null,
    dataset text not null check (dataset in ('cases', 'rehabilitation')),
    record_key text not null check (length(record_key) = 64 and record_key !~ '[^0-9a-f]'),
    ledger_id bigint not null references ops.file_ledger (id),
    clk bytea not null check (octet_length(clk) = 128),
    birth_block text check (length(birth_block) = 16),
    name_blocks text[] not null,
    key_fingerprint text not null,
    unique (partner_code, dataset, record_key)
);
create index record_encoding_birth_block on linkage.record_encoding (birth_block);
create index record_encoding_name_blocks on linkage.record_encoding using gin (name_blocks);
comment on table linkage.record_encoding is 'Bloom-filter encoding of one person record (grain: one current record of cases or rehabilitation in core), computed while the file was read; kept only while the record is in core.';
comment on column linkage.record_encoding.id is 'Surrogate id of the encoding (matches and clusters refer to it).';
comment on column linkage.record_encoding.partner_code is 'Partner that reported the record.';
comment on column linkage.record_encoding.dataset is 'Dataset of the record: cases or rehabilitation.';
comment on column linkage.record_encoding.record_key is 'The record pseudonym (record_key of the core fact).';
comment on column linkage.record_encoding.ledger_id is 'File the encoding was computed from (ops.file_ledger.id).';
comment on column linkage.record_encoding.clk is 'Cryptographic long-term key: 1024-bit Bloom filter of name bigrams, name skeletons, birth date parts, sex and citizenship, keyed by the linkage secret. Personal data.';
comment on column linkage.record_encoding.birth_block is 'Keyed hash of (birth year, sex): first-pass blocking key; null without a birth date.';
comment on column linkage.record_encoding.name_blocks is 'Keyed hashes of (sex, name-skeleton prefix): second-pass blocking keys for records without a birth date.';
comment on column linkage.record_encoding.key_fingerprint is 'Fingerprint (8 hex of SHA-256) of the linkage secret the encoding was made with; encodings under two secrets never match.';

create table linkage.record_match (
    first_id bigint not null references linkage.record_encoding (id) on delete cascade,
    second_id bigint not null references linkage.record_encoding (id) on delete cascade,
    pass smallint not null check (pass in (1, 2)),
    score real not null check (score between 0 and 1),
    primary key (first_id, second_id),
    check (first_id <> second_id)
);
create index record_match_second on linkage.record_match (second_id);
comment on table linkage.record_match is 'Two encodings judged the same person (grain: one pair). Pass 1: same birth block, Dice at or above the threshold; pass 2: a record without a birth date (first_id) and its best, unambiguous candidate.';
comment on column linkage.record_match.first_id is 'One encoding (pass 2: the one without a birth date).';
comment on column linkage.record_match.second_id is 'The other encoding.';
comment on column linkage.record_match.pass is '1: birth-block comparison; 2: name-block comparison of a record without a birth date.';
comment on column linkage.record_match.score is 'Dice coefficient (pass 1) or share of the first filter''s bits in the second (pass 2).';

create table linkage.person_cluster (
    record_id bigint primary key references linkage.record_encoding (id) on delete cascade,
    cluster_key text not null check (length(cluster_key) = 64)
);
create index person_cluster_key on linkage.person_cluster (cluster_key);
comment on table linkage.person_cluster is 'The cluster (one person) of each encoding: connected components of linkage.record_match, recomputed in the transaction of every load.';
comment on column linkage.person_cluster.record_id is 'The encoding (linkage.record_encoding.id).';
comment on column linkage.person_cluster.cluster_key is 'Person pseudonym of the cluster: SHA-256 of the smallest (partner, dataset, record key) of its members; the same person across partners and countries.';

grant usage on schema linkage to pata_linkage;
grant select on linkage.record_encoding, linkage.record_match, linkage.person_cluster to pata_linkage;
grant select, insert, update, delete on linkage.record_encoding, linkage.record_match, linkage.person_cluster to pata_pipeline;
