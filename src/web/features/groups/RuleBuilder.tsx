import { useTranslation } from 'react-i18next';
import { ActionIcon, Button, Group, Paper, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import type { CustomField, RuleCondition, RuleNode, Team } from '../../common/api';
import { allFields, defaultValue, OPS_BY_KIND, opLabel, type FieldDef } from './ruleFields';
import { ValueInput } from './ValueInput';

/**
 * Visual editor for group rules. A block is "all", "any" or "none" of its items ("none" is stored
 * as {not: {any: [...]}}); items are conditions or nested blocks.
 */
type Mode = 'all' | 'any' | 'none';
interface Block {
  mode: Mode;
  items: RuleNode[];
}

export function toBlock(node: RuleNode): Block {
  if ('all' in node) return { mode: 'all', items: node.all };
  if ('any' in node) return { mode: 'any', items: node.any };
  if ('not' in node)
    return 'any' in node.not ? { mode: 'none', items: node.not.any } : { mode: 'none', items: [node.not] };
  return { mode: 'all', items: [node] };
}

export function fromBlock(b: Block): RuleNode {
  if (b.mode === 'all') return { all: b.items };
  if (b.mode === 'any') return { any: b.items };
  return { not: { any: b.items } };
}

const isBlock = (n: RuleNode) => 'all' in n || 'any' in n || 'not' in n;

interface Ctx {
  fields: FieldDef[];
  teams: Team[];
}

export function RuleBuilder({
  value,
  onChange,
  customFields,
  teams,
}: {
  value: RuleNode;
  onChange: (v: RuleNode) => void;
  customFields: CustomField[];
  teams: Team[];
}) {
  const { t } = useTranslation('groups');
  const ctx = { fields: allFields(customFields), teams };
  return <BlockEditor node={value} onChange={onChange} ctx={ctx} path={t('builder.rules')} depth={0} />;
}

function BlockEditor({
  node,
  onChange,
  onRemove,
  ctx,
  path,
  depth,
}: {
  node: RuleNode;
  onChange: (v: RuleNode) => void;
  onRemove?: () => void;
  ctx: Ctx;
  path: string;
  depth: number;
}) {
  const { t } = useTranslation('groups');
  const block = toBlock(node);
  const set = (b: Partial<Block>) => onChange(fromBlock({ ...block, ...b }));
  const setItem = (i: number, v: RuleNode) => set({ items: block.items.map((x, j) => (j === i ? v : x)) });
  const removeItem = (i: number) => set({ items: block.items.filter((_, j) => j !== i) });
  const first = ctx.fields[0]!;
  return (
    <Paper withBorder p="sm" bg={depth % 2 ? 'gray.0' : undefined} role="group" aria-label={path}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Text size="sm">{t('builder.match')}</Text>
            <SegmentedControl
              size="xs"
              aria-label={t('builder.combine', { path })}
              value={block.mode}
              onChange={(m) => set({ mode: m as Mode })}
              data={[
                { value: 'all', label: t('builder.all') },
                { value: 'any', label: t('builder.any') },
                { value: 'none', label: t('builder.none') },
              ]}
            />
          </Group>
          {onRemove && (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={onRemove}
              aria-label={t('builder.remove', { label: path })}
            >
              {t('builder.removeBlock')}
            </Button>
          )}
        </Group>
        {block.items.length === 0 && (
          <Text size="sm" c="dimmed">
            {block.mode === 'any' ? t('builder.emptyAny') : t('builder.emptyAll')}
          </Text>
        )}
        {block.items.map((item, i) =>
          isBlock(item) ? (
            <BlockEditor
              key={i}
              node={item}
              onChange={(v) => setItem(i, v)}
              onRemove={() => removeItem(i)}
              ctx={ctx}
              path={t('builder.block', { path, n: i + 1 })}
              depth={depth + 1}
            />
          ) : (
            <ConditionRow
              key={i}
              cond={item as RuleCondition}
              onChange={(v) => setItem(i, v)}
              onRemove={() => removeItem(i)}
              ctx={ctx}
              label={t('builder.condition', { path, n: i + 1 })}
            />
          ),
        )}
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            onClick={() =>
              set({ items: [...block.items, { field: first.value, op: 'eq', value: defaultValue(first, 'eq') }] })
            }
          >
            {t('builder.addCondition')}
          </Button>
          {depth < 4 && (
            <Button size="xs" variant="default" onClick={() => set({ items: [...block.items, { any: [] }] })}>
              {t('builder.addBlock')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function ConditionRow({
  cond,
  onChange,
  onRemove,
  ctx,
  label,
}: {
  cond: RuleCondition;
  onChange: (v: RuleCondition) => void;
  onRemove: () => void;
  ctx: Ctx;
  label: string;
}) {
  const { t } = useTranslation('groups');
  const def = ctx.fields.find((f) => f.value === cond.field) ?? ctx.fields[0]!;
  const ops = OPS_BY_KIND[def.kind];
  const setField = (field: string | null) => {
    const d = ctx.fields.find((f) => f.value === field);
    if (!d) return;
    const op = OPS_BY_KIND[d.kind][0]!;
    onChange({ field: d.value, op, value: defaultValue(d, op) });
  };
  const setOp = (op: string | null) => op && onChange({ field: cond.field, op, value: defaultValue(def, op) });
  const setValue = (value: unknown) =>
    onChange(value === undefined ? { field: cond.field, op: cond.op } : { ...cond, value });
  return (
    <Group gap="xs" wrap="wrap" role="group" aria-label={label}>
      <Select
        aria-label={t('builder.field', { label })}
        data={ctx.fields.map((f) => ({ value: f.value, label: f.label }))}
        value={def.value}
        onChange={setField}
        searchable
        w={180}
        allowDeselect={false}
      />
      <Select
        aria-label={t('builder.operator', { label })}
        data={ops.map((o) => ({ value: o, label: opLabel(def.kind, o) }))}
        value={cond.op}
        onChange={setOp}
        w={200}
        allowDeselect={false}
      />
      <ValueInput def={def} op={cond.op} value={cond.value} onChange={setValue} teams={ctx.teams} label={label} />
      <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('builder.remove', { label })}>
        ✕
      </ActionIcon>
    </Group>
  );
}
