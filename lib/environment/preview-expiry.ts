import { ShipshapeError } from '../errors';

const DURATION = /^(\d+)(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const HOUR_MS = UNIT_MS.h;

/**
 * A duration such as `90m`, `72h` or `7d`, in milliseconds.
 * @param field where it was written, for the error message
 */
export function parseDuration(value: string, field: string): number {
  const match = DURATION.exec(value.trim());
  if (!match || Number(match[1]) === 0) {
    throw new ShipshapeError({ field }, `"${value}" is not a duration`, 'write a whole number of minutes, hours or days, e.g. "90m", "72h" or "7d"');
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/**
 * When a preview synthesized at `now` expires: `now + ttl`, rounded up to the whole hour,
 * so every synth of a branch within the same hour gives byte-identical manifests.
 */
export function previewExpiry(now: Date, ttl: string, field = 'ttl'): Date {
  const end = now.getTime() + parseDuration(ttl, field);
  return new Date(Math.ceil(end / HOUR_MS) * HOUR_MS);
}

/**
 * A point in time written as ISO 8601, e.g. `2025-03-01T12:00:00Z`.
 * @param field where it was written, for the error message
 */
export function parseTime(value: string, field: string): Date {
  const time = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(time.getTime())) {
    throw new ShipshapeError({ field }, `"${value}" is not an ISO 8601 time`, 'write it like "2025-03-01T12:00:00Z"');
  }
  return time;
}
