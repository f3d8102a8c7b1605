import { useEffect, useState, type ChangeEvent } from 'react';

type KeysOf<F, V> = { [K in keyof F]-?: F[K] extends V ? K : never }[keyof F];

/**
 * A form's values, filled from what was loaded (`toForm(value)`) and filled again when it changes (after a
 * save, the refetched value). `text`, `checked` and `number` bind an input to one field.
 */
export function useFormState<V, F extends object>(value: V, toForm: (value: V) => F) {
  const [form, setForm] = useState(() => toForm(value));
  // toForm maps the loaded value to fields; the form is reset when the loaded value changes, not the mapping.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setForm(toForm(value)), [value]);

  const set = <K extends keyof F>(key: K, v: F[K]) => setForm((f) => ({ ...f, [key]: v }));
  const text = (key: KeysOf<F, string | null | undefined>) => ({
    value: (form[key] ?? '') as string,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
      set(key, e.currentTarget.value as F[typeof key]),
  });
  const checked = (key: KeysOf<F, boolean | null | undefined>) => ({
    checked: Boolean(form[key]),
    onChange: (e: ChangeEvent<HTMLInputElement>) => set(key, e.currentTarget.checked as F[typeof key]),
  });
  const number = (key: KeysOf<F, number>) => ({
    value: form[key] as number,
    onChange: (v: string | number) => set(key, (typeof v === 'number' ? v : Number(v) || 0) as F[typeof key]),
  });
  return { form, setForm, set, text, checked, number };
}

const same = <F>(v: F) => v;
/** Form state with no loaded value to map: the fields start as `initial`. */
export const useFields = <F extends object>(initial: F) => useFormState(initial, same);
