-- The staging templates' pseudonym checks, same rule without the {64} regex (see the .py).
-- The templates are never written (a load copies them into a temporary table), so the new
-- constraints are validated on empty tables.
alter table staging.cases
    drop constraint cases_record_key_check,
    drop constraint cases_person_key_check,
    add constraint cases_record_key_check
        check (length(record_key) = 64 and record_key !~ '[^0-9a-f]'),
    add constraint cases_person_key_check
        check (length(person_key) = 64 and person_key !~ '[^0-9a-f]');

alter table staging.rehabilitation
    drop constraint rehabilitation_record_key_check,
    drop constraint rehabilitation_person_key_check,
    drop constraint rehabilitation_partner_case_id_key_check,
    add constraint rehabilitation_record_key_check
        check (length(record_key) = 64 and record_key !~ '[^0-9a-f]'),
    add constraint rehabilitation_person_key_check
        check (length(person_key) = 64 and person_key !~ '[^0-9a-f]'),
    add constraint rehabilitation_partner_case_id_key_check
        check (length(partner_case_id_key) = 64 and partner_case_id_key !~ '[^0-9a-f]');
