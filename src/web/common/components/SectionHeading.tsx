import { Text, Title } from '@mantine/core';

/**
 * A section's heading within a page: an h2 (the page's title is the h1) drawn at h3 size, with an optional
 * intro line under it. `id` is what the section's `aria-labelledby` (or its table's) points at.
 */
export function SectionHeading({ id, title, intro }: { id?: string; title: React.ReactNode; intro?: React.ReactNode }) {
  return (
    <>
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      {intro !== undefined && (
        <Text size="sm" c="dark.7">
          {intro}
        </Text>
      )}
    </>
  );
}
