-- Drops what 0003 created. The role pata_partner_reader is cluster-wide and may serve other
-- databases: its grants here go with the objects, the role stays (like 0001's roles).
drop view if exists marts.records_by_month;

drop view if exists core.referrals;
drop view if exists core.case_exploitation_types;
drop view if exists core.country_network_events;
drop view if exists core.network_events;
drop view if exists core.country_rehabilitation_enrolments;
drop view if exists core.rehabilitation_enrolments;
drop view if exists core.country_cases;
drop view if exists core.cases;
drop view if exists core.country_awareness_sessions;
drop view if exists core.awareness_sessions;

drop table if exists core.fact_network_event_current;
drop table if exists core.fact_network_event;
drop table if exists core.fact_rehabilitation_enrolment_current;
drop table if exists core.fact_rehabilitation_enrolment;
drop table if exists core.fact_case_current;
drop table if exists core.fact_case;
drop table if exists core.fact_awareness_session_current;
drop table if exists core.fact_awareness_session;

drop table if exists staging.network_events;
drop table if exists staging.rehabilitation;
drop table if exists staging.cases;
drop table if exists staging.awareness_sessions;

drop table if exists core.country_reader;
drop table if exists core.dim_event_objective;
drop table if exists core.dim_awareness_topic;
drop table if exists core.dim_target_group;
drop table if exists core.dim_training_outcome;
drop table if exists core.dim_training_type;
drop table if exists core.dim_referral_organisation;
drop table if exists core.dim_case_status;
drop table if exists core.dim_exploitation_type;
drop table if exists core.dim_gender;
drop table if exists core.dim_age_band;
drop table if exists core.dim_month;
drop table if exists core.dim_quarter;
drop table if exists core.dim_province;
drop table if exists core.dim_country;
drop table if exists core.dim_partner;

drop table if exists ops.load_audit;

revoke usage on schema core from pata_analyst;
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'pata_partner_reader') then
        revoke usage on schema core from pata_partner_reader;
    end if;
end
$$;
