-- Search by every word of a name and by any part of a phone number.
--
-- participant_words holds each word of a participant's folded name
-- (participants.name_key split at spaces: "jose de la cruz" gives jose, de,
-- la, cruz); participant_phone_parts every ending of the national number at
-- least three digits long ("2139845100" gives 2139845100, 139845100, …,
-- 100). A prefix range scan on either finds a word start or any run of
-- digits inside the number. sort is the participant's name_key_rev, so a
-- scan comes out in name order for each word. The rows are written with the
-- participant (data/search.go), and filled here for everyone already there
-- by the Go step of this migration, with the same statements.
CREATE TABLE participant_words (
    word           TEXT NOT NULL,
    sort           TEXT NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    name           TEXT NOT NULL, -- name_key, to check other words typed while scanning
    PRIMARY KEY (word, sort, participant_id)
) WITHOUT ROWID;
CREATE INDEX participant_words_participant ON participant_words(participant_id, word);

-- participant_word_pairs holds every ordered pair of two different words
-- of the name ("jose cruz", "cruz jose", "de cruz", …) with the whole
-- name: "cruz jo" is a prefix of the pair "cruz jose", and a third word
-- typed is looked for in name while scanning.
CREATE TABLE participant_word_pairs (
    pair           TEXT NOT NULL,
    sort           TEXT NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    name           TEXT NOT NULL,
    PRIMARY KEY (pair, sort, participant_id)
) WITHOUT ROWID;
CREATE INDEX participant_word_pairs_participant ON participant_word_pairs(participant_id);

CREATE TABLE participant_phone_parts (
    part           TEXT NOT NULL,
    sort           TEXT NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    PRIMARY KEY (part, sort, participant_id)
) WITHOUT ROWID;
CREATE INDEX participant_phone_parts_participant ON participant_phone_parts(participant_id);
