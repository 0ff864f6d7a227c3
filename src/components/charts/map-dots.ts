/**
 * The training points over a decision map, as positioned dots written with DOM calls: through the template (a span
 * with three style bindings each, for every point on both students' maps) creating them took 37 ms of one task at the
 * moment a toy run's first maps arrived (CPU profile, "Low data"); this takes a few milliseconds.
 */
export interface MapDot {
  /** Percent of the map's box from its left and top edges. */
  left: number;
  top: number;
  colour: string;
}

/** Replaces the layer's dots with these (styles through the CSSOM, which the page's Content-Security-Policy allows). */
export function writeMapDots(layer: HTMLElement, dots: readonly MapDot[]): void {
  const fragment = document.createDocumentFragment();
  for (const dot of dots) {
    const span = document.createElement('span');
    span.className = 'map-dot';
    span.style.left = `${dot.left}%`;
    span.style.top = `${dot.top}%`;
    span.style.background = dot.colour;
    fragment.append(span);
  }
  layer.replaceChildren(fragment);
}
