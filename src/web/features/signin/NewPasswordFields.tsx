import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n';
import type { FieldErrors } from '../../common/form/useSubmit';

export const MIN_PASSWORD = 10;

export interface NewPassword {
  password: string;
  confirm: string;
}
export const NO_NEW_PASSWORD: NewPassword = { password: '', confirm: '' };

/** The checks made before a new password is sent: long enough, typed twice the same. */
export function checkNewPassword({ password, confirm }: NewPassword): FieldErrors {
  const fe: FieldErrors = {};
  if (password.length < MIN_PASSWORD) fe.password = i18next.t('signin:newPassword.tooShort', { min: MIN_PASSWORD });
  if (confirm !== password) fe.confirm = i18next.t('signin:newPassword.mismatch');
  return fe;
}

/** A new password and its confirmation (accepting an invitation, resetting a password). */
export function NewPasswordFields({
  value,
  onChange,
  errors,
  labels,
  required = false,
}: {
  value: NewPassword;
  onChange: (value: NewPassword) => void;
  errors: FieldErrors;
  labels: [password: string, confirm: string];
  required?: boolean;
}) {
  const { t } = useTranslation('signin');
  const req = required ? { required: true, withAsterisk: false } : {};
  return (
    <>
      <TextInput
        label={labels[0]}
        type="password"
        description={t('newPassword.hint', { min: MIN_PASSWORD })}
        autoComplete="new-password"
        value={value.password}
        onChange={(e) => onChange({ ...value, password: e.currentTarget.value })}
        error={errors.password}
        {...req}
        autoFocus
      />
      <TextInput
        label={labels[1]}
        type="password"
        autoComplete="new-password"
        value={value.confirm}
        onChange={(e) => onChange({ ...value, confirm: e.currentTarget.value })}
        error={errors.confirm}
        {...req}
      />
    </>
  );
}
