-- A person may leave the colleague directory (My profile): the directory's search skips them; the People list,
-- which administrators use, still shows them (docs/product-rules.md §4).
alter table users add column hidden_from_directory boolean not null default false;
