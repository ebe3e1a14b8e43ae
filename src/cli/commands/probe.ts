/**
 * `probe`: live checks of the service, the proxy and the directory. The HTTP probes go through
 * the proxy given (`--proxy`), chosen by a PAC file (`--pac`, evaluated in a sandbox), read from
 * WinHTTP (on Windows) or from the environment; the SCP is read over LDAP when a directory is
 * given. The results are read against a capture when one is given.
 * @module
 */
import { type Command, Option } from 'commander';
import type { Io } from './analyze.ts';
import type { ProbeOptions } from './probe-run.ts';

/** Adds the command to the program. */
export function registerProbe(program: Command, io: (outputPath?: string) => Io): void {
  program
    .command('probe')
    .description(
      'check the registration endpoints, the proxy, discovery, user realm and the SCP from this computer',
    )
    .addOption(
      new Option('--upn <user>', 'a user of the tenant (user@contoso.com): realm, discovery and metadata'),
    )
    .addOption(new Option('--domain <domain>', 'a verified domain (default: the domain of --upn)'))
    .addOption(new Option('--tenant <id>', 'the tenant ID or a verified domain (default: the domain)'))
    .addOption(
      new Option('--cloud <cloud>', 'commercial, usgov or china (default: from the tenant metadata)'),
    )
    .addOption(new Option('--proxy <url>', 'the proxy to use (http://user:password@proxy:8080), or "direct"'))
    .addOption(new Option('--pac <file>', 'a PAC file to choose the proxy (evaluated in a sandbox)'))
    .addOption(new Option('--capture <file>', 'dsregcmd /status output to read the results against'))
    .addOption(
      new Option('--ldap <url>', 'a domain controller for the SCP (ldap://dc1.contoso.com, ldaps://...)'),
    )
    .addOption(new Option('--ldap-user <dn>', 'bind as this user (simple bind, only over LDAPS or StartTLS)'))
    .addOption(
      new Option('--ldap-password <password>', 'the password of --ldap-user').env(
        'DSREG_DOCTOR_LDAP_PASSWORD',
      ),
    )
    .addOption(new Option('--ldap-starttls', 'upgrade ldap:// with StartTLS before binding'))
    .addOption(new Option('--ca <file...>', 'extra trusted root certificates (PEM)'))
    .addOption(new Option('--login-url <url>', 'base URL of the authority (tests, mirrors)').hideHelp())
    .addOption(new Option('--device-login-url <url>', 'base URL of the device STS').hideHelp())
    .addOption(new Option('--drs-url <url>', 'base URL of the registration service').hideHelp())
    .addOption(
      new Option('--on-prem-drs-url <url>', 'base URL of the on-premises registration service').hideHelp(),
    )
    .addOption(new Option('--timeout <ms>', 'time limit of each request in milliseconds').default('15000'))
    .addOption(new Option('-f, --format <format>', 'text (default on a terminal), json, markdown or html'))
    .addOption(new Option('-o, --output <file>', 'write the report to a file'))
    .addOption(new Option('--redact', 'replace identifiers in the report'))
    .addOption(new Option('--redact-salt <key>', 'key for stable pseudonyms across runs'))
    .addOption(new Option('--exit-zero', 'exit 0 even when a probe fails'))
    .addHelpText(
      'after',
      '\nExamples:\n  dsreg-doctor probe --upn alex@contoso.com\n  dsreg-doctor probe --domain contoso.com --pac proxy.pac --capture status.txt\n  dsreg-doctor probe --upn alex@contoso.com --ldap ldaps://dc1.contoso.com --ldap-user alex@contoso.com',
    )
    // The implementation (and the network, LDAP and archive libraries under it) loads only when
    // the command runs, so other commands start without it.
    .action(async (opts: ProbeOptions) =>
      (await import('./probe-run.ts')).probeCommand(opts, io(opts.output)),
    );
}
