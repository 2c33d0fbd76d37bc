/**
 * How a URL is shown in a message or a label: never with its user-info (`user:password@`), which may hold a
 * password, and inert. An environment URL comes from a flag, a variable, a stack file or stack config; every
 * message and label that shows one goes through here.
 */
import { inert } from "./inert";

/** What stands where user-info was taken out of a URL that the parser does not read as a reader would. */
const REMOVED = "***@";

/**
 * `url` for a message, rendered inert (and cut, as `inert` cuts):
 * - as given when it parses, with a host and no `@` anywhere;
 * - as the parser reads it, user-info removed, when the parser found user-info;
 * - otherwise, when it has an `@` (`https://user:1234/pw@host` parses as host `user`, port 1234) or does not
 *   parse, with everything from the start of its authority (after `//`, or its start without one) to its last
 *   `@` replaced by `***@`: where such a value's user-info ends cannot be known, so all that might be is dropped.
 */
export function shownUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url.trim());
  } catch {
    parsed = undefined;
  }
  if (parsed && (parsed.username !== "" || parsed.password !== "")) {
    parsed.username = "";
    parsed.password = "";
    return inert(parsed.href);
  }
  return inert(parsed && parsed.host !== "" && !url.includes("@") ? url : withoutUserInfo(url));
}

function withoutUserInfo(text: string): string {
  const at = text.lastIndexOf("@");
  if (at < 0) return text;
  const slashes = text.indexOf("//");
  const start = slashes >= 0 && slashes < at ? slashes + 2 : 0;
  return `${text.slice(0, start)}${REMOVED}${text.slice(at + 1)}`;
}
