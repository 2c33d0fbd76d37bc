/**
 * What the emulator was asked: the request journal (bodies with secrets redacted) and the request counters
 * used by benchmarks.
 */
import { REDACTED, mentionsSecret } from "../client";
import type { EmulatorStats, JournalEntry, RequestKind } from "./types";

export { REDACTED };

/** Oldest entries are dropped beyond this many, so that a long benchmark cannot exhaust memory. */
export const JOURNAL_LIMIT = 20000;

export class Journal {
  private entries: JournalEntry[] = [];
  private nextSeq = 1;

  /** The sequence number of the next request to arrive. */
  nextSequence(): number {
    return this.nextSeq++;
  }

  record(entry: JournalEntry): void {
    this.entries.push(entry);
    if (this.entries.length > JOURNAL_LIMIT) this.entries.splice(0, this.entries.length - JOURNAL_LIMIT);
  }

  /** Deep copies, in arrival order. */
  list(): JournalEntry[] {
    return structuredClone(this.entries).sort((a, b) => a.seq - b.seq);
  }

  /** Forgets the entries; sequence numbers keep counting. */
  clear(): void {
    this.entries = [];
  }

  /** Forgets the entries and numbers the next request 1 again. */
  reset(): void {
    this.entries = [];
    this.nextSeq = 1;
  }
}

/**
 * A deep copy of `value` that is safe to journal: every `client_secret` property (any letter case) becomes
 * "[REDACTED]", and so does any string or key holding one of `secrets` in any encoding (a client that sent its
 * secret where it should not have, e.g. as JSON to the form endpoint, must not find it in the journal either).
 */
export function redact(value: unknown, secrets: readonly string[]): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redactText(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) {
      return Object.fromEntries(
        Object.entries(v).map(([k, inner]) => [redactText(k, secrets), k.toLowerCase() === "client_secret" ? REDACTED : walk(inner)]),
      );
    }
    return v;
  };
  return walk(value);
}

/** Whether any string or key inside `value` contains one of `secrets`. */
export function containsSecret(value: unknown, secrets: readonly string[]): boolean {
  if (typeof value === "string") return redactText(value, secrets) !== value;
  if (Array.isArray(value)) return value.some((v) => containsSecret(v, secrets));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).some(([k, v]) => containsSecret(k, secrets) || containsSecret(v, secrets));
  }
  return false;
}

/** `text`, or "[REDACTED]" when it holds one of `secrets` in any encoding (the client's redaction finds them). */
export function redactText(text: string, secrets: readonly string[]): string {
  return mentionsSecret(text, secrets) ? REDACTED : text;
}

/** Request counters: requests by kind and the highest number of API requests in progress at once. */
export class RequestStats {
  private byKind: Record<string, number> = {};
  private inFlight = 0;
  private maxInFlight = 0;

  count(kind: RequestKind): void {
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
  }

  /** Marks an API request as started; call the returned function once when it is finished. */
  begin(): () => void {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight -= 1;
    };
  }

  snapshot(): EmulatorStats {
    return { maxConcurrentRequests: this.maxInFlight, requestsByKind: { ...this.byKind } };
  }

  /** Forgets counts; the high-water mark restarts from the requests in progress now. */
  reset(): void {
    this.byKind = {};
    this.maxInFlight = this.inFlight;
  }
}
