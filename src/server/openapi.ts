/**
 * The OpenAPI 3.1 description of the API, served at `/api/openapi.json`. The report bodies are
 * the `dsreg-doctor.report/1` contract (`dsreg-doctor schema report` prints its JSON Schema).
 * @module
 */
import { VERSION } from '../model/version.ts';
import { HEALTHS, JOIN_STATES, PHASES } from '../model/vocabulary.ts';
import { PROBLEMS, type ProblemReason } from './problems.ts';
import { ENTRA_ISSUES } from './query.ts';

type Json = Record<string, unknown>;

const problem = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const json = (description: string, schema: Json = { type: 'object' }): Json => ({
  description,
  content: { 'application/json': { schema } },
});

const query = (name: string, description: string, schema: Json): Json => ({
  name,
  in: 'query',
  description,
  schema,
});
/** How staleness is judged: the same three parameters wherever a device can be called stale. */
const staleness: Json[] = [
  query('staleDays', 'Days without Entra activity before a device is stale (21-3650, default 90).', {
    type: 'integer',
  }),
  query('vdiStaleDays', 'The same for non-persistent VDI names (1-3650, default 15).', { type: 'integer' }),
  query(
    'vdiPrefix',
    'Display-name prefixes of non-persistent VDI devices (repeat or comma-separate; default NPVDI-).',
    {
      type: 'array',
      items: { type: 'string' },
    },
  ),
];
const header = (name: string, description: string, schema: Json = { type: 'string' }): Json => ({
  name,
  in: 'header',
  description,
  schema,
});

const bytesBody: Json = {
  required: true,
  description:
    'The file as it is: dsregcmd /status output in any encoding (UTF-8, UTF-16, code pages), an EVTX file, or an XML, CSV, JSON or text event export.',
  content: {
    'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
    'text/plain': { schema: { type: 'string' } },
  },
};

/** The statuses a route can answer with, each from the problem table. */
function refusals(...reasons: ProblemReason[]): Json {
  const out: Json = {};
  for (const reason of reasons) {
    const status = String(PROBLEMS[reason].status);
    const previous = out[status] as { description: string } | undefined;
    out[status] = problem(previous ? `${previous.description}; ${reason}` : reason);
  }
  return out;
}

