/** How a URL is shown in a message or a label (shownUrl): never with its user-info. */
import fc from "fast-check";
import { shownUrl } from "../../src/text";

/** A password as people write them: letters, digits and the punctuation a URL parser chokes on. */
const password = fc
  .string({ unit: fc.constantFrom(..."abcdefXYZ0123456789!$&'()*+,;=%/?#[]@ -_.~"), minLength: 8, maxLength: 30 })
  .map((p) => `Pw${p}9`);

describe("shownUrl", () => {
  test("keeps a URL without user-info as it was given, and renders it inert", () => {
    expect(shownUrl("https://acme.scalekit.dev")).toBe("https://acme.scalekit.dev");
    expect(shownUrl("https://gw.example.com/scalekit/")).toBe("https://gw.example.com/scalekit/");
    expect(shownUrl("https://acme\u001b[2J.scalekit.dev")).toBe("https://acme\\u001b[2J.scalekit.dev");
  });

  test("drops the user-info of a URL that parses", () => {
    expect(shownUrl("https://user:hunter2-secret@acme.scalekit.dev/x")).toBe("https://acme.scalekit.dev/x");
    expect(shownUrl("https://hunter2-secret@acme.scalekit.dev")).toBe("https://acme.scalekit.dev/");
  });

  test("replaces whatever looks like user-info in a URL that does not parse, or parses otherwise than it reads", () => {
    expect(shownUrl("https://user:hunter2-secret@acme scalekit.dev")).toBe("https://***@acme scalekit.dev");
    expect(shownUrl("https://user:hunter2/secret@acme.scalekit.dev")).toBe("https://***@acme.scalekit.dev");
    // Parses as host "user", port 1234, path "/secret@acme.scalekit.dev".
    expect(shownUrl("https://user:1234/secret@acme.scalekit.dev")).toBe("https://***@acme.scalekit.dev");
    expect(shownUrl("user:hunter2-secret@acme.scalekit.dev")).toBe("***@acme.scalekit.dev");
    expect(shownUrl("foo:user:hunter2-secret@acme.scalekit.dev")).toBe("***@acme.scalekit.dev");
  });

  test("no password in any URL, parseable or not, shows through", () => {
    fc.assert(
      fc.property(
        password,
        fc.constantFrom("https://", "http://", "//", "", "https:", "ftp://", "https://user:1234/"),
        fc.constantFrom("acme.scalekit.dev", "acme scalekit.dev", "127.0.0.1:8080", "[::1]", "acme.scalekit.dev/path@x"),
        (pw, scheme, host) => {
          const shown = shownUrl(`${scheme}user:${pw}@${host}`);
          expect(shown).not.toContain(pw);
          expect(shown).not.toContain(encodeURIComponent(pw));
        },
      ),
    );
  });
});
