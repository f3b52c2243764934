-- 0003 core model: conformed dimensions, facts at the grain of each dataset, their staging
-- templates, the load audit, row-level security for partner readers and the documented views
-- regional staff read.
--
-- Facts are append-only VERSIONS: one row per record and source file, keyed by
-- (partner_code, <record key>, ledger_id). core.<fact>_current maps each record to the version
-- that stands: the one from the file with the latest reporting period (source_period), then
-- the highest ledger id. So the warehouse is a function of the files that are live: the same
-- file twice changes nothing, a file that supersedes another deletes exactly that file's
-- versions (a record falls back to its best remaining version), and an older file arriving
-- late is kept as history without replacing a newer version. pata.warehouse.load does it all
-- in the caller's transaction. Record keys and pseudonyms compare byte-wise (collate "C").
--
-- The staging and fact column blocks are rendered from pata.deid.output_columns (contracts
-- 1.0.0); tests/integration/warehouse/test_model.py fails when they drift apart.

-- Load audit ------------------------------------------------------------------------------
create table ops.load_audit (
    ledger_id bigint primary key references ops.file_ledger (id),
    partner_code text not null,
    dataset text not null,
    key_fingerprint text not null,
    source_period date,
    chunks integer not null,
    rows_staged integer not null,
    rows_inserted integer not null,
    rows_updated integer not null,
    rows_not_current integer not null,
    rows_deleted integer not null,
    rows_withheld integer not null,
    seconds numeric(10, 3) not null,
    loaded_at timestamptz not null default now()
);
comment on table ops.load_audit is 'One row per file merged into core (grain: one source file), written in the load transaction. A file already here is not loaded again. Counts only, no cell value.';
comment on column ops.load_audit.ledger_id is 'The file (ops.file_ledger.id).';
comment on column ops.load_audit.partner_code is 'Partner that sent the file.';
comment on column ops.load_audit.dataset is 'Dataset of the file.';
comment on column ops.load_audit.key_fingerprint is 'Fingerprint (8 hex) of the pseudonymisation key the file''s keys were made with; a change between loads of a partner means its keys no longer match.';
comment on column ops.load_audit.source_period is 'Reporting period (first day) the file''s versions were stored under (core.fact_*.source_period).';
comment on column ops.load_audit.chunks is 'Number of chunks the file was copied in (1 for a file loaded whole).';
comment on column ops.load_audit.rows_staged is 'De-identified rows copied to staging.';
comment on column ops.load_audit.rows_inserted is 'Rows that brought a record new to core.';
comment on column ops.load_audit.rows_updated is 'Rows that brought a new version of a record already in core (current or, when older, kept as history).';
comment on column ops.load_audit.rows_not_current is 'Rows stored as history only: a version from a later period or file already stands.';
comment on column ops.load_audit.rows_deleted is 'Versions deleted: those of the files this one superseded, and every version of records whose consent is withdrawn.';
comment on column ops.load_audit.rows_withheld is 'Rows of the file withheld for lack of consent (counted in core.withheld_no_consent).';
comment on column ops.load_audit.seconds is 'Duration of the load (copy and merge), in seconds.';
comment on column ops.load_audit.loaded_at is 'When the load transaction started.';

-- Conformed dimensions --------------------------------------------------------------------
-- Partners, countries, provinces and code lists are seeded from the registry and the
-- contracts by pata.warehouse.dimensions (idempotent); months and quarters are generated here.
create table core.dim_partner (
    partner_code text primary key,
    partner_name text not null,
    country_code text not null check (country_code ~ '^[A-Z]{2}$'),
    timezone text not null
);
comment on table core.dim_partner is 'National partner agencies of the registry (config/partners.yaml); grain: one partner. Every fact row''s partner_code joins here.';
comment on column core.dim_partner.partner_code is 'Partner code (a lowercase slug, the partner''s dropzone prefix).';
comment on column core.dim_partner.partner_name is 'Name of the partner agency.';
comment on column core.dim_partner.country_code is 'Country the partner works in (ISO 3166-1 alpha-2): the country of its records for partner-scoped access.';
comment on column core.dim_partner.timezone is 'IANA timezone of the partner (submission deadlines).';

create table core.dim_country (
    country_code text primary key check (country_code ~ '^[A-Z]{2}$'),
    country_name text,
    is_programme_country boolean not null default false
);
comment on table core.dim_country is 'Countries (ISO 3166-1 alpha-2); grain: one country. Joins hte_country, country, citizenship flags and partner and province countries.';
comment on column core.dim_country.country_code is 'ISO 3166-1 alpha-2 code.';
comment on column core.dim_country.country_name is 'English short name (CLDR); null when unknown.';
comment on column core.dim_country.is_programme_country is 'True when a registered partner works in the country.';

create table core.dim_province (
    province_code text primary key,
    country_code text not null check (country_code ~ '^[A-Z]{2}$')
);
comment on table core.dim_province is 'First-level subdivisions (ISO 3166-2) of the contracts'' province code lists; grain: one province. Joins the province columns.';
comment on column core.dim_province.province_code is 'ISO 3166-2 code, e.g. KH-12.';
comment on column core.dim_province.country_code is 'Country of the province (the code before the hyphen).';

create table core.dim_quarter (
    quarter_start date primary key,
    quarter_label text not null unique,
    year smallint not null,
    quarter smallint not null check (quarter between 1 and 4),
    quarter_end date not null
);
comment on table core.dim_quarter is 'Calendar quarters from 1990 to 2060; grain: one quarter.';
comment on column core.dim_quarter.quarter_start is 'First day of the quarter.';
comment on column core.dim_quarter.quarter_label is 'Label as in file names and reports, e.g. 2026Q3.';
comment on column core.dim_quarter.year is 'Calendar year.';
comment on column core.dim_quarter.quarter is 'Quarter of the year, 1 to 4.';
comment on column core.dim_quarter.quarter_end is 'Last day of the quarter.';

create table core.dim_month (
    month_start date primary key,
    month_label text not null unique,
    year smallint not null,
    month smallint not null check (month between 1 and 12),
    month_end date not null,
    quarter_start date not null references core.dim_quarter (quarter_start),
    quarter_label text not null
);
comment on table core.dim_month is 'Calendar months from 1990 to 2060; grain: one month. Every *_month and period_month column joins month_start.';
comment on column core.dim_month.month_start is 'First day of the month.';
comment on column core.dim_month.month_label is 'Label as in file names, e.g. 2026-07.';
comment on column core.dim_month.year is 'Calendar year.';
comment on column core.dim_month.month is 'Month of the year, 1 to 12.';
comment on column core.dim_month.month_end is 'Last day of the month.';
comment on column core.dim_month.quarter_start is 'First day of the month''s quarter (core.dim_quarter).';
comment on column core.dim_month.quarter_label is 'Label of the month''s quarter, e.g. 2026Q3.';

insert into core.dim_quarter (quarter_start, quarter_label, year, quarter, quarter_end)
select q::date,
       to_char(q, 'YYYY') || 'Q' || extract(quarter from q)::int,
       extract(year from q)::smallint,
       extract(quarter from q)::smallint,
       (q + interval '3 months' - interval '1 day')::date
from generate_series(date '1990-01-01', date '2060-10-01', interval '3 months') as q;

insert into core.dim_month (month_start, month_label, year, month, month_end, quarter_start, quarter_label)
select m::date,
       to_char(m, 'YYYY-MM'),
       extract(year from m)::smallint,
       extract(month from m)::smallint,
       (m + interval '1 month' - interval '1 day')::date,
       date_trunc('quarter', m)::date,
       to_char(m, 'YYYY') || 'Q' || extract(quarter from m)::int
from generate_series(date '1990-01-01', date '2060-12-01', interval '1 month') as m;

create table core.dim_age_band (
    age_band text primary key,
    position smallint not null unique,
    age_from smallint,
    age_to smallint,
    is_minor boolean
);
comment on table core.dim_age_band is 'CTDC age bands (ageBroad) and unknown; grain: one band. Joins the age_band columns.';
comment on column core.dim_age_band.age_band is 'Band label as stored in facts, e.g. 9-17, 48+, unknown.';
comment on column core.dim_age_band.position is 'Sort order, youngest first; unknown last.';
comment on column core.dim_age_band.age_from is 'Youngest age in the band (whole years); null for unknown.';
comment on column core.dim_age_band.age_to is 'Oldest age in the band; null for the open last band and unknown.';
comment on column core.dim_age_band.is_minor is 'True when every age in the band is under 18; null for unknown.';

create table core.dim_gender (code text primary key, position smallint not null, label text not null);
comment on table core.dim_gender is 'Gender codes of HTCDS prs_Gender (cases and rehabilitation); grain: one code. Joins prs_gender.';
create table core.dim_exploitation_type (code text primary key, position smallint not null, label text not null);
comment on table core.dim_exploitation_type is 'Types of exploitation (HTCDS vic_TypeOfExploitation); grain: one code. Joins core.case_exploitation_types.exploitation_type.';
create table core.dim_case_status (code text primary key, position smallint not null, label text not null);
comment on table core.dim_case_status is 'Case states (HTCDS cas_Status); grain: one code. Joins cas_status.';
create table core.dim_referral_organisation (code text primary key, position smallint not null, label text not null);
comment on table core.dim_referral_organisation is 'Kinds of organisation a person is referred to (HTCDS org_Type); grain: one code. Joins core.referrals.referred_organisation.';
create table core.dim_training_type (code text primary key, position smallint not null, label text not null);
comment on table core.dim_training_type is 'Vocational trainings (rehabilitation training_type); grain: one code.';
create table core.dim_training_outcome (code text primary key, position smallint not null, label text not null);
comment on table core.dim_training_outcome is 'Outcomes of a training enrolment (rehabilitation outcome); grain: one code.';
create table core.dim_target_group (code text primary key, position smallint not null, label text not null);
comment on table core.dim_target_group is 'Groups an awareness session addresses (awareness_sessions target_group); grain: one code.';
create table core.dim_awareness_topic (code text primary key, position smallint not null, label text not null);
comment on table core.dim_awareness_topic is 'Main topics of awareness sessions (awareness_sessions topic); grain: one code.';
create table core.dim_event_objective (code text primary key, position smallint not null, label text not null);
comment on table core.dim_event_objective is 'Regional objectives a network event serves (network_events objective); grain: one code.';
do $$
declare
    dimension text;
begin
    foreach dimension in array array['dim_gender', 'dim_exploitation_type', 'dim_case_status',
        'dim_referral_organisation', 'dim_training_type', 'dim_training_outcome',
        'dim_target_group', 'dim_awareness_topic', 'dim_event_objective']
    loop
        execute 'comment on column core.' || quote_ident(dimension) || '.code is '
            || quote_literal('Code as in the contract and in fact rows.');
        execute 'comment on column core.' || quote_ident(dimension) || '.position is '
            || quote_literal('Position of the code in the contract''s code list (sort order).');
        execute 'comment on column core.' || quote_ident(dimension) || '.label is '
            || quote_literal('Readable label derived from the code, for reports.');
    end loop;
end
$$;

-- Which login roles may read which country's rows through the partner-scoped views.
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

-- Staging templates (rendered from pata.deid.output_columns) ------------------------------
create table staging.awareness_sessions (
    session_id text collate "C" not null,
    period_month date not null,
    session_date date,
    province text,
    district text,
    venue_type text,
    target_group text,
    topic text,
    participants_female_under_18 integer,
    participants_female_18_plus integer,
    participants_male_under_18 integer,
    participants_male_18_plus integer,
    participants_other integer,
    participants_total integer
);
comment on table staging.awareness_sessions is 'Template of the de-identified rows of one awareness_sessions file (grain: one row of the file after de-identification; the columns of pata.deid.output_columns). Never written: a load creates a temporary table like it (constraints included), COPYs the file into it and merges it into core.fact_awareness_session in the same transaction.';
comment on column staging.awareness_sessions.session_id is 'The partner''s own id of the session.';
comment on column staging.awareness_sessions.period_month is 'First day of the month of session_date: the reporting month of the row.';
comment on column staging.awareness_sessions.session_date is 'Date of the session; places the row in a reporting period.';
comment on column staging.awareness_sessions.province is 'First-level subdivision (ISO 3166-2) where the session took place.';
comment on column staging.awareness_sessions.district is 'District, municipality or upazila of the session.';
comment on column staging.awareness_sessions.venue_type is 'Kind of place the session was held in.';
comment on column staging.awareness_sessions.target_group is 'Group the session addressed.';
comment on column staging.awareness_sessions.topic is 'Main topic of the session.';
comment on column staging.awareness_sessions.participants_female_under_18 is 'Female participants under 18.';
comment on column staging.awareness_sessions.participants_female_18_plus is 'Female participants aged 18 or more.';
comment on column staging.awareness_sessions.participants_male_under_18 is 'Male participants under 18.';
comment on column staging.awareness_sessions.participants_male_18_plus is 'Male participants aged 18 or more.';
comment on column staging.awareness_sessions.participants_other is 'Participants of another or unrecorded sex or age.';
comment on column staging.awareness_sessions.participants_total is 'All participants; the sum of the participants_* counts.';

