/**
 * Every rule, in the order findings are produced: Windows version, device and join state,
 * pre-join, the proxy of the SYSTEM context, post-join, SSO, user, tenant, Windows Hello.
 * @module
 */
import { DEVICE_RULES } from './device.ts';
import { GUIDANCE_RULES } from './guidance.ts';
import { NGC_RULES } from './ngc.ts';
import { POSTJOIN_RULES } from './postjoin.ts';
import { PREJOIN_RULES } from './prejoin.ts';
import { PROXY_RULES } from './proxy.ts';
import type { Rule } from './rule.ts';
import { SSO_RULES } from './sso.ts';
import { TENANT_RULES } from './tenant.ts';
import { USER_RULES } from './user.ts';

export const RULES: readonly Rule[] = [
  // The Windows version decides which checks exist at all: its findings come first.
  ...GUIDANCE_RULES,
  ...DEVICE_RULES,
  ...PREJOIN_RULES,
  ...PROXY_RULES,
  ...POSTJOIN_RULES,
  ...SSO_RULES,
  ...USER_RULES,
  ...TENANT_RULES,
  ...NGC_RULES,
];
