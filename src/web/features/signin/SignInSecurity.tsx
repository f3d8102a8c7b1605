import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import {
  Alert,
  Button,
  Code,
  Group,
  Image,
  List,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { startRegistration } from '@simplewebauthn/browser';
import { ApiError, errorMessage, mfaApi } from '../../common/api';
import { formatDateTime } from '../../common/lib/format';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ErrorAlert, FormError } from '../../common/components/ErrorAlert';
import { useSubmit } from '../../common/form/useSubmit';

const FACTORS_KEY = ['me', 'mfa'] as const;

/** Recovery codes, shown once: copy or download them, then confirm they are kept. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation('signin');
  const text = codes.join('\n');
  const download = () => {
    const url = URL.createObjectURL(
      new Blob([`${t('security.codesFileHeading')}\n\n${text}\n`], { type: 'text/plain' }),
    );
    const a = Object.assign(document.createElement('a'), { href: url, download: 'roster-recovery-codes.txt' });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Alert color="yellow" variant="light" title={t('security.saveCodes')} styles={{ message: { color: '#212529' } }}>
      <Stack gap="sm">
        <Text size="sm">{t('security.codesIntro')}</Text>
        <SimpleGrid cols={2} spacing={4} aria-label={t('security.codes')}>
          {codes.map((c) => (
            <Code key={c}>{c}</Code>
          ))}
        </SimpleGrid>
        <Group>
          <Button
            variant="default"
            onClick={() =>
              void navigator.clipboard
                ?.writeText(text)
                .then(() => notifications.show({ message: t('security.codesCopied') }))
            }
          >
            {t('common:copy')}
          </Button>
          <Button variant="default" onClick={download}>
            {t('security.download')}
          </Button>
          <Button onClick={onDone}>{t('security.savedThem')}</Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function TotpSetup({ onEnrolled }: { onEnrolled: () => void }) {
  const { t } = useTranslation('signin');
  const [setup, setSetup] = useState<{ secret: string; qrCode: string } | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setSetup(await mfaApi.startTotp());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  async function confirm(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCodes((await mfaApi.confirmTotp(code.trim())).recoveryCodes);
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldErrors.code ?? err.message) : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (codes) return <RecoveryCodes codes={codes} onDone={onEnrolled} />;
  if (!setup)
    return (
      <Group>
        <FormError message={error} />
        <Button onClick={() => void start()} loading={busy}>
          {t('security.setUpApp')}
        </Button>
      </Group>
    );
  return (
    <form onSubmit={confirm} noValidate>
      <Stack maw={420}>
        <Text size="sm">{t('security.scan')}</Text>
        <Image src={setup.qrCode} alt={t('security.qrAlt')} w={200} h={200} />
        <Text size="sm">
          <Trans
            t={t}
            i18nKey="security.cannotScan"
            values={{ secret: setup.secret }}
            components={{ key: <Code data-testid="totp-secret" /> }}
          />
        </Text>
        <FormError message={error} />
        <TextInput
          label={t('security.appCode')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={busy}>
            {t('security.confirmCode')}
          </Button>
          <Button variant="default" onClick={() => setSetup(null)}>
            {t('common:cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AddPasskey({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation('signin');
  const [name, setName] = useState('');
  const { busy, error, onSubmit } = useSubmit();
  async function add() {
    const optionsJSON = await mfaApi.passkeyOptions();
    const response = await startRegistration({ optionsJSON });
    await mfaApi.addPasskey(name.trim() || t('security.passkeyDefaultName'), response);
    setName('');
    onAdded();
  }
  return (
    <form onSubmit={onSubmit(add, { success: t('security.passkeyAdded') })} noValidate>
      <Stack gap="xs" maw={420}>
        <FormError message={error} />
        <Group align="flex-end">
          <TextInput
            label={t('security.passkeyName')}
            placeholder={t('security.passkeyNamePlaceholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={100}
          />
          <Button type="submit" loading={busy}>
            {t('security.addPasskey')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * "Sign-in security" of My profile, and the whole page of a session that must first set up a second
 * factor (`onEnrolled` then reloads the session).
 */
export function SignInSecurity({ onEnrolled }: { onEnrolled?: () => void }) {
  const { t } = useTranslation('signin');
  const qc = useQueryClient();
  const q = useQuery({ queryKey: FACTORS_KEY, queryFn: () => mfaApi.factors() });
  const [removing, setRemoving] = useState<{ kind: 'totp' } | { kind: 'passkey'; id: string; name: string } | null>(
    null,
  );
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: FACTORS_KEY });
    onEnrolled?.();
  };

  if (q.error) return <ErrorAlert error={q.error} title={t('security.loadFailed')} />;
  if (q.isPending) return <Loader aria-label={t('security.loading')} />;
  const f = q.data;
  return (
    <Stack>
      {f.required && <Text size="sm">{t('security.required')}</Text>}
      <Title order={3} size="h4">
        {t('security.app')}
      </Title>
      {f.totp.enabled ? (
        <Group>
          <Text size="sm">
            {f.totp.enabledAt ? t('security.setUpOn', { date: formatDateTime(f.totp.enabledAt) }) : t('security.setUp')}
            {' · '}
            {t('security.codesLeft', { count: f.recoveryCodesLeft })}
          </Text>
          <Button variant="default" color="red" onClick={() => setRemoving({ kind: 'totp' })}>
            {t('security.removeApp')}
          </Button>
        </Group>
      ) : (
        <TotpSetup onEnrolled={() => void refresh()} />
      )}
      <Title order={3} size="h4">
        {t('security.passkeys')}
      </Title>
      {f.passkeys.length ? (
        <List spacing="xs" listStyleType="none" aria-label={t('security.yourPasskeys')}>
          {f.passkeys.map((p) => (
            <List.Item key={p.id}>
              <Group>
                <Text size="sm" fw={600}>
                  {p.name}
                </Text>
                <Text size="sm" c="dark.7">
                  {p.lastUsedAt
                    ? t('security.addedUsed', {
                        added: formatDateTime(p.createdAt),
                        used: formatDateTime(p.lastUsedAt),
                      })
                    : t('security.added', { added: formatDateTime(p.createdAt) })}
                </Text>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => setRemoving({ kind: 'passkey', id: p.id, name: p.name })}
                >
                  {t('security.removePasskeyButton', { name: p.name })}
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm">{t('security.noPasskeys')}</Text>
      )}
      <AddPasskey onAdded={() => void refresh()} />
      <ConfirmModal
        opened={removing !== null}
        title={
          removing?.kind === 'passkey'
            ? t('security.removePasskeyTitle', { name: removing.name })
            : t('security.removeAppTitle')
        }
        danger
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (removing?.kind === 'passkey') await mfaApi.removePasskey(removing.id);
          else await mfaApi.removeTotp();
          setRemoving(null);
          await refresh();
        }}
      >
        <Text>{removing?.kind === 'passkey' ? t('security.removePasskeyText') : t('security.removeAppText')}</Text>
      </ConfirmModal>
    </Stack>
  );
}
