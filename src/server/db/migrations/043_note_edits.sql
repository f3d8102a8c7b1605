-- Notes can be edited (by their author, an Admin or an Owner): when one last was, so the UI can mark it "edited".
-- The earlier texts live in the audit trail (note.updated / note.deleted, access/notes.ts).
alter table notes add column edited_at timestamptz;
