import { describe, expect, it } from 'vitest';
import { splitStatements } from './migrate';

describe('splitStatements', () => {
  it('splits at semicolons but not inside strings, comments or dollar-quoted bodies', () => {
    const sql = `-- a comment; with a semicolon
create table a (x text default 'it''s; fine');
create function f() returns trigger language plpgsql as $$
begin
  new.x := 'y';
  return new;
end $$;
select 1`;
    expect(splitStatements(sql)).toEqual([
      "create table a (x text default 'it''s; fine')",
      "create function f() returns trigger language plpgsql as $$\nbegin\n  new.x := 'y';\n  return new;\nend $$",
      'select 1',
    ]);
  });
});
