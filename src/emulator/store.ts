/**
 * The provider store: the emulator's data and the server's rules about it (validation, unique display
 * names, identifiers, connections blocking a delete). Every write validates, builds the next state,
 * persists it (when a state file is set) and only then makes it current, so a failed write changes nothing.
 */
import { EmulatorError, errorBody } from "./errors";
import { deriveIdentifier, providerId } from "./identifiers";
import { loadState, saveState, STATE_FORMAT, STATE_VERSION } from "./persistence";
import type { InUseStatus, StoredProvider } from "./types";
import { checkPayload } from "./validation";
import { containsSecret } from "./journal";
import { isReservedKey } from "../schema";
import { IN_USE_ERROR_CODE } from "../client";

export interface StoreOptions {
  stateFile?: string;
  inUseStatus: InUseStatus;
  caseInsensitiveNames: boolean;
  renameChangesIdentifier: boolean;
  /** Strings (the client secret) that must never be stored: a payload containing one is refused. */
  secrets: readonly string[];
}

interface Snapshot {
  sequence: number;
  providers: Map<string, StoredProvider>; // by identifier; records are replaced, never mutated
}

export class ProviderStore {
  private current: Snapshot;

  /** @throws EmulatorStateError when the state file exists but cannot be loaded */
  constructor(private readonly options: StoreOptions) {
    this.current = { sequence: 0, providers: new Map() };
    if (options.stateFile) {
      const loaded = loadState(options.stateFile);
      if (loaded) {
        const maxSeq = loaded.providers.reduce((m, p) => Math.max(m, p.sequence), 0);
        this.current = {
          sequence: Math.max(loaded.sequence, maxSeq),
          providers: new Map(loaded.providers.map((p) => [p.identifier, p])),
        };
      }
    }
  }

  /** Every provider in creation order (deep copies). */
  list(): StoredProvider[] {
    return [...this.current.providers.values()].sort((a, b) => a.sequence - b.sequence).map(copy);
  }

  /** One provider (a deep copy), or undefined. */
  get(identifier: string): StoredProvider | undefined {
    const p = this.current.providers.get(identifier);
    return p && copy(p);
  }

  /**
   * Creates a provider from a payload.
   * @throws EmulatorError 400 (validation), 409 (display name taken)
   */
  create(input: unknown): StoredProvider {
    const payload = this.checkPayload(input);
    const name = payload.display_name as string;
    this.assertNameFree(name, undefined);
    const sequence = this.current.sequence + 1;
    const record: StoredProvider = {
      id: providerId(sequence),
      identifier: deriveIdentifier(name, sequence),
      payload,
      connections: 0,
      sequence,
    };
    this.commit(sequence, (m) => m.set(record.identifier, record));
    return copy(record);
  }

  /**
   * Replaces the payload of a provider (full replacement). The identifier stays, unless the display name
   * changed and `renameChangesIdentifier` is set.
   * @throws EmulatorError 404 (unknown identifier), 400 (validation), 409 (display name taken by another)
   */
  update(identifier: string, input: unknown): StoredProvider {
    const existing = this.require(identifier);
    return this.replacePayload(existing, this.checkPayload(input));
  }

