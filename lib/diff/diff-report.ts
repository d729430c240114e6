import type { FieldChange } from './field-changes';
import type { EnvironmentDiff, ObjectDiff } from './manifest-diff';

const MAX_VALUE_LENGTH = 60;

/**
 * A manifest diff as a reviewer reads it: environment → service → object → changed fields,
 * with short values shown. A Secret's values are never shown, only the paths that changed.
 */
export function renderDiffReport(diffs: readonly EnvironmentDiff[]): string[] {
  const lines: string[] = [];
  for (const diff of diffs) {
    if (diff.change === 'unchanged') {
      lines.push(`${diff.environment}: no changes`);
      continue;
    }
    lines.push(diff.change === 'changed' ? diff.environment : `${diff.environment} (${diff.change === 'added' ? 'new' : 'removed'})`);
    for (const service of diff.services) {
      lines.push(`  ${service.service}`);
      for (const object of service.objects) lines.push(...renderObject(object));
    }
  }
  const changed = diffs.filter((diff) => diff.change !== 'unchanged');
  const objects = changed.flatMap((diff) => diff.services.flatMap((service) => service.objects));
  const count = (change: ObjectDiff['change']) => objects.filter((object) => object.change === change).length;
  lines.push(
    changed.length === 0
      ? `no differences in ${diffs.length} folder${diffs.length === 1 ? '' : 's'}`
      : `${count('changed')} changed, ${count('added')} added, ${count('removed')} removed object(s) in ${changed.map((d) => d.environment).join(', ')}`,
  );
  return lines;
}

function renderObject(object: ObjectDiff): string[] {
  const sign = { added: '+', removed: '-', changed: '~' }[object.change];
  const head = `    ${sign} ${object.kind} ${object.name}`;
  if (object.change !== 'changed') return [head];
  const secret = object.kind === 'Secret';
  return [head, ...object.fields.map((field) => `        ${secret ? `${field.path} (value hidden)` : renderField(field)}`)];
}

function renderField(field: FieldChange): string {
  if (field.before === undefined) return `${field.path}: + ${short(field.after)}`;
  if (field.after === undefined) return `${field.path}: - ${short(field.before)}`;
  return `${field.path}: ${short(field.before)} → ${short(field.after)}`;
}

function short(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  if (value !== null && typeof value === 'object') return '{…}';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}
