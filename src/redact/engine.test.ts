import { describe, expect, it } from 'vitest';
import { createRedactor } from './index.ts';

describe('identifier classes that used to pass through', () => {
  it('replaces IPv4 addresses, also as URL hosts, with documentation addresses; keeps loopback and masks', () => {
    const r = createRedactor();
    expect(
      r.text('Client 10.20.30.40 via proxy http://172.16.0.5:8080/pac.js and 127.0.0.1, mask 255.255.255.0'),
    ).toBe('Client 192.0.2.2 via proxy http://192.0.2.1:8080/pac.js and 127.0.0.1, mask 255.255.255.0');
  });

  it('replaces IPv6 addresses, with their zone and inside brackets in a URL; keeps ::1', () => {
    const r = createRedactor();
    expect(
      r.text('Link-local fe80::1ff:fe23:4567:890a%12 and https://[2001:4860:4860::8888]:443/x, loopback ::1'),
    ).toBe('Link-local 2001:db8::2%12 and https://[2001:db8::1]:443/x, loopback ::1');
  });

  it('does not take a C++ scope or a time for an IPv6 address', () => {
    const r = createRedactor();
    const text = 'DsrCmdJoinHelper::Join at 12:34:56 and dsregcmd::wmain';
    expect(r.text(text)).toBe(text);
  });

  it('replaces Entra user SIDs whole and keeps well-known SIDs', () => {
    const r = createRedactor();
    expect(
      r.text('SID S-1-12-1-1111111111-2222222222-3333333333-4444444444 and S-1-5-18, S-1-5-32-544'),
    ).toBe('SID S-1-12-1-1000000000-1000000000-1000000000-1000000001 and S-1-5-18, S-1-5-32-544');
  });

  it('replaces hex identifiers of other lengths at their length, and keeps error codes', () => {
    const r = createRedactor();
    expect(
      r.text('DeviceId prefix 9f3c2a7b1e0d and key 0123456789abcdef0123, code 0x801c03f2 and 801c03f2'),
    ).toBe('DeviceId prefix 000000000001 and key 00000000000000000002, code 0x801c03f2 and 801c03f2');
  });

  it('replaces a thumbprint written in pairs, keeping the pairs and the separator', () => {
    const r = createRedactor();
    expect(r.text('Thumbprint 9F 3C 2A 7B 1E 0D 4C 6A 8B 5F 7E 2D 1C 0B 9A 8F 7E 6D 5C 4B')).toBe(
      'Thumbprint 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01',
    );
    expect(r.text('9f:3c:2a:7b:1e:0d:4c:6a:8b:5f:7e:2d:1c:0b:9a:8f:7e:6d:5c:4b')).toBe(
      '00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:01',
    );
  });

  it('replaces host names under other top-level domains, not file names, type names or glued words', () => {
    const r = createRedactor();
    expect(
      r.text(
        'hosts fs01.fabrikam.xyz, portal.contoso.io, Contoso.co, form.Co, DISABLEDSetup.co, dsregcmd.exe, Microsoft.AAD.BrokerPlugin',
      ),
    ).toBe(
      'hosts host1.domain1.example, portal.domain2.example, domain3.example, form.Co, DISABLEDSetup.co, dsregcmd.exe, Microsoft.AAD.BrokerPlugin',
    );
  });

  it('does not take an error code that ends a sentence for the first label of a host', () => {
    const r = createRedactor();
    const text = 'GetComputerTokenForADRS failed with error 0x00000001.Setup.co';
    expect(r.text(text)).toBe(text);
  });

  it("replaces a customer's resources under Microsoft domains and keeps Microsoft's endpoints", () => {
    const r = createRedactor();
    expect(
      r.text(
        'kv-contoso.vault.azure.net, contosofiles.blob.core.windows.net, enterpriseregistration.windows.net, login.microsoftonline.com',
      ),
    ).toBe(
      'domain1.vault.azure.net, domain2.blob.core.windows.net, enterpriseregistration.windows.net, login.microsoftonline.com',
    );
  });

  it('replaces LDAP domain components as the domain they spell', () => {
    const r = createRedactor();
    expect(r.text('CN=Services,CN=Configuration,DC=corp,DC=contoso,DC=com and later corp.contoso.com')).toBe(
      'CN=Services,CN=Configuration,DC=host1,DC=domain1,DC=example and later host1.domain1.example',
    );
  });

  it('replaces the names in a distinguished name, keeping the containers Active Directory makes', () => {
    const r = createRedactor();
    r.learn('device', 'PC-0142');
    expect(
      r.text(
        'CN=PC-0142,OU=Finance,DC=corp,DC=contoso,DC=com; CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=corp,DC=contoso,DC=com',
      ),
    ).toBe(
      'CN=DEVICE1,OU=id1,DC=host1,DC=domain1,DC=example; CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=host1,DC=domain1,DC=example',
    );
  });

  it('replaces the server and share of UNC paths, keeping the shares Windows makes and device paths', () => {
    const r = createRedactor();
    expect(r.text('share \\\\FS01\\home$\\notes and \\\\FS02\\SYSVOL and \\\\?\\C:\\Windows')).toBe(
      'share \\\\DEVICE1\\share1\\notes and \\\\DEVICE2\\SYSVOL and \\\\?\\C:\\Windows',
    );
  });

  it('replaces MAC addresses, not times', () => {
    const r = createRedactor();
    expect(r.text('MAC 00-15-5D-01-02-03 at 12:34:56')).toBe('MAC 00-00-5E-00-53-01 at 12:34:56');
  });

  it('keeps placeholder hosts, and keeps the control characters it uses internally', () => {
    const r = createRedactor();
    const text = 'see www.example.com and example.org, ctrl \u0001x\u0002 kept';
    expect(r.text(text)).toBe(text);
  });

  it('leaves its own stand-ins as they are when it meets them again', () => {
    const r = createRedactor();
    const once = r.text('jdoe@contoso.com on 10.1.2.3, 11112222-aaaa-4bbb-8ccc-333344445555');
    expect(once).toBe('user1@domain1.example on 192.0.2.1, 00000000-0000-4000-8000-000000000001');
    expect(r.text(once)).toBe(once);
  });
});

