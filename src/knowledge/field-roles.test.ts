import { describe, expect, it } from 'vitest';
import { CaptureView } from '../diagnose/view.ts';
import { readCaptures } from '../read/index.ts';
import {
  errorChainLinkOf,
  errorChainLinks,
  type FieldName,
  fieldsWithRole,
  hasRole,
  isKeyField,
} from './fields.ts';

describe('field catalog roles', () => {
  it('names the fields that identify a device, a user or a tenant', () => {
    expect(fieldsWithRole('device')).toEqual([
      'Device Name',
      'DeviceId',
      'Thumbprint',
      'KeyContainerId',
      'WorkplaceDeviceId',
      'WorkplaceThumbprint',
    ]);
    expect(fieldsWithRole('user')).toEqual(['NgcKeyId', 'User Identity', 'Executing Account Name']);
    expect(fieldsWithRole('tenant')).toEqual([
      'DomainName',
      'TenantName',
      'TenantId',
      'WorkplaceTenantId',
      'WorkplaceTenantName',
      'KerbTopLevelNames',
    ]);
  });

  it('names the PRT diagnostics block and the error chain', () => {
    expect(fieldsWithRole('prt-diagnostics')).toEqual([
      'Previous Prt Attempt',
      'Attempt Status',
      'User Identity',
      'Credential Type',
      'Correlation ID',
      'Endpoint URI',
      'HTTP Method',
      'HTTP Error',
      'HTTP status',
      'Server Error Code',
      'Server Error Description',
    ]);
    for (const name of [
      'Client ErrorCode',
      'Server ErrorSubCode',
      'Server Message',
      'Https Status',
      'Request Id',
    ]) {
      expect(hasRole(name, 'error-chain')).toBe(true);
    }
    expect(hasRole('DeviceName', 'device')).toBe(false);
  });

  it('gives the error chain its links: label and how each value is read, from the catalog', () => {
    expect(errorChainLinks()).toEqual([
      ['Correlation ID', { label: 'Correlation ID', value: 'text' }],
      ['Endpoint URI', { label: 'Endpoint', value: 'text' }],
      ['HTTP Error', { label: 'HTTP error', value: 'code' }],
      ['HTTP status', { label: 'HTTP status', value: 'code' }],
      ['Server Error Code', { label: 'Server error', value: 'code' }],
      ['Server Error Description', { label: 'Server message', value: 'server-message' }],
      ['Server ErrorCode', { label: 'Server error', value: 'code' }],
      ['Server ErrorSubCode', { label: 'Server sub-code', value: 'code' }],
      ['Server Message', { label: 'Server message', value: 'server-message' }],
      ['Https Status', { label: 'HTTP status', value: 'code' }],
      ['Request Id', { label: 'Request Id', value: 'text' }],
    ]);
    // Every link is a field of the error-chain role; the failing code and the phase are the verdict's.
    for (const [name] of errorChainLinks()) expect(hasRole(name, 'error-chain')).toBe(true);
    expect(errorChainLinkOf('Client ErrorCode')).toBeNull();
    expect(errorChainLinkOf('Attempt Status')).toBeNull();
    expect(errorChainLinkOf('Error Phase')).toBeNull();
    expect(errorChainLinkOf('Request ID')).toBeNull();
    expect(errorChainLinkOf('HTTP Method')).toBeNull();
  });

  it('makes key fields key where they are read, not in a Work Account or a flat layout', () => {
    expect(isKeyField('DeviceId', 'device-details')).toBe(true);
    expect(isKeyField('DeviceId', 'device-state')).toBe(false);
    expect(isKeyField('TpmProtected', 'work-account')).toBe(false);
    expect(isKeyField('WorkplaceTenantName', 'user-state')).toBe(true);
    expect(isKeyField('WorkplaceTenantName', 'work-account')).toBe(false);
    expect(isKeyField('Attempt Status', 'diagnostic-data')).toBe(true);
    expect(isKeyField('KeyContainerId', 'device-details')).toBe(false);
  });

  it('lets a capture view look up catalogued names only', () => {
    const [capture] = readCaptures(
      '+----------------------------------------------------------------------+\n| Device State |\n+----------------------------------------------------------------------+\n\n   AzureAdJoined : YES\n     Device Name : PC-0042.contoso.com\n',
    );
    const view = new CaptureView(capture as NonNullable<typeof capture>);
    const name: FieldName = 'Device Name';
    expect(view.text(name)).toBe('PC-0042.contoso.com');
    // @ts-expect-error `DeviceName` is not a catalogued field: the misspelling does not compile.
    expect(view.text('DeviceName')).toBeNull();
  });
});
