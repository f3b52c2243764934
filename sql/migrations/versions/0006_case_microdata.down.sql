drop table if exists marts.case_microdata;
