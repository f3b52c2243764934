-- core.referrals: the outgoing referral of each person-case that records one.
-- Grain: one row per referral of one person-case (HTCDS exports one per case).
create view core.referrals as
with current_cases as (
    select * from core.current_cases
),

renamed as (
    select
        partner_code,
        record_key,
        cas_referredorganisation as referred_organisation,
        cas_outgoingreferraldate_month as referral_month,
        cas_status as case_status,
        period_month,
        ledger_id,
        loaded_at
    from current_cases
    where cas_referredorganisation is not null or cas_outgoingreferraldate_month is not null
)

select * from renamed;
comment on view core.referrals is 'Documented view for regional staff: the outgoing referral of each person-case whose version that stands records one (grain: one referral of one person-case; HTCDS exports one per case).';
comment on column core.referrals.referred_organisation is 'Kind of organisation the person was referred to (HTCDS cas_ReferredOrganisation).';
comment on column core.referrals.referral_month is 'First day of the month of the outgoing referral (HTCDS cas_OutgoingReferralDate).';
comment on column core.referrals.case_status is 'State of the case at the time of the export (HTCDS cas_Status).';
