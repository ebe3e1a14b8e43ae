import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeZip } from '../input/zip.ts';
import { entraFixture } from '../store/contract.ts';
import { openStore } from '../store/open.ts';
import type { FleetStore } from '../store/types.ts';
import { type AppOptions, createApp } from './app.ts';
import { CONTENT_SECURITY_POLICY } from './headers.ts';

const root = join(import.meta.dirname, '..', '..');
const example = (name: string) => readFileSync(join(root, 'examples', name));
const SCP_MISSING = example('scp-missing.txt');
/** A capture that names no device (a fragment pasted without its Device State header). */
const FRAGMENT = readFileSync(join(root, 'test/fixtures/captures/fragment-no-headers.txt'));
const HELLO_EVTX = join(
  root,
  '..',
  'shared',
  'evtx-samples',
  'Microsoft-Windows-HelloForBusiness-Operational.evtx',
);

/** The same device a week later: the AD configuration is fixed, the join now fails in the join phase. */
const SCP_LATER = new TextEncoder().encode(
  SCP_MISSING.toString('utf8')
    .replace('Client Time : 2024-05-13 14:02:11.000 UTC', 'Client Time : 2024-05-20 09:00:00.000 UTC')
    .replace('AD Configuration Test : FAIL [0x80070002]', 'AD Configuration Test : PASS')
    .replace('Error Phase : discover', 'Error Phase : join')
    .replace('Client ErrorCode : 0x801c001d', 'Client ErrorCode : 0x801c03f2'),
);

type Body = NonNullable<RequestInit['body']>;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by value, field by field
type Json = any;
const json = (response: Response): Promise<Json> => response.json() as Promise<Json>;

const TOKEN = 'test-token-0123456789abcdef';
const NOW = new Date('2024-05-21T00:00:00Z');

function options(overrides: Partial<AppOptions> = {}): AppOptions {
  return {
    store: null,
    token: null,
    maxBodyBytes: 1024 * 1024,
    ingestPerMinute: 1000,
    redactSalt: null,
    webRoot: null,
    now: () => NOW,
    ...overrides,
  };
}

const post = (body: Body | Uint8Array, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  body: body as Body,
  headers,
});