describe('keyed pseudonyms', () => {
  it('come from HMAC-SHA-256 of the key, the kind and the value, with 64 bits shown', () => {
    const r = createRedactor({ key: new TextEncoder().encode('k') });
    // openssl: printf 'user\0jdoe\0000' | openssl dgst -sha256 -hmac k → bc98f313577d5762ed41…
    expect(r.text('jdoe@contoso.com')).toMatch(/^user-bc98f313577d5762@domain-[0-9a-f]{16}\.example$/);
  });

  it('give stand-ins of every kind that hide the value, and SID parts below 2^31', () => {
    const r = createRedactor({ key: new TextEncoder().encode('k') });
    const out = r.text(
      'S-1-12-1-1111111111-2222222222-3333333333-4444444444 10.1.2.3 fe80::1 00-15-5D-01-02-03 9f3c2a7b1e0d',
    );
    const [sid, ip, ip6, mac, hex] = out.split(' ');
    expect(
      sid
        ?.split('-')
        .slice(4)
        .every((n) => Number(n) < 2 ** 31),
    ).toBe(true);
    expect(ip).toMatch(/^ip-[0-9a-f]{16}$/);
    expect(ip6).toMatch(/^2001:db8:[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}::$/);
    expect(mac).toMatch(/^mac-[0-9a-f]{16}$/);
    expect(hex).toMatch(/^[0-9a-f]{12}$/);
    expect(hex).not.toBe('9f3c2a7b1e0d');
  });

  it('agree for the same key given as bytes or as a passphrase, and differ for another key', () => {
    const text = 'jdoe@contoso.com';
    const bytes = createRedactor({ key: new TextEncoder().encode('pepper') }).text(text);
    expect(createRedactor({ salt: 'pepper' }).text(text)).toBe(bytes);
    expect(createRedactor({ salt: 'paprika' }).text(text)).not.toBe(bytes);
  });
});
