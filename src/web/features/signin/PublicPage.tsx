import type { FormEventHandler, ReactNode } from 'react';
import { Anchor, Button, Stack, TextInput, Title, type TextInputProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { PublicShell } from '../../app/PublicShell';
import { FullPageLoader } from '../../app/RequireAuth';

/** The card's content on a page without a session: its heading, then `children`. */
function PublicContent({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <Stack>
      <Title order={1} size="h2">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/** A public page that only tells something (a link that no longer works, a sign-up being confirmed). */
export function PublicPage({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <PublicShell>
      <PublicContent title={title}>{children}</PublicContent>
    </PublicShell>
  );
}

/** A public page that is one form (sign-in, reset, sign-up, invitation); the page checks its own fields. */
export function PublicFormPage({
  title,
  onSubmit,
  children,
}: {
  title: ReactNode;
  onSubmit: FormEventHandler<HTMLFormElement>;
  children: ReactNode;
}) {
  return (
    <PublicShell>
      <form onSubmit={onSubmit} noValidate>
        <PublicContent title={title}>{children}</PublicContent>
      </form>
    </PublicShell>
  );
}

/** What a public page shows while it asks the server what to show. */
export function PublicPageLoading() {
  return (
    <main>
      <FullPageLoader />
    </main>
  );
}

/** The link back to the sign-in page at the foot of a public page; `children` is its text. */
export function SignInLink({ children }: { children: ReactNode }) {
  return (
    <Anchor component={Link} to="/login">
      {children}
    </Anchor>
  );
}

/** The email address that opens a public form (sign-in, reset, sign-up): focused, "username" to password managers. */
export function PublicEmailInput(props: Omit<TextInputProps, 'type' | 'autoComplete' | 'autoFocus'>) {
  return <TextInput type="email" autoComplete="username" autoFocus {...props} />;
}

/** A public form's submit button, as wide as the card, showing the pending state. */
export function PublicSubmit({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <Button type="submit" loading={busy} fullWidth>
      {children}
    </Button>
  );
}

/**
 * What the server says about the emailed link this page stands behind (`/<page>/:token`): asked once, never retried,
 * since a link that does not work now will not work on a second try.
 */
export function useLinkToken<T>(name: string, check: (token: string) => Promise<T>) {
  const { token = '' } = useParams();
  const info = useQuery({ queryKey: [name, token], queryFn: () => check(token), retry: false, staleTime: Infinity });
  return { token, info };
}
