-- Drops the schemas (and everything in them). Roles are cluster-wide and may serve other
-- databases, so they are left in place.
drop schema if exists marts cascade;
drop schema if exists linkage cascade;
drop schema if exists core cascade;
drop schema if exists staging cascade;
drop schema if exists ops cascade;