async function problemOf(response: Response): Promise<{ reason: string; message: string }> {
  const body = (await json(response)) as { error: { reason: string; message: string } };
  return body.error;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsreg-server-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function freshStore(): Promise<FleetStore> {
  return openStore(join(mkdtempSync(join(dir, 'db-')), 'fleet.db'));
}

describe('POST /api/analyze', () => {
  const app = createApp(options());

  it('diagnoses a capture and answers the report envelope, with the security headers', async () => {
    const response = await app.request('/api/analyze?name=PC-0203.txt', post(SCP_MISSING));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const report = await json(response);
    expect(report.schema).toBe('dsreg-doctor.report/1');
    expect(report.reports).toHaveLength(1);
    expect(report.reports[0].source.path).toBe('PC-0203.txt');
    expect(report.reports[0].verdict).toMatchObject({
      joinState: 'domain-joined',
      health: 'failing',
      failedPhase: 'discover',
      errorCode: '0x801c001d',
      subErrorCode: '0x80070002',
    });
  });

  it('reads UTF-16 as PowerShell writes it', async () => {
    const response = await app.request('/api/analyze', post(example('powershell-utf16.txt')));
    expect(response.status).toBe(200);
    const report = await json(response);
    expect(report.reports[0].verdict).toMatchObject({ joinState: 'hybrid-joined', health: 'healthy' });
  });

  it('renders HTML, Markdown and text on request, and refuses an unknown format', async () => {
    const html = await app.request('/api/analyze?format=html', post(SCP_MISSING));
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('0x801c001d');
    const md = await app.request('/api/analyze?format=markdown', post(SCP_MISSING));
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const text = await app.request('/api/analyze?format=text', post(SCP_MISSING));
    expect(await text.text()).toContain('0x801c001d');
    const bad = await app.request('/api/analyze?format=pdf', post(SCP_MISSING));
    expect(bad.status).toBe(400);
    expect(await problemOf(bad)).toEqual({
      reason: 'bad-request',
      message: 'format "pdf" is not one of json, html, markdown, text',
    });
  });

  it('replaces identifiers with pseudonyms when asked', async () => {
    const plain = await (await app.request('/api/analyze', post(SCP_MISSING))).text();
    expect(plain).toContain('PC-0203');
    const redacted = await (await app.request('/api/analyze?redact=1', post(SCP_MISSING))).text();
    expect(redacted).not.toContain('PC-0203');
    expect(redacted).not.toContain('contoso');
  });

  it('escapes a hostile value in the HTML report', async () => {
    const hostile = SCP_MISSING.toString('utf8').replace(
      'Device Name : PC-0203.contoso.com',
      'Device Name : <script>alert(1)</script>',
    );
    const html = await (await app.request('/api/analyze?format=html', post(hostile))).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it.skipIf(!existsSync(HELLO_EVTX))(
    'reads an EVTX file (skipped without ../shared/evtx-samples)',
    async () => {
      const response = await app.request(
        '/api/analyze?name=hello.evtx',
        post(readFileSync(HELLO_EVTX), { 'content-type': 'application/octet-stream' }),
      );
      expect(response.status).toBe(200);
      const report = await json(response);
      expect(report.reports).toHaveLength(1);
      expect(report.reports[0].source).toMatchObject({ path: 'hello.evtx', kind: 'events' });
      expect(report.reports[0].events.length).toBe(5);
    },
  );

  it('opens a zip: every entry analysed, unreadable entries listed as failures', async () => {
    const zip = writeZip([
      { name: 'PC-0203/status.txt', bytes: SCP_MISSING },
      { name: 'PC-0203/notes.txt', bytes: new TextEncoder().encode('called the user, no answer') },
    ]);
    const response = await app.request(
      '/api/analyze?name=bundle.zip',
      post(zip, { 'content-type': 'application/zip' }),
    );
    expect(response.status).toBe(200);
    const report = await json(response);
    expect(report.reports.map((r: { source: { path: string } }) => r.source.path)).toEqual([
      'bundle.zip!PC-0203/status.txt',
    ]);
    expect(report.failures).toEqual([
      {
        path: 'bundle.zip!PC-0203/notes.txt',
        reason:
          'no dsregcmd output or event records found in it: save the output of `dsregcmd /status` (or an event log export) into the file and pass that',
      },
    ]);
  });

  it('refuses a zip with nothing readable in it with 422', async () => {
    const zip = writeZip([{ name: 'a.txt', bytes: new TextEncoder().encode('nothing to see') }]);
    const response = await app.request('/api/analyze', post(zip));
    expect(response.status).toBe(422);
    expect((await problemOf(response)).message).toBe(
      'nothing in the archive could be read: a.txt: no dsregcmd output or event records found in it: save the output of `dsregcmd /status` (or an event log export) into the file and pass that'.replace(
        'a.txt',
        'request body!a.txt',
      ),
    );
  });
});

describe('the one problem table', () => {
  const app = createApp(options({ maxBodyBytes: 64 * 1024 }));

  it.each([
    ['an empty body', '', 422, 'empty'],
    ['white space only', ' \r\n\t ', 422, 'empty'],
    [
      'a binary file',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2, 3, 0, 0, 0, 0]),
      415,
      'binary',
    ],
    ['text that is no capture', 'Hello,\nplease fix my laptop.\nThanks', 422, 'not-recognized'],
  ] as const)('%s: %i %s', async (_what, body, status, reason) => {
    const response = await app.request('/api/analyze', post(body as Body));
    expect(response.status).toBe(status);
    expect((await problemOf(response)).reason).toBe(reason);
  });

  it('says what an empty body is in terms of the request', async () => {
    const response = await app.request('/api/analyze', post(''));
    expect((await problemOf(response)).message).toBe(
      'the request body is empty: save the output of `dsregcmd /status` (or an event log export) and send that as the request body',
    );
  });

  it('refuses a report it wrote itself (own output) with 422', async () => {
    const report = await (await app.request('/api/analyze', post(SCP_MISSING))).text();
    const response = await app.request('/api/analyze', post(report));
    expect(response.status).toBe(422);
    expect((await problemOf(response)).reason).toBe('own-output');
  });

  it('refuses a body over the cap with 413, by its declared length and while reading it', async () => {
    const big = new Uint8Array(64 * 1024 + 1).fill(0x41);
    const declared = await app.request('/api/analyze', post(big, { 'content-length': String(big.length) }));
    expect(declared.status).toBe(413);
    expect(await problemOf(declared)).toEqual({
      reason: 'too-large',
      message:
        'the request body is larger than the 64 KB this server accepts: send a smaller file, or start the server with a larger --max-body',
    });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(4096).fill(0x41));
        controller.close();
      },
    });
    const streamed = await app.request('/api/analyze', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('refuses a content type that cannot hold a capture with 415', async () => {
    const response = await app.request('/api/analyze', post('x', { 'content-type': 'image/png' }));
    expect(response.status).toBe(415);
    expect(await problemOf(response)).toEqual({
      reason: 'unsupported-media-type',
      message:
        'the content type "image/png" is not read here: send the file as application/octet-stream or text/plain (any encoding)',
    });
  });

  it('accepts the types a capture or log arrives as', async () => {
    for (const type of [
      'text/plain; charset=utf-16',
      'application/octet-stream',
      'application/xml',
      'application/json',
    ]) {
      const response = await app.request('/api/analyze', post(SCP_MISSING, { 'content-type': type }));
      expect(response.status, type).toBe(200);
    }
  });

  it('answers 405 with Allow for a known path and a wrong method, 404 for an unknown path', async () => {
    const wrong = await app.request('/api/analyze');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(await problemOf(wrong)).toEqual({
      reason: 'method-not-allowed',
      message: '/api/analyze accepts POST only',
    });
    const unknown = await app.request('/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect((await problemOf(unknown)).reason).toBe('not-found');
  });

  it('answers the fleet routes with 404 no-store when there is no store', async () => {
    for (const path of [
      '/api/fleet/summary',
      '/api/devices',
      '/api/devices/PC-0203',
      '/api/entra/not-captured',
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect((await problemOf(response)).reason).toBe('no-store');
    }
    const ingest = await app.request('/api/captures', post(SCP_MISSING));
    expect(ingest.status).toBe(404);
  });
});

describe('GET /api/explain/:code', () => {
  const app = createApp(options());

  it('reads a code in any form', async () => {
    const signed = await json(await app.request('/api/explain/-2145648611'));
    expect(signed).toMatchObject({ form: 'signed-decimal', normalized: '0x801c001d' });
    expect(signed.entry.name).toBe('DSREG_AUTOJOIN_ADCONFIG_READ_FAILED');
    const upper = await json(await app.request('/api/explain/801C03F2'));
    expect(upper.entry.name).toBe('DSREG_E_DIRECTORY_FAILURE');
  });

  it('refuses what is not a code with 422', async () => {
    const response = await app.request('/api/explain/banana');
    expect(response.status).toBe(422);
    expect((await problemOf(response)).reason).toBe('not-a-code');
  });
});

describe('the access token', () => {
  const lines: string[] = [];
  const app = createApp(options({ token: TOKEN, log: (line) => lines.push(line) }));

  it('is required on every /api route, as a bearer header', async () => {
    const none = await app.request('/api/explain/0x801c03f2');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="dsreg-doctor"');
    const wrong = await app.request('/api/explain/0x801c03f2', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const prefix = await app.request('/api/explain/0x801c03f2', {
      headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
    });
    expect(prefix.status).toBe(401);
    const right = await app.request('/api/explain/0x801c03f2', {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(right.status).toBe(200);
    const lower = await app.request('/api/explain/0x801c03f2', {
      headers: { authorization: `bearer ${TOKEN}` },
    });
    expect(lower.status).toBe(200);
  });

  it('is never taken from the URL', async () => {
    const response = await app.request(`/api/explain/0x801c03f2?token=${TOKEN}&access_token=${TOKEN}`);
    expect(response.status).toBe(401);
  });

  it('is not needed for the page itself, and never appears in a log line', async () => {
    const page = await app.request('/');
    expect(page.status).toBe(404);
    await app.request('/api/analyze', post('', { authorization: `Bearer ${TOKEN}` }));
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('requests from other sites', () => {
  const app = createApp(options());

  it('refuses a cross-site request with 403, serves a same-origin one', async () => {
    const evil = await app.request('http://127.0.0.1:8787/api/analyze', {
      ...post(SCP_MISSING),
      headers: { origin: 'https://attacker.example.com', host: '127.0.0.1:8787' },
    });
    expect(evil.status).toBe(403);
    const fetchSite = await app.request('http://127.0.0.1:8787/api/explain/0x801c03f2', {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchSite.status).toBe(403);
    const same = await app.request('http://127.0.0.1:8787/api/analyze', {
      ...post(SCP_MISSING),
      headers: { origin: 'http://127.0.0.1:8787', host: '127.0.0.1:8787', 'sec-fetch-site': 'same-origin' },
    });
    expect(same.status).toBe(200);
  });
});

describe('ingest and the fleet routes over a SQLite store', () => {
  let store: FleetStore;
  let app: ReturnType<typeof createApp>;
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    store = await freshStore();
    app = createApp(options({ store, token: TOKEN }));
  });
  afterAll(async () => {
    await store.close();
  });

  const ingest = (body: Body | Uint8Array, headers: Record<string, string> = {}) =>
    app.request('/api/captures', post(body, { ...auth, ...headers }));

  it('stores a capture (201), then the same capture again as a duplicate (200)', async () => {
    const first = await ingest(SCP_MISSING, {
      'x-capture-context': 'system',
      'x-file-name': 'PC-0203/status.txt',
    });
    expect(first.status).toBe(201);
    expect(await json(first)).toEqual({
      stored: 1,
      duplicates: 0,
      captures: [
        {
          deviceKey: 'name:pc-0203.contoso.com',
          outcome: 'stored',
          capturedAt: '2024-05-13T14:02:11.000Z',
          joinState: 'domain-joined',
          health: 'failing',
          failedPhase: 'discover',
          errorCode: '0x801c001d',
          summary:
            'Domain joined, not hybrid joined: hybrid join failed in the discover phase: 0x801c001d DSREG_AUTOJOIN_ADCONFIG_READ_FAILED / 0x80070002 HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND).',
        },
      ],
    });
    const again = await ingest(SCP_MISSING, { 'x-device-name': 'PC-0999', 'x-file-name': 'status.txt' });
    expect(again.status).toBe(200);
    expect(await json(again)).toMatchObject({
      stored: 0,
      duplicates: 1,
      notes: [
        {
          path: 'status.txt',
          reason:
            "the request names the device PC-0999, the capture names PC-0203: kept under the capture's name",
        },
      ],
    });
  });

  it('keys a capture without a device name by the name the script sends', async () => {
    const response = await ingest(FRAGMENT, { 'x-device-name': 'pc-0300' });
    expect(response.status).toBe(201);
    expect((await json(response)).captures[0].deviceKey).toBe('name:pc-0300');
  });

  it('counts the stored devices in the summary', async () => {
    await ingest(example('hybrid-joined-healthy.txt'), { 'x-device-name': 'PC-0100' });
    const summary = await json(await app.request('/api/fleet/summary', { headers: auth }));
    expect(summary.now).toBe('2024-05-21T00:00:00.000Z');
    expect(summary.devices).toBe(3);
    expect(summary.captures).toBe(3);
    expect(summary.stateHealth).toEqual([
      { joinState: 'domain-joined', health: 'failing', devices: 2 },
      { joinState: 'hybrid-joined', health: 'healthy', devices: 1 },
    ]);
    expect(summary.topPhases).toEqual([{ key: 'discover', devices: 2 }]);
  });

  it('lists devices with filters, paged', async () => {
    const failing = await json(await app.request('/api/devices?health=failing', { headers: auth }));
    expect(failing.devices.map((d: { deviceKey: string }) => d.deviceKey)).toEqual([
      'name:pc-0203.contoso.com',
      'name:pc-0300',
    ]);
    const byCode = await json(await app.request('/api/devices?code=-2145648611', { headers: auth }));
    expect(byCode.devices.map((d: { deviceKey: string }) => d.deviceKey)).toEqual([
      'name:pc-0203.contoso.com',
    ]);
    const first = await json(await app.request('/api/devices?limit=2', { headers: auth }));
    expect(first.devices).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const second = await json(
      await app.request(`/api/devices?limit=2&after=${encodeURIComponent(first.next)}`, { headers: auth }),
    );
    expect(second.devices).toHaveLength(1);
    expect(second.next).toBeNull();
  });

  it.each([
    [
      'state=sideways',
      400,
      '"state" must be one of entra-joined, hybrid-joined, domain-joined, drs-joined, entra-registered, not-joined, inconsistent, unknown; got "sideways"',
    ],
    ['limit=0', 400, '"limit" must be a whole number from 1 to 1000'],
    ['stale=maybe', 400, '"stale" must be true or false'],
    [
      'stale=true&staleDays=14',
      400,
      '"staleDays" must be 21 or more: Entra refreshes the activity timestamp only every 14 days (±5)',
    ],
    ['vdiStaleDays=0', 400, '"vdiStaleDays" must be a whole number from 1 to 3650'],
    ['since=yesterday', 400, '"since" must be a time such as 2026-01-31 or 2026-01-31T12:00:00Z'],
  ])('refuses a bad filter: %s', async (query, status, message) => {
    const response = await app.request(`/api/devices?${query}`, { headers: auth });
    expect(response.status).toBe(status);
    expect((await problemOf(response)).message).toBe(message);
  });

  it('shows one device with its history, what changed and its latest report', async () => {
    expect((await ingest(SCP_LATER)).status).toBe(201);
    const response = await app.request(`/api/devices/${encodeURIComponent('name:pc-0203.contoso.com')}`, {
      headers: auth,
    });
    expect(response.status).toBe(200);
    const detail = await json(response);
    expect(detail.device).toMatchObject({
      captures: 2,
      health: 'failing',
      failedPhase: 'join',
      errorCode: '0x801c03f2',
    });
    expect(detail.history.map((h: { capturedAt: string }) => h.capturedAt)).toEqual([
      '2024-05-13T14:02:11.000Z',
      '2024-05-20T09:00:00.000Z',
    ]);
    expect(detail.changes).toHaveLength(1);
    expect(detail.changes[0].comparison.verdict).toEqual([
      { what: 'failedPhase', before: 'discover', after: 'join' },
      { what: 'errorCode', before: '0x801c001d', after: '0x801c03f2' },
      { what: 'subErrorCode', before: '0x80070002', after: null },
    ]);
    expect(detail.changes[0].comparison.fields).toContainEqual({
      what: 'Diagnostic Data › AD Configuration Test',
      before: 'FAIL [0x80070002]',
      after: 'PASS',
    });
    expect(detail.latest.schema).toBe('dsreg-doctor.report/1');
    expect(detail.latest.reports[0].verdict.errorCode).toBe('0x801c03f2');
    expect(detail.changesOmitted).toBe(0);
  });

  it("stores a device's zip bundle: its capture with its own events attached, the rest said", async () => {
    const events = readFileSync(join(root, 'test/fixtures/events/knowledge-307-304-no-scp.xml'), 'utf8');
    const zip = writeZip([
      {
        name: 'PC-0404/status.txt',
        bytes: new TextEncoder().encode(SCP_MISSING.toString('utf8').replaceAll('PC-0203', 'PC-0404')),
      },
      {
        name: 'PC-0404/udr.xml',
        bytes: new TextEncoder().encode(events.replaceAll('PC01.contoso.com', 'PC-0404.contoso.com')),
      },
      { name: 'PC-0404/other.xml', bytes: new TextEncoder().encode(events) },
      { name: 'PC-0404/notes.txt', bytes: new TextEncoder().encode('called the user') },
    ]);
    const response = await ingest(zip, { 'content-type': 'application/zip', 'x-file-name': 'bundle.zip' });
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body.captures.map((c: { deviceKey: string }) => c.deviceKey)).toEqual([
      'name:pc-0404.contoso.com',
    ]);
    expect(body.notKept).toEqual([
      {
        path: 'bundle.zip!PC-0404/notes.txt',
        reason:
          'no dsregcmd output or event records found in it: save the output of `dsregcmd /status` (or an event log export) into the file and pass that',
      },
    ]);
    expect(body.notes).toEqual([
      {
        path: 'bundle.zip!PC-0404/other.xml',
        reason: 'events of PC01.contoso.com: no capture of that device beside them, not attached',
      },
    ]);
    const detail = await store.device('name:pc-0404.contoso.com');
    expect(detail!.history[0]!.events).toMatchObject({ source: 'bundle.zip!PC-0404/udr.xml', count: 2 });
  });

  it('answers 404 for a device it does not have', async () => {
    const response = await app.request('/api/devices/PC-9999', { headers: auth });
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toEqual({
      reason: 'not-found',
      message: 'no device "PC-9999" in the store: list devices with GET /api/devices',
    });
  });

  it('refuses an event log, a capture naming no device, and bad headers', async () => {
    const events = await ingest(readFileSync(join(root, 'test/fixtures/events/udr-admin.wevtutil.xml')));
    expect(events.status).toBe(422);
    expect((await problemOf(events)).message).toBe(
      'the body is an event log, not dsregcmd output: the fleet store keeps captures; post the `dsregcmd /status` output (event logs are analysed by POST /api/analyze)',
    );
    const nameless = await ingest(
      new TextEncoder().encode(FRAGMENT.toString('utf8').replace('DomainJoined', 'DomainJoined ')),
    );
    expect(nameless.status).toBe(400);
    expect((await problemOf(nameless)).message).toBe(
      'the capture names no device (no Device Name, TenantId/DeviceId): send the computer name in X-Device-Name',
    );
    const context = await ingest(SCP_MISSING, { 'x-capture-context': 'root' });
    expect(context.status).toBe(400);
    const time = await ingest(SCP_MISSING, { 'x-captured-at': 'soon' });
    expect(time.status).toBe(400);
  });

  it('judges staleness with the thresholds asked, and lists the Entra objects without a capture', async () => {
    const entra = (objectId: string, displayName: string, lastSignIn: string) =>
      entraFixture({
        objectId,
        displayName,
        lastSignIn,
        registrationTime: null,
        operatingSystem: null,
        operatingSystemVersion: null,
        isCompliant: null,
        isManaged: null,
        source: 'devices.csv',
      });
    // PC-0203's object was last active 110 days before the server's now (2024-05-21).
    await store.importEntra(
      [
        entra('c2000000-0000-4000-8000-000000000001', 'PC-0203', '2024-02-01T00:00:00.000Z'),
        entra('c2000000-0000-4000-8000-000000000002', 'PC-0999', '2024-05-01T00:00:00.000Z'),
      ],
      NOW.toISOString(),
    );
    const keys = async (query: string) =>
      (await json(await app.request(`/api/devices?${query}`, { headers: auth }))).devices.map(
        (d: { deviceKey: string }) => d.deviceKey,
      );
    expect(await keys('stale=true')).toEqual(['name:pc-0203.contoso.com']);
    expect(await keys('stale=true&staleDays=120')).toEqual([]);
    expect(await keys('stale=true&staleDays=120&vdiPrefix=PC-02&vdiStaleDays=100')).toEqual([
      'name:pc-0203.contoso.com',
    ]);
    const summary = async (query: string) =>
      (await json(await app.request(`/api/fleet/summary?${query}`, { headers: auth }))).entra;
    expect([(await summary('')).stale, (await summary('staleDays=120')).stale]).toEqual([1, 0]);
    const detail = await json(await app.request('/api/devices/PC-0203?staleDays=120', { headers: auth }));
    expect(detail.device.entraIssues).toEqual([]);
    const missing = await json(await app.request('/api/entra/not-captured', { headers: auth }));
    expect(missing.objects.map((o: { displayName: string }) => o.displayName)).toEqual(['PC-0999']);
    expect(missing.next).toBeNull();
  });
});

describe('ingest limits and failures', () => {
  it('limits captures per token per minute with 429 and Retry-After', async () => {
    const store = await freshStore();
    let clock = NOW.getTime();
    const app = createApp(options({ store, token: TOKEN, ingestPerMinute: 2, now: () => new Date(clock) }));
    const send = () =>
      Promise.resolve(
        app.request('/api/captures', post(SCP_MISSING, { authorization: `Bearer ${TOKEN}` })),
      ).then((r) => r.status);
    expect(await send()).toBe(201);
    expect(await send()).toBe(200);
    const limited = await app.request(
      '/api/captures',
      post(SCP_MISSING, { authorization: `Bearer ${TOKEN}` }),
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    clock += 30_000;
    expect(await send()).toBe(200);
    await store.close();
  });

  it('stores nothing when the store fails, and says so with 503', async () => {
    const store = await freshStore();
    const failing: FleetStore = Object.assign(Object.create(store) as FleetStore, {
      ingest: async () => {
        throw new Error('disk I/O error');
      },
    });
    const lines: string[] = [];
    const app = createApp(options({ store: failing, log: (l) => lines.push(l) }));
    const response = await app.request('/api/captures', post(SCP_MISSING));
    expect(response.status).toBe(503);
    expect((await problemOf(response)).reason).toBe('store-failed');
    expect(lines).toEqual(['ingest failed: disk I/O error']);
    expect((await store.stats()).captures).toBe(0);
    await store.close();
  });

  it('keeps pseudonyms only with redaction at rest', async () => {
    const store = await freshStore();
    const app = createApp(options({ store, redactSalt: 'fleet-salt' }));
    const response = await app.request('/api/captures', post(SCP_MISSING, { 'x-device-name': 'PC-0203' }));
    expect(response.status).toBe(201);
    const { captures } = await json(response);
    expect(captures[0].deviceKey).not.toContain('pc-0203');
    expect(captures[0].deviceKey).not.toContain('contoso');
    const detail = await store.device(captures[0].deviceKey);
    const text = await store.captureText(detail!.history[0]!.captureId);
    expect(text).not.toContain('PC-0203');
    expect(text).not.toContain('contoso');
    expect(text).toContain('AD Configuration Test : FAIL [0x80070002]');
    // The same device posted again gets the same pseudonym: its history stays one device.
    const again = await app.request('/api/captures', post(SCP_LATER));
    expect((await json(again)).captures[0].deviceKey).toBe(captures[0].deviceKey);
    await store.close();
  });
});

describe('the page and the API description', () => {
  it('serves the built page with its headers, and nothing outside its folder', async () => {
    const web = mkdtempSync(join(dir, 'web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>dsreg-doctor</title>');
    writeFileSync(join(web, 'assets', 'index-abc123.js'), 'export {};');
    writeFileSync(join(dir, 'secret.txt'), 'not for the web');
    const app = createApp(options({ webRoot: web }));
    const index = await app.request('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = await app.request('/assets/index-abc123.js');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/missing.js',
    ]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it('describes every route in /api/openapi.json', async () => {
    const app = createApp(options());
    const doc = await json(await app.request('/api/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/analyze',
      '/api/captures',
      '/api/devices',
      '/api/devices/{id}',
      '/api/entra/not-captured',
      '/api/explain/{code}',
      '/api/fleet/summary',
      '/api/openapi.json',
      '/api/status',
    ]);
    expect(Object.keys(doc.paths['/api/analyze'].post.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '413',
      '415',
      '422',
    ]);
    expect(Object.keys(doc.paths['/api/captures'].post.responses).sort()).toEqual([
      '200',
      '201',
      '400',
      '401',
      '403',
      '404',
      '413',
      '415',
      '422',
      '429',
      '503',
    ]);
  });
});
