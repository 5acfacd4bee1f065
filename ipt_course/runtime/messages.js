/* The interface's messages (ipt_course/i18n.py): `t` and `tn` are what the catalogue extracts. A book
   in another language loads its catalogue (ipt-messages.js) first; English is the source itself. Dates
   follow the page's language, and New Zealand's order in English. A module of its own, so that every
   page's script (site.js) has them without the course's storage; core.js passes them on. */
const CATALOGUE = globalThis.iptMessages ?? { plural: n => +(n !== 1), messages: {} };
const LANG = document.documentElement.lang || "en";
export const LOCALE = /^en\b/.test(LANG) ? "en-NZ" : LANG;
const fill = (text, vars) => text.replace(/\{(\w+)\}/g, (m, k) => k in vars ? String(vars[k]) : m);
/* A message, with its `{name}` placeholders filled from `vars`. */
export const t = (msg, vars = {}) => fill(CATALOGUE.messages[msg] ?? msg, vars);
/* The form of a message for `n` things (`{n}` is filled too). */
export function tn(one, many, n, vars = {}) {
  const forms = CATALOGUE.messages[one];
  const text = Array.isArray(forms) ? forms[CATALOGUE.plural(n)] ?? forms[forms.length - 1] : n === 1 ? one : many;
  return fill(text, { n, ...vars });
}
/* A message with elements in it: the placeholders `t` left unfilled become the elements of `nodes`, and
   the whole is el()'s children, e.g. `parts(t("Read again: {link}"), { link: a })`. */
export const parts = (text, nodes) => text.split(/\{(\w+)\}/).map((s, i) => i % 2 ? nodes[s] ?? `{${s}}` : s);