create table staging.cases (
    record_key text collate "C" not null,
    period_month date not null,
    person_key text collate "C",
    identification_month date,
    province text,
    age_band text,
    is_minor boolean,
    prs_gender text,
    prs_citizenship__ad smallint,
    prs_citizenship__ae smallint,
    prs_citizenship__af smallint,
    prs_citizenship__ag smallint,
    prs_citizenship__ai smallint,
    prs_citizenship__al smallint,
    prs_citizenship__am smallint,
    prs_citizenship__ao smallint,
    prs_citizenship__aq smallint,
    prs_citizenship__ar smallint,
    prs_citizenship__as smallint,
    prs_citizenship__at smallint,
    prs_citizenship__au smallint,
    prs_citizenship__aw smallint,
    prs_citizenship__ax smallint,
    prs_citizenship__az smallint,
    prs_citizenship__ba smallint,
    prs_citizenship__bb smallint,
    prs_citizenship__bd smallint,
    prs_citizenship__be smallint,
    prs_citizenship__bf smallint,
    prs_citizenship__bg smallint,
    prs_citizenship__bh smallint,
    prs_citizenship__bi smallint,
    prs_citizenship__bj smallint,
    prs_citizenship__bl smallint,
    prs_citizenship__bm smallint,
    prs_citizenship__bn smallint,
    prs_citizenship__bo smallint,
    prs_citizenship__bq smallint,
    prs_citizenship__br smallint,
    prs_citizenship__bs smallint,
    prs_citizenship__bt smallint,
    prs_citizenship__bv smallint,
    prs_citizenship__bw smallint,
    prs_citizenship__by smallint,
    prs_citizenship__bz smallint,
    prs_citizenship__ca smallint,
    prs_citizenship__cc smallint,
    prs_citizenship__cd smallint,
    prs_citizenship__cf smallint,
    prs_citizenship__cg smallint,
    prs_citizenship__ch smallint,
    prs_citizenship__ci smallint,
    prs_citizenship__ck smallint,
    prs_citizenship__cl smallint,
    prs_citizenship__cm smallint,
    prs_citizenship__cn smallint,
    prs_citizenship__co smallint,
    prs_citizenship__cr smallint,
    prs_citizenship__cu smallint,
    prs_citizenship__cv smallint,
    prs_citizenship__cw smallint,
    prs_citizenship__cx smallint,
    prs_citizenship__cy smallint,
    prs_citizenship__cz smallint,
    prs_citizenship__de smallint,
    prs_citizenship__dj smallint,
    prs_citizenship__dk smallint,
    prs_citizenship__dm smallint,
    prs_citizenship__do smallint,
    prs_citizenship__dz smallint,
    prs_citizenship__ec smallint,
    prs_citizenship__ee smallint,
    prs_citizenship__eg smallint,
    prs_citizenship__eh smallint,
    prs_citizenship__er smallint,
    prs_citizenship__es smallint,
    prs_citizenship__et smallint,
    prs_citizenship__fi smallint,
    prs_citizenship__fj smallint,
    prs_citizenship__fk smallint,
    prs_citizenship__fm smallint,
    prs_citizenship__fo smallint,
    prs_citizenship__fr smallint,
    prs_citizenship__ga smallint,
    prs_citizenship__gb smallint,
    prs_citizenship__gd smallint,
    prs_citizenship__ge smallint,
    prs_citizenship__gf smallint,
    prs_citizenship__gg smallint,
    prs_citizenship__gh smallint,
    prs_citizenship__gi smallint,
    prs_citizenship__gl smallint,
    prs_citizenship__gm smallint,
    prs_citizenship__gn smallint,
    prs_citizenship__gp smallint,
    prs_citizenship__gq smallint,
    prs_citizenship__gr smallint,
    prs_citizenship__gs smallint,
    prs_citizenship__gt smallint,
    prs_citizenship__gu smallint,
    prs_citizenship__gw smallint,
    prs_citizenship__gy smallint,
    prs_citizenship__hk smallint,
    prs_citizenship__hm smallint,
    prs_citizenship__hn smallint,
    prs_citizenship__hr smallint,
    prs_citizenship__ht smallint,
    prs_citizenship__hu smallint,
    prs_citizenship__id smallint,
    prs_citizenship__ie smallint,
    prs_citizenship__il smallint,
    prs_citizenship__im smallint,
    prs_citizenship__in smallint,
    prs_citizenship__io smallint,
    prs_citizenship__iq smallint,
    prs_citizenship__ir smallint,
    prs_citizenship__is smallint,
    prs_citizenship__it smallint,
    prs_citizenship__je smallint,
    prs_citizenship__jm smallint,
    prs_citizenship__jo smallint,
    prs_citizenship__jp smallint,
    prs_citizenship__ke smallint,
    prs_citizenship__kg smallint,
    prs_citizenship__kh smallint,
    prs_citizenship__ki smallint,
    prs_citizenship__km smallint,
    prs_citizenship__kn smallint,
    prs_citizenship__kp smallint,
    prs_citizenship__kr smallint,
    prs_citizenship__kw smallint,
    prs_citizenship__ky smallint,
    prs_citizenship__kz smallint,
    prs_citizenship__la smallint,
    prs_citizenship__lb smallint,
    prs_citizenship__lc smallint,
    prs_citizenship__li smallint,
    prs_citizenship__lk smallint,
    prs_citizenship__lr smallint,
    prs_citizenship__ls smallint,
    prs_citizenship__lt smallint,
    prs_citizenship__lu smallint,
    prs_citizenship__lv smallint,
    prs_citizenship__ly smallint,
    prs_citizenship__ma smallint,
    prs_citizenship__mc smallint,
    prs_citizenship__md smallint,
    prs_citizenship__me smallint,
    prs_citizenship__mf smallint,
    prs_citizenship__mg smallint,
    prs_citizenship__mh smallint,
    prs_citizenship__mk smallint,
    prs_citizenship__ml smallint,
    prs_citizenship__mm smallint,
    prs_citizenship__mn smallint,
    prs_citizenship__mo smallint,
    prs_citizenship__mp smallint,
    prs_citizenship__mq smallint,
    prs_citizenship__mr smallint,
    prs_citizenship__ms smallint,
    prs_citizenship__mt smallint,
    prs_citizenship__mu smallint,
    prs_citizenship__mv smallint,
    prs_citizenship__mw smallint,
    prs_citizenship__mx smallint,
    prs_citizenship__my smallint,
    prs_citizenship__mz smallint,
    prs_citizenship__na smallint,
    prs_citizenship__nc smallint,
    prs_citizenship__ne smallint,
    prs_citizenship__nf smallint,
    prs_citizenship__ng smallint,
    prs_citizenship__ni smallint,
    prs_citizenship__nl smallint,
    prs_citizenship__no smallint,
    prs_citizenship__np smallint,
    prs_citizenship__nr smallint,
    prs_citizenship__nu smallint,
    prs_citizenship__nz smallint,
    prs_citizenship__om smallint,
    prs_citizenship__pa smallint,
    prs_citizenship__pe smallint,
    prs_citizenship__pf smallint,
    prs_citizenship__pg smallint,
    prs_citizenship__ph smallint,
    prs_citizenship__pk smallint,
    prs_citizenship__pl smallint,
    prs_citizenship__pm smallint,
    prs_citizenship__pn smallint,
    prs_citizenship__pr smallint,
    prs_citizenship__ps smallint,
    prs_citizenship__pt smallint,
    prs_citizenship__pw smallint,
    prs_citizenship__py smallint,
    prs_citizenship__qa smallint,
    prs_citizenship__re smallint,
    prs_citizenship__ro smallint,
    prs_citizenship__rs smallint,
    prs_citizenship__ru smallint,
    prs_citizenship__rw smallint,
    prs_citizenship__sa smallint,
    prs_citizenship__sb smallint,
    prs_citizenship__sc smallint,
    prs_citizenship__sd smallint,
    prs_citizenship__se smallint,
    prs_citizenship__sg smallint,
    prs_citizenship__sh smallint,
    prs_citizenship__si smallint,
    prs_citizenship__sj smallint,
    prs_citizenship__sk smallint,
    prs_citizenship__sl smallint,
    prs_citizenship__sm smallint,
    prs_citizenship__sn smallint,
    prs_citizenship__so smallint,
    prs_citizenship__sr smallint,
    prs_citizenship__ss smallint,
    prs_citizenship__st smallint,
    prs_citizenship__sv smallint,
    prs_citizenship__sx smallint,
    prs_citizenship__sy smallint,
    prs_citizenship__sz smallint,
    prs_citizenship__tc smallint,
    prs_citizenship__td smallint,
    prs_citizenship__tf smallint,
    prs_citizenship__tg smallint,
    prs_citizenship__th smallint,
    prs_citizenship__tj smallint,
    prs_citizenship__tk smallint,
    prs_citizenship__tl smallint,
    prs_citizenship__tm smallint,
    prs_citizenship__tn smallint,
    prs_citizenship__to smallint,
    prs_citizenship__tr smallint,
    prs_citizenship__tt smallint,
    prs_citizenship__tv smallint,
    prs_citizenship__tw smallint,
    prs_citizenship__tz smallint,
    prs_citizenship__ua smallint,
    prs_citizenship__ug smallint,
    prs_citizenship__um smallint,
    prs_citizenship__us smallint,
    prs_citizenship__uy smallint,
    prs_citizenship__uz smallint,
    prs_citizenship__va smallint,
    prs_citizenship__vc smallint,
    prs_citizenship__ve smallint,
    prs_citizenship__vg smallint,
    prs_citizenship__vi smallint,
    prs_citizenship__vn smallint,
    prs_citizenship__vu smallint,
    prs_citizenship__wf smallint,
    prs_citizenship__ws smallint,
    prs_citizenship__ye smallint,
    prs_citizenship__yt smallint,
    prs_citizenship__za smallint,
    prs_citizenship__zm smallint,
    prs_citizenship__zw smallint,
    vic_traffickingstatus text,
    vic_traffickingstatusdecisionmakingorg text,
    vic_typeofexploitation__forcedlabour smallint,
    vic_typeofexploitation__sexualexploitation smallint,
    vic_typeofexploitation__childlabour smallint,
    vic_typeofexploitation__forcedmarriage smallint,
    vic_typeofexploitation__servitude smallint,
    vic_typeofexploitation__forcedmilitarybynonstateactors smallint,
    vic_typeofexploitation__organremoval smallint,
    vic_typeofexploitation__forcedbegging smallint,
    vic_typeofexploitation__forcedadoption smallint,
    vic_typeofexploitation__surrogacy smallint,
    vic_typeofexploitation__other smallint,
    vic_forcedlabourindustry text,
    vic_methodsofcontrol__physicalthreats smallint,
    vic_methodsofcontrol__threatslawenforcement smallint,
    vic_methodsofcontrol__threatenschildrenfamily smallint,
    vic_methodsofcontrol__debtbondage smallint,
    vic_methodsofcontrol__falsepromises smallint,
    vic_methodsofcontrol__physicalabuse smallint,
    vic_methodsofcontrol__sexualabuse smallint,
    vic_methodsofcontrol__takesearnings smallint,
    vic_methodsofcontrol__restrictsfinancialaccess smallint,
    vic_methodsofcontrol__restrictsmedicalcare smallint,
    vic_methodsofcontrol__withholdsnecessities smallint,
    vic_methodsofcontrol__psychologicalabuse smallint,
    vic_methodsofcontrol__psychoactivesubstance smallint,
    vic_methodsofcontrol__excessiveworkinghours smallint,
    vic_methodsofcontrol__withholdsdocuments smallint,
    vic_methodsofcontrol__other smallint,
    vic_methodofrecruitment__ataplaceofbusiness smallint,
    vic_methodofrecruitment__ataneducationalinstitution smallint,
    vic_methodofrecruitment__atwork smallint,
    vic_methodofrecruitment__throughonlinesocialnetworks smallint,
    vic_methodofrecruitment__throughanonlineadvertisement smallint,
    vic_methodofrecruitment__throughatelevisionadvert smallint,
    vic_methodofrecruitment__throughanewspaperadvert smallint,
    vic_methodofrecruitment__throughfamilyorfamilyevents smallint,
    vic_methodofrecruitment__throughfriendsorsocialevents smallint,
    vic_methodofrecruitment__other smallint,
    vic_relationshiptotrafficker text,
    hte_country text,
    cas_status text,
    cas_referredorganisation text,
    cas_outgoingreferraldate_month date,
    legal_assistance text,
    legal_proceedings_stage text,
    check (record_key ~ '^[0-9a-f]{64}$'),
    check (person_key ~ '^[0-9a-f]{64}$')
);
comment on table staging.cases is 'Template of the de-identified rows of one cases file (grain: one row of the file after de-identification; the columns of pata.deid.output_columns). Never written: a load creates a temporary table like it (constraints included), COPYs the file into it and merges it into core.fact_case in the same transaction.';
comment on column staging.cases.record_key is 'Pseudonym of partner_case_id (HMAC-SHA256 under the pipeline key, scoped to the partner): identifies this record without its id.';
comment on column staging.cases.period_month is 'First day of the month of identification_date: the reporting month of the row.';
comment on column staging.cases.person_key is 'Pseudonym of the person (HMAC-SHA256 under the pipeline key of the partner and the normalised prs_FirstName, prs_SecondName, prs_Birthdate): the same person in two files of one partner has the same key; not comparable across partners.';
comment on column staging.cases.identification_month is 'First day of the month of identification_date. Date the partner identified the person as a possible victim; places the row in a reporting period.';
comment on column staging.cases.province is 'First-level subdivision (province, state, division or region; ISO 3166-2) where the person was identified.';
comment on column staging.cases.age_band is 'CTDC age band (0-8, 9-17, 18-20, 21-23, 24-26, 27-29, 30-38, 39-47, 48+) at identification_date, from prs_Birthdate; unknown without it.';
comment on column staging.cases.is_minor is 'Under 18 at identification_date; null when the age is unknown.';
comment on column staging.cases.prs_gender is 'Gender of the person (HTCDS prs_Gender).';
comment on column staging.cases.prs_citizenship__ad is '1 when prs_Citizenship includes AD, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ae is '1 when prs_Citizenship includes AE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__af is '1 when prs_Citizenship includes AF, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ag is '1 when prs_Citizenship includes AG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ai is '1 when prs_Citizenship includes AI, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__al is '1 when prs_Citizenship includes AL, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__am is '1 when prs_Citizenship includes AM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ao is '1 when prs_Citizenship includes AO, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__aq is '1 when prs_Citizenship includes AQ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ar is '1 when prs_Citizenship includes AR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__as is '1 when prs_Citizenship includes AS, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__at is '1 when prs_Citizenship includes AT, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__au is '1 when prs_Citizenship includes AU, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__aw is '1 when prs_Citizenship includes AW, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ax is '1 when prs_Citizenship includes AX, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__az is '1 when prs_Citizenship includes AZ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ba is '1 when prs_Citizenship includes BA, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bb is '1 when prs_Citizenship includes BB, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bd is '1 when prs_Citizenship includes BD, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__be is '1 when prs_Citizenship includes BE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bf is '1 when prs_Citizenship includes BF, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bg is '1 when prs_Citizenship includes BG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bh is '1 when prs_Citizenship includes BH, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bi is '1 when prs_Citizenship includes BI, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bj is '1 when prs_Citizenship includes BJ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bl is '1 when prs_Citizenship includes BL, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bm is '1 when prs_Citizenship includes BM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bn is '1 when prs_Citizenship includes BN, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bo is '1 when prs_Citizenship includes BO, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bq is '1 when prs_Citizenship includes BQ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__br is '1 when prs_Citizenship includes BR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bs is '1 when prs_Citizenship includes BS, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bt is '1 when prs_Citizenship includes BT, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bv is '1 when prs_Citizenship includes BV, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bw is '1 when prs_Citizenship includes BW, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__by is '1 when prs_Citizenship includes BY, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__bz is '1 when prs_Citizenship includes BZ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ca is '1 when prs_Citizenship includes CA, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cc is '1 when prs_Citizenship includes CC, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cd is '1 when prs_Citizenship includes CD, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cf is '1 when prs_Citizenship includes CF, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cg is '1 when prs_Citizenship includes CG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ch is '1 when prs_Citizenship includes CH, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ci is '1 when prs_Citizenship includes CI, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ck is '1 when prs_Citizenship includes CK, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cl is '1 when prs_Citizenship includes CL, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cm is '1 when prs_Citizenship includes CM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cn is '1 when prs_Citizenship includes CN, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__co is '1 when prs_Citizenship includes CO, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cr is '1 when prs_Citizenship includes CR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cu is '1 when prs_Citizenship includes CU, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cv is '1 when prs_Citizenship includes CV, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cw is '1 when prs_Citizenship includes CW, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cx is '1 when prs_Citizenship includes CX, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cy is '1 when prs_Citizenship includes CY, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__cz is '1 when prs_Citizenship includes CZ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__de is '1 when prs_Citizenship includes DE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__dj is '1 when prs_Citizenship includes DJ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__dk is '1 when prs_Citizenship includes DK, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__dm is '1 when prs_Citizenship includes DM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__do is '1 when prs_Citizenship includes DO, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__dz is '1 when prs_Citizenship includes DZ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ec is '1 when prs_Citizenship includes EC, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ee is '1 when prs_Citizenship includes EE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__eg is '1 when prs_Citizenship includes EG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__eh is '1 when prs_Citizenship includes EH, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__er is '1 when prs_Citizenship includes ER, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__es is '1 when prs_Citizenship includes ES, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__et is '1 when prs_Citizenship includes ET, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__fi is '1 when prs_Citizenship includes FI, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__fj is '1 when prs_Citizenship includes FJ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__fk is '1 when prs_Citizenship includes FK, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__fm is '1 when prs_Citizenship includes FM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__fo is '1 when prs_Citizenship includes FO, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__fr is '1 when prs_Citizenship includes FR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ga is '1 when prs_Citizenship includes GA, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gb is '1 when prs_Citizenship includes GB, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gd is '1 when prs_Citizenship includes GD, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ge is '1 when prs_Citizenship includes GE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gf is '1 when prs_Citizenship includes GF, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gg is '1 when prs_Citizenship includes GG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gh is '1 when prs_Citizenship includes GH, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gi is '1 when prs_Citizenship includes GI, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gl is '1 when prs_Citizenship includes GL, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gm is '1 when prs_Citizenship includes GM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gn is '1 when prs_Citizenship includes GN, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gp is '1 when prs_Citizenship includes GP, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gq is '1 when prs_Citizenship includes GQ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gr is '1 when prs_Citizenship includes GR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gs is '1 when prs_Citizenship includes GS, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gt is '1 when prs_Citizenship includes GT, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gu is '1 when prs_Citizenship includes GU, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gw is '1 when prs_Citizenship includes GW, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__gy is '1 when prs_Citizenship includes GY, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__hk is '1 when prs_Citizenship includes HK, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__hm is '1 when prs_Citizenship includes HM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__hn is '1 when prs_Citizenship includes HN, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__hr is '1 when prs_Citizenship includes HR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ht is '1 when prs_Citizenship includes HT, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__hu is '1 when prs_Citizenship includes HU, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__id is '1 when prs_Citizenship includes ID, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ie is '1 when prs_Citizenship includes IE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__il is '1 when prs_Citizenship includes IL, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__im is '1 when prs_Citizenship includes IM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__in is '1 when prs_Citizenship includes IN, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__io is '1 when prs_Citizenship includes IO, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__iq is '1 when prs_Citizenship includes IQ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ir is '1 when prs_Citizenship includes IR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__is is '1 when prs_Citizenship includes IS, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__it is '1 when prs_Citizenship includes IT, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__je is '1 when prs_Citizenship includes JE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__jm is '1 when prs_Citizenship includes JM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__jo is '1 when prs_Citizenship includes JO, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__jp is '1 when prs_Citizenship includes JP, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ke is '1 when prs_Citizenship includes KE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__kg is '1 when prs_Citizenship includes KG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__kh is '1 when prs_Citizenship includes KH, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ki is '1 when prs_Citizenship includes KI, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__km is '1 when prs_Citizenship includes KM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__kn is '1 when prs_Citizenship includes KN, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__kp is '1 when prs_Citizenship includes KP, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__kr is '1 when prs_Citizenship includes KR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__kw is '1 when prs_Citizenship includes KW, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ky is '1 when prs_Citizenship includes KY, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__kz is '1 when prs_Citizenship includes KZ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__la is '1 when prs_Citizenship includes LA, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__lb is '1 when prs_Citizenship includes LB, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__lc is '1 when prs_Citizenship includes LC, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__li is '1 when prs_Citizenship includes LI, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__lk is '1 when prs_Citizenship includes LK, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__lr is '1 when prs_Citizenship includes LR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ls is '1 when prs_Citizenship includes LS, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__lt is '1 when prs_Citizenship includes LT, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__lu is '1 when prs_Citizenship includes LU, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__lv is '1 when prs_Citizenship includes LV, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ly is '1 when prs_Citizenship includes LY, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ma is '1 when prs_Citizenship includes MA, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mc is '1 when prs_Citizenship includes MC, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__md is '1 when prs_Citizenship includes MD, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__me is '1 when prs_Citizenship includes ME, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mf is '1 when prs_Citizenship includes MF, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mg is '1 when prs_Citizenship includes MG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mh is '1 when prs_Citizenship includes MH, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mk is '1 when prs_Citizenship includes MK, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ml is '1 when prs_Citizenship includes ML, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mm is '1 when prs_Citizenship includes MM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mn is '1 when prs_Citizenship includes MN, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mo is '1 when prs_Citizenship includes MO, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mp is '1 when prs_Citizenship includes MP, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mq is '1 when prs_Citizenship includes MQ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mr is '1 when prs_Citizenship includes MR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ms is '1 when prs_Citizenship includes MS, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mt is '1 when prs_Citizenship includes MT, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mu is '1 when prs_Citizenship includes MU, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mv is '1 when prs_Citizenship includes MV, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mw is '1 when prs_Citizenship includes MW, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mx is '1 when prs_Citizenship includes MX, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__my is '1 when prs_Citizenship includes MY, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__mz is '1 when prs_Citizenship includes MZ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__na is '1 when prs_Citizenship includes NA, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__nc is '1 when prs_Citizenship includes NC, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ne is '1 when prs_Citizenship includes NE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__nf is '1 when prs_Citizenship includes NF, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ng is '1 when prs_Citizenship includes NG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ni is '1 when prs_Citizenship includes NI, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__nl is '1 when prs_Citizenship includes NL, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__no is '1 when prs_Citizenship includes NO, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__np is '1 when prs_Citizenship includes NP, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__nr is '1 when prs_Citizenship includes NR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__nu is '1 when prs_Citizenship includes NU, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__nz is '1 when prs_Citizenship includes NZ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__om is '1 when prs_Citizenship includes OM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__pa is '1 when prs_Citizenship includes PA, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__pe is '1 when prs_Citizenship includes PE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__pf is '1 when prs_Citizenship includes PF, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__pg is '1 when prs_Citizenship includes PG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ph is '1 when prs_Citizenship includes PH, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__pk is '1 when prs_Citizenship includes PK, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__pl is '1 when prs_Citizenship includes PL, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__pm is '1 when prs_Citizenship includes PM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__pn is '1 when prs_Citizenship includes PN, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__pr is '1 when prs_Citizenship includes PR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ps is '1 when prs_Citizenship includes PS, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__pt is '1 when prs_Citizenship includes PT, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__pw is '1 when prs_Citizenship includes PW, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__py is '1 when prs_Citizenship includes PY, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__qa is '1 when prs_Citizenship includes QA, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__re is '1 when prs_Citizenship includes RE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ro is '1 when prs_Citizenship includes RO, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__rs is '1 when prs_Citizenship includes RS, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ru is '1 when prs_Citizenship includes RU, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__rw is '1 when prs_Citizenship includes RW, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sa is '1 when prs_Citizenship includes SA, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sb is '1 when prs_Citizenship includes SB, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sc is '1 when prs_Citizenship includes SC, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sd is '1 when prs_Citizenship includes SD, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__se is '1 when prs_Citizenship includes SE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sg is '1 when prs_Citizenship includes SG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sh is '1 when prs_Citizenship includes SH, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__si is '1 when prs_Citizenship includes SI, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sj is '1 when prs_Citizenship includes SJ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sk is '1 when prs_Citizenship includes SK, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sl is '1 when prs_Citizenship includes SL, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sm is '1 when prs_Citizenship includes SM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sn is '1 when prs_Citizenship includes SN, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__so is '1 when prs_Citizenship includes SO, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sr is '1 when prs_Citizenship includes SR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ss is '1 when prs_Citizenship includes SS, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__st is '1 when prs_Citizenship includes ST, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sv is '1 when prs_Citizenship includes SV, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sx is '1 when prs_Citizenship includes SX, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sy is '1 when prs_Citizenship includes SY, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__sz is '1 when prs_Citizenship includes SZ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tc is '1 when prs_Citizenship includes TC, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__td is '1 when prs_Citizenship includes TD, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tf is '1 when prs_Citizenship includes TF, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tg is '1 when prs_Citizenship includes TG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__th is '1 when prs_Citizenship includes TH, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tj is '1 when prs_Citizenship includes TJ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tk is '1 when prs_Citizenship includes TK, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tl is '1 when prs_Citizenship includes TL, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tm is '1 when prs_Citizenship includes TM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tn is '1 when prs_Citizenship includes TN, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__to is '1 when prs_Citizenship includes TO, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tr is '1 when prs_Citizenship includes TR, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tt is '1 when prs_Citizenship includes TT, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tv is '1 when prs_Citizenship includes TV, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tw is '1 when prs_Citizenship includes TW, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__tz is '1 when prs_Citizenship includes TZ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ua is '1 when prs_Citizenship includes UA, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ug is '1 when prs_Citizenship includes UG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__um is '1 when prs_Citizenship includes UM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__us is '1 when prs_Citizenship includes US, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__uy is '1 when prs_Citizenship includes UY, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__uz is '1 when prs_Citizenship includes UZ, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__va is '1 when prs_Citizenship includes VA, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__vc is '1 when prs_Citizenship includes VC, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ve is '1 when prs_Citizenship includes VE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__vg is '1 when prs_Citizenship includes VG, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__vi is '1 when prs_Citizenship includes VI, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__vn is '1 when prs_Citizenship includes VN, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__vu is '1 when prs_Citizenship includes VU, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__wf is '1 when prs_Citizenship includes WF, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ws is '1 when prs_Citizenship includes WS, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__ye is '1 when prs_Citizenship includes YE, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__yt is '1 when prs_Citizenship includes YT, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__za is '1 when prs_Citizenship includes ZA, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__zm is '1 when prs_Citizenship includes ZM, 0 when not, null when it is empty.';
comment on column staging.cases.prs_citizenship__zw is '1 when prs_Citizenship includes ZW, 0 when not, null when it is empty.';
comment on column staging.cases.vic_traffickingstatus is 'Whether the person is a possible, actual or no victim of trafficking.';
comment on column staging.cases.vic_traffickingstatusdecisionmakingorg is 'The kind of organisation that decided the trafficking status.';
comment on column staging.cases.vic_typeofexploitation__forcedlabour is '1 when vic_TypeOfExploitation includes ForcedLabour, 0 when not, null when it is empty.';
comment on column staging.cases.vic_typeofexploitation__sexualexploitation is '1 when vic_TypeOfExploitation includes SexualExploitation, 0 when not, null when it is empty.';
comment on column staging.cases.vic_typeofexploitation__childlabour is '1 when vic_TypeOfExploitation includes ChildLabour, 0 when not, null when it is empty.';
comment on column staging.cases.vic_typeofexploitation__forcedmarriage is '1 when vic_TypeOfExploitation includes ForcedMarriage, 0 when not, null when it is empty.';
comment on column staging.cases.vic_typeofexploitation__servitude is '1 when vic_TypeOfExploitation includes Servitude, 0 when not, null when it is empty.';
comment on column staging.cases.vic_typeofexploitation__forcedmilitarybynonstateactors is '1 when vic_TypeOfExploitation includes ForcedMilitaryByNonStateActors, 0 when not, null when it is empty.';
comment on column staging.cases.vic_typeofexploitation__organremoval is '1 when vic_TypeOfExploitation includes OrganRemoval, 0 when not, null when it is empty.';
comment on column staging.cases.vic_typeofexploitation__forcedbegging is '1 when vic_TypeOfExploitation includes ForcedBegging, 0 when not, null when it is empty.';
comment on column staging.cases.vic_typeofexploitation__forcedadoption is '1 when vic_TypeOfExploitation includes ForcedAdoption, 0 when not, null when it is empty.';
comment on column staging.cases.vic_typeofexploitation__surrogacy is '1 when vic_TypeOfExploitation includes Surrogacy, 0 when not, null when it is empty.';
comment on column staging.cases.vic_typeofexploitation__other is '1 when vic_TypeOfExploitation includes Other, 0 when not, null when it is empty.';
comment on column staging.cases.vic_forcedlabourindustry is 'Industry of forced labour (ISIC sections), when the exploitation includes forced labour.';
comment on column staging.cases.vic_methodsofcontrol__physicalthreats is '1 when vic_MethodsOfControl includes PhysicalThreats, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__threatslawenforcement is '1 when vic_MethodsOfControl includes ThreatsLawEnforcement, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__threatenschildrenfamily is '1 when vic_MethodsOfControl includes ThreatensChildrenFamily, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__debtbondage is '1 when vic_MethodsOfControl includes DebtBondage, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__falsepromises is '1 when vic_MethodsOfControl includes FalsePromises, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__physicalabuse is '1 when vic_MethodsOfControl includes PhysicalAbuse, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__sexualabuse is '1 when vic_MethodsOfControl includes SexualAbuse, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__takesearnings is '1 when vic_MethodsOfControl includes TakesEarnings, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__restrictsfinancialaccess is '1 when vic_MethodsOfControl includes RestrictsFinancialAccess, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__restrictsmedicalcare is '1 when vic_MethodsOfControl includes RestrictsMedicalCare, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__withholdsnecessities is '1 when vic_MethodsOfControl includes WithholdsNecessities, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__psychologicalabuse is '1 when vic_MethodsOfControl includes PsychologicalAbuse, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__psychoactivesubstance is '1 when vic_MethodsOfControl includes PsychoactiveSubstance, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__excessiveworkinghours is '1 when vic_MethodsOfControl includes ExcessiveWorkingHours, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__withholdsdocuments is '1 when vic_MethodsOfControl includes WithholdsDocuments, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodsofcontrol__other is '1 when vic_MethodsOfControl includes Other, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodofrecruitment__ataplaceofbusiness is '1 when vic_MethodOfRecruitment includes AtAPlaceOfBusiness, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodofrecruitment__ataneducationalinstitution is '1 when vic_MethodOfRecruitment includes AtAnEducationalInstitution, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodofrecruitment__atwork is '1 when vic_MethodOfRecruitment includes AtWork, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodofrecruitment__throughonlinesocialnetworks is '1 when vic_MethodOfRecruitment includes ThroughOnlineSocialNetworks, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodofrecruitment__throughanonlineadvertisement is '1 when vic_MethodOfRecruitment includes ThroughAnOnlineAdvertisement, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodofrecruitment__throughatelevisionadvert is '1 when vic_MethodOfRecruitment includes ThroughATelevisionAdvert, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodofrecruitment__throughanewspaperadvert is '1 when vic_MethodOfRecruitment includes ThroughANewspaperAdvert, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodofrecruitment__throughfamilyorfamilyevents is '1 when vic_MethodOfRecruitment includes ThroughFamilyOrFamilyEvents, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodofrecruitment__throughfriendsorsocialevents is '1 when vic_MethodOfRecruitment includes ThroughFriendsOrSocialEvents, 0 when not, null when it is empty.';
comment on column staging.cases.vic_methodofrecruitment__other is '1 when vic_MethodOfRecruitment includes Other, 0 when not, null when it is empty.';
comment on column staging.cases.vic_relationshiptotrafficker is 'Relationship of the person to the trafficker (HTCDS spells the last value Unaquainted).';
comment on column staging.cases.hte_country is 'Country of exploitation (ISO 3166-1 alpha-2; the HTCDS trafficking event of type Exploitation).';
comment on column staging.cases.cas_status is 'State of the case at the time of the export.';
comment on column staging.cases.cas_referredorganisation is 'Kind of organisation the person was referred to (HTCDS org_Type values; the organisation''s name, which could reveal a shelter, is not exported).';
comment on column staging.cases.cas_outgoingreferraldate_month is 'First day of the month of cas_OutgoingReferralDate. Date of the outgoing referral.';
comment on column staging.cases.legal_assistance is 'Legal assistance the person received from or through the partner.';
comment on column staging.cases.legal_proceedings_stage is 'Furthest stage reached by legal proceedings against the traffickers in this case.';

