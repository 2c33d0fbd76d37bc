/**
 * URL rules: `{{placeholder}}` scanning for `proxy_url` and the https URL check shared by every URL property.
 * Pure and total: any string in, a list of problems out (each a message stating the fix).
 */
import { RULES } from "./docs";
import { URL_MAX_LENGTH } from "./limits";
import { charLength, quote } from "./wording";

/** A placeholder name: what may stand between `{{` and `}}`. */
const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `{{…}}`, `{…}`, or a lone brace: every brace in a URL belongs to exactly one match. */
const BRACES = /\{\{([^{}]*)\}\}|\{([^{}]*)\}|\{|\}/g;

/** What stands in for a placeholder while the URL is parsed: valid in a host name and in a path. */
const PLACEHOLDER_PROBE = "placeholder";

/** At most this many brace problems are reported for one URL (a string of braces must not flood the output). */
const MAX_BRACE_PROBLEMS = 5;

export interface PlaceholderScan {
  /** Distinct placeholder names, in order of appearance. */
  readonly names: readonly string[];
  /** Problems with braces that do not form a valid `{{name}}`, each with its fix. */
  readonly malformed: readonly string[];
  /** The URL with every valid placeholder removed (its length is what Scalekit limits). */
  readonly bare: string;
  /** The URL with every valid placeholder replaced by a harmless token, ready for URL parsing. */
  readonly probe: string;
}

/** Finds the `{{name}}` placeholders of `url` and every malformed use of braces. */
export function scanPlaceholders(url: string): PlaceholderScan {
  const names: string[] = [];
  const malformed = new Set<string>();
  const rewrite = (replacement: string) =>
    url.replace(BRACES, (match, double: string | undefined) =>
      double !== undefined && PLACEHOLDER_NAME.test(double) ? replacement : match,
    );
  for (const match of url.matchAll(BRACES)) {
    const [text, double, single] = match;
    if (double !== undefined && PLACEHOLDER_NAME.test(double)) {
      if (!names.includes(double)) names.push(double);
    } else if (malformed.size < MAX_BRACE_PROBLEMS) {
      malformed.add(braceProblem(text, double, single));
    }
  }
  return { names, malformed: [...malformed], bare: rewrite(""), probe: rewrite(PLACEHOLDER_PROBE) };
}

function braceProblem(text: string, double: string | undefined, single: string | undefined): string {
  const nameRule = RULES.placeholderName;
  if (double !== undefined) {
    const trimmed = double.trim();
    if (trimmed === "") return `${quote(text)} is an empty placeholder: put a field name between the braces or remove it`;
    if (PLACEHOLDER_NAME.test(trimmed)) return `${quote(text)} has spaces inside the braces: write ${quote(`{{${trimmed}}}`)}`;
    return `${quote(text)} is not a valid placeholder: ${nameRule}`;
  }
  if (single !== undefined && PLACEHOLDER_NAME.test(single.trim())) {
    return `${quote(text)} uses single braces: write ${quote(`{{${single.trim()}}}`)}`;
  }
  if (single !== undefined) return `${quote(text)} is not a placeholder: write placeholders as \`{{name}}\` (${nameRule})`;
  return `has an unmatched ${quote(text)}: write placeholders as \`{{name}}\`, or percent-encode the brace (${text === "{" ? "%7B" : "%7D"})`;
}

/**
 * Problems of `url` as an absolute https URL: the `https://` prefix, no whitespace or control characters,
 * a host name, and WHATWG URL syntax. Length is not checked here (proxy_url measures it without placeholders).
 */
export function httpsUrlProblems(url: string): string[] {
  const scheme = schemeProblems(url);
  if (scheme.length > 0) return scheme;
  if (/[\s\u0000-\u001f\u007f]/.test(url)) {
    return ["must not contain spaces or control characters: percent-encode them (a space is %20)"];
  }
  const afterScheme = url.charAt("https://".length);
  if (afterScheme === "" || afterScheme === "/") return ["needs a host name after https://, e.g. `https://api.example.com`"];
  if (!URL.canParse(url)) return ["is not a valid URL: check the host name and port after https://"];
  return [];
}

/** The problem with the start of `url`, if it does not start with `https://`. */
function schemeProblems(url: string): string[] {
  if (url.startsWith("https://")) return [];
  if (/^https:\/\//i.test(url)) return ["must start with `https://` in lower case"];
  if (/^http:\/\//i.test(url)) return ["must start with https://: replace http:// with https://"];
  return ["must start with https://, e.g. `https://api.example.com`"];
}

/** The problem with a URL of `length` characters, if it is longer than Scalekit allows. */
export function urlLengthProblems(length: number, qualifier = ""): string[] {
  return length > URL_MAX_LENGTH
    ? [`is ${length} characters long${qualifier}; at most ${URL_MAX_LENGTH} are allowed`]
    : [];
}

/**
 * Problems of a `proxy_url`: valid placeholders are set aside, then the rest must be an https URL of at most
 * URL_MAX_LENGTH characters. Braces that do not form `{{name}}` are problems of their own.
 */
export function proxyUrlProblems(url: string): string[] {
  if (url === "") return ["must not be empty: set it to the upstream API's base URL, e.g. `https://api.example.com`"];
  const scan = scanPlaceholders(url);
  const withoutPlaceholders = scan.names.length > 0 ? " once its placeholders are set aside" : "";
  const problems = [...scan.malformed, ...urlLengthProblems(charLength(scan.bare), withoutPlaceholders)];
  // A malformed brace may also fail URL parsing: report the brace, which names the fix, not a vaguer URL error.
  problems.push(...(scan.malformed.length === 0 ? httpsUrlProblems(scan.probe) : schemeProblems(scan.probe)));
  return problems;
}

/**
 * Problems of a URL property that takes no placeholders (`icon_src`, OAuth URIs): an https URL of at most
 * URL_MAX_LENGTH characters, or "" (which means unset, as an absent property does).
 */
export function plainUrlProblems(url: string, placeholdersDocumentedFor: string): string[] {
  if (url === "") return [];
  if (/[{}]/.test(url)) {
    return [`must be a plain https:// URL: placeholders such as \`{{domain}}\` are documented only for ${placeholdersDocumentedFor}`];
  }
  return [...httpsUrlProblems(url), ...urlLengthProblems(charLength(url))];
}
