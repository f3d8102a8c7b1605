/**
 * The application's clock. A time that SQL would otherwise compute inside `ON CONFLICT … DO UPDATE` or
 * `UPDATE … SET x = now() ± interval` is taken here and passed as a parameter
 * (docs/decisions/016-ready-for-organisations.md).
 */
export function now(): Date {
  return new Date();
}