create table staging.rehabilitation (
    record_key text collate "C" not null,
    period_month date not null,
    person_key text collate "C",
    partner_case_id_key text collate "C",
    status_month date,
    age_band text,
    is_minor boolean,
    prs_gender text,
    training_type text,
    training_hours integer,
    start_month date,
    end_month date,
    outcome text,
    employment_6m text,
    check (record_key ~ '^[0-9a-f]{64}$'),
    check (person_key ~ '^[0-9a-f]{64}$'),
    check (partner_case_id_key ~ '^[0-9a-f]{64}$')
);
comment on table staging.rehabilitation is 'Template of the de-identified rows of one rehabilitation file (grain: one row of the file after de-identification; the columns of pata.deid.output_columns). Never written: a load creates a temporary table like it (constraints included), COPYs the file into it and merges it into core.fact_rehabilitation_enrolment in the same transaction.';
comment on column staging.rehabilitation.record_key is 'Pseudonym of enrolment_id (HMAC-SHA256 under the pipeline key, scoped to the partner): identifies this record without its id.';
comment on column staging.rehabilitation.period_month is 'First day of the month of status_date: the reporting month of the row.';
comment on column staging.rehabilitation.person_key is 'Pseudonym of the person (HMAC-SHA256 under the pipeline key of the partner and the normalised prs_FirstName, prs_SecondName, prs_Birthdate): the same person in two files of one partner has the same key; not comparable across partners.';
comment on column staging.rehabilitation.partner_case_id_key is 'Pseudonym of partner_case_id (HMAC-SHA256 under the pipeline key, scoped to the partner): identifies the cases record without its id.';
comment on column staging.rehabilitation.status_month is 'First day of the month of status_date. Date the status of this enrolment was recorded; places the row in a reporting period.';
comment on column staging.rehabilitation.age_band is 'CTDC age band (0-8, 9-17, 18-20, 21-23, 24-26, 27-29, 30-38, 39-47, 48+) at status_date, from prs_Birthdate; unknown without it.';
comment on column staging.rehabilitation.is_minor is 'Under 18 at status_date; null when the age is unknown.';
comment on column staging.rehabilitation.prs_gender is 'Gender of the trainee (HTCDS values).';
comment on column staging.rehabilitation.training_type is 'The vocational training.';
comment on column staging.rehabilitation.training_hours is 'Hours of training planned for the enrolment.';
comment on column staging.rehabilitation.start_month is 'First day of the month of start_date. First day of training.';
comment on column staging.rehabilitation.end_month is 'First day of the month of end_date. Last day of training; empty while the training goes on.';
comment on column staging.rehabilitation.outcome is 'Outcome of the training at the status date.';
comment on column staging.rehabilitation.employment_6m is 'Situation six months after the end of training (not-yet-due until then).';

