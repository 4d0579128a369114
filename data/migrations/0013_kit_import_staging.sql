-- Kit imports are staged like participant imports (0011): the kits of an
-- import are written in short transactions into kit_rows under the
-- import's id and stay invisible (the kits view leaves them out, and
-- every component is reached through its kit) until the import's
-- pending_imports row is deleted in one more short transaction.
ALTER TABLE kits RENAME TO kit_rows;
ALTER TABLE kit_rows ADD COLUMN import_id INTEGER;
CREATE INDEX kit_rows_import ON kit_rows(import_id) WHERE import_id IS NOT NULL;

CREATE VIEW kits AS
    SELECT * FROM kit_rows
    WHERE import_id IS NULL OR import_id NOT IN (SELECT id FROM pending_imports);

-- Statements written for the table keep working on the view.
CREATE TRIGGER kits_update INSTEAD OF UPDATE ON kits BEGIN
    UPDATE kit_rows SET tag=NEW.tag, alt_tag=NEW.alt_tag, kind=NEW.kind, status=NEW.status, site_id=NEW.site_id,
        notes=NEW.notes, carrier=NEW.carrier, line_number=NEW.line_number, imei=NEW.imei,
        service_state=NEW.service_state, created_at=NEW.created_at, updated_at=NEW.updated_at
    WHERE id=OLD.id;
END;
