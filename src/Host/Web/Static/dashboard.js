// Live figures without reloading: polls the API every two seconds and updates the overview cards and
// tables (queue per plugin, engine batches) and any table marked data-live (jobs, or deliveries where
// data-kind says so). Only text is inserted (textContent), never HTML from the API.
(function () {
  'use strict';
  function text(el, value) { if (el && el.textContent !== String(value)) { el.textContent = String(value); } }
  function cell(row, value, href) {
    var td = document.createElement('td');
    if (href) { var a = document.createElement('a'); a.href = href; a.textContent = value; td.appendChild(a); } else { td.textContent = value == null ? '' : value; }
    row.appendChild(td);
  }
  function time(value) { return value ? value.replace('T', ' ').substring(0, 19) + 'Z' : ''; }
  function table(id, headers, rows, fill) {
    var t = document.createElement('table'); t.id = id;
    var head = t.createTHead().insertRow();
    headers.forEach(function (h) { var th = document.createElement('th'); th.textContent = h; head.appendChild(th); });
    var body = t.createTBody();
    rows.forEach(function (r) { fill(body.insertRow(), r); });
    return t;
  }
  function replaceTable(id, fresh) { var old = document.getElementById(id); if (old) { old.replaceWith(fresh); } }
  var renderers = {
    jobs: function (jobs) {
      return table('jobs', ['Job', 'Plugin', 'Version', 'State', 'Attempts', 'Updated', 'Last error'], jobs.slice(0, 50), function (row, j) {
        cell(row, String(j.id), '/jobs/' + encodeURIComponent(j.id)); cell(row, j.pluginId); cell(row, j.pluginVersion); cell(row, j.state);
        cell(row, String(j.attempts)); cell(row, time(j.updatedAt)); cell(row, j.lastError);
      });
    },
    deliveries: function (deliveries) {
      return table('deliveries', ['Job', 'Destination', 'State', 'Tries', 'Updated', 'Next try', 'Last error'], deliveries, function (row, d) {
        cell(row, String(d.jobId), '/jobs/' + encodeURIComponent(d.jobId)); cell(row, d.destination); cell(row, d.state);
        cell(row, String(d.attempts)); cell(row, time(d.updatedAt)); cell(row, time(d.nextRetryAt)); cell(row, d.lastError);
      });
    }
  };
  function overview(s) {
    text(document.querySelector('[data-field=health]'), s.health.ready ? 'ready' : (s.health.live ? 'starting' : 'not running'));
    text(document.querySelector('[data-field=instancesPerSecond]'), s.instancesPerSecond.toFixed(1));
    text(document.querySelector('[data-field=jobsPerSecond]'), s.jobsPerSecond.toFixed(2));
    text(document.querySelector('[data-field=queueDepth]'), s.queueDepth);
    text(document.querySelector('[data-field=instances]'), s.instances);
    text(document.querySelector('[data-field=deadJobs]'), s.deadJobs);
    text(document.querySelector('[data-field=failedDeliveries]'), s.failedDeliveries);
    text(document.querySelector('[data-field=device]'), s.engine.device);
    text(document.querySelector('[data-field=maxBatchSize]'), s.engine.maxBatchSize);
    replaceTable('queue-by-plugin', table('queue-by-plugin', ['Plugin', 'Queued or awaiting retry'], s.queueByPlugin, function (row, q) {
      cell(row, q.plugin); cell(row, String(q.queued));
    }));
    replaceTable('engine-batches', table('engine-batches', ['Model', 'Batches', 'Latest sizes', 'Mean', 'Largest'], s.engine.models, function (row, m) {
      cell(row, m.model); cell(row, String(m.batches)); cell(row, m.recentSizes.slice(-12).join(' ')); cell(row, m.meanSize.toFixed(1)); cell(row, String(m.maxSize));
    }));
  }
  function poll() {
    if (document.getElementById('overview')) {
      fetch('/api/status', { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; }).then(function (s) {
        if (s) { overview(s); }
      }).catch(function () {});
    }
    document.querySelectorAll('[data-live]').forEach(function (container) {
      var url = container.getAttribute('data-live'), render = renderers[container.getAttribute('data-kind') || 'jobs'];
      fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; }).then(function (list) {
        if (list) { container.replaceChildren(render(list)); }
      }).catch(function () {});
    });
  }
  poll();
  setInterval(poll, 2000);
})();
