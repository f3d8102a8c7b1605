import { TextInput, type TextInputProps } from '@mantine/core';

type Props = Omit<TextInputProps, 'type' | 'value' | 'onChange'> & {
  value: string;
  /** The text as typed; the caller debounces it. */
  onChange: (text: string) => void;
};

/** A list's search box (role searchbox), sized to share a filter bar's row with the other filters. */
export function SearchInput({ onChange, ...rest }: Props) {
  return (
    <TextInput
      type="search"
      style={{ flex: '1 1 220px' }}
      {...rest}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
