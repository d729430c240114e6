import { isIP } from 'node:net';

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

/** A DNS-1123 subdomain: host names, not IP addresses. */
export function hostProblem(value: string): string | undefined {
  if (isIP(value)) return `"${value}" is an IP address, not a host name`;
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

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME_1_27 = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

/** A DNS-1123 subdomain: the names of most objects (Deployments, ConfigMaps, Ingresses...). */
export function dnsSubdomainProblem(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (value.length > 253) return `is ${value.length} characters long, more than the 253 a DNS subdomain allows`;
  if (!DNS1123_SUBDOMAIN.test(value)) return `"${value}" is not a DNS subdomain (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit)`;
  return undefined;
}

/** A qualified name, `[prefix/]name`: label and annotation keys. */
export function qualifiedNameProblem(value: string): string | undefined {
  const slash = value.indexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  if (prefix !== undefined) {
    if (prefix.length === 0) return `"${value}" has an empty prefix before "/"`;
    if (dnsSubdomainProblem(prefix)) return `"${value}" has the prefix "${prefix}", which is not a DNS subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)`;
  }
  if (name.length === 0) return `"${value}" has an empty name`;
  if (name.length > 63) return `"${value}" has a name part of ${name.length} characters, more than the 63 allowed`;
  if (!QUALIFIED_NAME_PART.test(name)) return `"${value}" is not a qualified name (letters, digits, "-", "_" and ".", starting and ending with a letter or digit, after an optional "prefix/")`;
  return undefined;
}

/** A label value: at most 63 characters, letters, digits, "-", "_" and ".". */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `"${value}" is ${value.length} characters long, more than the 63 a label value allows`;
  if (!LABEL_VALUE.test(value)) return `"${value}" is not a label value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit)`;
  return undefined;
}

/**
 * An environment variable name as a Kubernetes 1.27 API server accepts it:
 * letters, digits, "_", "-" and ".", not starting with a digit. (Looser than
 * `envVarNameProblem`, which shipshape uses for its own definitions.)
 */
export function apiServerEnvVarNameProblem(value: string): string | undefined {
  if (!ENV_VAR_NAME_1_27.test(value)) return `"${value}" is not an environment variable name Kubernetes 1.27 accepts (letters, digits, "_", "-" and ".", not starting with a digit)`;
  return undefined;
}

/** A ConfigMap or Secret key: letters, digits, "-", "_" and ".", at most 253 characters, not "." or starting with "..". */
export function dataKeyProblem(value: string): string | undefined {
  if (value.length > 253) return `"${value.slice(0, 20)}…" is ${value.length} characters long, more than the 253 a key allows`;
  if (!CONFIG_MAP_KEY.test(value)) return `"${value}" is not a key (letters, digits, "-", "_" and ".")`;
  if (value === '.' || value.startsWith('..')) return `"${value}" is "." or starts with "..", which a key must not`;
  return undefined;
}
