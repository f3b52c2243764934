-- core.person_clusters: the cluster (person) pseudonym of every linked record, from the
-- restricted linkage schema (pipeline role: deduplicated person counts).
-- Grain: one row per current cases or rehabilitation record that has an encoding and has
-- been linked (a record stored since the last linkage step, pending, appears after it).
create view core.person_clusters as
select e.partner_code, e.dataset, e.record_key, c.cluster_key
from linkage.record_encoding as e
inner join linkage.person_cluster as c on c.record_id = e.id;
comment on view core.person_clusters is 'Cluster (person) pseudonym of every linked cases and rehabilitation record; grain: one current, linked record (a record stored since the last linkage step appears after it). The same person reported by several partners has one cluster_key.';
comment on column core.person_clusters.partner_code is 'Partner that reported the record.';
comment on column core.person_clusters.dataset is 'Dataset of the record: cases or rehabilitation.';
comment on column core.person_clusters.record_key is 'Record pseudonym (record_key of the core fact).';
comment on column core.person_clusters.cluster_key is 'Person pseudonym of the linkage cluster: the same for every record of one person, across partners and countries.';

