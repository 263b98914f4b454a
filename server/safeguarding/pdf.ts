/**
 * A minimal PDF writer for text reports (PDF 1.4, standard Helvetica fonts, WinAnsi encoding, A4).
 * It can only write text: there is no way to put an image in a report made with it.
 */
export interface PdfBlock {
  text: string;
  size?: number;
  bold?: boolean;
  /** Extra space before the block, in points. */
  before?: number;
  indent?: number;
}

const PAGE_W = 595;
const PAGE_H = 842;
const MARGIN = 50;

/** Characters Helvetica can show in WinAnsi; the rest become close ASCII or '?'. */
function winAnsi(s: string): number[] {
  const map: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2013': '-', '\u2014': '-', '\u2026': '...', '\u00a0': ' ', '\t': '    ' };
  const out: number[] = [];
  for (const ch of s) {
    const m = map[ch];
    if (m) for (const c of m) out.push(c.charCodeAt(0));
    else {
      const code = ch.codePointAt(0)!;
      out.push((code >= 0x20 && code <= 0x7e) || (code >= 0xa1 && code <= 0xff) ? code : 0x3f);
    }
  }
  return out;
}

function pdfString(s: string): string {
  let out = '(';
  for (const b of winAnsi(s)) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e) out += '\\' + b.toString(8).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out + ')';
}

/** Greedy word wrap by an average Helvetica glyph width (conservative, so lines never overflow). */
function wrap(text: string, size: number, width: number): string[] {
  const maxChars = Math.max(10, Math.floor(width / (size * 0.56)));
  const lines: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let line = '';
    for (const word of para.split(/ +/)) {
      let w = word;
      while (w.length > maxChars) {
        if (line) lines.push(line);
        lines.push(w.slice(0, maxChars));
        w = w.slice(maxChars);
        line = '';
      }
      if (!line) line = w;
      else if (line.length + 1 + w.length <= maxChars) line += ' ' + w;
      else {
        lines.push(line);
        line = w;
      }
    }
    lines.push(line);
  }
  return lines;
}

export function textPdf(blocks: readonly PdfBlock[], title: string): Buffer {
  const pages: string[] = [];
  let ops: string[] = [];
  let y = PAGE_H - MARGIN;
  const newPage = (): void => {
    if (ops.length) pages.push(ops.join('\n'));
    ops = [];
    y = PAGE_H - MARGIN;
  };
  for (const b of blocks) {
    const size = b.size ?? 10;
    const lead = size * 1.3;
    const indent = b.indent ?? 0;
    y -= b.before ?? 0;
    for (const line of wrap(b.text, size, PAGE_W - 2 * MARGIN - indent)) {
      if (y - lead < MARGIN) newPage();
      y -= lead;
      ops.push(`BT /${b.bold ? 'F2' : 'F1'} ${size} Tf ${MARGIN + indent} ${y.toFixed(1)} Td ${pdfString(line)} Tj ET`);
    }
  }
  newPage();
  if (pages.length === 0) pages.push('');

  // Objects: 1 catalog, 2 pages, 3 F1, 4 F2, 5 info, then (page, content) pairs.
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 6 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
  objects[5] = `<< /Title ${pdfString(title)} /Producer (Chaperone) >>`;
  pages.forEach((content, i) => {
    const pageId = pageIds[i];
    const stream = Buffer.from(content, 'latin1');
    objects[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = `<< /Length ${stream.length} >>\nstream\n${content}\nendstream`;
  });
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0].length;
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = offset;
    const obj = Buffer.from(`${id} 0 obj\n${objects[id]}\nendobj\n`, 'latin1');
    parts.push(obj);
    offset += obj.length;
  }
  const xref = [`xref\n0 ${objects.length}\n`, '0000000000 65535 f \n', ...offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
