/* Chaos Harness report: draws the charts from the inlined JSON data block. No network access. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];
  window.__reportCharts = charts;
  // Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
  var C = { blue: '#0072B2', orange: '#E69F00', verm: '#D55E00', green: '#009E73', sky: '#56B4E9',
            purple: '#CC79A7', grey: '#6b7280', black: '#1f2328' };
  var BREAKER = ['closed', 'half-open', 'open'];

  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
  Chart.defaults.color = '#1f2328';
  Chart.defaults.animation = false;

  /** Shades fault windows behind the datasets and labels them. */
  var faultWindows = {
    id: 'faultWindows',
    beforeDatasetsDraw: function (chart, args, opts) {
      var wins = (opts && opts.windows) || [];
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      if (!wins.length || !x) { return; }
      ctx.save();
      wins.forEach(function (w) {
        var from = Math.max(x.getPixelForValue(w.fromS), area.left);
        var to = Math.min(x.getPixelForValue(w.toS == null ? x.max : w.toS), area.right);
        if (to < from) { return; }
        ctx.fillStyle = 'rgba(213, 94, 0, 0.13)';
        ctx.fillRect(from, area.top, Math.max(2, to - from), area.bottom - area.top);
        ctx.strokeStyle = 'rgba(213, 94, 0, 0.55)';
        ctx.setLineDash([4, 3]);
        ctx.beginPath(); ctx.moveTo(from, area.top); ctx.lineTo(from, area.bottom); ctx.stroke();
        ctx.fillStyle = '#8a3b00';
        ctx.font = '11px system-ui, sans-serif';
        ctx.fillText(w.id + (w.kind ? ' ' + w.kind : ''), from + 4, area.top + 12);
      });
      ctx.restore();
    }
  };

  function xs(t) {
    var out = [];
    // the middle of each bucket, so bars and points sit inside the second they describe
    for (var i = 0; i < t.operations.length; i++) { out.push(t.startS + (i + 0.5) * t.bucketSeconds); }
    return out;
  }
  function points(x, ys, keepZero) {
    var out = [];
    for (var i = 0; i < x.length; i++) {
      var y = ys[i];
      out.push({ x: x[i], y: (y === null || y === undefined || (!keepZero && y === 0)) ? null : y });
    }
    return out;
  }
  function line(label, color, data, extra) {
    var d = { type: 'line', label: label, data: data, borderColor: color, backgroundColor: color, borderWidth: 1.6,
              pointRadius: 0, spanGaps: false, tension: 0 };
    return Object.assign(d, extra || {});
  }
  function bars(label, color, data, extra) {
    var d = { type: 'bar', label: label, data: data, backgroundColor: color, borderColor: color,
              barPercentage: 1.0, categoryPercentage: 1.0 };
    return Object.assign(d, extra || {});
  }
  function xAxis(t) {
    var last = t.startS + t.operations.length * t.bucketSeconds;
    // offset: false, or charts with bars would pad their x axis by half a bar and stop lining up
    return { type: 'linear', offset: false, min: Math.min(0, t.startS), max: last,
             title: { display: true, text: 'seconds since start' }, ticks: { maxTicksLimit: 14, includeBounds: false } };
  }
  // Fixed axis widths, so the x axes (and the shaded fault windows) of a scenario's charts line up vertically.
  var AXIS_WIDTH = 72;
  function fixWidth(scale) { scale.width = AXIS_WIDTH; }
  function options(t, yAxes, title) {
    var scales = { x: xAxis(t) };
    Object.keys(yAxes).forEach(function (k) { scales[k] = Object.assign({ afterFit: fixWidth }, yAxes[k]); });
    return {
      responsive: true, maintainAspectRatio: false, animation: false, parsing: true, normalized: true,
      layout: { padding: { right: scales.y2 ? 0 : AXIS_WIDTH } },
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: scales,
      plugins: {
        title: { display: true, text: title, align: 'start', font: { size: 13, weight: '600' } },
        legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } },
        faultWindows: { windows: t.faultWindows || [] },
        tooltip: { callbacks: { title: function (items) { return items.length ? 't+' + items[0].parsed.x + ' s' : ''; } } }
      }
    };
  }
  /** Labels only the powers of ten of a log axis, in ms or s. */
  function logTick(v) {
    var l = Math.log10(v);
    if (Math.abs(l - Math.round(l)) > 1e-9) { return ''; }
    return v >= 1000 ? (v / 1000) + ' s' : (v < 1 ? v.toFixed(Math.round(-l)) : v) + ' ms';
  }
  function make(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    config.plugins = [faultWindows];
    charts.push(new Chart(canvas, config));
  }

  function drawScenario(s) {
    var t = s.timeline;
    if (!t || !t.operations || !t.operations.length) { return; }
    var x = xs(t);
    var hasLatency = t.latencySource !== null;
    var latency = [];
    if (hasLatency) {
      latency.push(line('p50', C.blue, points(x, t.p50)));
      latency.push(line('p95', C.orange, points(x, t.p95)));
      latency.push(line('p99', C.verm, points(x, t.p99), { borderWidth: 2 }));
    }
    latency.push(bars('errors (failed ' + (t.latencySource === 'attempt' ? 'attempts' : 'operations') + ')', 'rgba(164, 14, 38, 0.55)',
      points(x, t.failures), { yAxisID: 'y2' }));
    latency.push({ type: 'scatter', label: 'emergency-admin fallbacks', data: points(x, t.fallbacks), yAxisID: 'y2',
      pointStyle: 'triangle', pointRadius: 7, backgroundColor: C.purple, borderColor: C.black });
    make(s.domId + '-latency', { data: { datasets: latency }, options: options(t, {
      y: { type: 'logarithmic', position: 'left', title: { display: true, text: 'latency (log scale)' },
           ticks: { callback: logTick } },
      y2: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
            title: { display: true, text: 'count per bucket' }, ticks: { precision: 0 } }
    }, 'Latency percentiles, errors and fallbacks') });

    if (t.poolActive && t.poolActive.length) {
      var pool = [
        line('active', C.blue, points(x, t.poolActive, true), { borderWidth: 2 }),
        line('idle', C.green, points(x, t.poolIdle, true)),
        line('waiting threads', C.verm, points(x, t.poolWaiting, true)),
        line('total', C.grey, points(x, t.poolTotal, true), { borderDash: [5, 3] })
      ];
      if (t.poolMax !== null) {
        pool.push(line('connection_limit', C.black, [{ x: x[0], y: t.poolMax }, { x: x[x.length - 1], y: t.poolMax }],
          { borderDash: [2, 2], borderWidth: 1 }));
        pool.push(line('50 % utilisation', C.orange, [{ x: x[0], y: t.poolMax / 2 }, { x: x[x.length - 1], y: t.poolMax / 2 }],
          { borderDash: [6, 4], borderWidth: 1 }));
      }
      make(s.domId + '-pool', { data: { datasets: pool }, options: options(t, {
        y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'connections / threads' }, ticks: { precision: 0 } }
      }, 'Connection pool (max per bucket)') });
    }

    var stack = { stack: 'events' };
    var res = [
      bars('retries', C.sky, points(x, t.retries), stack),
      bars('failed attempts', 'rgba(213, 94, 0, 0.75)', points(x, t.failedAttempts), stack),
      bars('budget refusals', C.orange, points(x, t.budgetRefusals), stack),
      bars('pool timeouts', C.purple, points(x, t.poolTimeouts), stack),
      bars('availability-check failures', C.black, points(x, t.availabilityFailures), stack)
    ];
    var events = [t.retries, t.failedAttempts, t.budgetRefusals, t.poolTimeouts, t.availabilityFailures]
      .reduce(function (sum, series) { return sum + series.reduce(function (a, b) { return a + (b || 0); }, 0); }, 0);
    var y = { y: { type: 'linear', stacked: true, beginAtZero: true, title: { display: true, text: 'count per bucket' }, ticks: { precision: 0 } } };
    if (t.breaker) {
      res.push(line('breaker state', C.green, points(x, t.breaker, true), { yAxisID: 'y2', stepped: 'middle', borderWidth: 2.5, clip: false }));
      y.y2 = { type: 'linear', position: 'right', min: 0, max: 2, grid: { drawOnChartArea: false },
               ticks: { stepSize: 1, autoSkip: false, callback: function (v) { return BREAKER[v] || ''; } } };
    }
    var title = 'Retries, failed attempts, refusals, timeouts' + (t.breaker ? ' and breaker state' : '')
      + (events === 0 ? ' (none in this run)' : ' (stacked)');
    var resOptions = options(t, y, title);
    resOptions.scales.x.stacked = true;
    make(s.domId + '-resilience', { data: { datasets: res }, options: resOptions });
  }

  function drawTrend(runs) {
    var canvas = document.getElementById('trend-chart');
    if (!canvas || !runs || !runs.length) { return; }
    var labels = runs.map(function (r) { return r.label; });
    var colour = runs.map(function (r) { return r.verdict === 'pass' ? '#0f6b2f' : r.verdict === 'fail' ? '#a40e26' : '#7a4a00'; });
    charts.push(new Chart(canvas, {
      data: { labels: labels, datasets: [
        { type: 'line', label: 'errors %', data: runs.map(function (r) { return r.errorPctValue; }), borderColor: C.verm,
          backgroundColor: colour, pointRadius: 6, pointBackgroundColor: colour, yAxisID: 'y' },
        { type: 'line', label: 'worst p99 ms', data: runs.map(function (r) { return r.worstP99Value; }), borderColor: C.blue,
          backgroundColor: C.blue, pointRadius: 4, yAxisID: 'y2', borderDash: [5, 3] }
      ] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: 'bottom' }, title: { display: true, align: 'start', text: 'Per run (point colour = verdict)' } },
        scales: { y: { beginAtZero: true, title: { display: true, text: 'errors %' } },
                  y2: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'p99 ms' } } } }
    }));
  }

  /** ./harness size's table: measured smallest pool per user count beside Appendix A's range and Little's law. */
  function drawSizing(sizing) {
    var canvas = document.getElementById('pool-sizing-chart');
    if (!canvas || !sizing || !sizing.rows.length) { return; }
    var rows = sizing.rows;
    var sets = [
      { label: 'smallest pool meeting p99 < 100 ms and the utilisation target (measured)', borderColor: C.blue,
        backgroundColor: C.blue, borderWidth: 3, pointRadius: 5, data: rows.map(function (r) { return r.smallestPassingPool; }) },
      { label: 'Appendix A: low end', borderColor: C.grey, backgroundColor: C.grey, borderDash: [4, 4],
        data: rows.map(function (r) { return r.appendixMin; }) },
      { label: 'Appendix A: high end', borderColor: C.black, backgroundColor: C.black, borderDash: [4, 4],
        data: rows.map(function (r) { return r.appendixMax; }) },
      { label: "Little's law estimate", borderColor: C.orange, backgroundColor: C.orange, borderDash: [1, 3],
        data: rows.map(function (r) { return r.littleEstimatePool; }) }
    ];
    if (sizing.outage) {
      sets.push({ label: 'smallest pool riding out a 2 s outage', borderColor: C.verm, backgroundColor: C.verm,
        data: rows.map(function (r) { return r.smallestPoolRidingOutage; }) });
    }
    charts.push(new Chart(canvas, { type: 'line',
      data: { labels: rows.map(function (r) { return r.users + ' users'; }), datasets: sets },
      options: { responsive: true, maintainAspectRatio: false, animation: false, spanGaps: false,
        plugins: { legend: { position: 'bottom' } },
        scales: { y: { beginAtZero: true, title: { display: true, text: 'pool size' }, ticks: { precision: 0 } } } }
    }));
  }

  var drawn = {};
  function ensure(details) {
    if (!details.open || drawn[details.id]) { return; }
    drawn[details.id] = true;
    data.scenarios.forEach(function (s) { if (s.domId === details.id) { drawScenario(s); } });
  }
  var sections = document.querySelectorAll('details.scenario');
  Array.prototype.forEach.call(sections, function (d) {
    d.addEventListener('toggle', function () { ensure(d); });
    ensure(d);
  });
  function setAll(open) {
    Array.prototype.forEach.call(sections, function (d) { d.open = open; ensure(d); });
  }
  var expand = document.getElementById('expand-all');
  var collapse = document.getElementById('collapse-all');
  if (expand) { expand.addEventListener('click', function () { setAll(true); }); }
  if (collapse) { collapse.addEventListener('click', function () { setAll(false); }); }
  Array.prototype.forEach.call(document.querySelectorAll('a[data-open]'), function (a) {
    a.addEventListener('click', function () {
      var d = document.getElementById(a.getAttribute('data-open'));
      if (d) { d.open = true; ensure(d); }
    });
  });
  window.__reportExpandAll = function () { setAll(true); return charts.length; };
  drawTrend(data.history);
  drawSizing(data.poolSizing);
})();
