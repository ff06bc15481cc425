/**
 * Making text from the audit safe in the two places the HTML report puts it: HTML text and attribute values
 * (`escapeHtml`), and the JSON data block the page script reads (`jsonForScriptElement`). Every string that
 * comes from the input goes through one of these two functions; nothing else writes input into the page.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe both between tags and inside a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] as string);
}

/**
 * JSON for the inside of `<script type="application/json">`. The HTML parser ends a script element at `</script`
 * and treats `<!--` specially, whatever the script's type, so `<` and `>` are written as `\u003c`/`\u003e`;
 * `&` likewise, so the text reads the same if it is ever moved into an attribute. U+2028 and U+2029 are escaped
 * because older JavaScript parsers treat them as line ends. JSON.parse reads all of these back unchanged.
 */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
