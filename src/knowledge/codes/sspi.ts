/**
 * SSPI (Security Support Provider Interface) codes, SEC_E_ HRESULTs of FACILITY_SECURITY
 * (0x800903xx): what Kerberos, NTLM/Negotiate, CredSSP and Schannel (TLS) return when a device
 * authenticates to a domain controller, AD FS or Entra ID. Pre-join tests such as `Kerberos
 * Ticket Test`, and device join or PRT attempts that go through Kerberos or TLS, surface them.
 * Every value, name and message text is checked against winerror.h (see `WINERROR_SEC`); the
 * readings are for an admin troubleshooting device registration and SSO, and say nothing about
 * dsregcmd beyond the code.
 * @module
 */
import { define, reading } from './define.ts';
import { KERBEROS_POLICY, WINERROR_SEC } from './sources.ts';
import type { CodeEntry, CodeSource } from './types.ts';

const DC_LOCATOR_STEPS = [
  'Check that a domain controller is found from the device: `nltest /dsgetdc:<domain>`.',
  'Check that DNS finds the domain controllers: `nslookup -type=SRV _ldap._tcp.dc._msdcs.<domain>`, and that the device uses the AD DNS servers.',
  'Check that Kerberos (TCP/UDP 88), LDAP (389) and SMB (445) to the domain controllers are open, on the corporate network or over the VPN.',
];
const KERBEROS_RETRY =
  'Purge the cached tickets and retry: `klist purge` for the user, `klist -li 0x3e7 purge` for the computer (SYSTEM) context.';
const SCHANNEL_EVENTS =
  'Read the Schannel events in the System event log of the device for the time of the failure; they name the TLS alert and the server.';
const TLS_INSPECTION =
  'Exclude the Microsoft Entra ID, device registration and AD FS endpoints from TLS inspection on the proxy or firewall.';
const SMARTCARD_SCOPE =
  'Certificate-based Kerberos logon (PKINIT): smart cards, and Windows Hello for Business when it signs in to a domain controller.';

interface SspiSpec {
  code: string;
  name: string;
  summary: string;
  /** The winerror.h message text; omitted when the header has none. */
  message?: string;
  meaning: string;
  causes: string[];
  steps: string[];
  sources?: CodeSource[];
  notes?: string[];
}

function sspi(spec: SspiSpec): CodeEntry {
  return define({
    code: spec.code,
    name: spec.name,
    family: 'sspi',
    summary: spec.summary,
    readings: [reading(null, spec.meaning, spec.causes, spec.steps)],
    messages: spec.message ? [spec.message] : [],
    sources: [WINERROR_SEC, ...(spec.sources ?? [])],
    notes: spec.notes,
  });
}

