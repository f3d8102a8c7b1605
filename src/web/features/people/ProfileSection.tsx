import type { ReactNode } from 'react';
import { Paper, Stack } from '@mantine/core';
import { SectionHeading } from '../../common/components/SectionHeading';

/**
 * One of a profile's bordered sections (notes, grants, permission profiles): a section labelled by its heading
 * `id`, the heading with its intro, then `children`.
 */
export function ProfileSection({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack>
        <Stack gap={2}>
          <SectionHeading id={id} title={title} intro={intro} />
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}
