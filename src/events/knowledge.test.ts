import { describe, expect, it } from 'vitest';
import {
  allDefinitions,
  channelInfo,
  definition,
  definitionFor,
  fieldsByPosition,
  sourceOf,
} from './knowledge.ts';

describe('channels', () => {
  it.each([
    ['Microsoft-Windows-User Device Registration/Admin', 'udr'],
    ['Microsoft-Windows-User Device Registration/Debug', 'udr'],
    ['Microsoft-Windows-AAD/Operational', 'aad'],
    ['Microsoft-Windows-AAD/Analytic', 'aad'],
    ['Microsoft-Windows-Workplace Join/Admin', 'wpj'],
    ['Microsoft-Workplace Join/Admin', 'wpj'],
    ['microsoft-workplace join/admin', 'wpj'],
    ['Microsoft-Windows-User Device Registration%4Admin', 'udr'],
    ['Microsoft-Windows-HelloForBusiness/Operational', null],
    ['Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin', null],
    ['Microsoft-Windows-Kerberos/Operational', null],
    ['Microsoft-Windows-CAPI2/Operational', null],
    ['System', null],
  ])('%s is recognised', (name, source) => {
    const info = channelInfo(name);
    expect(info).not.toBeNull();
    expect(info?.source).toBe(source);
  });

  it('does not claim channels it does not know', () => {
    expect(channelInfo('Microsoft-Windows-Bits-Client/Operational')).toBeNull();
  });

  it('tells the provider from the Event Viewer source column, which drops the prefix', () => {
    expect(sourceOf({ provider: 'AAD', channel: null })).toBe('aad');
    expect(sourceOf({ provider: 'User Device Registration', channel: null })).toBe('udr');
    expect(sourceOf({ provider: 'Microsoft-Windows-AADRT', channel: null })).toBeNull();
  });
});

describe('event definitions', () => {
  const required = {
    udr: [201, 204, 220, 304, 305, 306, 307, 331, 334, 335, 344, 345, 360, 362, 500, 502],
    aad: [1006, 1007, 1022, 1025, 1081, 1084, 1088, 1097, 1098, 1104, 1144],
    wpj: [100, 101, 102, 103, 104, 200, 201, 300, 301, 400],
  } as const;

  it('knows every event the diagnosis relies on', () => {
    for (const [source, ids] of Object.entries(required)) {
      for (const id of ids)
        expect(definition(source as 'udr' | 'aad' | 'wpj', id), `${source} ${id}`).not.toBeNull();
    }
    expect(allDefinitions().length).toBeGreaterThanOrEqual(60);
  });

  it('gives failure events a phase where the guidance names one', () => {
    expect([304, 305, 307, 201, 204, 334].map((id) => definition('udr', id)?.phase)).toEqual([
      'join',
      'auth',
      'discover',
      'discover',
      'join',
      'pre-check',
    ]);
  });

  it('names positional values through the template, and numbers the extra ones', () => {
    const def = definitionFor({
      provider: 'Microsoft-Windows-User Device Registration',
      channel: null,
      eventId: 305,
    });
    expect(
      fieldsByPosition(def, ['-894947614', 'AdalMessage: x', 'Federated', 'contoso.com', 'extra']),
    ).toEqual({
      ExitCode: '-894947614',
      ServerErrorMessage: 'AdalMessage: x',
      TenantType: 'Federated',
      TenantName: 'contoso.com',
      '#5': 'extra',
    });
    expect(fieldsByPosition(null, ['a'])).toEqual({ '#1': 'a' });
  });
});

describe('events added from the manifests and public traces', () => {
  it.each([
    [
      'udr',
      202,
      'error',
      'failure',
      ['ExitCode', 'JoinRequestType', 'JoinRequestTypeSymbolicName', 'Domain'],
    ],
    [
      'udr',
      323,
      'information',
      'info',
      ['AccountProvider', 'Scope', 'Client', 'Authority', 'Resource', 'CorrelationId'],
    ],
    ['udr', 325, 'information', 'success', ['CorrelationId']],
    ['udr', 367, 'information', 'info', ['Properties']],
    ['udr', 368, 'information', 'info', ['Properties']],
    ['aad', 1099, 'information', 'info', ['OperationCode', 'OperationMessage', 'AdditionalInformation']],
    ['aad', 1108, 'error', 'failure', ['Error', 'ErrorMessage', 'AdditionalInformation']],
  ] as const)(
    '%s %i: level %s, outcome %s, fields in template order',
    (source, id, level, outcome, fields) => {
      expect(definition(source, id)).toMatchObject({
        level,
        outcome,
        fields,
        phase: id === 202 ? 'join' : null,
      });
    },
  );

  it('202 says the request was never sent, not that the service rejected it', () => {
    const def = definition('udr', 202);
    expect(def?.summary).toBe(
      'The device could not prepare (initialize) the join request, so nothing was sent to the registration service.',
    );
  });

  it('1099 and 1108 belong to the AAD provider, read from the Analytic channel', () => {
    const record = { provider: null, channel: 'Microsoft-Windows-AAD/Analytic' };
    expect(definitionFor({ ...record, eventId: 1099 })?.summary).toBe(
      'The token broker logged a progress step (an informational code, not an error).',
    );
    expect(definitionFor({ ...record, eventId: 1108 })?.summary).toBe(
      'The token broker could not get a token this way (AAD/Analytic).',
    );
  });
});
