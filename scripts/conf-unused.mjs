// Stands in for ajv, ajv-formats and semver inside the bundle. conf imports
// them for JSON-Schema validation and migrations, neither of which balance
// uses (its files are checked with valibot: src/store/profiles.ts), and they
// would double the bundle every command has to load. Anything that reaches
// for them fails loudly instead of silently.
function unused() {
  throw new Error('balance bundles conf without schema validation or migrations (scripts/conf-unused.mjs)');
}

export class Ajv2020 {
  constructor() {
    unused();
  }
}

export default new Proxy({}, { get: unused, apply: unused });
