/** Secondment colours by host kind (other rows share one colour per row). */
const HOST_COLOURS = {
  HOST_KIND_PRIVATE_FIRM: "#b35806",
  HOST_KIND_GOVTECH_TOKYO: "#1b7837",
  HOST_KIND_DIGITAL_AGENCY: "#542788",
  HOST_KIND_AFFILIATED_BODY: "#8c510a",
  HOST_KIND_PUBLIC_INTEREST_BODY: "#01665e",
  HOST_KIND_OTHER_PUBLIC_BODY: "#c51b7d",
  HOST_KIND_OTHER: "#4d4d4d",
};
const ROW_COLOURS = ["#0b4f9c", "#6a6a6a", "#1b7837", "#b2182b", "#7b3294"];

const readJson = (id) => {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : undefined;
};
/** `2024-04-01` → 2024.25: the timeline's x axis is years as numbers (no date adapter needed). */
const yearOf = (day) => {
  const [y, m, d] = day.split("-").map(Number);
  return y + (m - 1) / 12 + (d - 1) / 365;
};

const charts = [];

/** A bar chart of rows (bars run left to right), drawn at once, as tall as the page's box for it. */
const horizontalBars = (canvas, data, { x, plugins = {}, inline = [] }) =>
  new window.Chart(canvas, {
    type: "bar",
    data,
    options: { indexAxis: "y", maintainAspectRatio: false, animation: false, scales: { x }, plugins },
    plugins: inline,
  });

function drawTimeline() {
  const data = readJson("timeline-data");
  const canvas = document.getElementById("timeline");
  if (!data || !canvas || !window.Chart) return;
  const datasets = data.rows.map((row, i) => {
    const entries = data.entries.filter((e) => e.row === row);
    // Things of a day (a step reached, a certification acquired) are point markers on their row.
    if (data.pointRows?.includes(row)) {
      return {
        type: "scatter",
        label: row,
        data: entries.map((e) => ({ x: yearOf(e.from), y: row, entry: e })),
        backgroundColor: entries.map(() => ROW_COLOURS[i]),
        pointStyle: "rectRot",
        pointRadius: 7,
        pointHoverRadius: 9,
      };
    }
    return {
      label: row,
      data: entries.map((e) => ({ x: [yearOf(e.from), yearOf(e.to) + 0.02], y: row, entry: e })),
      backgroundColor: entries.map((e) => HOST_COLOURS[e.hostKind] || ROW_COLOURS[i]),
      borderSkipped: false,
      grouped: false,
      barPercentage: 0.8,
      categoryPercentage: 0.9,
    };
  });
  const years = data.entries.flatMap((e) => [yearOf(e.from), yearOf(e.to)]);
  const chart = horizontalBars(
    canvas,
    { labels: data.rows, datasets },
    {
      x: {
        type: "linear",
        min: Math.floor(Math.min(...years)),
        max: Math.ceil(Math.max(...years)),
        ticks: { stepSize: 1, callback: (v) => String(Math.floor(v)) },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => item.raw.entry.label } },
      },
      inline: [
        {
          // Writes each bar's label on the bar, so the host and the title at the host read without hovering.
          id: "barLabels",
          afterDatasetsDraw(c) {
            const ctx = c.ctx;
            ctx.save();
            ctx.font = "12px sans-serif";
            ctx.fillStyle = "#ffffff";
            c.data.datasets.forEach((ds, i) => {
              c.getDatasetMeta(i).data.forEach((element, j) => {
                const { x, y, base } = element.getProps(["x", "y", "base"], true);
                const label = ds.data[j].entry.label;
                if (ds.type === "scatter") {
                  // Beside the marker, in the marker's colour (white would vanish on the background).
                  ctx.fillStyle = ds.backgroundColor[j];
                  ctx.fillText(label, x + 10, y - 8, 160);
                  ctx.fillStyle = "#ffffff";
                } else {
                  ctx.fillText(label, Math.min(x, base) + 4, y + 4, Math.abs(x - base) - 8);
                }
              });
            });
            ctx.restore();
          },
        },
      ],
    },
  );
  window.hrTimeline = chart;
  charts.push(chart);
}

