import { describe, expect, it } from 'vitest';
import { CaptureView } from '../diagnose/view.ts';
import { readCaptures } from '../read/index.ts';
import { type FieldName, fieldsWithRole, hasRole, isKeyField } from './fields.ts';

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