create table staging.network_events (
    event_id text collate "C" not null,
    period_month date not null,
    event_date date,
    end_date date,
    objective text,
    event_format text,
    country text,
    city text,
    title text,
    participants_religious_leaders integer,
    participants_civic_leaders integer,
    participants_government integer,
    participants_ngo integer,
    participants_other integer,
    participants_total integer
);
comment on table staging.network_events is 'Template of the de-identified rows of one network_events file (grain: one row of the file after de-identification; the columns of pata.deid.output_columns). Never written: a load creates a temporary table like it (constraints included), COPYs the file into it and merges it into core.fact_network_event in the same transaction.';
comment on column staging.network_events.event_id is 'The partner''s own id of the event.';
comment on column staging.network_events.period_month is 'First day of the month of event_date: the reporting month of the row.';
comment on column staging.network_events.event_date is 'First day of the event; places the row in a reporting period.';
comment on column staging.network_events.end_date is 'Last day of a multi-day event.';
comment on column staging.network_events.objective is 'Regional objective the event serves.';
comment on column staging.network_events.event_format is 'Whether people met in person, online or both.';
comment on column staging.network_events.country is 'Country where the event took place (ISO 3166-1 alpha-2).';
comment on column staging.network_events.city is 'City where the event took place.';
comment on column staging.network_events.title is 'Short title of the event (no participant names).';
comment on column staging.network_events.participants_religious_leaders is 'Religious leaders taking part.';
comment on column staging.network_events.participants_civic_leaders is 'Civic and community leaders taking part.';
comment on column staging.network_events.participants_government is 'Government officials taking part.';
comment on column staging.network_events.participants_ngo is 'NGO staff taking part.';
comment on column staging.network_events.participants_other is 'Other participants.';
comment on column staging.network_events.participants_total is 'All participants; the sum of the participants_* counts.';

-- Facts (rendered from pata.deid.output_columns) ------------------------------------------
create table core.fact_awareness_session (
    partner_code text collate "C" not null,
    session_id text collate "C" not null,
    period_month date not null,
    session_date date,
    province text,
    district text,
    venue_type text,
    target_group text,
    topic text,
    participants_female_under_18 integer,
    participants_female_18_plus integer,
    participants_male_under_18 integer,
    participants_male_18_plus integer,
    participants_other integer,
    participants_total integer,
    source_period date not null,
    ledger_id bigint not null,
    loaded_at timestamptz not null,
    primary key (partner_code, session_id, ledger_id)
);
create index fact_awareness_session_ledger on core.fact_awareness_session (ledger_id);
comment on table core.fact_awareness_session is 'Versions of each awareness session as sent in each source file (grain: one awareness_sessions record of one partner in one source file = partner_code, session_id, ledger_id). Append-only: a superseded file''s versions are deleted with it; core.fact_awareness_session_current says which version stands. De-identified (pata.deid); read it through core.awareness_sessions.';
comment on column core.fact_awareness_session.partner_code is 'Partner that sent the source file (core.dim_partner); scopes every key.';
comment on column core.fact_awareness_session.session_id is 'The partner''s own id of the session.';
comment on column core.fact_awareness_session.period_month is 'First day of the month of session_date: the reporting month of the row.';
comment on column core.fact_awareness_session.session_date is 'Date of the session; places the row in a reporting period.';
comment on column core.fact_awareness_session.province is 'First-level subdivision (ISO 3166-2) where the session took place.';
comment on column core.fact_awareness_session.district is 'District, municipality or upazila of the session.';
comment on column core.fact_awareness_session.venue_type is 'Kind of place the session was held in.';
comment on column core.fact_awareness_session.target_group is 'Group the session addressed.';
comment on column core.fact_awareness_session.topic is 'Main topic of the session.';
comment on column core.fact_awareness_session.participants_female_under_18 is 'Female participants under 18.';
comment on column core.fact_awareness_session.participants_female_18_plus is 'Female participants aged 18 or more.';
comment on column core.fact_awareness_session.participants_male_under_18 is 'Male participants under 18.';
comment on column core.fact_awareness_session.participants_male_18_plus is 'Male participants aged 18 or more.';
comment on column core.fact_awareness_session.participants_other is 'Participants of another or unrecorded sex or age.';
comment on column core.fact_awareness_session.participants_total is 'All participants; the sum of the participants_* counts.';
comment on column core.fact_awareness_session.source_period is 'Reporting period (first day) of the source file: ops.file_ledger.period_start, or the latest period_month of the file when its name carries no period. With ledger_id it decides which version stands.';
comment on column core.fact_awareness_session.ledger_id is 'Source file of this version (ops.file_ledger.id).';
comment on column core.fact_awareness_session.loaded_at is 'When this version was loaded (the load transaction''s start time).';
create table core.fact_awareness_session_current (
    partner_code text collate "C" not null,
    session_id text collate "C" not null,
    ledger_id bigint not null,
    source_period date not null,
    primary key (partner_code, session_id)
) with (fillfactor = 70);
comment on table core.fact_awareness_session_current is 'The version of each awareness session that stands (grain: one awareness_sessions record of one partner): the one from the file with the latest reporting period, then the highest ledger id. Joins core.fact_awareness_session on (partner_code, session_id, ledger_id).';
comment on column core.fact_awareness_session_current.partner_code is 'Partner of the record.';
comment on column core.fact_awareness_session_current.session_id is 'The record (its key in core.fact_awareness_session).';
comment on column core.fact_awareness_session_current.ledger_id is 'Source file of the version that stands (ops.file_ledger.id).';
comment on column core.fact_awareness_session_current.source_period is 'Reporting period of that file: a version from a later period or file replaces it.';

