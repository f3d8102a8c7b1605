import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  /** Its key in the `shell` namespace (nav.<key>). */
  label: string;
  ability?: Ability;
  mailbox?: boolean;
  /** Only for people with reports. */
  manager?: boolean;
  /** Only for Owners. */
  owner?: boolean;
}

const NAV: NavItem[] = [
  { to: '/home', label: 'home', ability: 'reports.view' },
  { to: '/', label: 'people', ability: 'people.view' },
  { to: '/imports', label: 'import', ability: 'people.invite' },
  { to: '/my-team', label: 'myTeam', manager: true },
  { to: '/teams', label: 'teams' },
  { to: '/groups', label: 'groups', ability: 'groups.manage' },
  { to: '/directory', label: 'directory' },
  { to: '/reports/inactive', label: 'reports', ability: 'reports.view' },
  { to: '/audit', label: 'auditLog', ability: 'audit.read' },
  { to: '/signup-requests', label: 'signUpRequests', ability: 'people.invite' },
  { to: '/settings', label: 'settings', ability: 'settings.manage' },
  { to: '/settings/sign-in', label: 'signInSettings', ability: 'settings.manage' },
  { to: '/settings/scim', label: 'hrSyncScim', ability: 'settings.manage' },
  { to: '/settings/webhooks', label: 'webhooks', ability: 'settings.manage' },
  { to: '/settings/events', label: 'eventFeed', ability: 'settings.manage' },
  { to: '/settings/mail', label: 'mailTemplates', ability: 'settings.manage' },
  { to: '/settings/lifecycle-rules', label: 'lifecycleRules', ability: 'settings.manage' },
  { to: '/settings/jobs', label: 'backgroundJobs', owner: true },
  { to: '/mailbox', label: 'mailbox', ability: 'settings.manage', mailbox: true },
  { to: '/me', label: 'myProfile' },
];

function isActive(pathname: string, to: string): boolean {
  if (to === '/') return pathname === '/' || pathname.startsWith('/people');
  if (to === '/settings') return pathname === to; // its sub-pages have their own entries
  if (to.startsWith('/reports/')) return pathname.startsWith('/reports/'); // one entry for every report
  return pathname === to || pathname.startsWith(to + '/');
}

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { t } = useTranslation('shell');
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
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('toggleNavigation')} />
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
              {t('signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('mainNavigation')} component="nav">
        {items.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={t(`nav.${item.label}`)}
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
