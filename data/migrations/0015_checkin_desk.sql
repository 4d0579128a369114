-- Each check-in names the desk it was made at ("Resource room"), so a desk
-- scanning a card already checked in elsewhere can say where.
ALTER TABLE checkins ADD COLUMN desk TEXT NOT NULL DEFAULT '';