create table core.fact_case (
    partner_code text collate "C" not null,
    record_key text collate "C" not null,
    period_month date not null,
    person_key text collate "C",
    identification_month date,
    province text,
    age_band text,
    is_minor boolean,
    prs_gender text,
    prs_citizenship__ad smallint,
    prs_citizenship__ae smallint,
    prs_citizenship__af smallint,
    prs_citizenship__ag smallint,
    prs_citizenship__ai smallint,
    prs_citizenship__al smallint,
    prs_citizenship__am smallint,
    prs_citizenship__ao smallint,
    prs_citizenship__aq smallint,
    prs_citizenship__ar smallint,
    prs_citizenship__as smallint,
    prs_citizenship__at smallint,
    prs_citizenship__au smallint,
    prs_citizenship__aw smallint,
    prs_citizenship__ax smallint,
    prs_citizenship__az smallint,
    prs_citizenship__ba smallint,
    prs_citizenship__bb smallint,
    prs_citizenship__bd smallint,
    prs_citizenship__be smallint,
    prs_citizenship__bf smallint,
    prs_citizenship__bg smallint,
    prs_citizenship__bh smallint,
    prs_citizenship__bi smallint,
    prs_citizenship__bj smallint,
    prs_citizenship__bl smallint,
    prs_citizenship__bm smallint,
    prs_citizenship__bn smallint,
    prs_citizenship__bo smallint,
    prs_citizenship__bq smallint,
    prs_citizenship__br smallint,
    prs_citizenship__bs smallint,
    prs_citizenship__bt smallint,
    prs_citizenship__bv smallint,
    prs_citizenship__bw smallint,
    prs_citizenship__by smallint,
    prs_citizenship__bz smallint,
    prs_citizenship__ca smallint,
    prs_citizenship__cc smallint,
    prs_citizenship__cd smallint,
    prs_citizenship__cf smallint,
    prs_citizenship__cg smallint,
    prs_citizenship__ch smallint,
    prs_citizenship__ci smallint,
    prs_citizenship__ck smallint,
    prs_citizenship__cl smallint,
    prs_citizenship__cm smallint,
    prs_citizenship__cn smallint,
    prs_citizenship__co smallint,
    prs_citizenship__cr smallint,
    prs_citizenship__cu smallint,
    prs_citizenship__cv smallint,
    prs_citizenship__cw smallint,
    prs_citizenship__cx smallint,
    prs_citizenship__cy smallint,
    prs_citizenship__cz smallint,
    prs_citizenship__de smallint,
    prs_citizenship__dj smallint,
    prs_citizenship__dk smallint,
    prs_citizenship__dm smallint,
    prs_citizenship__do smallint,
    prs_citizenship__dz smallint,
    prs_citizenship__ec smallint,
    prs_citizenship__ee smallint,
    prs_citizenship__eg smallint,
    prs_citizenship__eh smallint,
    prs_citizenship__er smallint,
    prs_citizenship__es smallint,
    prs_citizenship__et smallint,
    prs_citizenship__fi smallint,
    prs_citizenship__fj smallint,
    prs_citizenship__fk smallint,
    prs_citizenship__fm smallint,
    prs_citizenship__fo smallint,
    prs_citizenship__fr smallint,
    prs_citizenship__ga smallint,
    prs_citizenship__gb smallint,
    prs_citizenship__gd smallint,
    prs_citizenship__ge smallint,
    prs_citizenship__gf smallint,
    prs_citizenship__gg smallint,
    prs_citizenship__gh smallint,
    prs_citizenship__gi smallint,
    prs_citizenship__gl smallint,
    prs_citizenship__gm smallint,
    prs_citizenship__gn smallint,
    prs_citizenship__gp smallint,
    prs_citizenship__gq smallint,
    prs_citizenship__gr smallint,
    prs_citizenship__gs smallint,
    prs_citizenship__gt smallint,
    prs_citizenship__gu smallint,
    prs_citizenship__gw smallint,
    prs_citizenship__gy smallint,
    prs_citizenship__hk smallint,
    prs_citizenship__hm smallint,
    prs_citizenship__hn smallint,
    prs_citizenship__hr smallint,
    prs_citizenship__ht smallint,
    prs_citizenship__hu smallint,
    prs_citizenship__id smallint,
    prs_citizenship__ie smallint,
    prs_citizenship__il smallint,
    prs_citizenship__im smallint,
    prs_citizenship__in smallint,
    prs_citizenship__io smallint,
    prs_citizenship__iq smallint,
    prs_citizenship__ir smallint,
    prs_citizenship__is smallint,
    prs_citizenship__it smallint,
    prs_citizenship__je smallint,
    prs_citizenship__jm smallint,
    prs_citizenship__jo smallint,
    prs_citizenship__jp smallint,
    prs_citizenship__ke smallint,
    prs_citizenship__kg smallint,
    prs_citizenship__kh smallint,
    prs_citizenship__ki smallint,
    prs_citizenship__km smallint,
    prs_citizenship__kn smallint,
    prs_citizenship__kp smallint,
    prs_citizenship__kr smallint,
    prs_citizenship__kw smallint,
    prs_citizenship__ky smallint,
    prs_citizenship__kz smallint,
    prs_citizenship__la smallint,
    prs_citizenship__lb smallint,
    prs_citizenship__lc smallint,
    prs_citizenship__li smallint,
    prs_citizenship__lk smallint,
    prs_citizenship__lr smallint,
    prs_citizenship__ls smallint,
    prs_citizenship__lt smallint,
    prs_citizenship__lu smallint,
    prs_citizenship__lv smallint,
    prs_citizenship__ly smallint,
    prs_citizenship__ma smallint,
    prs_citizenship__mc smallint,
    prs_citizenship__md smallint,
    prs_citizenship__me smallint,
    prs_citizenship__mf smallint,
    prs_citizenship__mg smallint,
    prs_citizenship__mh smallint,
    prs_citizenship__mk smallint,
    prs_citizenship__ml smallint,
    prs_citizenship__mm smallint,
    prs_citizenship__mn smallint,
    prs_citizenship__mo smallint,
    prs_citizenship__mp smallint,
    prs_citizenship__mq smallint,
    prs_citizenship__mr smallint,
    prs_citizenship__ms smallint,
    prs_citizenship__mt smallint,
    prs_citizenship__mu smallint,
    prs_citizenship__mv smallint,
    prs_citizenship__mw smallint,
    prs_citizenship__mx smallint,
    prs_citizenship__my smallint,
    prs_citizenship__mz smallint,
    prs_citizenship__na smallint,
    prs_citizenship__nc smallint,
    prs_citizenship__ne smallint,
    prs_citizenship__nf smallint,
    prs_citizenship__ng smallint,
    prs_citizenship__ni smallint,
    prs_citizenship__nl smallint,
    prs_citizenship__no smallint,
    prs_citizenship__np smallint,
    prs_citizenship__nr smallint,
    prs_citizenship__nu smallint,
    prs_citizenship__nz smallint,
    prs_citizenship__om smallint,
    prs_citizenship__pa smallint,
    prs_citizenship__pe smallint,
    prs_citizenship__pf smallint,
    prs_citizenship__pg smallint,
    prs_citizenship__ph smallint,
    prs_citizenship__pk smallint,
    prs_citizenship__pl smallint,
    prs_citizenship__pm smallint,
    prs_citizenship__pn smallint,
    prs_citizenship__pr smallint,
    prs_citizenship__ps smallint,
    prs_citizenship__pt smallint,
    prs_citizenship__pw smallint,
    prs_citizenship__py smallint,
    prs_citizenship__qa smallint,
    prs_citizenship__re smallint,
    prs_citizenship__ro smallint,
    prs_citizenship__rs smallint,
    prs_citizenship__ru smallint,
    prs_citizenship__rw smallint,
    prs_citizenship__sa smallint,
    prs_citizenship__sb smallint,
    prs_citizenship__sc smallint,
    prs_citizenship__sd smallint,
    prs_citizenship__se smallint,
    prs_citizenship__sg smallint,
    prs_citizenship__sh smallint,
    prs_citizenship__si smallint,
    prs_citizenship__sj smallint,
    prs_citizenship__sk smallint,
    prs_citizenship__sl smallint,
    prs_citizenship__sm smallint,
    prs_citizenship__sn smallint,
    prs_citizenship__so smallint,
    prs_citizenship__sr smallint,
    prs_citizenship__ss smallint,
    prs_citizenship__st smallint,
    prs_citizenship__sv smallint,
    prs_citizenship__sx smallint,
    prs_citizenship__sy smallint,
    prs_citizenship__sz smallint,
    prs_citizenship__tc smallint,
    prs_citizenship__td smallint,
    prs_citizenship__tf smallint,
    prs_citizenship__tg smallint,
    prs_citizenship__th smallint,
    prs_citizenship__tj smallint,
    prs_citizenship__tk smallint,
    prs_citizenship__tl smallint,
    prs_citizenship__tm smallint,
    prs_citizenship__tn smallint,
    prs_citizenship__to smallint,
    prs_citizenship__tr smallint,
    prs_citizenship__tt smallint,
    prs_citizenship__tv smallint,
    prs_citizenship__tw smallint,
    prs_citizenship__tz smallint,
    prs_citizenship__ua smallint,
    prs_citizenship__ug smallint,
    prs_citizenship__um smallint,
    prs_citizenship__us smallint,
    prs_citizenship__uy smallint,
    prs_citizenship__uz smallint,
    prs_citizenship__va smallint,
    prs_citizenship__vc smallint,
    prs_citizenship__ve smallint,
    prs_citizenship__vg smallint,
    prs_citizenship__vi smallint,
    prs_citizenship__vn smallint,
    prs_citizenship__vu smallint,
    prs_citizenship__wf smallint,
    prs_citizenship__ws smallint,
    prs_citizenship__ye smallint,
    prs_citizenship__yt smallint,
    prs_citizenship__za smallint,
    prs_citizenship__zm smallint,
    prs_citizenship__zw smallint,
    vic_traffickingstatus text,
    vic_traffickingstatusdecisionmakingorg text,
    vic_typeofexploitation__forcedlabour smallint,
    vic_typeofexploitation__sexualexploitation smallint,
    vic_typeofexploitation__childlabour smallint,
    vic_typeofexploitation__forcedmarriage smallint,
    vic_typeofexploitation__servitude smallint,
    vic_typeofexploitation__forcedmilitarybynonstateactors smallint,
    vic_typeofexploitation__organremoval smallint,
    vic_typeofexploitation__forcedbegging smallint,
    vic_typeofexploitation__forcedadoption smallint,
    vic_typeofexploitation__surrogacy smallint,
    vic_typeofexploitation__other smallint,
    vic_forcedlabourindustry text,
    vic_methodsofcontrol__physicalthreats smallint,
    vic_methodsofcontrol__threatslawenforcement smallint,
    vic_methodsofcontrol__threatenschildrenfamily smallint,
    vic_methodsofcontrol__debtbondage smallint,
    vic_methodsofcontrol__falsepromises smallint,
    vic_methodsofcontrol__physicalabuse smallint,
    vic_methodsofcontrol__sexualabuse smallint,
    vic_methodsofcontrol__takesearnings smallint,
    vic_methodsofcontrol__restrictsfinancialaccess smallint,
    vic_methodsofcontrol__restrictsmedicalcare smallint,
    vic_methodsofcontrol__withholdsnecessities smallint,
    vic_methodsofcontrol__psychologicalabuse smallint,
    vic_methodsofcontrol__psychoactivesubstance smallint,
    vic_methodsofcontrol__excessiveworkinghours smallint,
    vic_methodsofcontrol__withholdsdocuments smallint,
    vic_methodsofcontrol__other smallint,
    vic_methodofrecruitment__ataplaceofbusiness smallint,
    vic_methodofrecruitment__ataneducationalinstitution smallint,
    vic_methodofrecruitment__atwork smallint,
    vic_methodofrecruitment__throughonlinesocialnetworks smallint,
    vic_methodofrecruitment__throughanonlineadvertisement smallint,
    vic_methodofrecruitment__throughatelevisionadvert smallint,
    vic_methodofrecruitment__throughanewspaperadvert smallint,
    vic_methodofrecruitment__throughfamilyorfamilyevents smallint,
    vic_methodofrecruitment__throughfriendsorsocialevents smallint,
    vic_methodofrecruitment__other smallint,
    vic_relationshiptotrafficker text,
    hte_country text,
    cas_status text,
    cas_referredorganisation text,
    cas_outgoingreferraldate_month date,
    legal_assistance text,
    legal_proceedings_stage text,
    source_period date not null,
    ledger_id bigint not null,
    loaded_at timestamptz not null,
    primary key (partner_code, record_key, ledger_id)
);
create index fact_case_ledger on core.fact_case (ledger_id);
comment on table core.fact_case is 'Versions of each person-case (one identified person in one case of one partner) as sent in each source file (grain: one cases record of one partner in one source file = partner_code, record_key, ledger_id). Append-only: a superseded file''s versions are deleted with it; core.fact_case_current says which version stands. De-identified (pata.deid); read it through core.cases.';
comment on column core.fact_case.partner_code is 'Partner that sent the source file (core.dim_partner); scopes every key.';
comment on column core.fact_case.record_key is 'Pseudonym of partner_case_id (HMAC-SHA256 under the pipeline key, scoped to the partner): identifies this record without its id.';
comment on column core.fact_case.period_month is 'First day of the month of identification_date: the reporting month of the row.';
comment on column core.fact_case.person_key is 'Pseudonym of the person (HMAC-SHA256 under the pipeline key of the partner and the normalised prs_FirstName, prs_SecondName, prs_Birthdate): the same person in two files of one partner has the same key; not comparable across partners.';
comment on column core.fact_case.identification_month is 'First day of the month of identification_date. Date the partner identified the person as a possible victim; places the row in a reporting period.';
comment on column core.fact_case.province is 'First-level subdivision (province, state, division or region; ISO 3166-2) where the person was identified.';
comment on column core.fact_case.age_band is 'CTDC age band (0-8, 9-17, 18-20, 21-23, 24-26, 27-29, 30-38, 39-47, 48+) at identification_date, from prs_Birthdate; unknown without it.';
comment on column core.fact_case.is_minor is 'Under 18 at identification_date; null when the age is unknown.';
comment on column core.fact_case.prs_gender is 'Gender of the person (HTCDS prs_Gender).';
comment on column core.fact_case.prs_citizenship__ad is '1 when prs_Citizenship includes AD, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ae is '1 when prs_Citizenship includes AE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__af is '1 when prs_Citizenship includes AF, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ag is '1 when prs_Citizenship includes AG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ai is '1 when prs_Citizenship includes AI, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__al is '1 when prs_Citizenship includes AL, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__am is '1 when prs_Citizenship includes AM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ao is '1 when prs_Citizenship includes AO, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__aq is '1 when prs_Citizenship includes AQ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ar is '1 when prs_Citizenship includes AR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__as is '1 when prs_Citizenship includes AS, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__at is '1 when prs_Citizenship includes AT, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__au is '1 when prs_Citizenship includes AU, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__aw is '1 when prs_Citizenship includes AW, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ax is '1 when prs_Citizenship includes AX, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__az is '1 when prs_Citizenship includes AZ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ba is '1 when prs_Citizenship includes BA, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bb is '1 when prs_Citizenship includes BB, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bd is '1 when prs_Citizenship includes BD, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__be is '1 when prs_Citizenship includes BE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bf is '1 when prs_Citizenship includes BF, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bg is '1 when prs_Citizenship includes BG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bh is '1 when prs_Citizenship includes BH, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bi is '1 when prs_Citizenship includes BI, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bj is '1 when prs_Citizenship includes BJ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bl is '1 when prs_Citizenship includes BL, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bm is '1 when prs_Citizenship includes BM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bn is '1 when prs_Citizenship includes BN, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bo is '1 when prs_Citizenship includes BO, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bq is '1 when prs_Citizenship includes BQ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__br is '1 when prs_Citizenship includes BR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bs is '1 when prs_Citizenship includes BS, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bt is '1 when prs_Citizenship includes BT, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bv is '1 when prs_Citizenship includes BV, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bw is '1 when prs_Citizenship includes BW, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__by is '1 when prs_Citizenship includes BY, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__bz is '1 when prs_Citizenship includes BZ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ca is '1 when prs_Citizenship includes CA, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cc is '1 when prs_Citizenship includes CC, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cd is '1 when prs_Citizenship includes CD, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cf is '1 when prs_Citizenship includes CF, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cg is '1 when prs_Citizenship includes CG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ch is '1 when prs_Citizenship includes CH, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ci is '1 when prs_Citizenship includes CI, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ck is '1 when prs_Citizenship includes CK, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cl is '1 when prs_Citizenship includes CL, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cm is '1 when prs_Citizenship includes CM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cn is '1 when prs_Citizenship includes CN, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__co is '1 when prs_Citizenship includes CO, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cr is '1 when prs_Citizenship includes CR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cu is '1 when prs_Citizenship includes CU, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cv is '1 when prs_Citizenship includes CV, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cw is '1 when prs_Citizenship includes CW, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cx is '1 when prs_Citizenship includes CX, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cy is '1 when prs_Citizenship includes CY, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__cz is '1 when prs_Citizenship includes CZ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__de is '1 when prs_Citizenship includes DE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__dj is '1 when prs_Citizenship includes DJ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__dk is '1 when prs_Citizenship includes DK, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__dm is '1 when prs_Citizenship includes DM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__do is '1 when prs_Citizenship includes DO, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__dz is '1 when prs_Citizenship includes DZ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ec is '1 when prs_Citizenship includes EC, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ee is '1 when prs_Citizenship includes EE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__eg is '1 when prs_Citizenship includes EG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__eh is '1 when prs_Citizenship includes EH, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__er is '1 when prs_Citizenship includes ER, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__es is '1 when prs_Citizenship includes ES, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__et is '1 when prs_Citizenship includes ET, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__fi is '1 when prs_Citizenship includes FI, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__fj is '1 when prs_Citizenship includes FJ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__fk is '1 when prs_Citizenship includes FK, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__fm is '1 when prs_Citizenship includes FM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__fo is '1 when prs_Citizenship includes FO, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__fr is '1 when prs_Citizenship includes FR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ga is '1 when prs_Citizenship includes GA, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gb is '1 when prs_Citizenship includes GB, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gd is '1 when prs_Citizenship includes GD, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ge is '1 when prs_Citizenship includes GE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gf is '1 when prs_Citizenship includes GF, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gg is '1 when prs_Citizenship includes GG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gh is '1 when prs_Citizenship includes GH, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gi is '1 when prs_Citizenship includes GI, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gl is '1 when prs_Citizenship includes GL, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gm is '1 when prs_Citizenship includes GM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gn is '1 when prs_Citizenship includes GN, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gp is '1 when prs_Citizenship includes GP, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gq is '1 when prs_Citizenship includes GQ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gr is '1 when prs_Citizenship includes GR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gs is '1 when prs_Citizenship includes GS, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gt is '1 when prs_Citizenship includes GT, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gu is '1 when prs_Citizenship includes GU, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gw is '1 when prs_Citizenship includes GW, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__gy is '1 when prs_Citizenship includes GY, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__hk is '1 when prs_Citizenship includes HK, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__hm is '1 when prs_Citizenship includes HM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__hn is '1 when prs_Citizenship includes HN, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__hr is '1 when prs_Citizenship includes HR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ht is '1 when prs_Citizenship includes HT, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__hu is '1 when prs_Citizenship includes HU, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__id is '1 when prs_Citizenship includes ID, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ie is '1 when prs_Citizenship includes IE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__il is '1 when prs_Citizenship includes IL, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__im is '1 when prs_Citizenship includes IM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__in is '1 when prs_Citizenship includes IN, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__io is '1 when prs_Citizenship includes IO, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__iq is '1 when prs_Citizenship includes IQ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ir is '1 when prs_Citizenship includes IR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__is is '1 when prs_Citizenship includes IS, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__it is '1 when prs_Citizenship includes IT, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__je is '1 when prs_Citizenship includes JE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__jm is '1 when prs_Citizenship includes JM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__jo is '1 when prs_Citizenship includes JO, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__jp is '1 when prs_Citizenship includes JP, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ke is '1 when prs_Citizenship includes KE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__kg is '1 when prs_Citizenship includes KG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__kh is '1 when prs_Citizenship includes KH, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ki is '1 when prs_Citizenship includes KI, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__km is '1 when prs_Citizenship includes KM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__kn is '1 when prs_Citizenship includes KN, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__kp is '1 when prs_Citizenship includes KP, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__kr is '1 when prs_Citizenship includes KR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__kw is '1 when prs_Citizenship includes KW, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ky is '1 when prs_Citizenship includes KY, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__kz is '1 when prs_Citizenship includes KZ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__la is '1 when prs_Citizenship includes LA, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__lb is '1 when prs_Citizenship includes LB, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__lc is '1 when prs_Citizenship includes LC, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__li is '1 when prs_Citizenship includes LI, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__lk is '1 when prs_Citizenship includes LK, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__lr is '1 when prs_Citizenship includes LR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ls is '1 when prs_Citizenship includes LS, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__lt is '1 when prs_Citizenship includes LT, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__lu is '1 when prs_Citizenship includes LU, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__lv is '1 when prs_Citizenship includes LV, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ly is '1 when prs_Citizenship includes LY, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ma is '1 when prs_Citizenship includes MA, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mc is '1 when prs_Citizenship includes MC, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__md is '1 when prs_Citizenship includes MD, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__me is '1 when prs_Citizenship includes ME, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mf is '1 when prs_Citizenship includes MF, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mg is '1 when prs_Citizenship includes MG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mh is '1 when prs_Citizenship includes MH, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mk is '1 when prs_Citizenship includes MK, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ml is '1 when prs_Citizenship includes ML, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mm is '1 when prs_Citizenship includes MM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mn is '1 when prs_Citizenship includes MN, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mo is '1 when prs_Citizenship includes MO, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mp is '1 when prs_Citizenship includes MP, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mq is '1 when prs_Citizenship includes MQ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mr is '1 when prs_Citizenship includes MR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ms is '1 when prs_Citizenship includes MS, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mt is '1 when prs_Citizenship includes MT, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mu is '1 when prs_Citizenship includes MU, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mv is '1 when prs_Citizenship includes MV, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mw is '1 when prs_Citizenship includes MW, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mx is '1 when prs_Citizenship includes MX, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__my is '1 when prs_Citizenship includes MY, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__mz is '1 when prs_Citizenship includes MZ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__na is '1 when prs_Citizenship includes NA, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__nc is '1 when prs_Citizenship includes NC, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ne is '1 when prs_Citizenship includes NE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__nf is '1 when prs_Citizenship includes NF, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ng is '1 when prs_Citizenship includes NG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ni is '1 when prs_Citizenship includes NI, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__nl is '1 when prs_Citizenship includes NL, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__no is '1 when prs_Citizenship includes NO, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__np is '1 when prs_Citizenship includes NP, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__nr is '1 when prs_Citizenship includes NR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__nu is '1 when prs_Citizenship includes NU, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__nz is '1 when prs_Citizenship includes NZ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__om is '1 when prs_Citizenship includes OM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__pa is '1 when prs_Citizenship includes PA, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__pe is '1 when prs_Citizenship includes PE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__pf is '1 when prs_Citizenship includes PF, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__pg is '1 when prs_Citizenship includes PG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ph is '1 when prs_Citizenship includes PH, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__pk is '1 when prs_Citizenship includes PK, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__pl is '1 when prs_Citizenship includes PL, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__pm is '1 when prs_Citizenship includes PM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__pn is '1 when prs_Citizenship includes PN, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__pr is '1 when prs_Citizenship includes PR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ps is '1 when prs_Citizenship includes PS, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__pt is '1 when prs_Citizenship includes PT, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__pw is '1 when prs_Citizenship includes PW, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__py is '1 when prs_Citizenship includes PY, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__qa is '1 when prs_Citizenship includes QA, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__re is '1 when prs_Citizenship includes RE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ro is '1 when prs_Citizenship includes RO, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__rs is '1 when prs_Citizenship includes RS, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ru is '1 when prs_Citizenship includes RU, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__rw is '1 when prs_Citizenship includes RW, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sa is '1 when prs_Citizenship includes SA, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sb is '1 when prs_Citizenship includes SB, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sc is '1 when prs_Citizenship includes SC, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sd is '1 when prs_Citizenship includes SD, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__se is '1 when prs_Citizenship includes SE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sg is '1 when prs_Citizenship includes SG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sh is '1 when prs_Citizenship includes SH, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__si is '1 when prs_Citizenship includes SI, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sj is '1 when prs_Citizenship includes SJ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sk is '1 when prs_Citizenship includes SK, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sl is '1 when prs_Citizenship includes SL, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sm is '1 when prs_Citizenship includes SM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sn is '1 when prs_Citizenship includes SN, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__so is '1 when prs_Citizenship includes SO, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sr is '1 when prs_Citizenship includes SR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ss is '1 when prs_Citizenship includes SS, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__st is '1 when prs_Citizenship includes ST, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sv is '1 when prs_Citizenship includes SV, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sx is '1 when prs_Citizenship includes SX, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sy is '1 when prs_Citizenship includes SY, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__sz is '1 when prs_Citizenship includes SZ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tc is '1 when prs_Citizenship includes TC, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__td is '1 when prs_Citizenship includes TD, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tf is '1 when prs_Citizenship includes TF, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tg is '1 when prs_Citizenship includes TG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__th is '1 when prs_Citizenship includes TH, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tj is '1 when prs_Citizenship includes TJ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tk is '1 when prs_Citizenship includes TK, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tl is '1 when prs_Citizenship includes TL, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tm is '1 when prs_Citizenship includes TM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tn is '1 when prs_Citizenship includes TN, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__to is '1 when prs_Citizenship includes TO, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tr is '1 when prs_Citizenship includes TR, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tt is '1 when prs_Citizenship includes TT, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tv is '1 when prs_Citizenship includes TV, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tw is '1 when prs_Citizenship includes TW, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__tz is '1 when prs_Citizenship includes TZ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ua is '1 when prs_Citizenship includes UA, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ug is '1 when prs_Citizenship includes UG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__um is '1 when prs_Citizenship includes UM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__us is '1 when prs_Citizenship includes US, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__uy is '1 when prs_Citizenship includes UY, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__uz is '1 when prs_Citizenship includes UZ, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__va is '1 when prs_Citizenship includes VA, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__vc is '1 when prs_Citizenship includes VC, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ve is '1 when prs_Citizenship includes VE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__vg is '1 when prs_Citizenship includes VG, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__vi is '1 when prs_Citizenship includes VI, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__vn is '1 when prs_Citizenship includes VN, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__vu is '1 when prs_Citizenship includes VU, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__wf is '1 when prs_Citizenship includes WF, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ws is '1 when prs_Citizenship includes WS, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__ye is '1 when prs_Citizenship includes YE, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__yt is '1 when prs_Citizenship includes YT, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__za is '1 when prs_Citizenship includes ZA, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__zm is '1 when prs_Citizenship includes ZM, 0 when not, null when it is empty.';
comment on column core.fact_case.prs_citizenship__zw is '1 when prs_Citizenship includes ZW, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_traffickingstatus is 'Whether the person is a possible, actual or no victim of trafficking.';
comment on column core.fact_case.vic_traffickingstatusdecisionmakingorg is 'The kind of organisation that decided the trafficking status.';
comment on column core.fact_case.vic_typeofexploitation__forcedlabour is '1 when vic_TypeOfExploitation includes ForcedLabour, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_typeofexploitation__sexualexploitation is '1 when vic_TypeOfExploitation includes SexualExploitation, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_typeofexploitation__childlabour is '1 when vic_TypeOfExploitation includes ChildLabour, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_typeofexploitation__forcedmarriage is '1 when vic_TypeOfExploitation includes ForcedMarriage, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_typeofexploitation__servitude is '1 when vic_TypeOfExploitation includes Servitude, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_typeofexploitation__forcedmilitarybynonstateactors is '1 when vic_TypeOfExploitation includes ForcedMilitaryByNonStateActors, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_typeofexploitation__organremoval is '1 when vic_TypeOfExploitation includes OrganRemoval, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_typeofexploitation__forcedbegging is '1 when vic_TypeOfExploitation includes ForcedBegging, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_typeofexploitation__forcedadoption is '1 when vic_TypeOfExploitation includes ForcedAdoption, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_typeofexploitation__surrogacy is '1 when vic_TypeOfExploitation includes Surrogacy, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_typeofexploitation__other is '1 when vic_TypeOfExploitation includes Other, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_forcedlabourindustry is 'Industry of forced labour (ISIC sections), when the exploitation includes forced labour.';
comment on column core.fact_case.vic_methodsofcontrol__physicalthreats is '1 when vic_MethodsOfControl includes PhysicalThreats, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__threatslawenforcement is '1 when vic_MethodsOfControl includes ThreatsLawEnforcement, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__threatenschildrenfamily is '1 when vic_MethodsOfControl includes ThreatensChildrenFamily, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__debtbondage is '1 when vic_MethodsOfControl includes DebtBondage, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__falsepromises is '1 when vic_MethodsOfControl includes FalsePromises, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__physicalabuse is '1 when vic_MethodsOfControl includes PhysicalAbuse, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__sexualabuse is '1 when vic_MethodsOfControl includes SexualAbuse, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__takesearnings is '1 when vic_MethodsOfControl includes TakesEarnings, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__restrictsfinancialaccess is '1 when vic_MethodsOfControl includes RestrictsFinancialAccess, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__restrictsmedicalcare is '1 when vic_MethodsOfControl includes RestrictsMedicalCare, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__withholdsnecessities is '1 when vic_MethodsOfControl includes WithholdsNecessities, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__psychologicalabuse is '1 when vic_MethodsOfControl includes PsychologicalAbuse, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__psychoactivesubstance is '1 when vic_MethodsOfControl includes PsychoactiveSubstance, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__excessiveworkinghours is '1 when vic_MethodsOfControl includes ExcessiveWorkingHours, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__withholdsdocuments is '1 when vic_MethodsOfControl includes WithholdsDocuments, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodsofcontrol__other is '1 when vic_MethodsOfControl includes Other, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodofrecruitment__ataplaceofbusiness is '1 when vic_MethodOfRecruitment includes AtAPlaceOfBusiness, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodofrecruitment__ataneducationalinstitution is '1 when vic_MethodOfRecruitment includes AtAnEducationalInstitution, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodofrecruitment__atwork is '1 when vic_MethodOfRecruitment includes AtWork, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodofrecruitment__throughonlinesocialnetworks is '1 when vic_MethodOfRecruitment includes ThroughOnlineSocialNetworks, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodofrecruitment__throughanonlineadvertisement is '1 when vic_MethodOfRecruitment includes ThroughAnOnlineAdvertisement, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodofrecruitment__throughatelevisionadvert is '1 when vic_MethodOfRecruitment includes ThroughATelevisionAdvert, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodofrecruitment__throughanewspaperadvert is '1 when vic_MethodOfRecruitment includes ThroughANewspaperAdvert, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodofrecruitment__throughfamilyorfamilyevents is '1 when vic_MethodOfRecruitment includes ThroughFamilyOrFamilyEvents, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodofrecruitment__throughfriendsorsocialevents is '1 when vic_MethodOfRecruitment includes ThroughFriendsOrSocialEvents, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_methodofrecruitment__other is '1 when vic_MethodOfRecruitment includes Other, 0 when not, null when it is empty.';
comment on column core.fact_case.vic_relationshiptotrafficker is 'Relationship of the person to the trafficker (HTCDS spells the last value Unaquainted).';
comment on column core.fact_case.hte_country is 'Country of exploitation (ISO 3166-1 alpha-2; the HTCDS trafficking event of type Exploitation).';
comment on column core.fact_case.cas_status is 'State of the case at the time of the export.';
comment on column core.fact_case.cas_referredorganisation is 'Kind of organisation the person was referred to (HTCDS org_Type values; the organisation''s name, which could reveal a shelter, is not exported).';
comment on column core.fact_case.cas_outgoingreferraldate_month is 'First day of the month of cas_OutgoingReferralDate. Date of the outgoing referral.';
comment on column core.fact_case.legal_assistance is 'Legal assistance the person received from or through the partner.';
comment on column core.fact_case.legal_proceedings_stage is 'Furthest stage reached by legal proceedings against the traffickers in this case.';
comment on column core.fact_case.source_period is 'Reporting period (first day) of the source file: ops.file_ledger.period_start, or the latest period_month of the file when its name carries no period. With ledger_id it decides which version stands.';
comment on column core.fact_case.ledger_id is 'Source file of this version (ops.file_ledger.id).';
comment on column core.fact_case.loaded_at is 'When this version was loaded (the load transaction''s start time).';
create table core.fact_case_current (
    partner_code text collate "C" not null,
    record_key text collate "C" not null,
    ledger_id bigint not null,
    source_period date not null,
    primary key (partner_code, record_key)
) with (fillfactor = 70);
comment on table core.fact_case_current is 'The version of each person-case (one identified person in one case of one partner) that stands (grain: one cases record of one partner): the one from the file with the latest reporting period, then the highest ledger id. Joins core.fact_case on (partner_code, record_key, ledger_id).';
comment on column core.fact_case_current.partner_code is 'Partner of the record.';
comment on column core.fact_case_current.record_key is 'The record (its key in core.fact_case).';
comment on column core.fact_case_current.ledger_id is 'Source file of the version that stands (ops.file_ledger.id).';
comment on column core.fact_case_current.source_period is 'Reporting period of that file: a version from a later period or file replaces it.';

