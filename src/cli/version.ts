/** The package version, kept in step with package.json by a test (its home is the model). */
export { VERSION } from '../model/version.ts';
