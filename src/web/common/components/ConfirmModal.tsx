import { useEffect, useState, type ReactNode } from 'react';
import { Modal, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api';
import { FormActions } from '../form/FormActions';

export interface ConfirmModalProps {
  opened: boolean;
  title: string;
  children?: ReactNode;
  /** Label of the confirming button; "Confirm" (in the UI's language) keeps tests stable. */
  confirmLabel?: string;
  danger?: boolean;
  /** If set, the user must type exactly this word before confirming. */
  requireText?: string;
  onConfirm: () => Promise<unknown> | void;
  onClose: () => void;
}

export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  danger,
  requireText,
  onConfirm,
  onClose,
}: ConfirmModalProps) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (opened) {
      setTyped('');
      setError(null);
      setBusy(false);
    }
  }, [opened]);

  const blocked = requireText !== undefined && typed.trim() !== requireText;

  async function confirm() {
    if (blocked) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void confirm();
        }}
      >
        <Stack>
          {children}
          {requireText !== undefined && (
            <TextInput
              label={t('common:typeToConfirm', { word: requireText })}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoComplete="off"
              data-autofocus
            />
          )}
          {error && (
            <Text c="red.9" role="alert" size="sm">
              {error}
            </Text>
          )}
          <FormActions
            busy={busy}
            onCancel={onClose}
            submitLabel={confirmLabel ?? t('common:confirm')}
            danger={danger}
            blocked={blocked}
          />
        </Stack>
      </form>
    </Modal>
  );
}
