-- Run once by the postgres image when its volume is first created (docker-compose.yml): the
-- runtime login the app serves requests with. It owns nothing and cannot bypass row-level
-- security; the owner (POSTGRES_USER) runs migrations and grants it its privileges.
create role sweetspot_runtime login password 'sweetspot_runtime'
  nosuperuser nobypassrls nocreatedb nocreaterole;
