import * as v from 'valibot';
import { fields, instanceOf, Schema, wholeNumber } from '../schema/field-schemas';
import { mistakeMessage, Mistake } from '../schema/mistake-message';
import { fieldName, firstMistake } from '../schema/schema-mistake';
import { describeValue, quoted } from '../schema/value-description';
import { HealthCheck, ProbeTiming } from './health-check';

const TIMING = fields<ProbeTiming>(
  {
    periodSeconds: v.optional(wholeNumber({ min: 1, what: 'a number of seconds' })),
    timeoutSeconds: v.optional(wholeNumber({ min: 1, what: 'a number of seconds' })),
    failureThreshold: v.optional(wholeNumber({ min: 1, what: 'a count' })),
    initialDelaySeconds: v.optional(wholeNumber({ min: 0, what: 'a number of seconds' })),
  },
  { owner: 'a check\'s timing', expected: 'timing such as { periodSeconds: 5 }' },
);

/**
 * A `HealthCheck` made with `HealthCheck.http`, `.tcp` or `.exec`, checked inside too: its arguments may
 * have bypassed the TypeScript types as much as any other field.
 */
export function healthCheck(): Schema<HealthCheck> {
  return v.pipe(
    instanceOf(HealthCheck, 'a HealthCheck, such as HealthCheck.http("/readyz") or HealthCheck.tcp()'),
    v.check((check) => healthCheckMistake(check) === undefined, (issue) => mistakeMessage(healthCheckMistake(issue.input as HealthCheck)!)),
  );
}

/** What is wrong with a health check's arguments, or undefined. */
function healthCheckMistake(check: HealthCheck): Mistake | undefined {
  const { action } = check;
  if (action.kind === 'http' && (typeof action.path !== 'string' || !action.path.startsWith('/'))) {
    const fix = typeof action.path === 'string' && action.path.length > 0 ? `write HealthCheck.http(${quoted(`/${action.path}`)})` : 'give HealthCheck.http a path such as "/readyz"';
    return { problem: `the HTTP check's path is ${describeValue(action.path)}, which does not start with "/"`, fix };
  }
  if (action.kind === 'exec') {
    const command = action.command as unknown;
    if (!Array.isArray(command) || command.length === 0 || command.some((part) => typeof part !== 'string' || part.length === 0)) {
      return { problem: `the command check runs ${describeValue(command)}${Array.isArray(command) && command.length > 0 ? ' with an empty or non-text element' : ''}`, fix: 'give HealthCheck.exec a list of non-empty strings, e.g. ["/bin/healthcheck"]' };
    }
  }
  if (action.kind !== 'exec' && action.port !== undefined && typeof action.port !== 'string' && !(Number.isInteger(action.port) && action.port >= 1 && action.port <= 65535)) {
    return { problem: `the check's port is ${describeValue(action.port)}, not a port name or a number from 1 to 65535`, fix: 'name a declared port, e.g. { port: "http" }, or leave it out for the first port' };
  }
  const timing = firstMistake(TIMING, check.timing);
  return timing && { problem: `the check's ${fieldName(timing.path) || 'timing'}: ${timing.problem}`, fix: timing.fix };
}
