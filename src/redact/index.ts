/**
 * Redaction, in a room of its own: the server and the store redact before they keep anything,
 * the renderers and the command line redact before they show anything.
 * @module
 */

export { redactCaptureText, redactEventText } from './copy.ts';
export { createRedactor, type NameKind, type Redactor, type RedactorOptions } from './engine.ts';
export { learnCapture, learnEvents, learnMentions } from './learn.ts';
export { redactCapture, redactReport, strictMask } from './model.ts';
export { redactPath } from './paths.ts';
export type { PseudonymKind } from './pseudonyms.ts';
export { type Residue, residueLines, residueNotice, scanResidue } from './residue.ts';
export { fieldsWithIdentityRole, identityRole, isSafeField } from './roles.ts';
