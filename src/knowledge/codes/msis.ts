/**
 * AD FS (MSIS) error numbers. They reach the device inside WS-Trust faults (AAD event 1088), in
 * enterprise PRT answers from AD FS (event 1081, "Server Error Description"), and in the AD FS
 * Admin log on the server side.
 * @module
 */
import { define, reading } from './define.ts';
import { ADFS_TROUBLESHOOTING } from './sources.ts';
import type { CodeEntry } from './types.ts';

const ADFS_LOG =
  'Read the AD FS Admin log on the federation servers at the time of the attempt (event 364 holds the exception).';

function msis(
  n: number,
  summary: string,
  meaning: string,
  causes: string[],
  steps: string[],
  context = 'federation service',
): CodeEntry {
  return define({
    code: `MSIS${n}`,
    family: 'msis',
    summary,
    readings: [reading(null, meaning, causes, steps, context)],
    checks: ['F3'],
    sources: [ADFS_TROUBLESHOOTING],
  });
}

export const MSIS_ENTRIES: CodeEntry[] = [
  msis(
    9682,
    'AD FS rejected the enterprise PRT request: the signing certificate is not from a registered device with a transport key.',
    'AD FS refused the JWT bearer request for an enterprise PRT because the certificate that signed it does not belong to a device registered in AD FS with a transport key.',
    [
      'The device is not registered with the on-premises device registration service, or its registration was removed.',
      'Device write-back from Entra ID to AD is missing, so AD FS does not know the device.',
    ],
    [
      'Check EnterpriseJoined / device write-back for this device.',
      'Re-register the device, then sign in again.',
      ADFS_LOG,
    ],
    'enterprise PRT',
  ),
  msis(
    9683,
    'AD FS rejected the enterprise PRT request: the device transport key is not valid.',
    "AD FS refused the JWT bearer request because the device's transport key is not an RSA public key blob or TPM storage key blob.",
    ['The transport key registered for the device is damaged or in an unexpected format.'],
    ['Re-register the device so a new transport key is registered.', ADFS_LOG],
    'enterprise PRT',
  ),
  msis(
    7012,
    'AD FS hit an error while processing the request; the detail is in its Admin log.',
    'A generic AD FS failure: the exception behind it is only in the AD FS Admin log.',
    [
      'An AD FS configuration or connectivity problem (LDAP to the domain controllers, certificates, relying party settings).',
    ],
    [ADFS_LOG],
  ),
  msis(
    3173,
    'AD FS could not validate the Active Directory account.',
    'AD FS failed to validate the account against Active Directory.',
    [
      'AD FS cannot reach a domain controller, or its service account cannot read the user or computer.',
      'The account is disabled, locked or expired.',
    ],
    ['Check the account in AD.', "Check the AD FS servers' access to the domain controllers.", ADFS_LOG],
  ),
  msis(
    5007,
    'AD FS issuance authorization rules denied the caller.',
    'The caller (user or computer) was refused by the issuance authorization rules of the relying party.',
    ['The Microsoft Office 365 Identity Platform relying party does not permit this account.'],
    [
      'Review the issuance authorization rules and access control policy of the relying party trust.',
      ADFS_LOG,
    ],
  ),
  msis(
    7068,
    'AD FS denied access: the request was refused by its authorization.',
    'AD FS answered the token request with "Access denied": the issuance authorization rules or the access control policy of the relying party refused the caller. For a hybrid join the caller is the computer account asking for a token for device registration.',
    [
      'The access control policy or issuance authorization rules of the Microsoft Office 365 Identity Platform relying party trust do not permit this account (for hybrid join: domain computers).',
    ],
    [
      'Review the issuance authorization rules and access control policy of the relying party trust; they must permit domain computers for device registration.',
      ADFS_LOG,
    ],
  ),
  msis(
    7042,
    'AD FS detected a request loop from the same browser session.',
    'The same client made too many requests to AD FS in a short time, so AD FS stopped answering it.',
    ['A redirect loop between the relying party and AD FS.'],
    ['Find the loop (relying party configuration, cookies).', ADFS_LOG],
  ),
  msis(
    7102,
    'The requested authentication method is not supported by AD FS.',
    'The request asked for an authentication method AD FS does not offer.',
    ['Windows integrated or certificate authentication disabled in the AD FS authentication policy.'],
    ['Enable the needed method in the AD FS authentication policy (intranet and extranet).'],
  ),
  msis(
    7065,
    'No protocol handler on that AD FS path.',
    'AD FS received a request on a path with no registered protocol handler.',
    ['A wrong federation URL, or a proxy rewriting the path.'],
    ['Check the URL used against the AD FS endpoints.'],
  ),
];
