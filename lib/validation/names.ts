/**
 * The naming rules a Kubernetes 1.27 API server enforces, as predicates.
 * Each returns `undefined` when the value is valid, or what is wrong with it.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IANA_SERVICE_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WILDCARD_HOST = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label: namespaces and most object names. */
export function dnsLabelProblem(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (value.length > 63) return `is ${value.length} characters long, more than the 63 a DNS label allows`;
  if (!DNS1123_LABEL.test(value)) return `"${value}" is not a DNS label (lowercase letters, digits and "-", starting and ending with a letter or digit)`;
  return undefined;
}

/** A DNS-1035 label: what Service names must be (starts with a letter). */
export function serviceNameProblem(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (value.length > 63) return `is ${value.length} characters long, more than the 63 a Service name allows`;
  if (!DNS1035_LABEL.test(value)) return `"${value}" is not a DNS-1035 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit)`;
  return undefined;
}

/** A DNS-1123 subdomain: host names. */
export function hostProblem(value: string): string | undefined {
  if (value.length > 253) return `is ${value.length} characters long, more than the 253 a host name allows`;
  if (!DNS1123_SUBDOMAIN.test(value) && !WILDCARD_HOST.test(value)) return `"${value}" is not a lowercase DNS host name`;
  if (value.split('.').some((label) => label.length > 63)) return `"${value}" has a part longer than 63 characters`;
  return undefined;
}

/** An IANA service name: what container and Service port names must be. */
export function portNameProblem(value: string): string | undefined {
  if (value.length > 15) return `"${value}" is ${value.length} characters long, more than the 15 a port name allows`;
  if (!IANA_SERVICE_NAME.test(value) || value.includes('--')) return `"${value}" is not a port name (lowercase letters, digits and single "-", starting and ending with a letter or digit)`;
  if (!/[a-z]/.test(value)) return `"${value}" has no letter, which a port name needs`;
  return undefined;
}

/** An environment variable name that every shell and runtime can read. */
export function envVarNameProblem(value: string): string | undefined {
  if (!C_IDENTIFIER.test(value)) return `"${value}" is not an environment variable name (letters, digits and "_", not starting with a digit)`;
  return undefined;
}

/** A TCP/UDP port number. */
export function portNumberProblem(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 1 || value > 65535) return `${value} is not a port number between 1 and 65535`;
  return undefined;
}
