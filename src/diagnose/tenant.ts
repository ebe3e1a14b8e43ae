/**
 * Tenant rules (checklist D): MDM URLs and the tenant endpoints a joined device needs.
 * @module
 */
import { REFS } from './finding.ts';
import { joinedToEntra } from './join-state.ts';
import { defineRule, type Rule } from './rule.ts';
import { evidenceFor } from './view.ts';

/** Printed for every joined device by every layout since the first one (seed 001 flat sample). */
const CORE_TENANT_FIELDS = [
  'TenantName',
  'TenantId',
  'Idp',
  'AuthCodeUrl',
  'AccessTokenUrl',
  'JoinSrvUrl',
  'KeySrvUrl',
] as const;

const mdmUrls = defineRule({
  id: 'mdm-urls',
  checks: ['D1'],
  evidence: ['capture'],
  findings: {
    'mdm-not-configured': { title: 'No MDM URLs: automatic MDM enrollment does not apply here' },
    'mdm-configured': { title: 'MDM URLs are set: auto-enrollment is configured, not proof of enrollment' },
  },
  run({ capture: { view, join }, report }) {
    const field = view.get('MdmUrl', 'any');
    if (!field || !joinedToEntra(join) || field.truncated || field.value.kind === 'masked') return;
    const empty = field.value.kind === 'empty' || field.raw.trim() === '';
    if (empty) {
      report('mdm-not-configured', {
        severity: 'info',
        checks: ['D1'],
        title: 'No MDM URLs: automatic MDM enrollment does not apply here',
        evidence: evidenceFor(view, ['MdmUrl', 'MdmTouUrl', 'MdmComplianceUrl'], 'any'),
        explanation:
          'Empty MDM URLs mean that automatic MDM enrollment is not configured in the tenant, or that the user who ran the command is not in its scope.',
        steps: [
          'If the device should enroll in Intune, check Mobility (MDM and MAM) in the Microsoft Entra admin center: MDM user scope.',
        ],
        references: [REFS.dsregcmd],
      });
      return;
    }
    report('mdm-configured', {
      severity: 'info',
      checks: ['D1'],
      title: 'MDM URLs are set: auto-enrollment is configured, not proof of enrollment',
      evidence: evidenceFor(view, ['MdmUrl'], 'any'),
      explanation:
        'The tenant has an MDM auto-enrollment configuration. The URLs appear whether or not this device is actually managed; check enrollment in the MDM itself.',
      references: [REFS.dsregcmd],
    });
    return;
  },
});

const tenantEndpoints = defineRule({
  id: 'tenant-endpoints-missing',
  checks: ['D2'],
  evidence: ['capture'],
  findings: {
    'tenant-endpoints-missing': { title: 'Tenant details are missing' },
    'tenant-name-empty': {
      title: 'TenantName is blank; the tenant ID and the service endpoints are present',
    },
  },
  run({ capture: { view, join, capture }, report }) {
    if (!joinedToEntra(join) || capture.read.completeness.truncated) return;
    // Only judge a capture that printed tenant details at all. Shared captures are often trimmed,
    // so a field that is absent is not held against the device; one printed empty is.
    const printed = CORE_TENANT_FIELDS.filter((name) => view.has(name));
    if (printed.length === 0) return;
    const missing = printed.filter((name) => {
      const f = view.get(name, 'any');
      return f !== undefined && !f.truncated && (f.value.kind === 'empty' || f.raw.trim() === '');
    });
    if (!view.has('TenantId') && printed.length >= 3) missing.unshift('TenantId');
    // TenantName is a display name, not an endpoint: it is commonly blank on healthy devices (Azure
    // virtual machines joined by the AADLoginForWindows extension, some hybrid joined devices). Blank
    // alone, with the tenant ID and the endpoints present, is not a fault.
    const endpoints = missing.filter((name) => name !== 'TenantName');
    if (endpoints.length === 0 && missing.length > 0) {
      report('tenant-name-empty', {
        severity: 'info',
        checks: ['D2'],
        title: 'TenantName is blank; the tenant ID and the service endpoints are present',
        evidence: evidenceFor(view, ['TenantName', 'TenantId'], 'any'),
        explanation:
          'TenantName is only the display name of the tenant. Windows leaves it blank on many healthy joined devices, for example Azure virtual machines joined through the AADLoginForWindows extension; the tenant ID and the registration endpoints, which the device uses, are all shown.',
        references: [REFS.dsregcmd],
      });
      return;
    }
    if (missing.length === 0) return;
    report('tenant-endpoints-missing', {
      severity: 'warning',
      checks: ['D2'],
      title: `Tenant details incomplete: ${missing.join(', ')} empty or missing`,
      evidence: evidenceFor(view, printed, 'any'),
      explanation:
        'A joined device stores the tenant and the registration service endpoints it discovered at join time. Missing values point to an incomplete join or a damaged registration.',
      causes: ['The capture was cut or edited.', 'The join state on the device is damaged.'],
      steps: ['Run `dsregcmd /status` again; if values are still missing, re-register the device.'],
      references: [REFS.dsregcmd],
    });
    return;
  },
});

export const TENANT_RULES: readonly Rule[] = [mdmUrls, tenantEndpoints];
