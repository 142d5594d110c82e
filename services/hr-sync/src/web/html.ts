/** Tiny HTML helpers: every interpolated value goes through `esc`, so record text cannot inject markup. */
export const esc = (value: unknown): string =>
  String(value ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

/** JSON for a `<script type="application/json">` block: `<` escaped so no text can close the script. */
export const jsonScript = (id: string, value: unknown) =>
  `<script type="application/json" id="${esc(id)}">${JSON.stringify(value).replace(/</g, "\\u003c")}</script>`;

export const list = <T>(items: readonly T[], render: (item: T) => string) => items.map(render).join("");
