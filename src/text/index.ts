/** How text is shown (inert: control and bidi characters escaped, over-long values cut) and ordered (compareText). */
export { inert, inertJson, INERT_MAX_LENGTH } from "./inert";
export { compareText } from "./order";
