/**
 * The rule tying `proxy_url` placeholders to auth fields: `{{domain}}` and `{{version}}` take their value from
 * a field of that name; any other `{{name}}` is a path parameter, the `field_name` of a field with
 * `is_path_param: true` in `fields` (or, for OAUTH, in `account_fields`). Checked against every pattern, since a
 * connection may use any of them.
 */
import { AUTH_TYPES, BUILTIN_PLACEHOLDERS, type AuthType } from "../limits";
import { arrayOf, isOneOf, prop } from "../guards";
import { ref, snippet, type Naming, type Path } from "../naming";
import { closest, quote } from "../wording";
import { scanPlaceholders } from "../urls";
import type { RuleIssue } from "./types";

type FieldList = "fields" | "account_fields";

interface NamedField {
  readonly path: Path;
  readonly list: FieldList;
  readonly isPathParam: boolean;
}

/** Every placeholder of `proxy_url` that a pattern cannot fill, reported at `proxy_url`. */
export function placeholderIssues(payload: unknown, naming: Naming): RuleIssue[] {
  const url = prop(payload, "proxy_url");
  if (typeof url !== "string") return [];
  const { names } = scanPlaceholders(url);
  if (names.length === 0) return [];
  const issues: RuleIssue[] = [];
  arrayOf(prop(payload, "auth_patterns")).forEach((pattern, index) => {
    const type = prop(pattern, "type");
    if (!isOneOf(AUTH_TYPES, type)) return; // reported by the type check; the rule depends on the type
    const at = (...rest: Path): Path => ["auth_patterns", index, ...rest];
    const dependsOn = [["proxy_url"], at("type"), at("fields"), at("account_fields")];
    for (const name of names) {
      const message = placeholderProblem(name, pattern, index, type, naming);
      if (message !== undefined) issues.push({ path: ["proxy_url"], message, dependsOn });
    }
  });
  return issues;
}

function placeholderProblem(name: string, pattern: unknown, index: number, type: AuthType, naming: Naming): string | undefined {
  const placeholder = quote(`{{${name}}}`);
  const pathParamLists: readonly FieldList[] = type === "OAUTH" ? ["fields", "account_fields"] : ["fields"];
  // OAUTH keeps account-scoped values (the named path parameters among them) in account_fields.
  const home: Path = ["auth_patterns", index, type === "OAUTH" ? "account_fields" : "fields"];
  const fields = namedFields(pattern, index);
  const matches = fields.get(name) ?? [];
  const field = (extra: Record<string, string | boolean>) =>
    snippet({ field_name: name, label: name.charAt(0).toUpperCase() + name.slice(1), input_type: "text", required: true, ...extra }, naming);

  if (type === "NO_AUTH") {
    return `${placeholder} cannot be filled: a NO_AUTH pattern has no fields to take its value from: remove the placeholder`;
  }
  if (isOneOf(BUILTIN_PLACEHOLDERS, name)) {
    if (matches.length > 0) return undefined;
    return `${placeholder} takes its value from a field named ${quote(name)}, and ${ref(["auth_patterns", index], naming)} has none: add ${field({})} to ${ref(home, naming)}`;
  }
  const eligible = matches.filter((match) => pathParamLists.includes(match.list));
  if (eligible.some((match) => match.isPathParam)) return undefined;
  const [first] = eligible;
  if (first !== undefined) {
    return `${placeholder} refers to ${ref(first.path, naming)}, which is not a path parameter: set ${ref([...first.path, "is_path_param"], naming)} to true`;
  }
  const [elsewhere] = matches;
  if (elsewhere !== undefined) {
    return (
      `${placeholder} refers to ${ref(elsewhere.path, naming)}, but path parameters of ${type} patterns come from ` +
      `${ref(home, naming)}: move the field there, with ${ref(["is_path_param"], naming)} true`
    );
  }
  const known = [...BUILTIN_PLACEHOLDERS, ...[...fields.keys()]];
  const suggestion = closest(name, known);
  return (
    `${placeholder} is neither \`{{domain}}\`, \`{{version}}\` nor a path parameter: ` +
    (suggestion === undefined ? "" : `did you mean ${quote(`{{${suggestion}}}`)}? Otherwise `) +
    `add ${field({ is_path_param: true })} to ${ref(home, naming)}, or remove the placeholder`
  );
}

/** The pattern's fields by `field_name`, from `fields` then `account_fields`. */
function namedFields(pattern: unknown, index: number): Map<string, NamedField[]> {
  const byName = new Map<string, NamedField[]>();
  for (const list of ["fields", "account_fields"] as const) {
    arrayOf(prop(pattern, list)).forEach((item, position) => {
      const name = prop(item, "field_name");
      if (typeof name !== "string") return;
      const entry: NamedField = {
        path: ["auth_patterns", index, list, position],
        list,
        isPathParam: prop(item, "is_path_param") === true,
      };
      byName.set(name, [...(byName.get(name) ?? []), entry]);
    });
  }
  return byName;
}
