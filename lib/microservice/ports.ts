import { ShipshapeError } from '../errors';
import { portNameProblem, portNumberProblem } from '../validation/names';

/** A named port the container listens on; the Service exposes it under the same name and number. */
export interface ServicePort {
  /** IANA name, at most 15 characters, e.g. `http`, `grpc`, `metrics`. Probes, ingress and metrics refer to it. */
  readonly name: string;
  /** The port number the container listens on. */
  readonly port: number;
  /**
   * The transport protocol.
   * @default 'TCP'
   */
  readonly protocol?: 'TCP' | 'UDP';
}

/** Checks port names and numbers: valid, and each used once. */
export function validatePorts(ports: readonly ServicePort[]): void {
  const names = new Set<string>();
  const numbers = new Set<string>();
  ports.forEach((port, index) => {
    const field = `ports[${index}]`;
    const nameProblem = portNameProblem(port.name);
    if (nameProblem) throw new ShipshapeError({ field: `${field}.name` }, nameProblem, 'name ports like "http", "grpc" or "metrics"');
    const numberProblem = portNumberProblem(port.port);
    if (numberProblem) throw new ShipshapeError({ field: `${field}.port` }, numberProblem, 'use the port the container listens on, e.g. 8080');
    if (names.has(port.name)) throw new ShipshapeError({ field: `${field}.name` }, `port name "${port.name}" is used twice`, 'give each port its own name');
    const key = `${port.port}/${port.protocol ?? 'TCP'}`;
    if (numbers.has(key)) throw new ShipshapeError({ field: `${field}.port` }, `port ${key} is declared twice`, 'declare each container port once');
    names.add(port.name);
    numbers.add(key);
  });
}

/** Finds a port by name or number, or says which ports there are. */
export function findPort(ports: readonly ServicePort[], reference: string | number, field: string): ServicePort {
  const found = ports.find((p) => (typeof reference === 'number' ? p.port === reference : p.name === reference));
  if (!found) {
    const known = ports.length > 0 ? `declared ports are ${ports.map((p) => `"${p.name}" (${p.port})`).join(', ')}` : 'no ports are declared';
    throw new ShipshapeError({ field }, `refers to port ${JSON.stringify(reference)}, which the service does not declare (${known})`, 'name a declared port or add it to ports');
  }
  return found;
}
