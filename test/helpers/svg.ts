/** Test helpers for SVG output: XML well-formedness and the texts a viewer shows. */
import { expect } from "vitest";

/**
 * A minimal XML well-formedness check (no parser in the dependencies): one root element, every tag closed in
 * order, attribute values quoted, and no raw "<" or unescaped "&" in text or attribute values.
 */
export function expectWellFormedXml(xml: string): void {
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  const rawAmpersand = /&(?!(?:amp|lt|gt|quot|apos|#\d+);)/;
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    expect(text, `text before offset ${lt}`).not.toMatch(rawAmpersand);
    if (stack.length === 0) expect(text.trim(), "text outside the root element").toBe("");
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    expect(m, `malformed tag at offset ${lt}: ${xml.slice(lt, lt + 60)}`).not.toBeNull();
    const [whole, closing, name, attributes, selfClosing] = m as RegExpExecArray;
    expect(attributes).not.toMatch(rawAmpersand);
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name);
    }
    i = lt + whole.length;
  }
  expect(stack, "unclosed elements").toEqual([]);
  expect(roots).toBe(1);
}

/** Returns the texts of <text> elements, unescaped as a viewer shows them. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, "&"),
  );
}
