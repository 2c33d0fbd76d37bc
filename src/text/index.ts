/**
 * How text is shown (inert: control and bidi characters escaped, over-long values cut; inertText: what every
 * writer renders; shownUrl: a URL without its user-info) and ordered (compareText).
 */
export { inert, inertError, inertJson, inertText, INERT_MAX_LENGTH } from "./inert";
export { shownUrl } from "./url";
export { compareText } from "./order";
