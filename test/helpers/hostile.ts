/**
 * Hostile inputs shared by the attack replays of several parts (test/cli, test/files, test/emulator, ...):
 * hostile definition folders and a hostile Scalekit environment on 127.0.0.1.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { examples } from "./examples";
import { startServer } from "./loopback";

/** What the fake credentials file holds: no message may ever show it. */
export const FAKE_SECRET = "sks_live_FAKE0000hostile0000DO0NOT0SHOW";

/** A valid definition (the documented bearer-token example) as JSON text. */
export function validDefinition(displayName = "My Bearer Token Provider"): string {
  return JSON.stringify({ ...examples()["bearer-token"], display_name: displayName });
}

/** A fresh folder holding `files` (name → text or bytes). */
export function folderWith(files: Record<string, string | Buffer> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-"));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** A credentials file outside the folder, holding FAKE_SECRET on YAML-looking lines. */
export function credentialsFile(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hostile-secrets-")), "credentials");
  fs.writeFileSync(file, `[default]\naws_secret_access_key = ${FAKE_SECRET}\nclient_secret: ${FAKE_SECRET}\n`);
  return file;
}

/**
 * A YAML alias bomb (billion laughs): each anchor aliases the previous one nine times, 9^9 values in all. The
 * yaml package stops it by throwing a ReferenceError, not its own error class.
 */
export const ALIAS_BOMB = [
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...["b", "c", "d", "e", "f", "g", "h", "i"].map((name, i) => {
    const previous = String.fromCharCode("a".charCodeAt(0) + i);
    return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`;
  }),
  "",
].join("\n");

/** Each special entry a definitions folder may hold, created under `name` in `dir`. */
export const SPECIAL_FILES: Record<string, (dir: string, name: string) => Promise<() => void>> = {
  "a FIFO": async (dir, name) => {
    execFileSync("mkfifo", [path.join(dir, name)]);
    return () => undefined;
  },
  "a symbolic link to /dev/zero": async (dir, name) => {
    fs.symlinkSync("/dev/zero", path.join(dir, name));
    return () => undefined;
  },
  "a symbolic link to a credentials file": async (dir, name) => {
    fs.symlinkSync(credentialsFile(), path.join(dir, name));
    return () => undefined;
  },
  "a symbolic link to a valid definition": async (dir, name) => {
    const target = path.join(folderWith({ "real.json": validDefinition("Linked Provider") }), "real.json");
    fs.symlinkSync(target, path.join(dir, name));
    return () => undefined;
  },
  "a socket": async (dir, name) => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, name), resolve));
    return () => void server.close();
  },
};

/** A provider as a hostile environment lists it. */
export interface HostileProvider {
  identifier: string;
  display_name: string;
  [key: string]: unknown;
}

/** A listed provider: the bearer example under `displayName` and `identifier`. */
export function serverProvider(identifier: string, displayName: string, extra: Record<string, unknown> = {}): HostileProvider {
  return { ...examples()["bearer-token"], id: `prv_${identifier}`, identifier, display_name: displayName, ...extra };
}

export interface HostileEnvironment {
  url: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

/**
 * A Scalekit environment on 127.0.0.1 that answers the token call and lists `providers` in one page; any
 * other request gets `errorMessage` as a 400 error body. Not the emulator: it lists what the emulator refuses
 * to hold (two providers with one display name, identifiers full of escapes), for the built executable too.
 */
export async function hostileEnvironment(providers: HostileProvider[], errorMessage = "refused"): Promise<HostileEnvironment> {
  const server = await startServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "POST" && req.url === "/oauth/token")
      return send(200, { access_token: "tok_hostile", token_type: "Bearer", expires_in: 3600 });
    if (req.method === "GET" && req.url.startsWith("/api/v1/providers"))
      return send(200, { providers, next_page_token: "", total_size: providers.length });
    send(400, { code: 3, message: errorMessage, details: [] });
  });
  return { url: server.url, clientId: "skc_hostile", clientSecret: "sks_hostile_client_secret_0001", stop: () => server.close() };
}

/** Every character a terminal interprets: ESC sequences (title change, screen clear), NUL, BEL, C1, bidi. */
export const TERMINAL_ATTACK = "\u001b]0;pwned\u0007\u001b[2J\u0000\u009b31m\u202eevil\u2066\u200f";

/** Whether `text` holds any character that `inert` must have escaped. */
export function hasRawControl(text: string): boolean {
  return /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(text);
}
