import { describe, expect, it } from 'vitest';
import { definition, type EventDefinition } from './knowledge.ts';
import { cleanPastedText, fieldsFromMessage, withoutCutCode } from './message.ts';

const def = (source: 'udr' | 'aad' | 'wpj', id: number) => definition(source, id) as EventDefinition;

describe('fieldsFromMessage', () => {
  it('304, short form of older builds: absent labels are skipped, empty values kept empty', () => {
    const message =
      'Automatic registration failed at join phase. Exit code: Unknown HResult Error code: 0x801c001d. Server error:. Debug Output:\r\n undefined.';
    expect(fieldsFromMessage(def('udr', 304), message)).toEqual({
      ExitCode: 'Unknown HResult Error code: 0x801c001d',
      ServerErrorMessage: '',
      DebugOutput: 'undefined.',
    });
  });

  it('201: values cut where the template’s next sentence starts', () => {
    const message =
      'The discovery operation callback failed with exit code: Unknown HResult Error code: 0x801c0021. The server returned HTTP status: 0. \nServer response was:\n';
    expect(fieldsFromMessage(def('udr', 201), message)).toEqual({
      ExitCode: 'Unknown HResult Error code: 0x801c0021',
      HttpStatus: '0',
      ServerMessage: '',
    });
  });

  it('1025: several labels on one line', () => {
    const message =
      'Http request status: 400. Method: POST Endpoint Uri: https://login.microsoftonline.com/common/oauth2/token Correlation ID: ffff5555-aaaa-6666-bbbb-7777cccc8888';
    expect(fieldsFromMessage(def('aad', 1025), message)).toEqual({
      value: '400',
      Method: 'POST',
      EndpointUri: 'https://login.microsoftonline.com/common/oauth2/token',
      CorrelationID: 'ffff5555-aaaa-6666-bbbb-7777cccc8888',
    });
  });

  it('1081: "Correlation ID" inside the description is not the CorrelationID label', () => {
    const message =
      'OAuth response error: invalid_grant\nError description: AADSTS50126: Error validating credentials. Correlation ID: 1111aaaa-2222-bbbb-3333-cccc4444dddd\nCorrelationID: ffff5555-aaaa-6666-bbbb-7777cccc8888';
    expect(fieldsFromMessage(def('aad', 1081), message)).toEqual({
      Error: 'invalid_grant',
      ErrorDescription:
        'AADSTS50126: Error validating credentials. Correlation ID: 1111aaaa-2222-bbbb-3333-cccc4444dddd',
      CorrelationID: 'ffff5555-aaaa-6666-bbbb-7777cccc8888',
    });
  });

  it('1098: the code, its message and the additional lines', () => {
    expect(
      fieldsFromMessage(
        def('aad', 1098),
        'Error: 0xCAA2000C The request requires user interaction.\nCode: interaction_required\n',
      ),
    ).toEqual({
      Error: '0xCAA2000C',
      ErrorMessage: 'The request requires user interaction.',
      AdditionalInformation: 'Code: interaction_required',
    });
  });

  it('1104: a label without a colon', () => {
    expect(
      fieldsFromMessage(
        def('aad', 1104),
        'AAD Cloud AP plugin call GenericCallPkg returned error: 0xC004844C',
      ),
    ).toEqual({
      API: 'GenericCallPkg',
      Result: '0xC004844C',
    });
  });

  it('360: each prerequisite line to its field', () => {
    const message =
      'Windows Hello for Business provisioning will not be launched. \nDevice is AAD joined ( AADJ or DJ++ ): Yes \nUser has logged on with AAD credentials: No \nWindows Hello for Business policy is enabled: Yes';
    expect(fieldsFromMessage(def('udr', 360), message)).toEqual({
      DeviceIsJoined: 'Yes',
      AADPrt: 'No',
      NgcPolicyEnabled: 'Yes',
    });
  });

  it('502: free text is the Message field', () => {
    expect(fieldsFromMessage(def('udr', 502), ' Failed to refresh the device state. ')).toEqual({
      Message: 'Failed to refresh the device state.',
    });
  });

  it('KDC proxy 103 and 102: the template colon before a label with none is not part of the value', () => {
    const kdc = (id: number) => definition('kdcproxy', id) as EventDefinition;
    expect(
      fieldsFromMessage(
        kdc(103),
        'Failed to locate a domain controller in domain contoso.com with locator flags 0x40001010: error code 1355.',
      ),
    ).toEqual({ TargetDomain: 'contoso.com', Flags: '0x40001010', ErrorCode: '1355' });
    expect(fieldsFromMessage(kdc(102), 'Failed to unpack KDC_PROXY_MESSAGE: error code 13')).toEqual({
      PduType: 'KDC_PROXY_MESSAGE',
      ErrorCode: '13',
    });
  });
});

describe('cleanPastedText', () => {
  it('collapses double spacing and strips quote marks, emphasis and fences', () => {
    expect(
      cleanPastedText(
        '> **Exit code:** 0x1\r\n\r\n> Server error: x\r\n\r\n```\r\nDebug Output:\r\n\r\n\r\n\r\nnext',
      ),
    ).toEqual(['Exit code: 0x1', 'Server error: x', 'Debug Output:', '', 'next']);
  });

  it('keeps ordinary single spacing as it is', () => {
    expect(cleanPastedText('a\nb\n\nc')).toEqual(['a', 'b', '', 'c']);
  });
});

describe('withoutCutCode', () => {
  it('drops the piece of a code a table cut, and nothing else', () => {
    expect(withoutCutCode('Exit code: Unknown HResult Error code: 0x801c...')).toBe(
      'Exit code: Unknown HResult Error code: ',
    );
    expect(withoutCutCode('Description: AADSTS500…')).toBe('Description: ');
    expect(withoutCutCode('exit code: -21456...')).toBe('exit code: ');
    // Eight hex digits are a whole HRESULT; a cut word is no code.
    expect(withoutCutCode('Error code: 0x801c03f2...')).toBe('Error code: 0x801c03f2...');
    expect(withoutCutCode('failed at join phase....')).toBe('failed at join phase....');
    expect(withoutCutCode('Error code: 0x801c03f2. ...')).toBe('Error code: 0x801c03f2. ...');
  });
});
