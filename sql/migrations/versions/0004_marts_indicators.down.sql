drop function if exists marts.sex_category(text);
drop table if exists marts.indicator_values;