/** One chart per unit (counts, hours, yen), each with its own axis, this year beside the year before. */
function drawKpis() {
  const data = readJson("kpi-data");
  if (!data || !window.Chart) return;
  window.hrKpiCharts = {};
  for (const kpis of data.charts) {
    const canvas = document.getElementById(kpis.id);
    if (!canvas) continue;
    const datasets = [
      { label: data.yearBefore, data: kpis.previous, backgroundColor: "#767676" },
      { label: data.thisYear, data: kpis.current, backgroundColor: "#0b4f9c" },
    ];
    const chart = horizontalBars(
      canvas,
      { labels: kpis.labels, datasets },
      {
        x: {
          beginAtZero: true,
          title: { display: true, text: kpis.unit },
          // People, items and yen are whole: no 0.5 tick (hours may be fractions).
          ticks: kpis.wholeNumbers ? { precision: 0 } : {},
        },
      },
    );
    window.hrKpiCharts[kpis.id] = chart;
    charts.push(chart);
  }
}

/**
 * The lists to choose from belong to the year (departments; the skill map's roles): when the year changes,
 * each `data-by-year` list is re-read from the page the form's `data-lists` names, shown for that year
 * (without script, showing the form with a year lists that year's choices).
 */
function followYear() {
  const form = document.querySelector("form.pick[data-lists]");
  const year = form?.querySelector("#fiscalYear");
  if (!year) return;
  year.addEventListener("change", async () => {
    if (!year.checkValidity()) return;
    const params = new URLSearchParams({ lang: document.documentElement.lang, fiscalYear: year.value });
    const response = await fetch(`${form.dataset.lists}?${params}`, { credentials: "same-origin" });
    if (!response.ok) return;
    const next = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const select of form.querySelectorAll("select[data-by-year]")) {
      const chosen = select.value;
      // The first option (choose one, any, or every department) is this form's own.
      const listed = [...next.querySelectorAll(`#${select.id} option`)].slice(1);
      select.replaceChildren(select.options[0], ...listed);
      if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
    }
    form.dataset.year = year.value;
  });
}

function draw() {
  while (charts.length) charts.pop().destroy();
  drawTimeline();
  drawKpis();
}

/** The change stream's subject: the employee or the department and year of this page. */
function liveQuery() {
  const employee = location.pathname.match(/^\/pages\/employees\/([^/]+)/);
  if (employee) return `employeeId=${employee[1]}`;
  const params = new URLSearchParams(location.search);
  if (!params.get("department")) return undefined;
  return new URLSearchParams({
    department: params.get("department"),
    fiscalYear: params.get("fiscalYear") || "",
  }).toString();
}

/** Re-reads this page and swaps its main content in, keeping focus and the opened evidence where they were. */
async function refresh() {
  const response = await fetch(location.href, { credentials: "same-origin" });
  if (!response.ok) return;
  const next = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("main");
  const main = document.getElementById("main");
  const open = [...main.querySelectorAll("details[open] summary")].map((s) => s.textContent);
  main.innerHTML = next.innerHTML;
  for (const summary of main.querySelectorAll("details summary")) {
    if (open.includes(summary.textContent)) summary.parentElement.open = true;
  }
  const status = main.querySelector(".live");
  if (status) status.textContent = status.dataset.updated;
  document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || 0) + 1);
  draw();
  followYear();
}

function live() {
  const query = liveQuery();
  if (document.body.dataset.live !== "true" || !query) return;
  const source = new EventSource(`/pages/changes?${query}`);
  source.addEventListener("open", () => {
    document.body.dataset.liveConnected = "true";
  });
  source.addEventListener("change", () => refresh());
  // The token expired: stop reconnecting with it; reloading shows the sign-in the page now needs.
  source.addEventListener("expired", () => {
    source.close();
    location.reload();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  for (const link of document.querySelectorAll("a[data-keep-path]")) {
    const params = new URLSearchParams(location.search);
    params.set("lang", new URL(link.href).searchParams.get("lang"));
    link.href = `${location.pathname}?${params}`;
  }
  draw();
  followYear();
  live();
});
