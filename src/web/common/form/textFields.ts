type TextKeys<T> = { [K in keyof T]-?: T[K] extends string | null | undefined ? K : never }[keyof T];

/** A loaded record's text fields as a form holds them: each as it is, or '' where the record has none. */
export function textFields<T, K extends TextKeys<T>>(record: T, keys: readonly K[]): Record<K, string> {
  const fields = {} as Record<K, string>;
  for (const key of keys) fields[key] = (record[key] as string | null | undefined) ?? '';
  return fields;
}
