-- marts.sex_category: how the indicators name the sex of a person from HTCDS prs_Gender.
-- Grain: a function (one value per gender code); one place for every indicator query.
create or replace function marts.sex_category(prs_gender text) returns text
language sql immutable parallel safe
return case
    when prs_gender = 'Feminine' then 'female'
    when prs_gender = 'Masculine' then 'male'
    when prs_gender in ('TransgenderFeminine', 'TransgenderMasculine', 'NonConforming') then 'other'
    else 'unknown'
end;
comment on function marts.sex_category(text) is 'Sex category of the indicators from HTCDS prs_Gender: female, male, other (transgender, non-conforming) or unknown (NonSpecifiedUnknown or empty).';
