import { useState } from 'react';
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

const FACTORS_KEY = ['me', 'mfa'] as const;

/** Recovery codes, shown once: copy or download them, then confirm they are kept. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const text = codes.join('\n');
  const download = () => {
    const url = URL.createObjectURL(
      new Blob([`Roster recovery codes (each works once)\n\n${text}\n`], { type: 'text/plain' }),
    );
    const a = Object.assign(document.createElement('a'), { href: url, download: 'roster-recovery-codes.txt' });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Alert
      color="yellow"
      variant="light"
      title="Save your recovery codes now"
      styles={{ message: { color: '#212529' } }}
    >
      <Stack gap="sm">
        <Text size="sm">Each code signs you in once if you lose your phone. They are shown only this time.</Text>
        <SimpleGrid cols={2} spacing={4} aria-label="Recovery codes">
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
                .then(() => notifications.show({ message: 'Recovery codes copied.' }))
            }
          >
            Copy
          </Button>
          <Button variant="default" onClick={download}>
            Download
          </Button>
          <Button onClick={onDone}>I have saved them</Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function TotpSetup({ onEnrolled }: { onEnrolled: () => void }) {
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
          Set up an authenticator app
        </Button>
      </Group>
    );
  return (
    <form onSubmit={confirm} noValidate>
      <Stack maw={420}>
        <Text size="sm">Scan this QR code with your authenticator app, then enter the 6-digit code it shows.</Text>
        <Image src={setup.qrCode} alt="QR code to scan with your authenticator app" w={200} h={200} />
        <Text size="sm">
          Cannot scan? Enter this key instead: <Code data-testid="totp-secret">{setup.secret}</Code>
        </Text>
        <FormError message={error} />
        <TextInput
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={busy}>
            Confirm code
          </Button>
          <Button variant="default" onClick={() => setSetup(null)}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AddPasskey({ onAdded }: { onAdded: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function add(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const optionsJSON = await mfaApi.passkeyOptions();
      const response = await startRegistration({ optionsJSON });
      await mfaApi.addPasskey(name.trim() || 'Passkey', response);
      setName('');
      notifications.show({ message: 'Passkey added.', color: 'green' });
      onAdded();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={add} noValidate>
      <Stack gap="xs" maw={420}>
        <FormError message={error} />
        <Group align="flex-end">
          <TextInput
            label="Passkey name"
            placeholder="e.g. Work laptop"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={100}
          />
          <Button type="submit" loading={busy}>
            Add a passkey
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
  const qc = useQueryClient();
  const q = useQuery({ queryKey: FACTORS_KEY, queryFn: () => mfaApi.factors() });
  const [removing, setRemoving] = useState<{ kind: 'totp' } | { kind: 'passkey'; id: string; name: string } | null>(
    null,
  );
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: FACTORS_KEY });
    onEnrolled?.();
  };

  if (q.error) return <ErrorAlert error={q.error} title="Could not load your second factors" />;
  if (q.isPending) return <Loader aria-label="Loading your second factors" />;
  const f = q.data;
  return (
    <Stack>
      {f.required && (
        <Text size="sm">Your organisation requires a second factor when you sign in with your password.</Text>
      )}
      <Title order={3} size="h4">
        Authenticator app
      </Title>
      {f.totp.enabled ? (
        <Group>
          <Text size="sm">
            Set up {f.totp.enabledAt ? `on ${formatDateTime(f.totp.enabledAt)}` : ''} · {f.recoveryCodesLeft} recovery
            codes left
          </Text>
          <Button variant="default" color="red" onClick={() => setRemoving({ kind: 'totp' })}>
            Remove authenticator app
          </Button>
        </Group>
      ) : (
        <TotpSetup onEnrolled={() => void refresh()} />
      )}
      <Title order={3} size="h4">
        Passkeys
      </Title>
      {f.passkeys.length ? (
        <List spacing="xs" listStyleType="none" aria-label="Your passkeys">
          {f.passkeys.map((p) => (
            <List.Item key={p.id}>
              <Group>
                <Text size="sm" fw={600}>
                  {p.name}
                </Text>
                <Text size="sm" c="dark.7">
                  added {formatDateTime(p.createdAt)}
                  {p.lastUsedAt ? `, last used ${formatDateTime(p.lastUsedAt)}` : ''}
                </Text>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => setRemoving({ kind: 'passkey', id: p.id, name: p.name })}
                >
                  Remove {p.name}
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm">No passkeys yet.</Text>
      )}
      <AddPasskey onAdded={() => void refresh()} />
      <ConfirmModal
        opened={removing !== null}
        title={
          removing?.kind === 'passkey' ? `Remove the passkey “${removing.name}”?` : 'Remove the authenticator app?'
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
        <Text>
          {removing?.kind === 'passkey'
            ? 'You will no longer be able to sign in with it.'
            : 'Its codes and your recovery codes stop working. Without another second factor, your password alone signs you in.'}
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
