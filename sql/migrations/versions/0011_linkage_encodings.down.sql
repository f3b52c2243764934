drop view if exists marts.cross_border_corridors;
drop view if exists marts.cross_border_persons;
drop view if exists core.person_clusters;
drop table if exists linkage.person_cluster;
drop table if exists linkage.record_match;
drop table if exists linkage.record_encoding;
-- The pata_linkage role is cluster-wide and may own grants elsewhere: left in place.
