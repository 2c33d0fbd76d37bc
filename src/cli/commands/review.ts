/**
 * `scalekit-providers review [STACK=]FILE…`: reads the JSON of `pulumi preview --json` of one or more stacks
 * (files, or stdin as `-`) and returns the review (src/review) for the router to print. Reading only: the
 * preview is untrusted input, read with the project's file reader (size bound, depth, UTF-8) and checked by the
 * review's schema.
 */
import * as path from "path";
import { FileError, parseText, readDataFile } from "../../files";
import { RESOURCE_TOKEN } from "../../plugin/package-schema";
import { DYNAMIC_RESOURCE_TYPE } from "../../resource/native";
import { isStackName, parsePreview, PreviewInputError, PREVIEW_MAX_BYTES, reviewPreviews, type Preview, type Review } from "../../review";
import { inert } from "../../text";
import { EXIT, failure, type ExitCode } from "../exit";

/** The resource types a review reads: the dynamic `CustomProvider` and the plugin's `scalekit:index:CustomProvider`. */
const PROVIDER_TYPES = [DYNAMIC_RESOURCE_TYPE, RESOURCE_TOKEN];

/** What `-` stands for. */
const STDIN = "-";

export interface ReviewCommandOptions {
  /** Each `STACK=FILE`, `FILE` (the stack named after the file, without `.json`) or `STACK=-` (stdin). */
  previews: readonly string[];
  cwd: string;
  /** Reads stdin, stopping past `maxBytes` (CliIo.readStdin). */
  readStdin: (maxBytes: number) => Promise<string>;
  /** @default COMMENT_MAX_CHARACTERS; 0 for no limit */
  maxCharacters?: number;
}

/** One preview argument: the stack's name and where its JSON is. */
export interface PreviewArgument {
  stack: string;
  file: string;
}

/**
 * `dev=preview-dev.json` → dev and the file; `preview-dev.json` → `preview-dev`; `dev=-` → dev and stdin.
 * @throws ExitError (exit 2) when no stack name can be had
 */
export function previewArgument(argument: string): PreviewArgument {
  const at = argument.indexOf("=");
  if (at > 0 && isStackName(argument.slice(0, at))) return { stack: argument.slice(0, at), file: argument.slice(at + 1) };
  if (argument === STDIN) throw failure("name the stack whose preview comes from stdin: `dev=-`");
  const stack = path.basename(argument).replace(/\.json$/i, "");
  if (!isStackName(stack)) {
    throw failure(`${inert(argument)}: name its stack, as in \`dev=${inert(argument)}\` (letters, digits, \`_\`, \`.\`, \`-\`, \`/\`)`);
  }
  return { stack, file: argument };
}

/**
 * Reads every preview and reviews them.
 * @throws ExitError (exit 2) for a preview that cannot be read, is not a preview's JSON, or names a stack twice
 */
export async function reviewCommand(options: ReviewCommandOptions): Promise<Review> {
  const given = options.previews.map(previewArgument);
  const stacks = given.map((g) => g.stack);
  const twice = stacks.find((stack, i) => stacks.indexOf(stack) !== i);
  if (twice !== undefined) throw failure(`stack ${inert(twice)} is given twice: give each stack's preview once`);
  if (given.filter((g) => g.file === STDIN).length > 1) throw failure("only one preview can come from stdin");
  const previews: Preview[] = [];
  for (const { stack, file } of given) {
    const source = file === STDIN ? `stdin (stack ${stack})` : `${file} (stack ${stack})`;
    try {
      const data = file === STDIN ? await stdinJson(options.readStdin) : readDataFile(path.resolve(options.cwd, file), jsonFile);
      previews.push(parsePreview(data, stack, source));
    } catch (err) {
      if (err instanceof FileError) throw failure(`${inert(file === STDIN ? "stdin" : file)} ${err.reason}`);
      if (err instanceof PreviewInputError) throw failure(err.message);
      throw err;
    }
  }
  return reviewPreviews(previews, {
    providerTypes: PROVIDER_TYPES,
    ...(options.maxCharacters !== undefined ? { maxCharacters: options.maxCharacters } : {}),
  });
}

const jsonFile = { format: "json", what: "the JSON of a preview", maxBytes: PREVIEW_MAX_BYTES } as const;

async function stdinJson(readStdin: ReviewCommandOptions["readStdin"]): Promise<unknown> {
  const text = await readStdin(PREVIEW_MAX_BYTES);
  if (Buffer.byteLength(text) > PREVIEW_MAX_BYTES) {
    throw new FileError(
      "stdin",
      `holds more than ${PREVIEW_MAX_BYTES / 1024 / 1024} MiB, the most the JSON of a preview may: check that this is the preview you meant`,
    );
  }
  return parseText(text, "json", "stdin");
}

/** 1 when anything needs attention (replace, delete, a Dashboard edit overwritten, an error), else 0. */
export function reviewExitCode(review: Review): ExitCode {
  return review.attention ? EXIT.ATTENTION : EXIT.OK;
}
