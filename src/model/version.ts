/**
 * The package version, as reports name their generator. Pure, so the flow, the server and the
 * page share it; kept in step with package.json by `test/architecture.test.ts`.
 * @module
 */
export const VERSION = '0.1.0';

/** The generator every report envelope names. */
export const GENERATOR_NAME = 'dsreg-doctor' as const;
