// @ts-check
/**
 * The files of a folder as this repository's caches and checks read them: relative paths with `/` separators,
 * sorted, and a digest of them (path and content) that changes when any file does. Plain JavaScript, so that the
 * scripts and the tests share it.
 */
const fs = require("fs");
const path = require("path");

/** Every file under `dir`, relative to it with `/` separators, sorted. */
function filesUnder(/** @type {string} */ dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/**
 * Feeds `digest` each of `files` (relative to `dir`; all of them by default): its path, then its content.
 * @template {import("crypto").Hash} T
 * @param {T} digest
 * @param {string} dir
 * @returns {T}
 */
function digestFiles(digest, dir, files = filesUnder(dir)) {
  for (const file of files) digest.update(`${file}\0`).update(fs.readFileSync(path.join(dir, file)));
  return digest;
}

module.exports = { digestFiles, filesUnder };