create table core.fact_rehabilitation_enrolment (
    partner_code text collate "C" not null,
    record_key text collate "C" not null,
    period_month date not null,
    person_key text collate "C",
    partner_case_id_key text collate "C",
    status_month date,
    age_band text,
    is_minor boolean,
    prs_gender text,
    training_type text,
    training_hours integer,
    start_month date,
    end_month date,
    outcome text,
    employment_6m text,
    source_period date not null,
    ledger_id bigint not null,
    loaded_at timestamptz not null,
    primary key (partner_code, record_key, ledger_id)
);
create index fact_rehabilitation_enrolment_ledger on core.fact_rehabilitation_enrolment (ledger_id);
comment on table core.fact_rehabilitation_enrolment is 'Versions of each rehabilitation enrolment (one person in one vocational training) as sent in each source file (grain: one rehabilitation record of one partner in one source file = partner_code, record_key, ledger_id). Append-only: a superseded file''s versions are deleted with it; core.fact_rehabilitation_enrolment_current says which version stands. De-identified (pata.deid); read it through core.rehabilitation_enrolments.';
comment on column core.fact_rehabilitation_enrolment.partner_code is 'Partner that sent the source file (core.dim_partner); scopes every key.';
comment on column core.fact_rehabilitation_enrolment.record_key is 'Pseudonym of enrolment_id (HMAC-SHA256 under the pipeline key, scoped to the partner): identifies this record without its id.';
comment on column core.fact_rehabilitation_enrolment.period_month is 'First day of the month of status_date: the reporting month of the row.';
comment on column core.fact_rehabilitation_enrolment.person_key is 'Pseudonym of the person (HMAC-SHA256 under the pipeline key of the partner and the normalised prs_FirstName, prs_SecondName, prs_Birthdate): the same person in two files of one partner has the same key; not comparable across partners.';
comment on column core.fact_rehabilitation_enrolment.partner_case_id_key is 'Pseudonym of partner_case_id (HMAC-SHA256 under the pipeline key, scoped to the partner): identifies the cases record without its id.';
comment on column core.fact_rehabilitation_enrolment.status_month is 'First day of the month of status_date. Date the status of this enrolment was recorded; places the row in a reporting period.';
comment on column core.fact_rehabilitation_enrolment.age_band is 'CTDC age band (0-8, 9-17, 18-20, 21-23, 24-26, 27-29, 30-38, 39-47, 48+) at status_date, from prs_Birthdate; unknown without it.';
comment on column core.fact_rehabilitation_enrolment.is_minor is 'Under 18 at status_date; null when the age is unknown.';
comment on column core.fact_rehabilitation_enrolment.prs_gender is 'Gender of the trainee (HTCDS values).';
comment on column core.fact_rehabilitation_enrolment.training_type is 'The vocational training.';
comment on column core.fact_rehabilitation_enrolment.training_hours is 'Hours of training planned for the enrolment.';
comment on column core.fact_rehabilitation_enrolment.start_month is 'First day of the month of start_date. First day of training.';
comment on column core.fact_rehabilitation_enrolment.end_month is 'First day of the month of end_date. Last day of training; empty while the training goes on.';
comment on column core.fact_rehabilitation_enrolment.outcome is 'Outcome of the training at the status date.';
comment on column core.fact_rehabilitation_enrolment.employment_6m is 'Situation six months after the end of training (not-yet-due until then).';
comment on column core.fact_rehabilitation_enrolment.source_period is 'Reporting period (first day) of the source file: ops.file_ledger.period_start, or the latest period_month of the file when its name carries no period. With ledger_id it decides which version stands.';
comment on column core.fact_rehabilitation_enrolment.ledger_id is 'Source file of this version (ops.file_ledger.id).';
comment on column core.fact_rehabilitation_enrolment.loaded_at is 'When this version was loaded (the load transaction''s start time).';
create table core.fact_rehabilitation_enrolment_current (
    partner_code text collate "C" not null,
    record_key text collate "C" not null,
    ledger_id bigint not null,
    source_period date not null,
    primary key (partner_code, record_key)
) with (fillfactor = 70);
comment on table core.fact_rehabilitation_enrolment_current is 'The version of each rehabilitation enrolment (one person in one vocational training) that stands (grain: one rehabilitation record of one partner): the one from the file with the latest reporting period, then the highest ledger id. Joins core.fact_rehabilitation_enrolment on (partner_code, record_key, ledger_id).';
comment on column core.fact_rehabilitation_enrolment_current.partner_code is 'Partner of the record.';
comment on column core.fact_rehabilitation_enrolment_current.record_key is 'The record (its key in core.fact_rehabilitation_enrolment).';
comment on column core.fact_rehabilitation_enrolment_current.ledger_id is 'Source file of the version that stands (ops.file_ledger.id).';
comment on column core.fact_rehabilitation_enrolment_current.source_period is 'Reporting period of that file: a version from a later period or file replaces it.';

create table core.fact_network_event (
    partner_code text collate "C" not null,
    event_id text collate "C" not null,
    period_month date not null,
    event_date date,
    end_date date,
    objective text,
    event_format text,
    country text,
    city text,
    title text,
    participants_religious_leaders integer,
    participants_civic_leaders integer,
    participants_government integer,
    participants_ngo integer,
    participants_other integer,
    participants_total integer,
    source_period date not null,
    ledger_id bigint not null,
    loaded_at timestamptz not null,
    primary key (partner_code, event_id, ledger_id)
);
create index fact_network_event_ledger on core.fact_network_event (ledger_id);
comment on table core.fact_network_event is 'Versions of each network or advocacy event as sent in each source file (grain: one network_events record of one partner in one source file = partner_code, event_id, ledger_id). Append-only: a superseded file''s versions are deleted with it; core.fact_network_event_current says which version stands. De-identified (pata.deid); read it through core.network_events.';
comment on column core.fact_network_event.partner_code is 'Partner that sent the source file (core.dim_partner); scopes every key.';
comment on column core.fact_network_event.event_id is 'The partner''s own id of the event.';
comment on column core.fact_network_event.period_month is 'First day of the month of event_date: the reporting month of the row.';
comment on column core.fact_network_event.event_date is 'First day of the event; places the row in a reporting period.';
comment on column core.fact_network_event.end_date is 'Last day of a multi-day event.';
comment on column core.fact_network_event.objective is 'Regional objective the event serves.';
comment on column core.fact_network_event.event_format is 'Whether people met in person, online or both.';
comment on column core.fact_network_event.country is 'Country where the event took place (ISO 3166-1 alpha-2).';
comment on column core.fact_network_event.city is 'City where the event took place.';
comment on column core.fact_network_event.title is 'Short title of the event (no participant names).';
comment on column core.fact_network_event.participants_religious_leaders is 'Religious leaders taking part.';
comment on column core.fact_network_event.participants_civic_leaders is 'Civic and community leaders taking part.';
comment on column core.fact_network_event.participants_government is 'Government officials taking part.';
comment on column core.fact_network_event.participants_ngo is 'NGO staff taking part.';
comment on column core.fact_network_event.participants_other is 'Other participants.';
comment on column core.fact_network_event.participants_total is 'All participants; the sum of the participants_* counts.';
comment on column core.fact_network_event.source_period is 'Reporting period (first day) of the source file: ops.file_ledger.period_start, or the latest period_month of the file when its name carries no period. With ledger_id it decides which version stands.';
comment on column core.fact_network_event.ledger_id is 'Source file of this version (ops.file_ledger.id).';
comment on column core.fact_network_event.loaded_at is 'When this version was loaded (the load transaction''s start time).';
create table core.fact_network_event_current (
    partner_code text collate "C" not null,
    event_id text collate "C" not null,
    ledger_id bigint not null,
    source_period date not null,
    primary key (partner_code, event_id)
) with (fillfactor = 70);
comment on table core.fact_network_event_current is 'The version of each network or advocacy event that stands (grain: one network_events record of one partner): the one from the file with the latest reporting period, then the highest ledger id. Joins core.fact_network_event on (partner_code, event_id, ledger_id).';
comment on column core.fact_network_event_current.partner_code is 'Partner of the record.';
comment on column core.fact_network_event_current.event_id is 'The record (its key in core.fact_network_event).';
comment on column core.fact_network_event_current.ledger_id is 'Source file of the version that stands (ops.file_ledger.id).';
comment on column core.fact_network_event_current.source_period is 'Reporting period of that file: a version from a later period or file replaces it.';

-- Row-level security ----------------------------------------------------------------------
-- The pipeline writes every row; members of pata_partner_reader read the rows of the
-- partners of their countries (core.country_reader). The table owner (the migration role)
-- is not subject to RLS, so the documented views below, owned by it, show every row to
-- regional staff; the core.country_* views run as the querying role (security_invoker).
-- Policies cover the facts and their _current maps (the ones partner readers may select).
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'pata_partner_reader') then
        create role pata_partner_reader nologin;
    end if;
end
$$;
comment on role pata_partner_reader is 'PATA partner-scoped readers: reads core.country_* views, row-level secured to the countries listed for the login in core.country_reader.';

do $$
declare
    fact text;
begin
    foreach fact in array array['fact_awareness_session', 'fact_case',
        'fact_rehabilitation_enrolment', 'fact_network_event']
    loop
        foreach fact in array array[fact, fact || '_current']
        loop
            execute 'alter table core.' || quote_ident(fact) || ' enable row level security';
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

-- Documented views ------------------------------------------------------------------------
create view core.awareness_sessions as
select
    f.partner_code,
    f.session_id,
    f.period_month,
    f.session_date,
    f.province,
    f.district,
    f.venue_type,
    f.target_group,
    f.topic,
    f.participants_female_under_18,
    f.participants_female_18_plus,
    f.participants_male_under_18,
    f.participants_male_18_plus,
    f.participants_other,
    f.participants_total,
    f.ledger_id,
    f.loaded_at
from core.fact_awareness_session f
join core.fact_awareness_session_current c
    on c.partner_code = f.partner_code and c.session_id = f.session_id and c.ledger_id = f.ledger_id;
comment on view core.awareness_sessions is 'Documented view for regional staff: the version that stands of each awareness session (grain: one awareness_sessions record of one partner), de-identified, with its source file (ledger_id). The person key is left out.';
create view core.country_awareness_sessions with (security_invoker = true) as
select
    f.partner_code,
    f.session_id,
    f.period_month,
    f.session_date,
    f.province,
    f.district,
    f.venue_type,
    f.target_group,
    f.topic,
    f.participants_female_under_18,
    f.participants_female_18_plus,
    f.participants_male_under_18,
    f.participants_male_18_plus,
    f.participants_other,
    f.participants_total,
    f.ledger_id,
    f.loaded_at
from core.fact_awareness_session f
join core.fact_awareness_session_current c
    on c.partner_code = f.partner_code and c.session_id = f.session_id and c.ledger_id = f.ledger_id;
comment on view core.country_awareness_sessions is 'Partner-scoped view (row-level security): the awareness_sessions records that stand, of the partners of the countries the querying role may read (core.country_reader); grain: one awareness_sessions record of one partner. For members of pata_partner_reader.';

