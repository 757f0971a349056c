// Live figures without reloading: polls the API every two seconds and updates the overview cards
// and any job table marked data-live. Only text is inserted (textContent), never HTML from the API.
(function () {
  'use strict';
  function text(el, value) { if (el && el.textContent !== String(value)) { el.textContent = String(value); } }
  function cell(row, value, href) {
    var td = document.createElement('td');
    if (href) { var a = document.createElement('a'); a.href = href; a.textContent = value; td.appendChild(a); } else { td.textContent = value == null ? '' : value; }
    row.appendChild(td);
  }
  function renderJobs(container, jobs) {
    var table = document.createElement('table'); table.id = 'jobs';
    var head = table.createTHead().insertRow();
    ['Job', 'Plugin', 'Version', 'State', 'Attempts', 'Updated', 'Last error'].forEach(function (h) { var th = document.createElement('th'); th.textContent = h; head.appendChild(th); });
    var body = table.createTBody();
    jobs.forEach(function (j) {
      var row = body.insertRow();
      cell(row, String(j.id), '/jobs/' + encodeURIComponent(j.id)); cell(row, j.pluginId); cell(row, j.pluginVersion); cell(row, j.state);
      cell(row, String(j.attempts)); cell(row, (j.updatedAt || '').replace('T', ' ').substring(0, 19) + 'Z'); cell(row, j.lastError);
    });
    container.replaceChildren(table);
  }
  function poll() {
    if (document.getElementById('overview')) {
      fetch('/api/status', { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; }).then(function (s) {
        if (!s) { return; }
        text(document.querySelector('[data-field=health]'), s.health.ready ? 'ready' : (s.health.live ? 'starting' : 'not running'));
        text(document.querySelector('[data-field=instancesPerSecond]'), s.instancesPerSecond.toFixed(1));
        text(document.querySelector('[data-field=jobsPerSecond]'), s.jobsPerSecond.toFixed(2));
        text(document.querySelector('[data-field=queueDepth]'), s.queueDepth);
        text(document.querySelector('[data-field=instances]'), s.instances);
        text(document.querySelector('[data-field=deadJobs]'), s.deadJobs);
        text(document.querySelector('[data-field=failedDeliveries]'), s.failedDeliveries);
      }).catch(function () {});
    }
    document.querySelectorAll('[data-live]').forEach(function (container) {
      var url = container.getAttribute('data-live');
      fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; }).then(function (jobs) {
        if (jobs) { renderJobs(container, jobs.slice(0, 50)); }
      }).catch(function () {});
    });
  }
  poll();
  setInterval(poll, 2000);
})();
