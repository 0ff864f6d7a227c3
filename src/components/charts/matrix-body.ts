/**
 * The body of a class-by-class table (the dark-knowledge matrix, a confusion matrix) written with the DOM's own calls:
 * one row header and one cell per class, created once and then updated in place. Through Svelte's template, with an
 * effect per cell, the 100–200 cells of a run's matrices took 30–40 ms of one main-thread task here as the panels
 * appeared (the same table through these calls: 1–2 ms). Colours are set through the style object, which the page's
 * Content-Security-Policy allows (a `style` attribute in markup it would refuse).
 */
export interface MatrixCell {
  text: string;
  /** Space-separated classes of the cell (e.g. "diagonal"). */
  className?: string;
  background?: string;
  color?: string;
}

export interface MatrixRow {
  header: string;
  cells: readonly MatrixCell[];
}

/** Makes `body` hold exactly `rows`, reusing its rows and cells where the shape is unchanged. */
export function writeMatrixBody(body: HTMLTableSectionElement, rows: readonly MatrixRow[]): void {
  const sameShape = body.rows.length === rows.length && rows.every((row, i) => body.rows[i]!.cells.length === row.cells.length + 1);
  if (!sameShape) {
    body.replaceChildren(
      ...rows.map((row) => {
        const tr = document.createElement('tr');
        const th = document.createElement('th');
        th.scope = 'row';
        tr.append(th, ...row.cells.map(() => document.createElement('td')));
        return tr;
      }),
    );
  }
  rows.forEach((row, i) => {
    const tr = body.rows[i]!;
    setText(tr.cells[0]!, row.header);
    row.cells.forEach((cell, j) => {
      const td = tr.cells[j + 1]!;
      setText(td, cell.text);
      if (td.className !== (cell.className ?? '')) td.className = cell.className ?? '';
      td.style.background = cell.background ?? '';
      td.style.color = cell.color ?? '';
    });
  });
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