create view core.cases as
select
    f.partner_code,
    f.record_key,
    f.period_month,
    f.identification_month,
    f.province,
    f.age_band,
    f.is_minor,
    f.prs_gender,
    f.prs_citizenship__ad,
    f.prs_citizenship__ae,
    f.prs_citizenship__af,
    f.prs_citizenship__ag,
    f.prs_citizenship__ai,
    f.prs_citizenship__al,
    f.prs_citizenship__am,
    f.prs_citizenship__ao,
    f.prs_citizenship__aq,
    f.prs_citizenship__ar,
    f.prs_citizenship__as,
    f.prs_citizenship__at,
    f.prs_citizenship__au,
    f.prs_citizenship__aw,
    f.prs_citizenship__ax,
    f.prs_citizenship__az,
    f.prs_citizenship__ba,
    f.prs_citizenship__bb,
    f.prs_citizenship__bd,
    f.prs_citizenship__be,
    f.prs_citizenship__bf,
    f.prs_citizenship__bg,
    f.prs_citizenship__bh,
    f.prs_citizenship__bi,
    f.prs_citizenship__bj,
    f.prs_citizenship__bl,
    f.prs_citizenship__bm,
    f.prs_citizenship__bn,
    f.prs_citizenship__bo,
    f.prs_citizenship__bq,
    f.prs_citizenship__br,
    f.prs_citizenship__bs,
    f.prs_citizenship__bt,
    f.prs_citizenship__bv,
    f.prs_citizenship__bw,
    f.prs_citizenship__by,
    f.prs_citizenship__bz,
    f.prs_citizenship__ca,
    f.prs_citizenship__cc,
    f.prs_citizenship__cd,
    f.prs_citizenship__cf,
    f.prs_citizenship__cg,
    f.prs_citizenship__ch,
    f.prs_citizenship__ci,
    f.prs_citizenship__ck,
    f.prs_citizenship__cl,
    f.prs_citizenship__cm,
    f.prs_citizenship__cn,
    f.prs_citizenship__co,
    f.prs_citizenship__cr,
    f.prs_citizenship__cu,
    f.prs_citizenship__cv,
    f.prs_citizenship__cw,
    f.prs_citizenship__cx,
    f.prs_citizenship__cy,
    f.prs_citizenship__cz,
    f.prs_citizenship__de,
    f.prs_citizenship__dj,
    f.prs_citizenship__dk,
    f.prs_citizenship__dm,
    f.prs_citizenship__do,
    f.prs_citizenship__dz,
    f.prs_citizenship__ec,
    f.prs_citizenship__ee,
    f.prs_citizenship__eg,
    f.prs_citizenship__eh,
    f.prs_citizenship__er,
    f.prs_citizenship__es,
    f.prs_citizenship__et,
    f.prs_citizenship__fi,
    f.prs_citizenship__fj,
    f.prs_citizenship__fk,
    f.prs_citizenship__fm,
    f.prs_citizenship__fo,
    f.prs_citizenship__fr,
    f.prs_citizenship__ga,
    f.prs_citizenship__gb,
    f.prs_citizenship__gd,
    f.prs_citizenship__ge,
    f.prs_citizenship__gf,
    f.prs_citizenship__gg,
    f.prs_citizenship__gh,
    f.prs_citizenship__gi,
    f.prs_citizenship__gl,
    f.prs_citizenship__gm,
    f.prs_citizenship__gn,
    f.prs_citizenship__gp,
    f.prs_citizenship__gq,
    f.prs_citizenship__gr,
    f.prs_citizenship__gs,
    f.prs_citizenship__gt,
    f.prs_citizenship__gu,
    f.prs_citizenship__gw,
    f.prs_citizenship__gy,
    f.prs_citizenship__hk,
    f.prs_citizenship__hm,
    f.prs_citizenship__hn,
    f.prs_citizenship__hr,
    f.prs_citizenship__ht,
    f.prs_citizenship__hu,
    f.prs_citizenship__id,
    f.prs_citizenship__ie,
    f.prs_citizenship__il,
    f.prs_citizenship__im,
    f.prs_citizenship__in,
    f.prs_citizenship__io,
    f.prs_citizenship__iq,
    f.prs_citizenship__ir,
    f.prs_citizenship__is,
    f.prs_citizenship__it,
    f.prs_citizenship__je,
    f.prs_citizenship__jm,
    f.prs_citizenship__jo,
    f.prs_citizenship__jp,
    f.prs_citizenship__ke,
    f.prs_citizenship__kg,
    f.prs_citizenship__kh,
    f.prs_citizenship__ki,
    f.prs_citizenship__km,
    f.prs_citizenship__kn,
    f.prs_citizenship__kp,
    f.prs_citizenship__kr,
    f.prs_citizenship__kw,
    f.prs_citizenship__ky,
    f.prs_citizenship__kz,
    f.prs_citizenship__la,
    f.prs_citizenship__lb,
    f.prs_citizenship__lc,
    f.prs_citizenship__li,
    f.prs_citizenship__lk,
    f.prs_citizenship__lr,
    f.prs_citizenship__ls,
    f.prs_citizenship__lt,
    f.prs_citizenship__lu,
    f.prs_citizenship__lv,
    f.prs_citizenship__ly,
    f.prs_citizenship__ma,
    f.prs_citizenship__mc,
    f.prs_citizenship__md,
    f.prs_citizenship__me,
    f.prs_citizenship__mf,
    f.prs_citizenship__mg,
    f.prs_citizenship__mh,
    f.prs_citizenship__mk,
    f.prs_citizenship__ml,
    f.prs_citizenship__mm,
    f.prs_citizenship__mn,
    f.prs_citizenship__mo,
    f.prs_citizenship__mp,
    f.prs_citizenship__mq,
    f.prs_citizenship__mr,
    f.prs_citizenship__ms,
    f.prs_citizenship__mt,
    f.prs_citizenship__mu,
    f.prs_citizenship__mv,
    f.prs_citizenship__mw,
    f.prs_citizenship__mx,
    f.prs_citizenship__my,
    f.prs_citizenship__mz,
    f.prs_citizenship__na,
    f.prs_citizenship__nc,
    f.prs_citizenship__ne,
    f.prs_citizenship__nf,
    f.prs_citizenship__ng,
    f.prs_citizenship__ni,
    f.prs_citizenship__nl,
    f.prs_citizenship__no,
    f.prs_citizenship__np,
    f.prs_citizenship__nr,
    f.prs_citizenship__nu,
    f.prs_citizenship__nz,
    f.prs_citizenship__om,
    f.prs_citizenship__pa,
    f.prs_citizenship__pe,
    f.prs_citizenship__pf,
    f.prs_citizenship__pg,
    f.prs_citizenship__ph,
    f.prs_citizenship__pk,
    f.prs_citizenship__pl,
    f.prs_citizenship__pm,
    f.prs_citizenship__pn,
    f.prs_citizenship__pr,
    f.prs_citizenship__ps,
    f.prs_citizenship__pt,
    f.prs_citizenship__pw,
    f.prs_citizenship__py,
    f.prs_citizenship__qa,
    f.prs_citizenship__re,
    f.prs_citizenship__ro,
    f.prs_citizenship__rs,
    f.prs_citizenship__ru,
    f.prs_citizenship__rw,
    f.prs_citizenship__sa,
    f.prs_citizenship__sb,
    f.prs_citizenship__sc,
    f.prs_citizenship__sd,
    f.prs_citizenship__se,
    f.prs_citizenship__sg,
    f.prs_citizenship__sh,
    f.prs_citizenship__si,
    f.prs_citizenship__sj,
    f.prs_citizenship__sk,
    f.prs_citizenship__sl,
    f.prs_citizenship__sm,
    f.prs_citizenship__sn,
    f.prs_citizenship__so,
    f.prs_citizenship__sr,
    f.prs_citizenship__ss,
    f.prs_citizenship__st,
    f.prs_citizenship__sv,
    f.prs_citizenship__sx,
    f.prs_citizenship__sy,
    f.prs_citizenship__sz,
    f.prs_citizenship__tc,
    f.prs_citizenship__td,
    f.prs_citizenship__tf,
    f.prs_citizenship__tg,
    f.prs_citizenship__th,
    f.prs_citizenship__tj,
    f.prs_citizenship__tk,
    f.prs_citizenship__tl,
    f.prs_citizenship__tm,
    f.prs_citizenship__tn,
    f.prs_citizenship__to,
    f.prs_citizenship__tr,
    f.prs_citizenship__tt,
    f.prs_citizenship__tv,
    f.prs_citizenship__tw,
    f.prs_citizenship__tz,
    f.prs_citizenship__ua,
    f.prs_citizenship__ug,
    f.prs_citizenship__um,
    f.prs_citizenship__us,
    f.prs_citizenship__uy,
    f.prs_citizenship__uz,
    f.prs_citizenship__va,
    f.prs_citizenship__vc,
    f.prs_citizenship__ve,
    f.prs_citizenship__vg,
    f.prs_citizenship__vi,
    f.prs_citizenship__vn,
    f.prs_citizenship__vu,
    f.prs_citizenship__wf,
    f.prs_citizenship__ws,
    f.prs_citizenship__ye,
    f.prs_citizenship__yt,
    f.prs_citizenship__za,
    f.prs_citizenship__zm,
    f.prs_citizenship__zw,
    f.vic_traffickingstatus,
    f.vic_traffickingstatusdecisionmakingorg,
    f.vic_typeofexploitation__forcedlabour,
    f.vic_typeofexploitation__sexualexploitation,
    f.vic_typeofexploitation__childlabour,
    f.vic_typeofexploitation__forcedmarriage,
    f.vic_typeofexploitation__servitude,
    f.vic_typeofexploitation__forcedmilitarybynonstateactors,
    f.vic_typeofexploitation__organremoval,
    f.vic_typeofexploitation__forcedbegging,
    f.vic_typeofexploitation__forcedadoption,
    f.vic_typeofexploitation__surrogacy,
    f.vic_typeofexploitation__other,
    f.vic_forcedlabourindustry,
    f.vic_methodsofcontrol__physicalthreats,
    f.vic_methodsofcontrol__threatslawenforcement,
    f.vic_methodsofcontrol__threatenschildrenfamily,
    f.vic_methodsofcontrol__debtbondage,
    f.vic_methodsofcontrol__falsepromises,
    f.vic_methodsofcontrol__physicalabuse,
    f.vic_methodsofcontrol__sexualabuse,
    f.vic_methodsofcontrol__takesearnings,
    f.vic_methodsofcontrol__restrictsfinancialaccess,
    f.vic_methodsofcontrol__restrictsmedicalcare,
    f.vic_methodsofcontrol__withholdsnecessities,
    f.vic_methodsofcontrol__psychologicalabuse,
    f.vic_methodsofcontrol__psychoactivesubstance,
    f.vic_methodsofcontrol__excessiveworkinghours,
    f.vic_methodsofcontrol__withholdsdocuments,
    f.vic_methodsofcontrol__other,
    f.vic_methodofrecruitment__ataplaceofbusiness,
    f.vic_methodofrecruitment__ataneducationalinstitution,
    f.vic_methodofrecruitment__atwork,
    f.vic_methodofrecruitment__throughonlinesocialnetworks,
    f.vic_methodofrecruitment__throughanonlineadvertisement,
    f.vic_methodofrecruitment__throughatelevisionadvert,
    f.vic_methodofrecruitment__throughanewspaperadvert,
    f.vic_methodofrecruitment__throughfamilyorfamilyevents,
    f.vic_methodofrecruitment__throughfriendsorsocialevents,
    f.vic_methodofrecruitment__other,
    f.vic_relationshiptotrafficker,
    f.hte_country,
    f.cas_status,
    f.cas_referredorganisation,
    f.cas_outgoingreferraldate_month,
    f.legal_assistance,
    f.legal_proceedings_stage,
    f.ledger_id,
    f.loaded_at
from core.fact_case f
join core.fact_case_current c
    on c.partner_code = f.partner_code and c.record_key = f.record_key and c.ledger_id = f.ledger_id;
