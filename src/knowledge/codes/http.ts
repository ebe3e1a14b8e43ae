/**
 * HTTP statuses as registration and PRT diagnostics show them ("Https Status", "HTTP status",
 * event 204 HttpStatus). The service puts its real reason in the body: server error code and
 * message, which the server catalog reads.
 * @module
 */
import { define, reading } from './define.ts';
import { PRT_ARTICLE, RFC6585, RFC9110, SEED_DISCOVER_SUB, SEED_JOIN_HTTP } from './sources.ts';
import type { CodeEntry, CodeReading, CodeSource } from './types.ts';

function http(
  status: number,
  summary: string,
  readings: CodeReading[],
  sources: CodeSource[],
  checks: string[] = ['G13'],
): CodeEntry {
  return define({ code: `HTTP ${status}`, name: null, family: 'http', summary, readings, checks, sources });
}

const PROXY_STEPS = [
  'Make sure the computer account (SYSTEM context) can authenticate to the proxy silently, or exempt the Microsoft endpoints from proxy authentication.',
  'Configure the proxy for SYSTEM by WPAD or by the WinHTTP proxy Group Policy.',
];

export const HTTP_ENTRIES: CodeEntry[] = [
  http(
    400,
    'Bad request: the server refused the request and says why in the body.',
    [
      // Read in the phase the attempt failed in: each phase sends another request (or none).
      reading(
        ['pre-check'],
        'The pre-check phase runs on the device before any request to the registration service, so this status is not the answer to a registration request: the client error code of the attempt says what failed.',
        [],
        ['Read the Client ErrorCode of the attempt, and the User Device Registration admin log at its time.'],
      ),
      reading(
        ['discover'],
        'The discovery endpoint of the registration service (or, from Windows 10 1809, the user realm endpoint on login.microsoftonline.com) refused the discovery request as malformed. The reason is in the body of the answer, which dsregcmd does not print.',
        [
          'A tenant name or ID in the SCP keywords or in client-side targeting that the service cannot read: the tenant is part of the discovery address.',
          'A proxy or TLS-inspecting device that changes the request on its way.',
        ],
        [
          'Check the SCP keywords (azureADId, azureADName) or the client-side targeting values for typos and stray characters.',
          'Request https://enterpriseregistration.windows.net/<tenant>/discover?api-version=1.7 as SYSTEM, through the proxy the computer uses, and read the body of the answer.',
        ],
      ),
      reading(
        ['auth'],
        'The token request of the computer was refused as malformed, by the federation service (federated join) or by Entra ID; the server error and the ADAL error the attempt logged say why.',
        [],
        [
          'Read event 305 in the User Device Registration admin log (its server error and ADAL error) and, for a federated join, the AD FS admin log at the same time.',
        ],
      ),
      reading(
        ['join'],
        'The registration service refused the join; the server error code (DirectoryError, AuthenticationError) and message in the same block say why.',
        [],
        ['Read Server ErrorCode and Server Message and match them.'],
      ),
      reading(
        null,
        'The server refused the request as malformed; the reason is in the body of its answer, printed as the server error code and message beside the status.',
        [],
        ['Read the server error code and message printed with the status.'],
      ),
      reading(
        null,
        'Entra ID or the federation service refused the PRT request; the reason is the server error code (invalid_grant) and the AADSTS or MSIS code in its description.',
        [],
        ['Read Server Error Code and Server Error Description, or AAD events 1081/1088.'],
        'PRT attempt',
      ),
    ],
    [SEED_JOIN_HTTP, PRT_ARTICLE, RFC9110],
    // Its meaning changes with the phase (J3).
    ['G13', 'J3'],
  ),
  http(
    401,
    'Unauthorized: the token was missing or not valid.',
    [
      reading(
        null,
        'The server did not accept the credentials or token sent.',
        ['An expired or wrong token.', 'A proxy removing the Authorization header.'],
        ['Retry after a fresh sign-in; check the proxy.'],
      ),
    ],
    [RFC9110],
  ),
  http(
    403,
    'Forbidden: the server understood the request and refuses it.',
    [
      reading(
        null,
        'The server refused the request for this caller.',
        [
          'The user or device is not allowed (device settings, Conditional Access, disabled object).',
          'A proxy block page.',
        ],
        ['Read the server error text; check device settings and policies.'],
      ),
    ],
    [RFC9110],
  ),
  http(
    404,
    'Not found: nothing at the requested URL.',
    [
      reading(
        ['discover'],
        'The discovery URL was not found: typically a tenant name or ID that does not exist.',
        ['A wrong tenant in the SCP.'],
        ['Check the SCP keywords.'],
        'discover sub-error',
      ),
      reading(null, 'The server has no resource at the URL.', [], ['Check the URL in the event.']),
    ],
    [RFC9110],
  ),
  http(
    407,
    'Proxy authentication required: the proxy wants credentials the caller did not give.',
    [
      reading(
        null,
        'The proxy asked for authentication that the SYSTEM context (or the user) did not provide.',
        ['A proxy requiring user authentication, which the computer account cannot perform.'],
        PROXY_STEPS,
      ),
    ],
    [SEED_DISCOVER_SUB, RFC9110],
  ),
  http(
    429,
    'Too many requests: the server is throttling the caller.',
    [
      reading(
        null,
        'The service throttles this caller for a while; the registration service signals the same with DirectoryError "request is throttled".',
        ['Too many attempts in a short time.'],
        ['Wait for the cooldown and let the next scheduled attempt run.'],
      ),
    ],
    [RFC6585],
  ),
  http(
    500,
    'Internal server error.',
    [
      reading(
        null,
        'The server failed while handling the request.',
        ['A service-side fault.'],
        ['Retry later; if it persists, give support the Request Id or correlation ID.'],
      ),
    ],
    [RFC9110],
  ),
  http(
    502,
    'Bad gateway: a proxy or gateway got a bad answer upstream.',
    [
      reading(
        null,
        'A proxy or gateway could not get a valid answer from the service.',
        ['A proxy problem.'],
        ['Check the proxy and retry.'],
      ),
    ],
    [RFC9110],
  ),
  http(
    503,
    'Service unavailable.',
    [
      reading(
        ['discover'],
        'The registration service was temporarily unavailable; dsreg reports it as DSREG_SERVER_BUSY (0x801c0025).',
        ['A service outage or maintenance.'],
        ['Let the device retry later.'],
        'discover sub-error',
      ),
      reading(null, 'The server is temporarily unavailable.', ['A service outage.'], ['Retry later.']),
    ],
    [SEED_DISCOVER_SUB, RFC9110],
  ),
  http(
    504,
    'Gateway timeout: a proxy or gateway timed out waiting for the service.',
    [
      reading(
        null,
        'A proxy timed out waiting for the service.',
        ['Slow or blocked upstream connection from the proxy.'],
        ['Check the proxy and retry.'],
      ),
    ],
    [RFC9110],
  ),
];
