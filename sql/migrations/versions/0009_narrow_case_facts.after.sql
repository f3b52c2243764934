-- Comments: the columns kept say what they said; the arrays say what they hold.
do $$
declare
    item record;
begin
    for item in
        select t.relname as target, a.attname, d.description
        from pg_attribute a
        join pg_description d
            on d.classoid = 'pg_class'::regclass and d.objoid = a.attrelid and d.objsubid = a.attnum
        join pg_class t on t.relname = 'fact_case'
            and t.relnamespace = 'core'::regnamespace
        where a.attrelid = 'core.fact_case_wide'::regclass and a.attnum > 0
          and exists (select 1 from pg_attribute n
                      where n.attrelid = t.oid and n.attname = a.attname and not n.attisdropped)
    loop
        execute 'comment on column core.fact_case.' || quote_ident(item.attname)
            || ' is ' || quote_literal(item.description);
        if exists (select 1 from pg_attribute s
                   where s.attrelid = 'staging.cases'::regclass and s.attname = item.attname
                     and not s.attisdropped) then
            execute 'comment on column staging.cases.' || quote_ident(item.attname)
                || ' is ' || quote_literal(item.description);
        end if;
    end loop;
end
$$;
comment on table core.fact_case is 'Versions of each person-case (one identified person in one case of one partner) as sent in each source file (grain: one cases record of one partner in one source file = partner_code, record_key, ledger_id). Append-only; core.fact_case_current says which version stands. A multi-select is one text[] of its codes (code-list order).';
comment on column core.fact_case.prs_citizenship is 'Citizenship(s) of the person: ISO 3166-1 alpha-2 codes in code-list order; null when unanswered, empty when no answer was a known code.';
comment on column core.fact_case.vic_typeofexploitation is 'Type(s) of exploitation (HTCDS vic_TypeOfExploitation codes, code-list order); null when unanswered, empty when no answer was a known code.';
comment on column core.fact_case.vic_methodsofcontrol is 'Methods of control used by the trafficker (HTCDS vic_MethodsOfControl codes, code-list order); null when unanswered, empty when no answer was a known code.';
comment on column core.fact_case.vic_methodofrecruitment is 'Method(s) of recruitment (HTCDS vic_MethodOfRecruitment codes, code-list order); null when unanswered, empty when no answer was a known code.';
comment on column staging.cases.prs_citizenship is 'Citizenship(s) of the person: ISO 3166-1 alpha-2 codes in code-list order; null when unanswered, empty when no answer was a known code.';
comment on column staging.cases.vic_typeofexploitation is 'Type(s) of exploitation (HTCDS vic_TypeOfExploitation codes, code-list order); null when unanswered, empty when no answer was a known code.';
comment on column staging.cases.vic_methodsofcontrol is 'Methods of control used by the trafficker (HTCDS vic_MethodsOfControl codes, code-list order); null when unanswered, empty when no answer was a known code.';
comment on column staging.cases.vic_methodofrecruitment is 'Method(s) of recruitment (HTCDS vic_MethodOfRecruitment codes, code-list order); null when unanswered, empty when no answer was a known code.';

drop table core.fact_case_wide;
create index fact_case_ledger on core.fact_case (ledger_id);

-- Row-level security as in 0003: the pipeline writes, partner readers read their countries.
alter table core.fact_case enable row level security;
create policy pipeline_writes on core.fact_case
    for all to pata_pipeline using (true) with check (true);
create policy partner_reads_own_country on core.fact_case
    for select to pata_partner_reader
    using (partner_code in (
        select p.partner_code
        from core.dim_partner p
        join core.country_reader r on r.country_code = p.country_code
        where r.role_name = current_user));
grant select on core.fact_case to pata_partner_reader;

-- Withheld (non-consenting) rows, keyed by person so that one counts once per period.
create table core.withheld_person (
    ledger_id bigint not null references ops.file_ledger (id),
    partner_code text collate "C" not null,
    dataset text not null check (dataset in ('cases', 'rehabilitation')),
    period_month date not null,
    person_token text collate "C" not null
        check (length(person_token) = 64 and person_token !~ '[^0-9a-f]'),
    primary key (ledger_id, period_month, person_token)
);
create index withheld_person_period on core.withheld_person (partner_code, dataset, period_month);
comment on table core.withheld_person is 'Persons whose rows were withheld for lack of consent, per source file and month (grain: one withheld person of one file and month). The token is one-way and keyed apart from person_key, so it cannot be joined to any case; it only lets a person sent in several files be counted once. Files loaded before 0009 have no rows here: their withheld rows are counted from core.withheld_no_consent.';
comment on column core.withheld_person.ledger_id is 'Source file (ops.file_ledger.id); rows of a superseded file are replaced with the file.';
comment on column core.withheld_person.partner_code is 'Partner that sent the file.';
comment on column core.withheld_person.dataset is 'cases or rehabilitation.';
comment on column core.withheld_person.period_month is 'First day of the month of the row''s period column.';
comment on column core.withheld_person.person_token is 'HMAC-SHA256 under the pipeline key of the partner, the namespace "withheld" and the person key (the record pseudonym when the person has no key parts): the same person gives the same token in every file.';
revoke all on core.withheld_person from pata_analyst, pata_partner_reader;
