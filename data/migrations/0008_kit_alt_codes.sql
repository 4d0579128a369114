-- Centers already have their own asset tags on their kits ("WR-KIT-001",
-- "LAPL-HS-0042"). A kit keeps that tag as an alternate code: scanning or
-- typing it finds the kit like its own label does. It is stored trimmed and
-- in upper case (so matching ignores case), '' when the kit has none, and
-- no two kits share one.
ALTER TABLE kits ADD COLUMN alt_tag TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX kits_alt_tag ON kits(alt_tag) WHERE alt_tag <> '';