  /**
   * A Dashboard edit: merges `patch` into the stored payload (null removes a key), then validates and stores
   * the result as an update would.
   * @throws EmulatorError 404, 400, 409 as update
   */
  edit(identifier: string, patch: unknown): StoredProvider {
    const existing = this.require(identifier);
    if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
      throw EmulatorError.invalidArgument("a provider patch must be an object of top-level payload properties");
    }
    const reserved = Object.keys(patch).filter(isReservedKey);
    if (reserved.length > 0) {
      throw EmulatorError.invalidArgument(
        `a provider patch must not hold the key ${reserved.map((k) => `"${k}"`).join(", ")}: it is reserved in JavaScript`,
      );
    }
    // Built with define semantics (Object.fromEntries), never by assignment: no key can reach a prototype.
    const changes = new Map(Object.entries(patch));
    const kept = Object.entries(existing.payload).map(([key, value]): [string, unknown] => [
      key,
      changes.has(key) ? changes.get(key) : value,
    ]);
    const added = [...changes].filter(([key]) => !Object.prototype.hasOwnProperty.call(existing.payload, key));
    const merged: Record<string, unknown> = Object.fromEntries(
      [...kept, ...added].filter(([, value]) => value !== null).map(([key, value]) => [key, structuredClone(value)]),
    );
    return this.replacePayload(existing, this.checkPayload(merged));
  }

  /**
   * Deletes a provider through the API: refused while connections use it.
   * @throws EmulatorError 404 (unknown), inUseStatus (connections attached)
   */
  delete(identifier: string): void {
    const existing = this.require(identifier);
    if (existing.connections > 0) throw this.inUseError(existing);
    this.commit(this.current.sequence, (m) => m.delete(identifier));
  }

  /**
   * Deletes a provider outside the API (the Dashboard, after removing its connections), connections or not.
   * @throws EmulatorError 404 (unknown)
   */
  remove(identifier: string): void {
    this.require(identifier);
    this.commit(this.current.sequence, (m) => m.delete(identifier));
  }

  /**
   * Sets how many connections use a provider.
   * @throws EmulatorError 404 (unknown), 400 (count not an integer of 0 or more)
   */
  setConnections(identifier: string, count: number): StoredProvider {
    const existing = this.require(identifier);
    if (!Number.isInteger(count) || count < 0) {
      throw EmulatorError.invalidArgument("connection count must be an integer, 0 or more");
    }
    const record = { ...existing, connections: count };
    this.commit(this.current.sequence, (m) => m.set(identifier, record));
    return copy(record);
  }

  /** Removes every provider. The sequence counter is kept so that identifiers are never reused. */
  reset(): void {
    this.commit(this.current.sequence, (m) => m.clear());
  }

  /**
   * The server's validation, plus one rule of the emulator's own: a payload holding the client secret is
   * refused, so that state and state file never hold it (a client that puts it there has a bug).
   */
  private checkPayload(input: unknown): Record<string, unknown> {
    const payload = checkPayload(input);
    if (containsSecret(payload, this.options.secrets)) {
      throw EmulatorError.invalidArgument("the payload contains the client secret: a provider definition must never hold it");
    }
    return payload;
  }

  private replacePayload(existing: StoredProvider, payload: Record<string, unknown>): StoredProvider {
    const name = payload.display_name as string;
    this.assertNameFree(name, existing.identifier);
    const renamed = name !== existing.payload.display_name;
    let sequence = this.current.sequence;
    let identifier = existing.identifier;
    if (renamed && this.options.renameChangesIdentifier) {
      sequence += 1;
      identifier = deriveIdentifier(name, sequence);
    }
    const record: StoredProvider = { ...existing, identifier, payload };
    this.commit(sequence, (m) => {
      m.delete(existing.identifier);
      m.set(identifier, record);
    });
    return copy(record);
  }

  private require(identifier: string): StoredProvider {
    const p = this.current.providers.get(identifier);
    if (!p) throw EmulatorError.notFound(`custom provider ${identifier} not found`, "PROVIDER_NOT_FOUND");
    return p;
  }

  private assertNameFree(name: string, exceptIdentifier: string | undefined): void {
    const key = this.nameKey(name);
    for (const p of this.current.providers.values()) {
      if (p.identifier !== exceptIdentifier && this.nameKey(String(p.payload.display_name)) === key) {
        throw EmulatorError.alreadyExists(`custom provider with display name "${name}" already exists`);
      }
    }
  }

  private nameKey(name: string): string {
    return this.options.caseInsensitiveNames ? name.toLowerCase() : name;
  }

  /** The documented refusal (400 PROVIDER_HAS_EXISTING_CONNECTIONS), or with another status the older wording. */
  private inUseError(p: StoredProvider): EmulatorError {
    const status = this.options.inUseStatus;
    const plural = p.connections === 1 ? "connection" : "connections";
    if (status === 400) {
      return new EmulatorError(
        400,
        errorBody(
          "INVALID_ARGUMENT",
          `provider ${p.identifier} has ${p.connections} existing ${plural}; delete them before deleting the provider`,
          IN_USE_ERROR_CODE,
        ),
      );
    }
    const code = status === 403 ? "PERMISSION_DENIED" : "FAILED_PRECONDITION";
    return new EmulatorError(
      status,
      errorBody(
        code,
        `forbidden: connector ${p.identifier} is still in use by ${p.connections} ${plural}; remove them first`,
        "CONNECTOR_IN_USE",
      ),
    );
  }

  /** Builds the next state, persists it, then makes it current (so a failed save changes nothing). */
  private commit(sequence: number, change: (m: Map<string, StoredProvider>) => void): void {
    const providers = new Map(this.current.providers);
    change(providers);
    const next: Snapshot = { sequence, providers };
    if (this.options.stateFile) {
      saveState(this.options.stateFile, {
        format: STATE_FORMAT,
        version: STATE_VERSION,
        sequence,
        providers: [...providers.values()].sort((a, b) => a.sequence - b.sequence),
      });
    }
    this.current = next;
  }
}

function copy(p: StoredProvider): StoredProvider {
  return structuredClone(p);
}