const common: ProblemReason[] = ['unauthorized', 'forbidden'];

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'dsreg-doctor',
      version: VERSION,
      description:
        'Diagnoses Windows device registration with Microsoft Entra ID from dsregcmd /status output and event logs, and keeps a fleet of devices. When the server requires a token, send it as "Authorization: Bearer TOKEN" on every /api request.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['reason', 'message'],
              properties: {
                reason: { type: 'string', enum: Object.keys(PROBLEMS) },
                message: { type: 'string', description: 'What went wrong and what to do, in one line.' },
              },
            },
          },
        },
        Report: {
          type: 'object',
          description:
            'The dsreg-doctor.report/1 envelope: `dsreg-doctor schema report` prints its JSON Schema.',
          required: ['schema', 'generator', 'reports'],
          properties: {
            schema: { const: 'dsreg-doctor.report/1' },
            generator: { type: 'object' },
            reports: { type: 'array' },
          },
        },
      },
    },
    security: [{ bearer: [] }, {}],
    paths: {
      '/api/analyze': {
        post: {
          summary: 'Analyse one file: bytes in, reports out; nothing is stored.',
          parameters: [
            query('name', 'How the file is named in the report.', { type: 'string' }),
            query('format', 'The report format (default json).', {
              enum: ['json', 'html', 'markdown', 'text'],
            }),
            query('redact', 'Replace identifiers with stable pseudonyms.', { type: 'boolean' }),
            query('salt', 'With redact: the salt that keeps pseudonyms stable across requests.', {
              type: 'string',
            }),
            query('now', 'The time to judge ages against when a capture has no Client Time (ISO).', {
              type: 'string',
            }),
          ],
          requestBody: bytesBody,
          responses: {
            '200': {
              description: 'The reports, in the format asked for.',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Report' } },
                'text/html': { schema: { type: 'string' } },
                'text/markdown': { schema: { type: 'string' } },
                'text/plain': { schema: { type: 'string' } },
              },
            },
            ...refusals(
              ...common,
              'bad-request',
              'too-large',
              'unsupported-media-type',
              'binary',
              'empty',
              'not-recognized',
            ),
          },
        },
      },
      '/api/captures': {
        post: {
          summary:
            'Store what a device posts (one transaction: all of it or nothing): a capture in any encoding, the JSON and CSV shapes of the common collection scripts, or a zip of captures and event logs (events attached to the capture of their device). The same capture twice is stored once. The answer lists what was stored, and under notKept what was not, with why.',
          parameters: [
            header('X-Device-Name', 'The computer name, used when the capture does not name its device.'),
            header('X-Capture-Context', 'Who ran dsregcmd.', {
              enum: ['system', 'elevated', 'user', 'unknown'],
            }),
            header('X-Captured-At', 'When the capture was taken (ISO), used when it has no Client Time.'),
            header('X-File-Name', 'How the capture is named in the store.'),
          ],
          requestBody: bytesBody,
          responses: {
            '201': json('Stored (at least one capture was new).'),
            '200': json('Every capture in the body was already stored.'),
            ...refusals(
              ...common,
              'bad-request',
              'no-store',
              'rate-limited',
              'too-large',
              'unsupported-media-type',
              'binary',
              'empty',
              'not-recognized',
              'store-failed',
            ),
          },
        },
      },
      '/api/fleet/summary': {
        get: {
          summary: 'The roll-ups of `fleet report` over the latest state of every device.',
          parameters: [
            query('since', 'Count devices whose latest capture changed since this time.', { type: 'string' }),
            query('top', 'How many codes, phases and OS versions to list (1-100).', { type: 'integer' }),
            ...staleness,
          ],
          responses: {
            '200': json('The fleet summary.'),
            ...refusals(...common, 'bad-request', 'no-store', 'store-failed'),
          },
        },
      },
      '/api/devices': {
        get: {
          summary:
            'One page of devices with their latest state, ordered by device key; filters combine with AND.',
          parameters: [
            query('state', 'Join states (repeat or comma-separate).', {
              type: 'array',
              items: { enum: JOIN_STATES },
            }),
            query('health', 'Healths (repeat or comma-separate).', {
              type: 'array',
              items: { enum: HEALTHS },
            }),
            query('code', 'A code in any form dsreg-doctor explain reads.', { type: 'string' }),
            query('phase', 'The failing phase.', { enum: PHASES }),
            query('stale', 'Stale in Entra.', { type: 'boolean' }),
            query('pending', 'Pending in Entra.', { type: 'boolean' }),
            query('since', 'Latest capture at or after this time.', { type: 'string' }),
            query('issue', 'An Entra issue.', { enum: ENTRA_ISSUES }),
            query('limit', 'Page size (1-1000, default 100).', { type: 'integer' }),
            query('after', 'The `next` of the previous page.', { type: 'string' }),
            ...staleness,
          ],
          responses: {
            '200': json('A page of devices and the cursor of the next.'),
            ...refusals(...common, 'bad-request', 'not-a-code', 'no-store', 'store-failed'),
          },
        },
      },
      '/api/devices/{id}': {
        get: {
          summary:
            'One device (by device key, Entra device ID or computer name): history, Entra objects, its latest report and what changed between its latest captures.',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, ...staleness],
          responses: {
            '200': json('The device.'),
            ...refusals(...common, 'not-found', 'no-store', 'store-failed'),
          },
        },
      },
      '/api/entra/not-captured': {
        get: {
          summary:
            'One page of Entra objects that no stored capture matches (by device ID or name), ordered by object key.',
          parameters: [
            query('limit', 'Page size (1-1000, default 100).', { type: 'integer' }),
            query('after', 'The `next` of the previous page.', { type: 'string' }),
          ],
          responses: {
            '200': json('A page of Entra objects and the cursor of the next.'),
            ...refusals(...common, 'bad-request', 'no-store', 'store-failed'),
          },
        },
      },
      '/api/explain/{code}': {
        get: {
          summary:
            'What a code is: hex, signed or unsigned decimal, symbolic name, AADSTS or MSIS number, HTTP status.',
          parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': json('The lookup: the code read, its catalog entry (null when not catalogued).'),
            ...refusals(...common, 'not-a-code'),
          },
        },
      },
      '/api/status': {
        get: {
          summary: 'What this server is and has.',
          responses: { '200': json('Name, version, store engine, limits.'), ...refusals(...common) },
        },
      },
      '/api/openapi.json': {
        get: { summary: 'This description.', responses: { '200': json('OpenAPI 3.1.') } },
      },
    },
  };
}
