// Renders a copilot answer as DOM nodes from the parsed Markdown tree: createElement and
// textContent only, links through safeHref; unsafe links become plain text.
import { el } from './dom';
import { safeHref } from './links';
import { parseMarkdown, type Block, type Inline } from './markdown-parse';

export function renderMarkdown(source: string, linkBase: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const block of parseMarkdown(source)) fragment.append(renderBlock(block, linkBase));
  return fragment;
}

function renderBlock(block: Block, base: string): Node {
  switch (block.type) {
    case 'paragraph':
      return el('p', {}, renderInline(block.children, base));
    case 'heading':
      return el(block.level <= 2 ? 'h3' : 'h4', {}, renderInline(block.children, base));
    case 'list': {
      const list = el(block.ordered ? 'ol' : 'ul', {}, block.items.map((item) => el('li', {}, renderInline(item, base))));
      if (block.ordered && block.start !== 1) list.setAttribute('start', String(block.start));
      return list;
    }
    case 'table': {
      const cell = (tag: 'th' | 'td', inline: Inline[], col: number) => el(tag, { attrs: { 'data-align': block.align[col] } }, renderInline(inline, base));
      return el('div', { class: 'table-scroll' }, [
        el('table', {}, [
          el('thead', {}, [el('tr', {}, block.header.map((c, col) => cell('th', c, col)))]),
          el('tbody', {}, block.rows.map((row) => el('tr', {}, row.map((c, col) => cell('td', c, col))))),
        ]),
      ]);
    }
    case 'code':
      return el('pre', {}, [el('code', { text: block.text })]);
    case 'quote':
      return el('blockquote', {}, block.children.map((child) => renderBlock(child, base)));
    case 'rule':
      return el('hr');
  }
}

function renderInline(nodes: Inline[], base: string): Node[] {
  return nodes.map((node): Node => {
    switch (node.type) {
      case 'text':
        return document.createTextNode(node.text);
      case 'break':
        return el('br');
      case 'code':
        return el('code', { text: node.text });
      case 'strong':
        return el('strong', {}, renderInline(node.children, base));
      case 'em':
        return el('em', {}, renderInline(node.children, base));
      case 'link': {
        const href = safeHref(node.href, base);
        const label = renderInline(node.children, base);
        if (!href) return el('span', { class: 'unsafe-link' }, label);
        return el('a', { attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }, label);
      }
    }
  });
}
