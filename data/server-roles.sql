-- Front Desk on a center's PostgreSQL server: the roles and the database.
-- Run once by the server's administrator (psql as a superuser), after
-- replacing the two passwords. README, "A center server", says how.
--
-- frontdesk_owner owns the schema: `frontdeskctl init` and upgrades of
-- Front Desk connect as it (they create and change tables), and so does
-- `frontdeskctl restore`, which restores a backup into a new database and
-- swaps it in by renaming: hence CREATEDB.
-- frontdesk_desk is what every desk connects as: it reads and writes
-- records, and can change no table, drop nothing, and never edit or delete
-- a row of the audit log, whatever the program asks.

CREATE ROLE frontdesk_owner LOGIN CREATEDB PASSWORD 'change-me-owner';
CREATE ROLE frontdesk_desk LOGIN PASSWORD 'change-me-desk';
CREATE DATABASE frontdesk OWNER frontdesk_owner ENCODING 'UTF8' TEMPLATE template0;

\connect frontdesk

-- nobody else may create objects in the database's public schema
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO frontdesk_owner;
GRANT USAGE ON SCHEMA public TO frontdesk_desk;

-- what the owner creates, the desks may use
ALTER DEFAULT PRIVILEGES FOR ROLE frontdesk_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO frontdesk_desk;
ALTER DEFAULT PRIVILEGES FOR ROLE frontdesk_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO frontdesk_desk;
ALTER DEFAULT PRIVILEGES FOR ROLE frontdesk_owner IN SCHEMA public
    GRANT EXECUTE ON FUNCTIONS TO frontdesk_desk;
