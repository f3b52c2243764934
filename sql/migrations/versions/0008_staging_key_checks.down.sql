alter table staging.cases
    drop constraint cases_record_key_check,
    drop constraint cases_person_key_check,
    add constraint cases_record_key_check check (record_key ~ '^[0-9a-f]{64}$'),
    add constraint cases_person_key_check check (person_key ~ '^[0-9a-f]{64}$');

alter table staging.rehabilitation
    drop constraint rehabilitation_record_key_check,
    drop constraint rehabilitation_person_key_check,
    drop constraint rehabilitation_partner_case_id_key_check,
    add constraint rehabilitation_record_key_check check (record_key ~ '^[0-9a-f]{64}$'),
    add constraint rehabilitation_person_key_check check (person_key ~ '^[0-9a-f]{64}$'),
    add constraint rehabilitation_partner_case_id_key_check
        check (partner_case_id_key ~ '^[0-9a-f]{64}$');