export const SSPI_ENTRIES: CodeEntry[] = [
  sspi({
    code: '0x80090308',
    name: 'SEC_E_INVALID_TOKEN',
    summary: 'The security package rejected an authentication token or TLS message it received as invalid.',
    message: 'The token supplied to the function is invalid',
    meaning:
      'Kerberos, Negotiate or Schannel received a token (a ticket, a Negotiate blob or a TLS handshake record) it could not parse or accept.',
    causes: [
      'A proxy or network device that intercepts or alters the TLS handshake.',
      'The server answered with something other than the expected protocol (for example plain HTTP, or an error page of a proxy).',
      'No TLS version or cipher suite in common, with the server closing the handshake.',
    ],
    steps: [SCHANNEL_EVENTS, TLS_INSPECTION, 'Check that TLS 1.2 is enabled on the device.'],
  }),
  sspi({
    code: '0x8009030c',
    name: 'SEC_E_LOGON_DENIED',
    summary: 'The logon was refused: the credentials were checked and not accepted.',
    message: 'The logon attempt failed',
    meaning:
      'The authenticating authority checked the credentials and refused them. When the device authenticates as itself, the computer account is the one refused.',
    causes: [
      'A wrong or expired password, or a disabled or locked-out account.',
      "The computer account's password no longer matches the one in AD (a broken secure channel).",
      'The server (for example AD FS Windows integrated authentication) refused the account.',
    ],
    steps: [
      'Check the account in AD: enabled, not locked out, password not expired.',
      'For the computer account, run `Test-ComputerSecureChannel` on the device; repair it with `Test-ComputerSecureChannel -Repair` (domain credentials needed) or rejoin the domain.',
      'Read the Security event log of the domain controllers (4771 Kerberos pre-authentication failed, 4625 logon failure) for the reason.',
    ],
  }),
  sspi({
    code: '0x8009030d',
    name: 'SEC_E_UNKNOWN_CREDENTIALS',
    summary: 'The credentials handed to the security package were not usable by it.',
    message: 'The credentials supplied to the package were not recognized',
    meaning:
      'The security package could not use the credential it was given: with Schannel usually a client certificate, with Kerberos or NTLM an account it does not know.',
    causes: [
      'A client certificate whose private key is missing or not readable by the account making the request (SYSTEM for device operations).',
      'A certificate or key held in a provider that is not available (for example a TPM key after the TPM was cleared).',
      'An account or domain the security package does not recognise.',
    ],
    steps: [
      'Check the certificate in the right store (`certlm.msc` for the computer, `certmgr.msc` for the user) and that it shows "You have a private key that corresponds to this certificate".',
      SCHANNEL_EVENTS,
    ],
  }),
  sspi({
    code: '0x8009030e',
    name: 'SEC_E_NO_CREDENTIALS',
    summary: 'The security package has no credentials for the account making the request.',
    message: 'No credentials are available in the security package',
    meaning:
      'The calling account has no credentials the security package can use, for example no Kerberos ticket-granting ticket.',
    causes: [
      'The user signed in with cached credentials while no domain controller was reachable, so Kerberos has no ticket-granting ticket.',
      'The request runs under a local account, or an account that has no domain credentials.',
    ],
    steps: [
      'List the tickets of the context: `klist` for the user, `klist -li 0x3e7` for SYSTEM; a missing krbtgt ticket confirms it.',
      ...DC_LOCATOR_STEPS,
      'Lock and unlock, or sign in again, once a domain controller is reachable.',
    ],
  }),
  sspi({
    code: '0x80090311',
    name: 'SEC_E_NO_AUTHENTICATING_AUTHORITY',
    summary: 'No authority (domain controller) could be contacted to authenticate.',
    message: 'No authority could be contacted for authentication.',
    meaning:
      'Kerberos or Negotiate found no domain controller (KDC) for the domain, or no route to the realm of the target, to handle the authentication.',
    causes: [
      'The device is off the corporate network, or the VPN is not connected.',
      'DNS on the device does not resolve the domain controllers (public DNS servers, missing SRV records).',
      'A firewall blocks Kerberos or LDAP to the domain controllers.',
      'The target is in a realm with no trust path from the domain.',
    ],
    steps: DC_LOCATOR_STEPS,
  }),
  sspi({
    code: '0x80090317',
    name: 'SEC_E_CONTEXT_EXPIRED',
    summary: 'The security context (or the ticket behind it) has expired.',
    message: 'The context has expired and can no longer be used.',
    meaning:
      'A security context was used after its lifetime ended, which for Kerberos follows the lifetime of the ticket it was built on.',
    causes: [
      'A long-running session reused an expired context or ticket.',
      'A clock difference between the device and the server that makes a valid ticket look expired.',
    ],
    steps: [
      KERBEROS_RETRY,
      'Compare the device clock with a domain controller: `w32tm /stripchart /computer:<dc> /samples:5 /dataonly`.',
    ],
  }),
  sspi({
    code: '0x80090322',
    name: 'SEC_E_WRONG_PRINCIPAL',
    summary: 'The server contacted is not the one the name asked for (Kerberos SPN or TLS certificate name).',
    message: 'The target principal name is incorrect.',
    meaning:
      'The server that answered could not prove it is the principal the device asked for: with Kerberos the ticket was issued for a service name (SPN) whose key the server does not hold; with TLS the certificate does not match the host name contacted.',
    causes: [
      'The name used resolves to a different server than intended: a DNS alias (CNAME), a stale or duplicate DNS record, or a load balancer name not matching the SPN.',
      'The SPN is registered on another account than the one running the service, or on two accounts (duplicate SPN).',
      "The server's computer-account password is out of sync with AD, so it cannot decrypt tickets issued for it.",
      'A proxy intercepting TLS presents its own certificate, which does not carry the server name.',
    ],
    steps: [
      'Identify the server contacted (domain controller, AD FS, proxy) and the name the device used for it.',
      'Resolve that name from the device (`nslookup <name>`) and check that the forward and reverse DNS records point to that server only.',
      'Look for duplicate or misplaced SPNs: `setspn -X`, and `setspn -Q <spn>` for the service; the SPN must be registered on the account that runs the service, and only there.',
      'If the server is a domain controller or member server, check its secure channel (`Test-ComputerSecureChannel` on it, `nltest /sc_verify:<domain>`).',
      'For TLS, compare the certificate the device receives with the one the server has; if the issuer is a proxy, exclude the endpoint from TLS inspection.',
      KERBEROS_RETRY,
    ],
  }),
  sspi({
    code: '0x80090324',
    name: 'SEC_E_TIME_SKEW',
    summary: 'The device clock and the server clock differ by more than Kerberos allows.',
    message: 'The clocks on the client and server machines are skewed.',
    meaning:
      'Kerberos refused the request because the clocks of the device and the domain controller (or the server) differ by more than the allowed skew, 5 minutes by default (Kerberos policy MaxClockSkew).',
    causes: [
      'The device clock is wrong: a failing CMOS battery, a virtual machine taking time from a wrong host, a wrong time zone making UTC wrong.',
      'The Windows Time service (w32time) does not synchronise from the domain hierarchy (stopped, or pointed at an unreachable or wrong source).',
      'The domain controller, or the PDC emulator at the top of the domain time hierarchy, has the wrong time.',
    ],
    steps: [
      'Compare the device clock with a domain controller: `w32tm /stripchart /computer:<dc> /samples:5 /dataonly`.',
      'Check the time source and its state: `w32tm /query /source` and `w32tm /query /status`.',
      'Resynchronise: `w32tm /resync`; if the source is wrong, reset it to the domain hierarchy (`w32tm /config /syncfromflags:domhier /update`, then restart w32time).',
      "Check the PDC emulator's own time source if domain controllers are wrong too.",
    ],
    sources: [KERBEROS_POLICY],
  }),
  sspi({
    code: '0x80090325',
    name: 'SEC_E_UNTRUSTED_ROOT',
    summary: 'The TLS certificate chain ends in a root the device does not trust.',
    message: 'The certificate chain was issued by an authority that is not trusted.',
    meaning:
      'Schannel could not build the server certificate chain to a root in the trusted root store of the account making the request (the computer store for SYSTEM).',
    causes: [
      'A TLS inspection proxy re-signs traffic with its own CA, which the device does not trust, or trusts only in the user store while the request runs as SYSTEM.',
      'The AD FS (or other on-premises) certificate comes from an internal CA whose root is not deployed to the device.',
      'Root certificate updates cannot reach the device, so a public root it needs is missing.',
    ],
    steps: [
      'Look at the chain the device receives for the failing URL, and at who issued it.',
      TLS_INSPECTION,
      "Deploy the issuing root CA to the computer's Trusted Root Certification Authorities store (for example by Group Policy or Intune).",
      'Check the chain on the device with `certutil -verify -urlfetch <certificate file>`.',
    ],
  }),
  sspi({
    code: '0x80090326',
    name: 'SEC_E_ILLEGAL_MESSAGE',
    summary:
      'The TLS handshake received a message that was unexpected or badly formed, often a fatal alert from the server.',
    message: 'The message received was unexpected or badly formatted.',
    meaning:
      'Schannel received a TLS message it did not expect at that point of the handshake, typically a fatal alert sent by the server when it refused the connection.',
    causes: [
      'No common TLS version or cipher suite between the device and the server.',
      'The server asked for a client certificate and rejected the one sent, or none was sent.',
      'A proxy or network device interfering with the handshake.',
    ],
    steps: [
      SCHANNEL_EVENTS,
      'Check the TLS versions and cipher suites enabled on the device (`Get-TlsCipherSuite`, the SCHANNEL Protocols registry keys) against what the server requires.',
      TLS_INSPECTION,
    ],
  }),
  sspi({
    code: '0x80090327',
    name: 'SEC_E_CERT_UNKNOWN',
    summary: 'A certificate in the TLS exchange could not be processed.',
    message: 'An unknown error occurred while processing the certificate.',
    meaning: 'Schannel failed on a certificate of the exchange for a reason it could not classify.',
    causes: [
      'A malformed certificate, or one with a key or signature algorithm the other side does not support.',
      'A proxy substituting its own certificate.',
    ],
    steps: [SCHANNEL_EVENTS, 'Inspect the certificate chain the device receives for the failing URL.'],
  }),
  sspi({
    code: '0x80090328',
    name: 'SEC_E_CERT_EXPIRED',
    summary: 'A certificate received during TLS has expired.',
    message: 'The received certificate has expired.',
    meaning: 'Schannel found the certificate it received outside its validity period.',
    causes: [
      'The server certificate (AD FS, a proxy, an on-premises service) has expired.',
      'The device clock is far off, so a valid certificate looks expired.',
    ],
    steps: [
      'Check the validity dates of the certificate the device receives, and renew it on the server.',
      'Check the date and time of the device.',
    ],
  }),
  sspi({
    code: '0x80090329',
    name: 'SEC_E_ENCRYPT_FAILURE',
    summary: 'The security package could not encrypt the data.',
    message: 'The specified data could not be encrypted.',
    meaning: 'Encrypting a message with the security context failed.',
    causes: ['A security context that is no longer valid, or a key the package cannot use.'],
    steps: [KERBEROS_RETRY, SCHANNEL_EVENTS],
  }),
  sspi({
    code: '0x80090330',
    name: 'SEC_E_DECRYPT_FAILURE',
    summary: 'The security package could not decrypt the data.',
    message: 'The specified data could not be decrypted.',
    meaning:
      'Decrypting a message or ticket failed: the receiver does not hold the key the sender used, or the data was altered.',
    causes: [
      'A key mismatch, for example after a password change of the service or computer account that has not reached every domain controller.',
      'Data altered in transit.',
    ],
    steps: [KERBEROS_RETRY, 'Check AD replication of the account concerned (`repadmin /showrepl`).'],
  }),
  sspi({
    code: '0x80090331',
    name: 'SEC_E_ALGORITHM_MISMATCH',
    summary: 'The device and the server share no TLS protocol version or cipher suite.',
    message: 'The client and server cannot communicate, because they do not possess a common algorithm.',
    meaning:
      'The TLS handshake failed because the two sides have no protocol version or cipher suite in common.',
    causes: [
      'TLS 1.2 is disabled on the device, while the server (Microsoft Entra ID among them) requires TLS 1.2 or later.',
      'A cipher suite policy on the device, or on the server or proxy, leaves no suite in common.',
    ],
    steps: [
      'Check that TLS 1.2 is enabled for the client under `HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols`.',
      'List the cipher suites the device offers (`Get-TlsCipherSuite`) and compare them with those the server accepts; check the SSL Cipher Suite Order policy.',
      SCHANNEL_EVENTS,
    ],
  }),
  sspi({
    code: '0x80090340',
    name: 'SEC_E_KDC_INVALID_REQUEST',
    summary: 'The domain controller (KDC) rejected the Kerberos request as invalid.',
    message: 'An invalid request was sent to the KDC.',
    meaning: 'The KDC could not accept the Kerberos request the device sent.',
    causes: [
      'A request the domain controller does not support or cannot parse.',
      'A network device altering or truncating Kerberos traffic.',
    ],
    steps: [
      'Read the System event log of the domain controller (Kerberos-Key-Distribution-Center events) for the time of the failure.',
      KERBEROS_RETRY,
    ],
  }),
  sspi({
    code: '0x80090341',
    name: 'SEC_E_KDC_UNABLE_TO_REFER',
    summary: 'The domain controller could not find or refer the requested service name.',
    message: 'The KDC was unable to generate a referral for the service requested.',
    meaning:
      'The KDC found no account for the service name (SPN) in its domain and could not refer the request to another domain or forest that has it.',
    causes: [
      'The SPN is not registered on any account.',
      'The service is in a domain or forest with no trust, or no name-suffix routing, to the domain of the device.',
    ],
    steps: [
      'Find the SPN in the forest: `setspn -Q <spn>`; register it on the account that runs the service.',
      'Check the trusts and name-suffix routing if the service is in another forest.',
    ],
  }),
  sspi({
    code: '0x80090342',
    name: 'SEC_E_KDC_UNKNOWN_ETYPE',
    summary: 'No Kerberos encryption type is shared by the device, the domain controller and the account.',
    message: 'The encryption type requested is not supported by the KDC.',
    meaning:
      'The KDC does not support the encryption type requested, or has no key of that type for the account.',
    causes: [
      'The "Network security: Configure encryption types allowed for Kerberos" policy allows types on the device that the domain controllers or the account do not have (for example AES only, against an account with only RC4 keys).',
      'An account whose password was not changed since AES was enabled, so it has no AES keys.',
    ],
    steps: [
      'Compare the Kerberos encryption type policy of the devices and the domain controllers.',
      "Check the account's msDS-SupportedEncryptionTypes, and reset its password to create keys of the newer types.",
    ],
  }),
  sspi({
    code: '0x80090348',
    name: 'SEC_E_NO_KERB_KEY',
    summary: 'No Kerberos key was available for the operation.',
    meaning:
      'A Kerberos key needed for the operation was missing. winerror.h gives no message text for this code beyond its name.',
    causes: ['An account without a key of the encryption type required.'],
    steps: [
      "Check the account's msDS-SupportedEncryptionTypes and the Kerberos encryption type policy; reset the account password to create keys.",
    ],
    notes: ['winerror.h has no message text for this code: its MessageText is the name itself.'],
  }),
  sspi({
    code: '0x8009033d',
    name: 'SEC_E_PKINIT_NAME_MISMATCH',
    summary: 'The logon certificate does not map to the account signing in.',
    message:
      'The client certificate does not contain a valid UPN, or does not match the client name in the logon request. Please contact your administrator.',
    meaning: `${SMARTCARD_SCOPE} The certificate carries no usable user principal name, or one that does not match the account in the request.`,
    causes: [
      "The certificate's subject alternative name UPN differs from the account's userPrincipalName.",
      'A certificate issued before the account was renamed.',
    ],
    steps: [
      "Compare the UPN in the certificate's subject alternative name with the account's userPrincipalName in AD.",
      'Issue a new certificate after fixing the account or the template.',
    ],
  }),
  sspi({
    code: '0x8009033e',
    name: 'SEC_E_SMARTCARD_LOGON_REQUIRED',
    summary: 'The account must sign in with a smart card, and a password was used.',
    message: 'Smartcard logon is required and was not used.',
    meaning:
      'The account or the device requires smart-card logon, so a password-based Kerberos logon was refused.',
    causes: [
      'The account has "Smart card is required for interactive logon" set.',
      'The "Interactive logon: Require smart card" policy applies to the device.',
    ],
    steps: [
      'Sign in with the smart card or Windows Hello for Business, or clear the requirement on the account if it was not intended.',
    ],
  }),
  sspi({
    code: '0x80090350',
    name: 'SEC_E_DOWNGRADE_DETECTED',
    summary:
      'Negotiate detected a possible downgrade of the authentication protocol; Windows reports it as no domain controller reachable.',
    message:
      'The system cannot contact a domain controller to service the authentication request. Please try again later.',
    meaning:
      'The Negotiate package refused to fall back to a weaker protocol where it expected a stronger one. The message Windows shows for the code says no domain controller could be contacted.',
    causes: ['No domain controller reachable, so Kerberos could not be used.'],
    steps: DC_LOCATOR_STEPS,
    notes: [
      'The name (a detected downgrade) and the message text (no domain controller reachable) describe the same code differently; both are from winerror.h.',
    ],
  }),
  sspi({
    code: '0x80090352',
    name: 'SEC_E_ISSUING_CA_UNTRUSTED',
    summary: 'The CA that issued the logon (smart card) certificate is not trusted for logon.',
    message:
      'An untrusted certificate authority was detected while processing the smartcard certificate used for authentication. Please contact your system administrator.',
    meaning: `${SMARTCARD_SCOPE} The domain controller does not trust the CA that issued the user's logon certificate.`,
    causes: [
      'The issuing CA is not in the enterprise NTAuth store.',
      'The root of the issuing CA is not trusted by the domain controllers.',
    ],
    steps: [
      'Check the NTAuth store: `certutil -viewstore -enterprise NTAuth`; publish the CA with `certutil -dspublish -f <ca.cer> NTAuthCA`.',
      'Check that the domain controllers trust the root of the issuing CA.',
    ],
  }),
  sspi({
    code: '0x80090353',
    name: 'SEC_E_REVOCATION_OFFLINE_C',
    summary: 'The revocation status of the logon (smart card) certificate could not be checked.',
    message:
      'The revocation status of the smartcard certificate used for authentication could not be determined. Please contact your system administrator.',
    meaning: `${SMARTCARD_SCOPE} The domain controller could not reach the revocation information (CRL or OCSP) of the user's certificate.`,
    causes: [
      'The CRL distribution point or OCSP responder of the issuing CA is unreachable from the domain controller, or the CRL has expired.',
    ],
    steps: [
      'On a domain controller, check the certificate with `certutil -verify -urlfetch <certificate file>`.',
      'Publish a current CRL and make its distribution points reachable.',
    ],
  }),
  sspi({
    code: '0x80090354',
    name: 'SEC_E_PKINIT_CLIENT_FAILURE',
    summary: 'The domain controller did not trust the logon (smart card) certificate.',
    message:
      'The smartcard certificate used for authentication was not trusted. Please contact your system administrator.',
    meaning: `${SMARTCARD_SCOPE} The domain controller rejected the user's certificate as not trusted.`,
    causes: ['A certificate whose chain, usage or validity does not satisfy the domain controller.'],
    steps: [
      'Check the certificate on a domain controller with `certutil -verify -urlfetch <certificate file>`.',
      'Check the NTAuth store: `certutil -viewstore -enterprise NTAuth`.',
    ],
  }),
  sspi({
    code: '0x80090356',
    name: 'SEC_E_NO_S4U_PROT_SUPPORT',
    summary: 'A service-for-user (S4U) request went to a domain controller that does not support it.',
    message:
      'The Kerberos subsystem encountered an error. A service for user protocol request was made against a domain controller which does not support service for user.',
    meaning:
      'A service asked for a ticket on behalf of a user (S4U, used by constrained delegation and protocol transition), and the domain controller does not support that extension.',
    causes: ['A domain controller that does not support the S4U extensions.'],
    steps: ['Find which domain controller answered (`nltest /dsgetdc:<domain>`) and check its version.'],
  }),
  sspi({
    code: '0x80090357',
    name: 'SEC_E_CROSSREALM_DELEGATION_FAILURE',
    summary: "A constrained delegation request targeted a service outside the server's own realm.",
    message:
      "An attempt was made by this server to make a Kerberos constrained delegation request for a target outside of the server's realm. This is not supported, and indicates a misconfiguration on this server's allowed to delegate to list. Please contact your administrator.",
    meaning:
      'A server using Kerberos constrained delegation asked for a ticket to a service in another realm, which this kind of delegation does not allow.',
    causes: ["The server's allowed-to-delegate-to list names a service in another domain."],
    steps: [
      'Review the delegation settings of the server account; for a target in another domain, configure resource-based constrained delegation on the target instead.',
    ],
  }),
  sspi({
    code: '0x80090358',
    name: 'SEC_E_REVOCATION_OFFLINE_KDC',
    summary: "The device could not check the revocation status of the domain controller's certificate.",
    message:
      'The revocation status of the domain controller certificate used for smartcard authentication could not be determined. There is additional information in the system event log. Please contact your system administrator.',
    meaning: `${SMARTCARD_SCOPE} The device could not reach the revocation information of the certificate the domain controller presented.`,
    causes: [
      "The CRL distribution points of the domain controller's certificate are not reachable from the device, for example an LDAP-only distribution point read from a device that is not domain joined or is off the network.",
      'The CRL has expired and no newer one is published.',
    ],
    steps: [
      "Export the domain controller's certificate and check it from the device: `certutil -verify -urlfetch <certificate file>`.",
      'Publish the CRL at an HTTP distribution point that devices can reach.',
      'Read the System event log of the device for the Kerberos event that names the certificate.',
    ],
  }),
  sspi({
    code: '0x80090359',
    name: 'SEC_E_ISSUING_CA_UNTRUSTED_KDC',
    summary: "The device does not trust the CA that issued the domain controller's certificate.",
    message:
      'An untrusted certificate authority was detected while processing the domain controller certificate used for authentication. There is additional information in the system event log. Please contact your system administrator.',
    meaning: `${SMARTCARD_SCOPE} The device could not chain the domain controller's certificate to a root it trusts.`,
    causes: ["The root CA of the domain controller's certificate is not in the device's trusted root store."],
    steps: [
      "Deploy the enterprise root CA to the devices' Trusted Root Certification Authorities store (Group Policy or Intune).",
      'Read the System event log of the device for the Kerberos event that names the certificate.',
    ],
  }),
  sspi({
    code: '0x8009035a',
    name: 'SEC_E_KDC_CERT_EXPIRED',
    summary: "The domain controller's certificate has expired.",
    message:
      'The domain controller certificate used for smartcard logon has expired. Please contact your system administrator with the contents of your system event log.',
    meaning: `${SMARTCARD_SCOPE} The certificate the domain controller presented has expired.`,
    causes: [
      'Domain controller certificates not renewed (autoenrollment not working or the template removed).',
    ],
    steps: [
      'Check the certificates of the domain controllers (`certlm.msc`, Personal store) and renew them; check that autoenrollment works on the domain controllers.',
    ],
  }),
  sspi({
    code: '0x8009035b',
    name: 'SEC_E_KDC_CERT_REVOKED',
    summary: "The domain controller's certificate has been revoked.",
    message:
      'The domain controller certificate used for smartcard logon has been revoked. Please contact your system administrator with the contents of your system event log.',
    meaning: `${SMARTCARD_SCOPE} The certificate the domain controller presented is revoked.`,
    causes: ['A domain controller still using a certificate that was revoked.'],
    steps: ['Enroll a new certificate on the domain controller and remove the revoked one.'],
  }),
  sspi({
    code: '0x8009035e',
    name: 'SEC_E_DELEGATION_POLICY',
    summary: 'Credential delegation (CredSSP) to the target server is not allowed by the client policy.',
    message: 'Client policy does not allow credential delegation to target server.',
    meaning:
      'CredSSP (used by Remote Desktop and WinRM) would have to pass the credentials to the server, and the credential delegation policy of the client does not list that server.',
    causes: [
      'The server is not in the "Allow delegating default credentials" or "Allow delegating fresh credentials" policy lists of the client.',
    ],
    steps: [
      'Check the Credentials Delegation policies of the client (Computer Configuration > Administrative Templates > System > Credentials Delegation) and add the server in the SPN form they use.',
    ],
  }),
  sspi({
    code: '0x8009035f',
    name: 'SEC_E_POLICY_NLTM_ONLY',
    summary:
      'Credential delegation (CredSSP) with NTLM-only server authentication is not allowed by the client policy.',
    message:
      'Client policy does not allow credential delegation to target server with NLTM only authentication.',
    meaning:
      'CredSSP could authenticate the server only with NTLM, and the client policy does not allow delegating credentials to a server authenticated that way.',
    causes: [
      'Kerberos to the server failed (name, SPN or domain controller problem), leaving NTLM.',
      'The server is not in the "... with NTLM-only server authentication" delegation policy lists.',
    ],
    steps: [
      'Fix Kerberos to the server first: connect with its fully qualified name, and check its SPN and the domain controller reachability.',
      'Otherwise add the server to the matching NTLM-only Credentials Delegation policy.',
    ],
    notes: ['"NLTM" (not NTLM) is how winerror.h spells both the name and the message.'],
  }),
  sspi({
    code: '0x80090363',
    name: 'SEC_E_MUTUAL_AUTH_FAILED',
    summary: 'The identity of the server could not be verified (mutual authentication failed).',
    message: 'The identity of the server computer could not be verified.',
    meaning:
      'The client required the server to prove its identity, and the proof was missing or did not verify.',
    causes: [
      'The name used leads to a different server than the one the ticket was issued for (DNS alias, stale record, duplicate SPN).',
      'Kerberos was not used, so no mutual authentication was possible.',
    ],
    steps: [
      'Resolve the server name from the device (`nslookup <name>`) and check the SPN: `setspn -Q <spn>`, `setspn -X`.',
      KERBEROS_RETRY,
    ],
  }),
];
