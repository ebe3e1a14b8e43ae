import { describe, expect, it } from 'vitest';
import { readCollection } from './shapes.ts';

describe('collection files: JSON by section', () => {
  it('keeps each section under the title its key names, SYSTEM’s proxy settings apart from the user’s', () => {
    const json = JSON.stringify({
      DeviceState: {
        AzureAdJoined: 'NO',
        DomainJoined: 'YES',
        DomainName: 'CONTOSO',
        'Device Name': 'PC-0142',
      },
      IEProxyConfigForCurrentUser: {
        'Auto Detect Settings': 'YES',
        'Proxy Server List': 'proxy.contoso.com:8080',
      },
      IEProxyConfigForSystemAccount: { 'Auto Detect Settings': 'NO' },
    });
    const result = readCollection(json, 'status.json');
    expect(result?.problems).toEqual([]);
    const text = result?.items[0]?.text ?? '';
    const titles = text
      .split('\n')
      .filter((l) => l.startsWith('| '))
      .map((l) =>
        l
          .slice(2)
          .trim()
          .replace(/\s*\|$/, ''),
      );
    expect(titles).toEqual([
      'Device State',
      'IE Proxy Config for Current User',
      'IE Proxy Config for System Account',
    ]);
  });
});
