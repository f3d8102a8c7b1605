import { useState } from 'react';
import { AppShell, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api, type Ability } from '../common/api';
import { SESSION_KEY, useSession } from '../common/lib/session';
import { fullName } from '../common/lib/format';
import { ImpersonationBanner } from './ImpersonationBanner';

interface NavItem {
  to: string;
  label: string;
  ability?: Ability;
  mailbox?: boolean;
  /** Only for people with reports. */
  manager?: boolean;
  /** Only for Owners. */
  owner?: boolean;
}

const NAV: NavItem[] = [
  { to: '/home', label: 'Home', ability: 'reports.view' },
  { to: '/', label: 'People', ability: 'people.view' },
  { to: '/imports', label: 'Import', ability: 'people.invite' },
  { to: '/my-team', label: 'My team', manager: true },
  { to: '/teams', label: 'Teams' },
  { to: '/groups', label: 'Groups', ability: 'groups.manage' },
  { to: '/directory', label: 'Directory' },
  { to: '/reports/inactive', label: 'Reports', ability: 'reports.view' },
  { to: '/audit', label: 'Audit log', ability: 'audit.read' },
  { to: '/signup-requests', label: 'Sign-up requests', ability: 'people.invite' },
  { to: '/settings', label: 'Settings', ability: 'settings.manage' },
  { to: '/settings/sign-in', label: 'Sign-in settings', ability: 'settings.manage' },
  { to: '/settings/scim', label: 'HR sync (SCIM)', ability: 'settings.manage' },
  { to: '/settings/webhooks', label: 'Webhooks', ability: 'settings.manage' },
  { to: '/settings/events', label: 'Event feed', ability: 'settings.manage' },
  { to: '/settings/mail', label: 'Mail templates', ability: 'settings.manage' },
  { to: '/settings/lifecycle-rules', label: 'Lifecycle rules', ability: 'settings.manage' },
  { to: '/settings/jobs', label: 'Background jobs', owner: true },
  { to: '/mailbox', label: 'Mailbox', ability: 'settings.manage', mailbox: true },
  { to: '/me', label: 'My profile' },
];

function isActive(pathname: string, to: string): boolean {
  if (to === '/') return pathname === '/' || pathname.startsWith('/people');
  if (to === '/settings') return pathname === to; // its sub-pages have their own entries
  if (to.startsWith('/reports/')) return pathname.startsWith('/reports/'); // one entry for every report
  return pathname === to || pathname.startsWith(to + '/');
}

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { data: session } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const abilities = new Set(session?.abilities ?? []);
  const [bannerHeight, setBannerHeight] = useState(0);

  const items = NAV.filter(
    (i) =>
      (!i.ability || abilities.has(i.ability)) &&
      (!i.mailbox || session?.mailboxEnabled) &&
      (!i.manager || session?.isManager) &&
      (!i.owner || session?.user.role === 'owner'),
  );

  async function signOut() {
    try {
      await api.logout();
    } catch {
      // Signed out anyway from the UI's point of view.
    }
    qc.clear();
    qc.setQueryData(SESSION_KEY, null);
    void navigate('/login', { replace: true });
  }

  return (
    <AppShell
      header={{ height: 56 + (session?.impersonator ? bannerHeight : 0) }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <ImpersonationBanner onHeightChange={setBannerHeight} />
        <Group h={56} px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text
              fw={700}
              size="lg"
              component={Link}
              to={abilities.has('people.view') ? '/' : '/me'}
              c="dark.9"
              style={{ textDecoration: 'none' }}
            >
              Roster
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {session && (
              <Text size="sm" visibleFrom="sm" c="dark.7">
                {fullName(session.user)}
              </Text>
            )}
            <Button variant="default" size="xs" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation" component="nav">
        {items.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            active={isActive(pathname, item.to)}
            aria-current={isActive(pathname, item.to) ? 'page' : undefined}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