comment on view core.cases is 'Documented view for regional staff: the version that stands of each person-case (one identified person in one case of one partner) (grain: one cases record of one partner), de-identified, with its source file (ledger_id). The person key is left out.';
create view core.country_cases with (security_invoker = true) as
select
    f.partner_code,
    f.record_key,
    f.period_month,
    f.identification_month,
    f.province,
    f.age_band,
    f.is_minor,
    f.prs_gender,
    f.prs_citizenship__ad,
    f.prs_citizenship__ae,
    f.prs_citizenship__af,
    f.prs_citizenship__ag,
    f.prs_citizenship__ai,
    f.prs_citizenship__al,
    f.prs_citizenship__am,
    f.prs_citizenship__ao,
    f.prs_citizenship__aq,
    f.prs_citizenship__ar,
    f.prs_citizenship__as,
    f.prs_citizenship__at,
    f.prs_citizenship__au,
    f.prs_citizenship__aw,
    f.prs_citizenship__ax,
    f.prs_citizenship__az,
    f.prs_citizenship__ba,
    f.prs_citizenship__bb,
    f.prs_citizenship__bd,
    f.prs_citizenship__be,
    f.prs_citizenship__bf,
    f.prs_citizenship__bg,
    f.prs_citizenship__bh,
    f.prs_citizenship__bi,
    f.prs_citizenship__bj,
    f.prs_citizenship__bl,
    f.prs_citizenship__bm,
    f.prs_citizenship__bn,
    f.prs_citizenship__bo,
    f.prs_citizenship__bq,
    f.prs_citizenship__br,
    f.prs_citizenship__bs,
    f.prs_citizenship__bt,
    f.prs_citizenship__bv,
    f.prs_citizenship__bw,
    f.prs_citizenship__by,
    f.prs_citizenship__bz,
    f.prs_citizenship__ca,
    f.prs_citizenship__cc,
    f.prs_citizenship__cd,
    f.prs_citizenship__cf,
    f.prs_citizenship__cg,
    f.prs_citizenship__ch,
    f.prs_citizenship__ci,
    f.prs_citizenship__ck,
    f.prs_citizenship__cl,
    f.prs_citizenship__cm,
    f.prs_citizenship__cn,
    f.prs_citizenship__co,
    f.prs_citizenship__cr,
    f.prs_citizenship__cu,
    f.prs_citizenship__cv,
    f.prs_citizenship__cw,
    f.prs_citizenship__cx,
    f.prs_citizenship__cy,
    f.prs_citizenship__cz,
    f.prs_citizenship__de,
    f.prs_citizenship__dj,
    f.prs_citizenship__dk,
    f.prs_citizenship__dm,
    f.prs_citizenship__do,
    f.prs_citizenship__dz,
    f.prs_citizenship__ec,
    f.prs_citizenship__ee,
    f.prs_citizenship__eg,
    f.prs_citizenship__eh,
    f.prs_citizenship__er,
    f.prs_citizenship__es,
    f.prs_citizenship__et,
    f.prs_citizenship__fi,
    f.prs_citizenship__fj,
    f.prs_citizenship__fk,
    f.prs_citizenship__fm,
    f.prs_citizenship__fo,
    f.prs_citizenship__fr,
    f.prs_citizenship__ga,
    f.prs_citizenship__gb,
    f.prs_citizenship__gd,
    f.prs_citizenship__ge,
    f.prs_citizenship__gf,
    f.prs_citizenship__gg,
    f.prs_citizenship__gh,
    f.prs_citizenship__gi,
    f.prs_citizenship__gl,
    f.prs_citizenship__gm,
    f.prs_citizenship__gn,
    f.prs_citizenship__gp,
    f.prs_citizenship__gq,
    f.prs_citizenship__gr,
    f.prs_citizenship__gs,
    f.prs_citizenship__gt,
    f.prs_citizenship__gu,
    f.prs_citizenship__gw,
    f.prs_citizenship__gy,
    f.prs_citizenship__hk,
    f.prs_citizenship__hm,
    f.prs_citizenship__hn,
    f.prs_citizenship__hr,
    f.prs_citizenship__ht,
    f.prs_citizenship__hu,
    f.prs_citizenship__id,
    f.prs_citizenship__ie,
    f.prs_citizenship__il,
    f.prs_citizenship__im,
    f.prs_citizenship__in,
    f.prs_citizenship__io,
    f.prs_citizenship__iq,
    f.prs_citizenship__ir,
    f.prs_citizenship__is,
    f.prs_citizenship__it,
    f.prs_citizenship__je,
    f.prs_citizenship__jm,
    f.prs_citizenship__jo,
    f.prs_citizenship__jp,
    f.prs_citizenship__ke,
    f.prs_citizenship__kg,
    f.prs_citizenship__kh,
    f.prs_citizenship__ki,
    f.prs_citizenship__km,
    f.prs_citizenship__kn,
    f.prs_citizenship__kp,
    f.prs_citizenship__kr,
    f.prs_citizenship__kw,
    f.prs_citizenship__ky,
    f.prs_citizenship__kz,
    f.prs_citizenship__la,
    f.prs_citizenship__lb,
    f.prs_citizenship__lc,
    f.prs_citizenship__li,
    f.prs_citizenship__lk,
    f.prs_citizenship__lr,
    f.prs_citizenship__ls,
    f.prs_citizenship__lt,
    f.prs_citizenship__lu,
    f.prs_citizenship__lv,
    f.prs_citizenship__ly,
    f.prs_citizenship__ma,
    f.prs_citizenship__mc,
    f.prs_citizenship__md,
    f.prs_citizenship__me,
    f.prs_citizenship__mf,
    f.prs_citizenship__mg,
    f.prs_citizenship__mh,
    f.prs_citizenship__mk,
    f.prs_citizenship__ml,
    f.prs_citizenship__mm,
    f.prs_citizenship__mn,
    f.prs_citizenship__mo,
    f.prs_citizenship__mp,
    f.prs_citizenship__mq,
    f.prs_citizenship__mr,
    f.prs_citizenship__ms,
    f.prs_citizenship__mt,
    f.prs_citizenship__mu,
    f.prs_citizenship__mv,
    f.prs_citizenship__mw,
    f.prs_citizenship__mx,
    f.prs_citizenship__my,
    f.prs_citizenship__mz,
    f.prs_citizenship__na,
    f.prs_citizenship__nc,
    f.prs_citizenship__ne,
    f.prs_citizenship__nf,
    f.prs_citizenship__ng,
    f.prs_citizenship__ni,
    f.prs_citizenship__nl,
    f.prs_citizenship__no,
    f.prs_citizenship__np,
    f.prs_citizenship__nr,
    f.prs_citizenship__nu,
    f.prs_citizenship__nz,
    f.prs_citizenship__om,
    f.prs_citizenship__pa,
    f.prs_citizenship__pe,
    f.prs_citizenship__pf,
    f.prs_citizenship__pg,
    f.prs_citizenship__ph,
    f.prs_citizenship__pk,
    f.prs_citizenship__pl,
    f.prs_citizenship__pm,
    f.prs_citizenship__pn,
    f.prs_citizenship__pr,
    f.prs_citizenship__ps,
    f.prs_citizenship__pt,
    f.prs_citizenship__pw,
    f.prs_citizenship__py,
    f.prs_citizenship__qa,
    f.prs_citizenship__re,
    f.prs_citizenship__ro,
    f.prs_citizenship__rs,
    f.prs_citizenship__ru,
    f.prs_citizenship__rw,
    f.prs_citizenship__sa,
    f.prs_citizenship__sb,
    f.prs_citizenship__sc,
    f.prs_citizenship__sd,
    f.prs_citizenship__se,
    f.prs_citizenship__sg,
    f.prs_citizenship__sh,
    f.prs_citizenship__si,
    f.prs_citizenship__sj,
    f.prs_citizenship__sk,
    f.prs_citizenship__sl,
    f.prs_citizenship__sm,
    f.prs_citizenship__sn,
    f.prs_citizenship__so,
    f.prs_citizenship__sr,
    f.prs_citizenship__ss,
    f.prs_citizenship__st,
    f.prs_citizenship__sv,
    f.prs_citizenship__sx,
    f.prs_citizenship__sy,
    f.prs_citizenship__sz,
    f.prs_citizenship__tc,
    f.prs_citizenship__td,
    f.prs_citizenship__tf,
    f.prs_citizenship__tg,
    f.prs_citizenship__th,
    f.prs_citizenship__tj,
    f.prs_citizenship__tk,
    f.prs_citizenship__tl,
    f.prs_citizenship__tm,
    f.prs_citizenship__tn,
    f.prs_citizenship__to,
    f.prs_citizenship__tr,
    f.prs_citizenship__tt,
    f.prs_citizenship__tv,
    f.prs_citizenship__tw,
    f.prs_citizenship__tz,
    f.prs_citizenship__ua,
    f.prs_citizenship__ug,
    f.prs_citizenship__um,
    f.prs_citizenship__us,
    f.prs_citizenship__uy,
    f.prs_citizenship__uz,
    f.prs_citizenship__va,
    f.prs_citizenship__vc,
    f.prs_citizenship__ve,
    f.prs_citizenship__vg,
    f.prs_citizenship__vi,
    f.prs_citizenship__vn,
    f.prs_citizenship__vu,
    f.prs_citizenship__wf,
    f.prs_citizenship__ws,
    f.prs_citizenship__ye,
    f.prs_citizenship__yt,
    f.prs_citizenship__za,
    f.prs_citizenship__zm,
    f.prs_citizenship__zw,
    f.vic_traffickingstatus,
    f.vic_traffickingstatusdecisionmakingorg,
    f.vic_typeofexploitation__forcedlabour,
    f.vic_typeofexploitation__sexualexploitation,
    f.vic_typeofexploitation__childlabour,
    f.vic_typeofexploitation__forcedmarriage,
    f.vic_typeofexploitation__servitude,
    f.vic_typeofexploitation__forcedmilitarybynonstateactors,
    f.vic_typeofexploitation__organremoval,
    f.vic_typeofexploitation__forcedbegging,
    f.vic_typeofexploitation__forcedadoption,
    f.vic_typeofexploitation__surrogacy,
    f.vic_typeofexploitation__other,
    f.vic_forcedlabourindustry,
    f.vic_methodsofcontrol__physicalthreats,
    f.vic_methodsofcontrol__threatslawenforcement,
    f.vic_methodsofcontrol__threatenschildrenfamily,
    f.vic_methodsofcontrol__debtbondage,
    f.vic_methodsofcontrol__falsepromises,
    f.vic_methodsofcontrol__physicalabuse,
    f.vic_methodsofcontrol__sexualabuse,
    f.vic_methodsofcontrol__takesearnings,
    f.vic_methodsofcontrol__restrictsfinancialaccess,
    f.vic_methodsofcontrol__restrictsmedicalcare,
    f.vic_methodsofcontrol__withholdsnecessities,
    f.vic_methodsofcontrol__psychologicalabuse,
    f.vic_methodsofcontrol__psychoactivesubstance,
    f.vic_methodsofcontrol__excessiveworkinghours,
    f.vic_methodsofcontrol__withholdsdocuments,
    f.vic_methodsofcontrol__other,
    f.vic_methodofrecruitment__ataplaceofbusiness,
    f.vic_methodofrecruitment__ataneducationalinstitution,
    f.vic_methodofrecruitment__atwork,
    f.vic_methodofrecruitment__throughonlinesocialnetworks,
    f.vic_methodofrecruitment__throughanonlineadvertisement,
    f.vic_methodofrecruitment__throughatelevisionadvert,
    f.vic_methodofrecruitment__throughanewspaperadvert,
    f.vic_methodofrecruitment__throughfamilyorfamilyevents,
    f.vic_methodofrecruitment__throughfriendsorsocialevents,
    f.vic_methodofrecruitment__other,
    f.vic_relationshiptotrafficker,
    f.hte_country,
    f.cas_status,
    f.cas_referredorganisation,
    f.cas_outgoingreferraldate_month,
    f.legal_assistance,
    f.legal_proceedings_stage,
    f.ledger_id,
    f.loaded_at
from core.fact_case f
join core.fact_case_current c
    on c.partner_code = f.partner_code and c.record_key = f.record_key and c.ledger_id = f.ledger_id;
comment on view core.country_cases is 'Partner-scoped view (row-level security): the cases records that stand, of the partners of the countries the querying role may read (core.country_reader); grain: one cases record of one partner. For members of pata_partner_reader.';

create view core.rehabilitation_enrolments as
select
    f.partner_code,
    f.record_key,
    f.period_month,
    f.partner_case_id_key,
    f.status_month,
    f.age_band,
    f.is_minor,
    f.prs_gender,
    f.training_type,
    f.training_hours,
    f.start_month,
    f.end_month,
    f.outcome,
    f.employment_6m,
    f.ledger_id,
    f.loaded_at
from core.fact_rehabilitation_enrolment f
join core.fact_rehabilitation_enrolment_current c
    on c.partner_code = f.partner_code and c.record_key = f.record_key and c.ledger_id = f.ledger_id;
comment on view core.rehabilitation_enrolments is 'Documented view for regional staff: the version that stands of each rehabilitation enrolment (one person in one vocational training) (grain: one rehabilitation record of one partner), de-identified, with its source file (ledger_id). The person key is left out.';
create view core.country_rehabilitation_enrolments with (security_invoker = true) as
select
    f.partner_code,
    f.record_key,
    f.period_month,
    f.partner_case_id_key,
    f.status_month,
    f.age_band,
    f.is_minor,
    f.prs_gender,
    f.training_type,
    f.training_hours,
    f.start_month,
    f.end_month,
    f.outcome,
    f.employment_6m,
    f.ledger_id,
    f.loaded_at
from core.fact_rehabilitation_enrolment f
join core.fact_rehabilitation_enrolment_current c
    on c.partner_code = f.partner_code and c.record_key = f.record_key and c.ledger_id = f.ledger_id;
comment on view core.country_rehabilitation_enrolments is 'Partner-scoped view (row-level security): the rehabilitation records that stand, of the partners of the countries the querying role may read (core.country_reader); grain: one rehabilitation record of one partner. For members of pata_partner_reader.';

create view core.network_events as
select
    f.partner_code,
    f.event_id,
    f.period_month,
    f.event_date,
    f.end_date,
    f.objective,
    f.event_format,
    f.country,
    f.city,
    f.title,
    f.participants_religious_leaders,
    f.participants_civic_leaders,
    f.participants_government,
    f.participants_ngo,
    f.participants_other,
    f.participants_total,
    f.ledger_id,
    f.loaded_at
from core.fact_network_event f
join core.fact_network_event_current c
    on c.partner_code = f.partner_code and c.event_id = f.event_id and c.ledger_id = f.ledger_id;
comment on view core.network_events is 'Documented view for regional staff: the version that stands of each network or advocacy event (grain: one network_events record of one partner), de-identified, with its source file (ledger_id). The person key is left out.';
create view core.country_network_events with (security_invoker = true) as
select
    f.partner_code,
    f.event_id,
    f.period_month,
    f.event_date,
    f.end_date,
    f.objective,
    f.event_format,
    f.country,
    f.city,
    f.title,
    f.participants_religious_leaders,
    f.participants_civic_leaders,
    f.participants_government,
    f.participants_ngo,
    f.participants_other,
    f.participants_total,
    f.ledger_id,
    f.loaded_at
from core.fact_network_event f
join core.fact_network_event_current c
    on c.partner_code = f.partner_code and c.event_id = f.event_id and c.ledger_id = f.ledger_id;
comment on view core.country_network_events is 'Partner-scoped view (row-level security): the network_events records that stand, of the partners of the countries the querying role may read (core.country_reader); grain: one network_events record of one partner. For members of pata_partner_reader.';

-- Derived facts of cases: views over the case version that stands, so they can never
-- disagree with it (and a load writes nothing more for them).
create view core.case_exploitation_types as
select
    f.partner_code,
    f.record_key,
    x.exploitation_type,
    f.period_month,
    f.ledger_id,
    f.loaded_at
from core.fact_case f
join core.fact_case_current c
    on c.partner_code = f.partner_code and c.record_key = f.record_key and c.ledger_id = f.ledger_id
cross join lateral unnest(
    array['ForcedLabour', 'SexualExploitation', 'ChildLabour', 'ForcedMarriage', 'Servitude', 'ForcedMilitaryByNonStateActors', 'OrganRemoval', 'ForcedBegging', 'ForcedAdoption', 'Surrogacy', 'Other']::text[],
    array[
        f.vic_typeofexploitation__forcedlabour,
        f.vic_typeofexploitation__sexualexploitation,
        f.vic_typeofexploitation__childlabour,
        f.vic_typeofexploitation__forcedmarriage,
        f.vic_typeofexploitation__servitude,
        f.vic_typeofexploitation__forcedmilitarybynonstateactors,
        f.vic_typeofexploitation__organremoval,
        f.vic_typeofexploitation__forcedbegging,
        f.vic_typeofexploitation__forcedadoption,
        f.vic_typeofexploitation__surrogacy,
        f.vic_typeofexploitation__other
    ]
) as x (exploitation_type, flag)
where x.flag = 1;
comment on view core.case_exploitation_types is 'Documented view for regional staff: the types of exploitation of each person-case, from the vic_typeofexploitation__* flags of its version that stands (grain: one exploitation type of one person-case). Join core.cases on (partner_code, record_key).';
comment on column core.case_exploitation_types.exploitation_type is 'Type of exploitation (core.dim_exploitation_type).';

create view core.referrals as
select
    f.partner_code,
    f.record_key,
    f.cas_referredorganisation as referred_organisation,
    f.cas_outgoingreferraldate_month as referral_month,
    f.cas_status as case_status,
    f.period_month,
    f.ledger_id,
    f.loaded_at
from core.fact_case f
join core.fact_case_current c
    on c.partner_code = f.partner_code and c.record_key = f.record_key and c.ledger_id = f.ledger_id
where f.cas_referredorganisation is not null or f.cas_outgoingreferraldate_month is not null;
comment on view core.referrals is 'Documented view for regional staff: the outgoing referral of each person-case whose version that stands records one (grain: one referral of one person-case; HTCDS exports one per case).';
comment on column core.referrals.referred_organisation is 'Kind of organisation the person was referred to (core.dim_referral_organisation); null when not recorded.';
comment on column core.referrals.referral_month is 'First day of the month of the outgoing referral; null when not recorded.';
comment on column core.referrals.case_status is 'State of the case in the same version (core.dim_case_status).';

-- Grants ------------------------------------------------------------------------------------
-- pata_pipeline already writes everything here (default privileges of 0001).
grant usage on schema core to pata_analyst, pata_partner_reader;
grant select on
    core.awareness_sessions, core.cases, core.case_exploitation_types, core.referrals,
    core.rehabilitation_enrolments, core.network_events
to pata_analyst;
grant select on
    core.dim_partner, core.dim_country, core.dim_province, core.dim_quarter, core.dim_month,
    core.dim_age_band, core.dim_gender, core.dim_exploitation_type, core.dim_case_status,
    core.dim_referral_organisation, core.dim_training_type, core.dim_training_outcome,
    core.dim_target_group, core.dim_awareness_topic, core.dim_event_objective
to pata_analyst, pata_partner_reader;
-- security_invoker views need the reader's own SELECT on the tables; RLS filters the rows.
grant select on
    core.fact_awareness_session, core.fact_case, core.fact_rehabilitation_enrolment,
    core.fact_network_event, core.fact_awareness_session_current, core.fact_case_current,
    core.fact_rehabilitation_enrolment_current, core.fact_network_event_current,
    core.country_reader,
    core.country_awareness_sessions, core.country_cases, core.country_rehabilitation_enrolments,
    core.country_network_events
to pata_partner_reader;

-- View columns take the comment of the table column they show -----------------------------
do $$
declare
    item record;
begin
    for item in
        select distinct on (v.oid, a.attnum) v.oid::regclass as view_name, a.attname, d.description
        from pg_class v
        join pg_namespace n on n.oid = v.relnamespace
        join pg_attribute a on a.attrelid = v.oid and a.attnum > 0 and not a.attisdropped
        join pg_rewrite rw on rw.ev_class = v.oid
        join pg_depend dep
            on dep.classid = 'pg_rewrite'::regclass and dep.objid = rw.oid
            and dep.refclassid = 'pg_class'::regclass and dep.refobjsubid > 0
        join pg_attribute src
            on src.attrelid = dep.refobjid and src.attnum = dep.refobjsubid and src.attname = a.attname
        join pg_description d
            on d.classoid = 'pg_class'::regclass and d.objoid = src.attrelid and d.objsubid = src.attnum
        where v.relkind = 'v' and n.nspname = 'core'
          and not exists (
              select 1 from pg_description x
              where x.classoid = 'pg_class'::regclass and x.objoid = v.oid and x.objsubid = a.attnum)
        order by v.oid, a.attnum, src.attrelid
    loop
        execute 'comment on column ' || item.view_name::text || '.' || quote_ident(item.attname)
            || ' is ' || quote_literal(item.description);
    end loop;
end
$$;
