-- The warehouse's schemas and its two roles.
--   ops      file ledger, validation summaries, load audit (pipeline only)
--   staging  transient, de-identified rows on their way to core (pipeline only)
--   core     conformed dimensions and facts, every row traceable to its source file
--   linkage  restricted: pseudonym linkage across partners (pipeline only)
--   marts    indicators and suppressed microdata for regional staff (analyst reads)

create schema if not exists ops;
create schema if not exists staging;
create schema if not exists core;
create schema if not exists linkage;
create schema if not exists marts;

comment on schema ops is 'Pipeline operations: file ledger, validation summaries, load audit, alerts. Pipeline role only.';
comment on schema staging is 'Transient de-identified rows of one file before the merge into core. Pipeline role only.';
comment on schema core is 'Conformed dimensions and facts at the grain of each dataset; every fact row carries its source file (ledger id) and load time.';
comment on schema linkage is 'Restricted: links between person pseudonyms across partners. Pipeline role only; never exposed to analysts.';
comment on schema marts is 'Indicator values and k-anonymous microdata for regional staff; small cells suppressed.';

-- Roles are cluster-wide: create them only when missing (NOLOGIN roles by default would be
-- useless to people; passwords are set by the DBA outside the repo, never here).
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'pata_pipeline') then
        create role pata_pipeline login;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'pata_analyst') then
        create role pata_analyst login;
    end if;
end
$$;

comment on role pata_pipeline is 'PATA pipeline: writes ops, staging, core, linkage and marts.';
comment on role pata_analyst is 'PATA regional staff: reads marts (and documented core views) only.';

revoke all on schema ops, staging, core, linkage, marts from public;

grant usage, create on schema ops, staging, core, linkage, marts to pata_pipeline;
grant usage on schema marts to pata_analyst;

-- Tables created later by the migration owner get the right grants automatically.
alter default privileges in schema ops, staging, core, linkage, marts
    grant select, insert, update, delete, truncate on tables to pata_pipeline;
alter default privileges in schema ops, staging, core, linkage, marts
    grant usage, select on sequences to pata_pipeline;
alter default privileges in schema marts grant select on tables to pata_analyst;
