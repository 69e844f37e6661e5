// Crossbar HIL dashboard: the live view of a training run, fed by server-sent events. The same
// view serves `crossbar train --dashboard` (events named KIND) and the gateway page (run.KIND).
'use strict';
const Crossbar = (() => {
  const pct = v => (100 * v).toFixed(2) + '%';
  const si = (v, unit) => {
    if (!isFinite(v) || v === 0) { return '0 ' + unit; }
    const p = [[1e-15, 'f'], [1e-12, 'p'], [1e-9, 'n'], [1e-6, 'µ'], [1e-3, 'm'], [1, ''], [1e3, 'k'], [1e6, 'M']];
    let best = p[0];
    for (const q of p) { if (Math.abs(v) >= q[0]) { best = q; } }
    return (v / best[0]).toPrecision(3) + ' ' + best[1] + unit;
  };
  const time = s => !isFinite(s) ? '?' : s < 90 ? s.toFixed(0) + ' s' : (s / 60).toFixed(1) + ' min';
  const chart = el => echarts.init(el, null, { renderer: 'canvas' });
  const lineOptions = (title, yName, percent) => ({
    animation: false, title: { text: title, textStyle: { fontSize: 13 } }, tooltip: { trigger: 'axis' },
    legend: { top: 26 }, grid: { top: 64, left: 60, right: 20, bottom: 40 },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 25, minInterval: 1 },
    yAxis: { type: 'value', name: yName, scale: !percent, min: percent ? 0 : null, max: percent ? 100 : null },
    series: []
  });

  /** The live training view in `root`; `prefix` is '' or 'run.'. */
  function trainingView(root, source, prefix) {
    root.innerHTML = `
      <div class="status" data-role="status">waiting for the run…</div>
      <div class="grid">
        <div class="chart" data-role="accuracy"></div>
        <div class="chart" data-role="loss"></div>
        <div class="chart" data-role="board"></div>
        <div class="chart" data-role="weights"></div>
      </div>
      <h2>Conductances per tile (after the latest epoch)</h2><div class="grid" data-role="tiles"></div>
      <h2>Health map (stuck devices)</h2><div class="status" data-role="healthText">not probed yet</div><div class="grid" data-role="health"></div>
      <h2>Safety events</h2><div class="log" data-role="safety">none</div>
      <h2>Stages</h2><div class="log" data-role="stages"></div>`;
    const $ = r => root.querySelector(`[data-role="${r}"]`);
    const state = { run: null, epochs: [], reference: [], progress: null, heatmaps: 0, safety: 0 };
    const acc = chart($('accuracy'));
    const loss = chart($('loss'));
    const board = chart($('board'));
    const weights = chart($('weights'));
    const tileCharts = new Map();
    const healthCharts = new Map();
    acc.setOption(lineOptions('Accuracy', '%', true));
    loss.setOption(lineOptions('Loss', 'loss', false));
    board.setOption(Object.assign(lineOptions('Board work per training sample', 'relative to epoch 1', false), {}));
    weights.setOption({ animation: false, title: { text: 'Weight histograms', textStyle: { fontSize: 13 } }, legend: { top: 26 },
      tooltip: { trigger: 'axis' }, grid: { top: 64, left: 50, right: 20, bottom: 40 },
      xAxis: { type: 'value', name: 'weight', nameLocation: 'middle', nameGap: 25, scale: true }, yAxis: { type: 'value', name: 'count' }, series: [] });

    const x = e => e.epochIndex + 1;
    function redrawCurves() {
      const ep = state.epochs;
      const series = [
        { name: 'train', type: 'line', showSymbol: true, data: ep.map(e => [x(e), 100 * e.trainAccuracy]) },
        { name: 'test', type: 'line', showSymbol: true, data: ep.map(e => [x(e), 100 * e.testAccuracy]) }];
      if (state.reference.length) {
        series.push({ name: 'float reference (test)', type: 'line', lineStyle: { type: 'dashed' },
          data: state.reference.map(r => [x(r), 100 * r.testAccuracy]) });
      }
      acc.setOption({ series }, { replaceMerge: ['series'] });
      loss.setOption({ series: [
        { name: 'train', type: 'line', data: ep.map(e => [x(e), e.trainLoss]) },
        { name: 'test', type: 'line', data: ep.map(e => [x(e), e.testLoss]) }] }, { replaceMerge: ['series'] });
      const first = ep.length ? ep[0] : null;
      const rel = (e, f) => first && first[f] ? e[f] / first[f] : 0;
      board.setOption({ series: [
        { name: 'pulses', type: 'line', data: ep.map(e => [x(e), rel(e, 'pulsesPerSample')]) },
        { name: 'energy', type: 'line', data: ep.map(e => [x(e), rel(e, 'energyJoulesPerSample')]) },
        { name: 'hardware time', type: 'line', data: ep.map(e => [x(e), rel(e, 'hardwareSecondsPerSample')]) }] },
        { replaceMerge: ['series'] });
    }
    function status() {
      const r = state.run;
      const last = state.epochs[state.epochs.length - 1];
      const p = state.progress;
      let s = r ? `${r.dataset} on ${r.board}, update ${r.update || 'default'}, ${r.epochsPerFold} epochs` +
        (r.reference && r.reference !== 'none' ? `, float reference ${r.reference}` : '') + (r.client ? `, client ${r.client}` : '') : 'run: ?';
      if (p) { s += `\nepoch ${p.epoch}/${p.epochs}${p.folds > 1 ? ` fold ${p.fold}/${p.folds}` : ''}: ${p.samplesDone}/${p.samplesTotal} samples, ${time(p.elapsedSeconds)} elapsed`; }
      if (last) {
        s += `\nlast epoch ${last.epochIndex + 1}: train ${pct(last.trainAccuracy)}, test ${pct(last.testAccuracy)}, loss ${last.trainLoss.toFixed(4)}` +
          `; per sample ${last.pulsesPerSample.toFixed(1)} pulses, ${si(last.energyJoulesPerSample, 'J')}, ${si(last.hardwareSecondsPerSample, 's')} on the board` +
          `; ETA ${time(last.etaSeconds)}`;
      }
      $('status').textContent = s;
    }
    function heatmap(container, charts, h, colours) {
      let c = charts.get(h.name);
      if (!c) {
        const el = document.createElement('div');
        el.className = 'chart small';
        el.dataset.heatmap = h.name;
        container.appendChild(el);
        c = chart(el);
        charts.set(h.name, c);
      }
      const data = [];
      for (let r = 0; r < h.rows; r++) { for (let col = 0; col < h.cols; col++) { data.push([col, r, h.values[r * h.cols + col]]); } }
      c.setOption({ animation: false, title: { text: h.name, textStyle: { fontSize: 12 } }, tooltip: {},
        grid: { top: 30, left: 40, right: 80, bottom: 25 },
        xAxis: { type: 'category', data: [...Array(h.cols).keys()], show: h.cols <= 64 }, yAxis: { type: 'category', data: [...Array(h.rows).keys()], inverse: true, show: h.rows <= 64 },
        visualMap: { min: h.min, max: h.max === h.min ? h.min + 1 : h.max, calculable: false, right: 0, top: 'middle', itemHeight: 120,
          inRange: { color: colours }, formatter: v => si(v, colours.length > 2 ? 'S' : '') },
        series: [{ type: 'heatmap', data, progressive: 0 }] });
    }
    function conductances(c) {
      c.tiles.forEach(h => heatmap($('tiles'), tileCharts, h, ['#313695', '#4575b4', '#74add1', '#fee090', '#f46d43', '#a50026']));
      c.health.forEach(h => heatmap($('health'), healthCharts, h, ['#e8f5e9', '#b00020']));
      $('healthText').textContent = `${c.faultyDevices} of ${c.devicesProbed} probed devices stuck (red); epoch ${c.epoch} of fold ${c.fold}`;
      weights.setOption({ series: c.weights.map(h => {
        const w = (h.max - h.min) / h.counts.length;
        return { name: h.name, type: 'line', step: 'middle', data: h.counts.map((n, i) => [h.min + (i + 0.5) * w, n]) };
      }) }, { replaceMerge: ['series'] });
      state.heatmaps++;
    }
    const on = (kind, f) => source.addEventListener(prefix + kind, ev => { f(JSON.parse(ev.data)); status(); });
    on('run', r => { state.run = r; });
    on('progress', p => { state.progress = p; });
    on('epoch', e => { state.epochs.push(e); redrawCurves(); });
    on('reference', r => { state.reference.push(r); redrawCurves(); });
    on('conductances', conductances);
    on('stage', s => { const l = $('stages'); l.textContent += `${time(s.elapsedSeconds)}  ${s.message}\n`; });
    on('safety', s => {
      const l = $('safety');
      if (state.safety++ === 0) { l.textContent = ''; }
      l.innerHTML += `<span class="bad">${time(s.elapsedSeconds)}  ${s.kind}</span>  ${s.message.replace(/</g, '&lt;')}\n`;
    });
    window.addEventListener('resize', () => [acc, loss, board, weights, ...tileCharts.values(), ...healthCharts.values()].forEach(c => c.resize()));
    return state;
  }
  return { trainingView, chart, lineOptions, si, time, pct };
})();
