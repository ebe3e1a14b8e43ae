/**
 * Input paths under redaction. Admins name files after the device or the user (`PC-0142.txt`,
 * `C:\Cases\jdoe\status.txt`), and a path shows in report headers, summaries and the JSON
 * `failures`. Every folder or file name is replaced unless it is a generic word (`captures`,
 * `status.txt`), Windows' own log name, a date or a number; the extension stays.
 * @module
 */
import type { Redactor } from './engine.ts';

/** Names that say what a file or folder holds, not whose it is. */
const GENERIC_NAMES = new Set(
  (
    'status dsregcmd dsreg capture captures output out input inputs log logs event events evtx xml ' +
    'json csv txt text aad admin operational analytic debug before after old new fixed broken ' +
    'report reports result results redacted examples example samples sample fixtures test tests ' +
    'evidence cases case tickets ticket ticket-files export exports collected collect data tmp temp ' +
    'home users desktop documents downloads onedrive shared share public var mnt media windows ' +
    'system32 winevt config program files programdata appdata local roaming cases device-registration ' +
    'user-device-registration aad-operational aad-analytic live listaccounts join debug-join'
  ).split(' '),
);

/** A path as given, with the names in it that could identify someone replaced. */
export function redactPath(path: string, redactor: Redactor): string {
  if (path === '' || path === '-' || path === 'live') return path;
  // Learned names, accounts, profile folders, UNC servers and hosts first, in context.
  const swept = redactor.text(path);
  const before = path.split(/([\\/]+)/);
  const after = swept.split(/([\\/]+)/);
  if (before.length !== after.length) return swept;
  return after
    .map((part, i) => {
      if (i % 2 === 1 || part !== before[i]) return part;
      return redactName(part, redactor);
    })
    .join('');
}

/**
 * A file name or path in running text (`PC-0142.xml`, `C:\\Cases\\jdoe\\status.txt`): the
 * extensions of the inputs this tool reads and writes. Not one that follows a colon (a URL's path).
 * A match starts only where a run of path characters starts, so the search stays linear.
 */
const FILE_IN_TEXT =
  /(?<![:\w.\\/%$~-])(?:[a-z]:)?[\w.\\/%$~-]*\.(?:txt|log|xml|evtx|csv|json|zip|html?|md|etl|cab)\b/gi;

/** Running text (a notice) with each file name or path in it redacted as `redactPath` does. */
export function redactFileNames(text: string, redactor: Redactor): string {
  return text.replace(FILE_IN_TEXT, (path) => redactPath(path, redactor));
}

/** One folder or file name: kept when generic, else a stand-in with the same extension. */
function redactName(name: string, redactor: Redactor): string {
  if (name === '' || name === '.' || name === '..' || /^[a-z]:$/i.test(name)) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 6 ? name.slice(dot) : '';
  const stem = ext === '' ? name : name.slice(0, dot);
  if (isGenericName(stem)) return name;
  return `${redactor.pseudonym('file', stem)}${ext}`;
}

function isGenericName(stem: string): boolean {
  const lower = stem.toLowerCase();
  if (GENERIC_NAMES.has(lower)) return true;
  // Windows' own event log file names (`Microsoft-Windows-AAD%4Operational`), kept as exported.
  if (/^microsoft-windows-[\w -]+(?:%4[\w -]+)?$/i.test(stem)) return true;
  // Dates, times and counters (`2024-05-01`, `0001`), and pseudonyms already made.
  if (/^[\d\s._:-]+$/.test(stem)) return true;
  if (/^(?:file|user|device|tenant|host|domain|share)(?:\d+|-[0-9a-f]{16})$/i.test(stem)) return true;
  // Generic words joined by separators (`status-before`, `aad_operational`).
  const words = lower.split(/[-_.\s]+/).filter((w) => w !== '');
  return words.length > 1 && words.every((w) => GENERIC_NAMES.has(w) || /^\d+$/.test(w));
}
