// Validates output against a published JSON Schema; returns the problems (none: []).
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export function schemaErrors(schema: object, document: unknown): unknown[] {
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.validate(schema, document);
  return ajv.errors ?? [];
}
