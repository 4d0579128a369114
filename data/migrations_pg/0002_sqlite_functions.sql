-- SQLite's functions that the store's queries call, defined on the server
-- with SQLite's meaning, so one query text serves both stores.

-- instr(haystack, needle): 1-based position of needle, 0 when absent.
CREATE FUNCTION instr(text, text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN strpos($1, $2);

-- julianday(t): the Julian day number of a stored instant or date (UTC
-- text such as 2026-03-10T17:15:00.000Z or 2026-03-10).
CREATE FUNCTION julianday(text) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN extract(epoch FROM $1::timestamp)::double precision / 86400.0 + 2440587.5;

-- max(a, b) and min(a, b) with two arguments: the larger or smaller, NULL
-- when either is NULL (the one-argument aggregates are PostgreSQL's own).
CREATE FUNCTION max(double precision, double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN greatest($1, $2);
CREATE FUNCTION min(double precision, double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN least($1, $2);
CREATE FUNCTION max(text, text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN greatest($1, $2);
CREATE FUNCTION min(text, text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN least($1, $2);

-- total(x): the sum as a float, 0.0 over no rows.
CREATE AGGREGATE total(double precision) (SFUNC = float8pl, STYPE = double precision, INITCOND = '0');

-- group_concat(x): the values joined with commas, NULLs left out; NULL
-- over no values.
CREATE FUNCTION group_concat_step(text, anyelement) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2::text ELSE $1 || ',' || $2::text END $$;
CREATE AGGREGATE group_concat(anyelement) (SFUNC = group_concat_step, STYPE = text);
