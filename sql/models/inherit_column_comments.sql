-- Run after each model: a view column without a comment takes the one of the column it shows.
do $$
declare
    item record;
begin
    for item in
        select distinct on (v.oid, a.attnum) v.oid::regclass as view_name, a.attname, d.description
        from pg_class v
        join pg_namespace n on n.oid = v.relnamespace
        join pg_attribute a on a.attrelid = v.oid and a.attnum > 0 and not a.attisdropped
        join pg_rewrite rw on rw.ev_class = v.oid
        join pg_depend dep
            on dep.classid = 'pg_rewrite'::regclass and dep.objid = rw.oid
            and dep.refclassid = 'pg_class'::regclass and dep.refobjsubid > 0
        join pg_attribute src
            on src.attrelid = dep.refobjid and src.attnum = dep.refobjsubid and src.attname = a.attname
        join pg_description d
            on d.classoid = 'pg_class'::regclass and d.objoid = src.attrelid and d.objsubid = src.attnum
        where v.relkind = 'v' and n.nspname in ('core', 'marts')
          and not exists (
              select 1 from pg_description x
              where x.classoid = 'pg_class'::regclass and x.objoid = v.oid and x.objsubid = a.attnum)
        order by v.oid, a.attnum, src.attrelid
    loop
        execute 'comment on column ' || item.view_name::text || '.' || quote_ident(item.attname)
            || ' is ' || quote_literal(item.description);
    end loop;
end
$$;
