-- core.country_cases: identified persons, de-identified, in plain names with labels.
-- Grain: one row per person-case (one identified person in one case of one partner).
-- HTCDS names stay in the contracts and in core.fact_case; the data dictionary maps them.
-- The one place of the plain names and labels of cases; core.cases reads it. It runs as the
-- querying role (security_invoker), so row-level security on the tables keeps a partner
-- reader (the access matrix gives them core.country_*) to its own partner's rows, and the
-- pipeline, which reads every row of the tables, sees every partner's.
create view core.country_cases with (security_invoker = true) as
with standing as (
    select partner_code, record_key, ledger_id from core.fact_case_current
),

current_cases as (
    -- The version that stands, as in core.current_cases, but named columns and no person
    -- key: PostgreSQL checks every column a view names against the querying role, and a
    -- partner reader may not read person_key (so this cannot read core.current_cases).
    select
        f.partner_code,
        f.record_key,
        f.period_month,
        f.identification_month,
        f.province,
        f.age_band,
        f.is_minor,
        f.prs_gender,
        f.prs_citizenship,
        f.vic_traffickingstatus,
        f.vic_traffickingstatusdecisionmakingorg,
        f.vic_typeofexploitation,
        f.vic_forcedlabourindustry,
        f.vic_methodsofcontrol,
        f.vic_methodofrecruitment,
        f.vic_relationshiptotrafficker,
        f.hte_country,
        f.cas_status,
        f.cas_referredorganisation,
        f.cas_outgoingreferraldate_month,
        f.legal_assistance,
        f.legal_proceedings_stage,
        f.ledger_id,
        f.loaded_at
    from core.fact_case as f
    inner join standing
        on standing.partner_code = f.partner_code
        and standing.record_key = f.record_key
        and standing.ledger_id = f.ledger_id
),

renamed as (
    select
        partner_code,
        record_key,
        period_month,
        identification_month,
        province,
        age_band,
        is_minor,
        prs_gender as gender,
        prs_citizenship as citizenship,
        vic_traffickingstatus as trafficking_status,
        vic_traffickingstatusdecisionmakingorg as trafficking_status_decided_by,
        vic_typeofexploitation as exploitation_types,
        vic_forcedlabourindustry as forced_labour_industry,
        vic_methodsofcontrol as methods_of_control,
        vic_methodofrecruitment as recruitment_methods,
        vic_relationshiptotrafficker as relationship_to_trafficker,
        hte_country as country_of_exploitation,
        cas_status as case_status,
        cas_referredorganisation as referred_organisation,
        cas_outgoingreferraldate_month as referral_month,
        legal_assistance,
        legal_proceedings_stage,
        ledger_id,
        loaded_at
    from current_cases
),

labelled as (
    select
        renamed.*,
        gender.label as gender_label,
        country.country_name as country_of_exploitation_name,
        case_status.label as case_status_label
    from renamed
    left join core.dim_gender as gender on gender.code = renamed.gender
    left join core.dim_country as country on country.country_code = renamed.country_of_exploitation
    left join core.dim_case_status as case_status on case_status.code = renamed.case_status
)

select * from labelled;
comment on view core.country_cases is 'Partner-scoped view (row-level security): core.cases restricted to the querying partner login''s own partner (core.partner_reader); grain: one person-case of a partner. For members of pata_partner_reader.';
comment on column core.country_cases.gender is 'Gender of the person (HTCDS prs_Gender; core.dim_gender).';
comment on column core.country_cases.citizenship is 'Citizenship(s) of the person, ISO 3166-1 alpha-2 codes (HTCDS prs_Citizenship); null when unanswered.';
comment on column core.country_cases.trafficking_status is 'Whether the person is a possible, actual or no victim of trafficking (HTCDS vic_TraffickingStatus).';
comment on column core.country_cases.trafficking_status_decided_by is 'The kind of organisation that decided the trafficking status (HTCDS vic_TraffickingStatusDecisionMakingOrg).';
comment on column core.country_cases.exploitation_types is 'Type(s) of exploitation (HTCDS vic_TypeOfExploitation; core.dim_exploitation_type); one row each in core.case_exploitation_types.';
comment on column core.country_cases.forced_labour_industry is 'Industry of forced labour, ISIC section (HTCDS vic_ForcedLabourIndustry).';
comment on column core.country_cases.methods_of_control is 'Methods of control used by the trafficker (HTCDS vic_MethodsOfControl).';
comment on column core.country_cases.recruitment_methods is 'Method(s) of recruitment (HTCDS vic_MethodOfRecruitment).';
comment on column core.country_cases.relationship_to_trafficker is 'Relationship of the person to the trafficker (HTCDS vic_RelationshipToTrafficker).';
comment on column core.country_cases.country_of_exploitation is 'Country of exploitation, ISO 3166-1 alpha-2 (HTCDS hte_Country).';
comment on column core.country_cases.case_status is 'State of the case at the time of the export (HTCDS cas_Status; core.dim_case_status).';
comment on column core.country_cases.referred_organisation is 'Kind of organisation the person was referred to (HTCDS cas_ReferredOrganisation).';
comment on column core.country_cases.referral_month is 'First day of the month of the outgoing referral (HTCDS cas_OutgoingReferralDate).';
comment on column core.country_cases.gender_label is 'Label of gender (core.dim_gender).';
comment on column core.country_cases.country_of_exploitation_name is 'Name of the country of exploitation (core.dim_country).';
comment on column core.country_cases.case_status_label is 'Label of case_status (core.dim_case_status).';
