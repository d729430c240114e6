import type { Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import { parseQuantity } from './quantity';

/**
 * The `format`s the Kubernetes 1.27 OpenAPI schemas use. The generated
 * validators require this module, so a quantity is checked by the same parser
 * that compares requests with limits.
 */
export const SCHEMA_FORMATS: Readonly<Record<string, Format>> = {
  int32: fullFormats.int32,
  int64: fullFormats.int64,
  double: fullFormats.double,
  byte: fullFormats.byte,
  'date-time': fullFormats['date-time'],
  quantity: { type: 'string', validate: (value: string) => parseQuantity(value) !== undefined },
};
