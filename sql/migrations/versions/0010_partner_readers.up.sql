-- Partner readers read their partner's rows (row-level security by partner, not country).
-- The policies are the access matrix's (config/access.yaml), applied after every upgrade.

drop table if exists core.country_reader cascade;

create table core.partner_reader (
    role_name text not null check (role_name ~ '^[a-z_][a-z0-9_]*$'),
    partner_code text not null references core.dim_partner (partner_code),
    granted_at timestamptz not null default now(),
    primary key (role_name, partner_code)
);
comment on table core.partner_reader is 'Partner-scoped access (grain: one partner login and one partner whose rows it reads). Written by `pata access create-partner-reader`; a member of pata_partner_reader sees, in the tables and views the access matrix gives it, only the rows of the partners listed here for its login, and only its own rows of this table (row-level security).';
comment on column core.partner_reader.role_name is 'Database login (current_user of the session) of the partner reader.';
comment on column core.partner_reader.partner_code is 'Partner (core.dim_partner) whose rows the login may read.';
comment on column core.partner_reader.granted_at is 'When the access was recorded.';
