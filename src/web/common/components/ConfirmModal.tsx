import { useEffect, useState, type ReactNode } from 'react';
import { Modal, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../form/FormActions';
import { useSubmit } from '../form/useSubmit';

export interface ConfirmModalProps {
  opened: boolean;
  title: string;
  children?: ReactNode;
  /** Label of the confirming button; "Confirm" (in the UI's language) keeps tests stable. */
  confirmLabel?: string;
  danger?: boolean;
  /** If set, the user must type exactly this word before confirming. */
  requireText?: string;
  /** Shown as a green notification once `onConfirm` has succeeded. */
  success?: string;
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
  success,
  onConfirm,
  onClose,
}: ConfirmModalProps) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const { busy, error, run, reset } = useSubmit();

  useEffect(() => {
    if (opened) {
      setTyped('');
      reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- emptied each time the dialog opens
  }, [opened]);

  const blocked = requireText !== undefined && typed.trim() !== requireText;

  async function confirm() {
    if (blocked) return;
    if (await run(async () => onConfirm(), { success })) onClose();
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
