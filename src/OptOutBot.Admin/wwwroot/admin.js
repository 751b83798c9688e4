// OptOutBot console: keeps the broadcasts' progress bars live (polls broadcasts.json every second), for each broadcast
// and each of its channels, and works out a rate and a time left from the last samples. Text only (textContent), no
// HTML built from data.
(function () {
  'use strict';
  var table = document.getElementById('broadcasts');
  if (!table) { return; }
  var live = document.getElementById('live');
  var history = {}; // "id" or "id/channel" -> [{t, done}]
  var finished = {};

  function set(row, field, text) { var cell = row.querySelector('[data-field="' + field + '"]'); if (cell) { cell.textContent = text; } }

  function percent(p) { return Math.floor(p * 100) + ' %'; }

  function seconds(s) { return s < 90 ? s + ' s' : Math.ceil(s / 60) + ' min'; }

  // One row (a broadcast's, or one channel's): bar, counts, rate and time left. False when the row is not on the page.
  function fill(row, key, b) {
    if (!row) { return false; }
    var done = b.sent + b.gone + b.failed;
    var bar = row.querySelector('progress');
    bar.max = Math.max(1, b.total);
    bar.value = b.total === 0 ? 1 : done;
    bar.textContent = percent(b.progress);
    set(row, 'percent', percent(b.progress));
    set(row, 'total', 'of ' + b.total);
    ['queued', 'sent', 'retried', 'gone', 'failed'].forEach(function (f) { set(row, f, String(b[f])); });
    var now = Date.now();
    var h = history[key] = (history[key] || []).concat([{ t: now, done: done }]).slice(-10);
    var rate = h.length > 1 ? (h[h.length - 1].done - h[0].done) / ((h[h.length - 1].t - h[0].t) / 1000) : 0;
    set(row, 'rate', rate > 0 ? Math.round(rate) + '/s' : '–');
    set(row, 'eta', b.done ? 'done' : rate > 0 ? seconds(Math.ceil((b.total - done) / rate)) : '–');
    return true;
  }

  function update(b) {
    var ok = fill(table.querySelector('tr[data-id="' + b.id + '"]:not([data-channel])'), String(b.id), b);
    (b.channels || []).forEach(function (c) {
      var row = Array.prototype.find.call(table.querySelectorAll('tr[data-id="' + b.id + '"][data-channel]'), function (r) { return r.getAttribute('data-channel') === c.channel; });
      ok = fill(row, b.id + '/' + c.channel, c) && ok;
    });
    if (b.done && !finished[b.id] && (history[String(b.id)] || []).length > 1) {
      live.textContent = 'Broadcast ' + b.id + ' is done: ' + b.sent + ' sent, ' + b.gone + ' gone, ' + b.failed + ' failed.';
    }
    if (b.done) { finished[b.id] = true; }
    return ok;
  }

  function poll() {
    fetch('/admin/broadcasts.json', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { if (r.status === 401) { location.reload(); } return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var missing = data.broadcasts.some(function (b) { return !update(b); });
        if (missing) { location.reload(); } // a new broadcast (or channel) appeared: its rows come from the server
      })
      .catch(function () { /* next tick */ })
      .then(function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, 1000);
})();
