/** The promotion comparison the gate and `compare` share: fields compared, scopes by name, how a difference reads. */
import { changedPaths, fieldChanges, promotionDifference, scopeChangeLines } from "../../src/comparison";

const scope = (name: string, required = true) => ({ scope: name, display_name: name, description: `Access ${name}`, required });
const oauth = (scopes: object[], extra: Record<string, unknown> = {}) => ({
  display_name: "My Asana",
  description: "Connect to Asana",
  auth_patterns: [
    {
      type: "OAUTH",
      display_name: "OAuth",
      oauth_config: { authorize_uri: "https://a.example/auth", token_uri: "https://a.example/token", available_scopes: scopes },
    },
  ],
  proxy_url: "https://a.example/api",
  proxy_enabled: true,
  ...extra,
});

describe("fieldChanges", () => {
  test("removing the first scope reads as that scope removed, not as every later scope renamed", () => {
    const to = oauth([scope("profile"), scope("email"), scope("tasks")]);
    const from = oauth([scope("email"), scope("tasks")]);
    const removed = { path: "auth_patterns[0].oauth_config.available_scopes[scope=profile]", to: scope("profile") };
    expect(fieldChanges(to, from)).toEqual([removed]);
  });

  test("a changed property of one scope is addressed by the scope's name", () => {
    expect(fieldChanges(oauth([scope("profile"), scope("email")]), oauth([scope("profile"), scope("email", false)]))).toEqual([
      { path: "auth_patterns[0].oauth_config.available_scopes[scope=email].required", to: true },
    ]);
  });

  test("the same scopes in another order are one change of order", () => {
    expect(fieldChanges(oauth([scope("a"), scope("b")]), oauth([scope("b"), scope("a")]))).toEqual([
      { path: "auth_patterns[0].oauth_config.available_scopes (order)", from: ["b", "a"], to: ["a", "b"] },
    ]);
  });

  test("only the promoted fields count, after normalization", () => {
    const server = {
      ...oauth([scope("email")]),
      ...{ id: "p1", identifier: "MYASANA:1", categories: ["x"], metadata: { env: "dev" }, icon_src: "https://cdn.example/i.png" },
    };
    expect(fieldChanges(server, oauth([scope("email")], { metadata: { env: "prod" } }))).toEqual([]);
    expect(promotionDifference(server, oauth([scope("email")]))).toBeUndefined();
  });
});

describe("how a difference reads", () => {
  test("promotionDifference carries the field changes and the scopes added and removed", () => {
    expect(promotionDifference(oauth([scope("email")]), oauth([scope("tasks")]))).toEqual({
      changes: [
        { path: "auth_patterns[0].oauth_config.available_scopes[scope=tasks]", from: scope("tasks") },
        { path: "auth_patterns[0].oauth_config.available_scopes[scope=email]", to: scope("email") },
      ],
      scopes: { added: ["tasks"], removed: ["email"] },
    });
  });

  test("scopeChangeLines words scopes added and removed from the sides' names, inert", () => {
    expect(scopeChangeLines({ added: ["tasks", "x\u001b[2J"], removed: ["email"] }, { from: "dev", to: "prod" })).toEqual([
      { heading: "OAuth scopes added:", text: "tasks, x\\u001b[2J (in dev, not in prod)" },
      { heading: "OAuth scopes removed:", text: "email (in prod, not in dev)" },
    ]);
    expect(scopeChangeLines({ added: [], removed: [] }, { from: "dev", to: "prod" })).toEqual([]);
  });

  test("changedPaths lists the first paths, inert, then how many more", () => {
    const changes = ["a", "b", "c\u0007"].map((path) => ({ path }));
    expect(changedPaths(changes, 4)).toBe("a, b, c\\u0007");
    expect(changedPaths(changes, 2)).toBe("a, b and 1 more");
  });
});
