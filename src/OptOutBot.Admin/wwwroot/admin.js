// OptOutBot console: keeps the broadcasts' progress bars live (polls broadcasts.json every second) and works out a
// rate and a time left from the last samples. Text only (textContent), no HTML built from data.
(function () {
  'use strict';
  var table = document.getElementById('broadcasts');
  if (!table) { return; }
  var live = document.getElementById('live');
  var history = {}; // id -> [{t, done}]
  var finished = {};

  function set(row, field, text) { var cell = row.querySelector('[data-field="' + field + '"]'); if (cell) { cell.textContent = text; } }

  function percent(p) { return Math.floor(p * 100) + ' %'; }

  function update(b) {
    var row = table.querySelector('tr[data-id="' + b.id + '"]');
    if (!row) { return false; }
    var done = b.sent + b.gone + b.failed;
    var bar = row.querySelector('progress');
    bar.max = Math.max(1, b.total);
    bar.value = b.total === 0 ? 1 : done;
    bar.textContent = percent(b.progress);
    set(row, 'percent', percent(b.progress));
    ['queued', 'sent', 'retried', 'gone', 'failed'].forEach(function (f) { set(row, f, String(b[f])); });
    var now = Date.now();
    var h = history[b.id] = (history[b.id] || []).concat([{ t: now, done: done }]).slice(-10);
    var rate = h.length > 1 ? (h[h.length - 1].done - h[0].done) / ((h[h.length - 1].t - h[0].t) / 1000) : 0;
    set(row, 'rate', rate > 0 ? Math.round(rate) + '/s' : '–');
    if (b.done) {
      set(row, 'eta', 'done');
      if (!finished[b.id] && h.length > 1) { live.textContent = 'Broadcast ' + b.id + ' is done: ' + b.sent + ' sent, ' + b.failed + ' failed.'; }
      finished[b.id] = true;
    } else {
      set(row, 'eta', rate > 0 ? Math.ceil((b.total - done) / rate) + ' s' : '–');
    }
    return true;
  }

  function poll() {
    fetch('/admin/broadcasts.json', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { if (r.status === 401) { location.reload(); } return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var missing = data.broadcasts.some(function (b) { return !update(b); });
        if (missing) { location.reload(); } // a new broadcast appeared: its row comes from the server
      })
      .catch(function () { /* next tick */ })
      .then(function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, 1000);
})();
