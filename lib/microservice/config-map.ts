import { ShipshapeError } from '../errors';
import { envVarNameProblem } from '../validation/names';

/** Plain (non-secret) configuration: environment variable name → value. */
export type ConfigValues = Readonly<Record<string, string | number | boolean>>;

/** The largest ConfigMap the API server stores (1 MiB), less room for metadata. */
const MAX_CONFIG_BYTES = 1024 * 1024 - 4096;

/** Checks names and size and turns every value into the string a ConfigMap holds, keys sorted. */
export function renderConfigData(config: ConfigValues, secretKeys: readonly string[]): Record<string, string> {
  const data: Record<string, string> = {};
  let bytes = 0;
  for (const key of Object.keys(config).sort()) {
    const field = `config.${key}`;
    const problem = envVarNameProblem(key);
    if (problem) throw new ShipshapeError({ field }, `the key ${problem}`, 'rename it, e.g. "LOG_LEVEL"');
    if (secretKeys.includes(key)) {
      throw new ShipshapeError({ field }, `"${key}" is also declared in secrets`, 'keep a sensitive value in secrets only and remove it from config');
    }
    const value = config[key];
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new ShipshapeError({ field }, `the value is a ${value === null ? 'null' : typeof value}`, 'use a string, number or boolean');
    }
    data[key] = String(value);
    bytes += key.length + Buffer.byteLength(data[key]);
  }
  if (bytes > MAX_CONFIG_BYTES) {
    throw new ShipshapeError({ field: 'config' }, `holds ${bytes} bytes, more than a ConfigMap can store (1 MiB)`, 'move large files into the image or a volume');
  }
  return data;
}
