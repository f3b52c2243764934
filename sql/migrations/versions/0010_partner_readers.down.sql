-- Back to 0008: readers by country (0003's table and policies), no partner readers.
drop table if exists core.partner_reader;

create table core.country_reader (
    role_name text not null,
    country_code text not null check (country_code ~ '^[A-Z]{2}$'),
    granted_at timestamptz not null default now(),
    primary key (role_name, country_code)
);
comment on table core.country_reader is 'Partner-scoped access (grain: one database role and one country it may read). A member of pata_partner_reader listed here sees, in core.country_* views, only the rows of partners of its countries (row-level security).';
comment on column core.country_reader.role_name is 'Database role (current_user of the session), e.g. a partner''s login.';
comment on column core.country_reader.country_code is 'Country (ISO 3166-1 alpha-2) whose partners'' rows the role may read.';
comment on column core.country_reader.granted_at is 'When the access was recorded.';

do $$
declare
    fact text;
begin
    foreach fact in array array['fact_awareness_session', 'fact_case',
        'fact_rehabilitation_enrolment', 'fact_network_event']
    loop
        foreach fact in array array[fact, fact || '_current']
        loop
            execute 'drop policy if exists access_pata_partner_reader on core.' || quote_ident(fact);
            execute 'drop policy if exists access_pata_pipeline on core.' || quote_ident(fact);
            execute 'drop policy if exists pipeline_writes on core.' || quote_ident(fact);
            execute 'create policy pipeline_writes on core.' || quote_ident(fact)
                || ' for all to pata_pipeline using (true) with check (true)';
            execute 'create policy partner_reads_own_country on core.' || quote_ident(fact) || $policy$
                for select to pata_partner_reader
                using (partner_code in (
                    select p.partner_code
                    from core.dim_partner p
                    join core.country_reader r on r.country_code = p.country_code
                    where r.role_name = current_user))$policy$;
        end loop;
    end loop;
end
$$;
grant select on core.country_reader to pata_partner_reader;
