/**
 * How text is shown (inert: control and bidi characters escaped, over-long values cut; inertText: what every
 * writer renders) and ordered (compareText).
 */
export { inert, inertError, inertJson, inertText, INERT_MAX_LENGTH } from "./inert";
export { compareText } from "./order";
