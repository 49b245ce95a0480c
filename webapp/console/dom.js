// In-place DOM updates: rows are kept by key and only the cells whose text changed are touched, so the periodic
// refresh does not flicker, keeps the selection and does not reset scroll positions.

export const $ = (id) => document.getElementById(id);

/** Sets an element's text only when it differs (a write would restart CSS transitions and screen readers). */
export function setText(el, text) {
  const s = text == null ? '' : String(text);
  if (el.textContent !== s) el.textContent = s;
}

export function setAttr(el, name, value) {
  const s = String(value);
  if (el.getAttribute(name) !== s) el.setAttribute(name, s);
}

export function show(el, visible) {
  if (el.hidden === visible) el.hidden = !visible;
}

/**
 * Makes the children of tbody (rows, or list items with tag 'li') match items, in order: rows are matched by data-key, created with create(tr) once and updated
 * with update(tr, item) on every call; rows whose key is gone are removed.
 */
export function syncRows(tbody, items, key, create, update, tag = 'tr') {
  const existing = new Map();
  for (const tr of tbody.children) existing.set(tr.dataset.key, tr);
  let previous = null;
  for (const item of items) {
    const k = String(key(item));
    let tr = existing.get(k);
    if (tr) {
      existing.delete(k);
    } else {
      tr = document.createElement(tag);
      tr.dataset.key = k;
      create(tr, item);
    }
    update(tr, item);
    const wanted = previous ? previous.nextSibling : tbody.firstChild;
    if (wanted !== tr) tbody.insertBefore(tr, wanted);
    previous = tr;
  }
  for (const tr of existing.values()) tr.remove();
}

/** Appends n empty cells to tr and returns them. */
export function cells(tr, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(tr.insertCell());
  return out;
}

/** A cell value as text: JSON for objects, "null" for null. */
export function display(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
