import { TextInput, type TextInputProps } from '@mantine/core';

type Props = Omit<TextInputProps, 'type' | 'value' | 'onChange'> & {
  /** As the browser writes it, in its own time zone: "2024-05-01T10:00" (localInputToIso makes it an instant). */
  value: string;
  onChange: (value: string) => void;
};

/** A date and time in the browser's time zone (`<input type="datetime-local">`). */
export function LocalDateTimeInput({ onChange, ...rest }: Props) {
  return <TextInput type="datetime-local" {...rest} onChange={(e) => onChange(e.currentTarget.value)} />;
}
