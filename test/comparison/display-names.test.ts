/** The one rule for matching providers by display name: unique names are keys, a repeated one is refused. */
import { byDisplayName, DuplicateDisplayNameError } from "../../src/comparison";
import { NamedError } from "../../src/named-error";

const provider = (identifier: string, display_name: string) => ({ identifier, display_name });

/** What byDisplayName throws for `listed` (undefined when it throws nothing). */
function refusal(listed: { identifier: string; display_name: string }[], side: string): unknown {
  try {
    byDisplayName(listed, side);
  } catch (err) {
    return err;
  }
  return undefined;
}

test("keys each provider by its display name, exactly as stored (letter case and spaces count)", () => {
  const listed = [provider("A:1", "Asana"), provider("A:2", "asana"), provider("A:3", "Asana ")];
  const map = byDisplayName(listed, "dev");
  expect([...map.keys()]).toEqual(["Asana", "asana", "Asana "]);
  expect(map.get("Asana")).toBe(listed[0]);
});

test("a repeated display name is refused, naming the side, the name, every identifier holding it, and what to do", () => {
  const listed = [
    provider("T:1", "Twin"),
    provider("S:2", "Solo"),
    provider("T:3", "Twin"),
    provider("T:4", "Twin"),
    provider("P:5", "Pair"),
    provider("P:6", "Pair"),
  ];
  const error = refusal(listed, "dev (acme-dev.scalekit.dev)");
  expect(error).toBeInstanceOf(DuplicateDisplayNameError);
  expect(error).toBeInstanceOf(NamedError);
  const duplicate = error as DuplicateDisplayNameError;
  expect(duplicate.name).toBe("DuplicateDisplayNameError");
  expect(duplicate.clashes).toEqual([
    { displayName: "Twin", identifiers: ["T:1", "T:3", "T:4"] },
    { displayName: "Pair", identifiers: ["P:5", "P:6"] },
  ]);
  expect(duplicate.message).toBe(
    'dev (acme-dev.scalekit.dev) has more than one custom provider with the same display name:\n  "Twin": T:1, T:3, T:4\n  "Pair": P:5, P:6\n' +
      "Providers are matched by display name, so which one is meant cannot be told; nothing was written or compared. " +
      "Rename or delete the extra ones in the Scalekit Dashboard, then run the command again.",
  );
});

test("names and identifiers from the server are shown inert: a control character cannot rewrite the terminal", () => {
  const listed = [provider("X:1\u001b[2J", "Evil\u001b]0;pwned\u0007"), provider("X:2", "Evil\u001b]0;pwned\u0007")];
  const error = refusal(listed, "dev");
  expect(error).toBeInstanceOf(DuplicateDisplayNameError);
  expect((error as Error).message).toContain('"Evil\\u001b]0;pwned\\u0007": X:1\\u001b[2J, X:2');
  expect((error as Error).message).not.toMatch(/\u001b/);
});
