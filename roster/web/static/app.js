// roster serve: drag-and-drop upload, the live solve line (server-sent events), small checks.
"use strict";

function el(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function showErrors(box, body, status) {
  box.textContent = "";
  const errors = (body && body.errors) || [{file: "", line: null, message: (body && body.detail) || ("HTTP " + status)}];
  box.appendChild(el("h3", (body && body.detail) || ("HTTP " + status)));
  const table = el("table");
  table.className = "grid errors";
  table.id = "errors";
  const head = el("tr");
  for (const name of ["file", "line", "message"]) head.appendChild(el("th", box.dataset[name] || name));
  table.appendChild(head);
  for (const e of errors) {
    const row = el("tr");
    row.appendChild(el("td", e.file));
    row.appendChild(el("td", e.line === null || e.line === undefined ? "" : e.line));
    row.appendChild(el("td", e.message));
    table.appendChild(row);
  }
  box.appendChild(table);
  box.hidden = false;
}

async function upload(form, file) {
  const box = document.getElementById("upload-errors");
  const data = new FormData();
  data.append("file", file, file.name);
  box.hidden = false;
  box.textContent = "…";
  let response;
  try {
    const lang = document.documentElement.lang === "en" ? "en" : "fr";
    response = await fetch("/api/scenarios?lang=" + lang, {method: "POST", body: data, credentials: "same-origin"});
  } catch (err) {
    showErrors(box, {detail: String(err)}, 0);
    return;
  }
  let body = null;
  try { body = await response.json(); } catch (err) { body = null; }
  if (response.status === 201 && body && body.id) {
    window.location.assign("/scenarios/" + encodeURIComponent(body.id));
  } else {
    showErrors(box, body, response.status);
  }
}

function setupUpload() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("file-input");
  form.addEventListener("submit", (event) => {
    if (input.files.length) { event.preventDefault(); upload(form, input.files[0]); }
  });
  input.addEventListener("change", () => { if (input.files.length) upload(form, input.files[0]); });
  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => { event.preventDefault(); zone.classList.add("over"); });
  }
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const files = event.dataTransfer && event.dataTransfer.files;
    if (files && files.length) upload(form, files[0]);
  });
}

function fmt(value, digits) {
  return value === null || value === undefined ? "-" : Number(value).toFixed(digits);
}

function setupJob() {
  const section = document.getElementById("job");
  if (!section) return;
  const id = section.dataset.job;
  const set = (name, text) => { const node = document.getElementById(name); if (node) node.textContent = text; };
  const stopButton = document.getElementById("stop-button");
  const phases = JSON.parse(section.dataset.phases || "{}");
  const update = (job) => {
    let state = section.dataset["state" + job.state.charAt(0).toUpperCase() + job.state.slice(1)] || job.state;
    if (job.position) state += " (" + section.dataset.position + " " + job.position + ")";
    set("state", state);
    set("phase", job.phase ? (phases[job.phase] || job.phase) : "-");
    set("km", job.km === null || job.km === undefined ? "-" : Math.round(job.km).toLocaleString());
    set("elapsed", job.elapsed_s === null ? "-" : fmt(job.elapsed_s, 1) + " s");
    set("coverage", fmt(job.coverage_score, 4));
    set("bound", fmt(job.best_bound, 4));
    set("gap", job.gap === null || job.gap === undefined ? "-" : (100 * job.gap).toFixed(2) + " %");
    set("status", job.status || "-");
    set("message", job.message || "");
    if (job.state === "done" || job.state === "failed") {
      stopButton.disabled = true;
      if (job.planning) {
        const link = document.getElementById("planning-link");
        link.href = job.url || "/plannings/" + encodeURIComponent(job.planning);
        document.getElementById("result").hidden = false;
        window.setTimeout(() => window.location.assign(link.href), 600);
      }
    }
  };
  const source = new EventSource("/api/jobs/" + encodeURIComponent(id) + "/events");
  source.addEventListener("job", (event) => {
    const job = JSON.parse(event.data);
    update(job);
    if (job.state === "done" || job.state === "failed") source.close();
  });
  document.getElementById("stop-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    stopButton.disabled = true;
    set("message", section.dataset.stopSent);
    await fetch("/api/jobs/" + encodeURIComponent(id) + "/stop", {method: "POST", credentials: "same-origin"});
  });
}

function setupReplan() {
  const form = document.getElementById("replan-form");
  if (!form) return;
  form.addEventListener("submit", (event) => {
    if (!form.querySelector("input[name=cancel]:checked")) {
      event.preventDefault();
      window.alert(form.dataset.none);
    }
  });
}

document.addEventListener("DOMContentLoaded", () => { setupUpload(); setupJob(); setupReplan(); });
