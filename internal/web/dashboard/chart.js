'use strict';
// A line chart of visitors and views per day, drawn as SVG by hand: the
// page loads no chart library and no third-party script.
window.drawChart = (el, days) => {
  const NS = 'http://www.w3.org/2000/svg';
  const W = 640, H = 200, L = 40, B = 24, T = 8, R = 8;
  const svg = document.createElementNS(NS, 'svg');
  const node = (name, attrs, text) => {
    const n = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const top = Math.max(1, ...days.map((d) => d.views));
  const x = (i) => L + (days.length < 2 ? (W - L - R) / 2 : (i * (W - L - R)) / (days.length - 1));
  const y = (v) => T + (H - T - B) * (1 - v / top);
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  const sum = (k) => days.reduce((a, d) => a + d[k], 0);
  svg.setAttribute('aria-label', `${days.length} days from ${days[0]?.day} to ${days[days.length - 1]?.day}: ` +
    `${sum('visitors')} visitors and ${sum('views')} views, at most ${top} views a day`);
  svg.append(node('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }));
  svg.append(node('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }));
  svg.append(node('text', { class: 'label', x: L - 4, y: T + 8, 'text-anchor': 'end' }, String(top)));
  svg.append(node('text', { class: 'label', x: L - 4, y: H - B, 'text-anchor': 'end' }, '0'));
  if (days.length) {
    svg.append(node('text', { class: 'label', x: L, y: H - 6 }, days[0].day));
    svg.append(node('text', { class: 'label', x: W - R, y: H - 6, 'text-anchor': 'end' }, days[days.length - 1].day));
  }
  for (const k of ['views', 'visitors']) {
    const pts = days.map((d, i) => `${x(i).toFixed(1)},${y(d[k]).toFixed(1)}`).join(' ');
    svg.append(node('polyline', { class: `line ${k}`, points: pts, 'data-series': k }));
    if (days.length <= 62) {
      days.forEach((d, i) => {
        const c = node('circle', { class: `dot ${k}`, cx: x(i).toFixed(1), cy: y(d[k]).toFixed(1), r: 2.5 });
        c.append(node('title', {}, `${d.day}: ${d[k]} ${k}`));
        svg.append(c);
      });
    }
  }
  el.replaceChildren(svg);
};
