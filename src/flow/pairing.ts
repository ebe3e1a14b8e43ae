/**
 * Which event logs go with which capture. A log belongs to a capture when every computer it
 * names agrees with the capture's device (case-insensitive; a short name matches its FQDN). A
 * log or a capture without a name is paired only when the run has a single capture and nothing is
 * ambiguous. A log goes with every capture of its computer (a capture before a fix and one after
 * it): each reads the events against its own attempts.
 *
 * Logs wait in an index by short computer name, so finding a capture's logs costs the logs of
 * that name, not a scan of every log. A log read with a capture stays for the next capture of its
 * computer until the run knows none will come; it then leaves the index (and memory).
 * @module
 */
import { computerNamesAgree } from '../model/device.ts';
import type { EventReadResult } from '../model/events.ts';
import type { ReportNotice } from '../model/report.ts';

export interface WaitingLog {
  name: string;
  events: EventReadResult;
  /** Internal failures met while reading it, for its own report. */
  failures: string[];
  /** What its report must say about the input it came from (a part of its stream left unread). */
  notices: ReportNotice[];
  /** The distinct computer names in the log, lower case; empty when the log names none. */
  computers: string[];
  /** Order of arrival, so logs are reported in the order they were given. */
  order: number;
  /** The captures it was read with: how many, and the first few (`before.txt (capture 2)`). */
  readers: { count: number; shown: string[] };
}

export class LogIndex {
  private readonly byShort = new Map<string, Set<WaitingLog>>();
  private readonly unnamed = new Set<WaitingLog>();
  private readonly all = new Set<WaitingLog>();
  private next = 0;

  get size(): number {
    return this.all.size;
  }

  add(name: string, events: EventReadResult, failures: string[], notices: ReportNotice[] = []): WaitingLog {
    const log: WaitingLog = {
      name,
      events,
      failures,
      notices,
      computers: computersOf(events),
      order: this.next++,
      readers: { count: 0, shown: [] },
    };
    this.all.add(log);
    if (log.computers.length === 0) this.unnamed.add(log);
    for (const short of new Set(log.computers.map(shortName))) {
      const set = this.byShort.get(short);
      if (set) set.add(log);
      else this.byShort.set(short, new Set([log]));
    }
    return log;
  }

  /** Notes that a capture (`label`) reads the log; it stays for another capture of its computer. */
  read(log: WaitingLog, label: string, shown: number): void {
    log.readers.count++;
    if (log.readers.shown.length < shown && !log.readers.shown.includes(label)) log.readers.shown.push(label);
  }

  /** Takes a log out of the index: it is reported with a capture or on its own, or no longer needed. */
  take(log: WaitingLog): void {
    this.all.delete(log);
    this.unnamed.delete(log);
    for (const short of new Set(log.computers.map(shortName))) {
      const set = this.byShort.get(short);
      set?.delete(log);
      if (set && set.size === 0) this.byShort.delete(short);
    }
  }

  /**
   * The waiting logs that belong to a capture's device (`device`: its name as printed, lower
   * case, or null). With `onlyCapture` (the run's single capture) logs without a computer name are
   * taken too, and a capture without a name takes named logs when they all name one computer.
   */
  logsFor(device: string | null, onlyCapture: boolean): WaitingLog[] {
    let found: WaitingLog[];
    if (device !== null) {
      const named = [...(this.byShort.get(shortName(device)) ?? [])].filter((log) =>
        log.computers.every((c) => computerNamesAgree(c, device)),
      );
      found = onlyCapture ? [...named, ...this.unnamed] : named;
    } else if (!onlyCapture) {
      found = [];
    } else {
      // One computer: every name has the same short name, and at most one FQDN is among them.
      const named = [...this.all].flatMap((log) => log.computers);
      const shorts = new Set(named.map(shortName));
      const fqdns = new Set(named.filter((n) => n.includes('.')));
      const oneComputer = shorts.size <= 1 && fqdns.size <= 1;
      found = oneComputer ? [...this.all] : [...this.unnamed];
    }
    return found.sort((a, b) => a.order - b.order);
  }

  /** Every log no capture has read, in the order given. */
  remaining(): WaitingLog[] {
    return [...this.all].filter((log) => log.readers.count === 0).sort((a, b) => a.order - b.order);
  }

  /** Lets go of every log some capture has read (the run is over: no other capture comes). */
  dropRead(): void {
    for (const log of [...this.all]) if (log.readers.count > 0) this.take(log);
  }
}

function computersOf(events: EventReadResult): string[] {
  const names = new Set<string>();
  for (const r of events.records) {
    const c = (r.computer ?? '').trim().toLowerCase();
    if (c !== '') names.add(c);
  }
  return [...names];
}

function shortName(name: string): string {
  return name.split('.')[0] ?? name;
}
