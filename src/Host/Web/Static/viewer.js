// The result view: draws the job's input slice in modality units with the chosen window and level,
// and the segmentation overlay (one colour per segment) on a second canvas; slices scroll with the
// slider or the mouse wheel. Pixels come from /api/jobs/{id}/slices/{n} as little-endian float32.
(function () {
  'use strict';
  var viewer = document.getElementById('viewer');
  if (!viewer) { return; }
  var job = viewer.getAttribute('data-job');
  var count = parseInt(viewer.getAttribute('data-slices'), 10);
  var image = document.getElementById('image'), overlay = document.getElementById('overlay');
  var slider = document.getElementById('slice'), widthInput = document.getElementById('window-width'),
      centerInput = document.getElementById('window-center'), opacityInput = document.getElementById('opacity');
  var colours = [[0, 0, 0], [255, 60, 40], [40, 200, 255], [255, 220, 0], [120, 255, 80], [255, 80, 255]];
  var current = null, windowSet = false;

  function draw() {
    if (!current) { return; }
    var w = current.columns, h = current.rows;
    image.width = w; image.height = h; overlay.width = w; overlay.height = h;
    var ctx = image.getContext('2d'), pixels = ctx.createImageData(w, h);
    var width = Math.max(1, parseFloat(widthInput.value)), low = parseFloat(centerInput.value) - width / 2;
    for (var i = 0; i < w * h; i++) {
      var v = Math.max(0, Math.min(255, (current.values[i] - low) / width * 255));
      pixels.data[i * 4] = pixels.data[i * 4 + 1] = pixels.data[i * 4 + 2] = v; pixels.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(pixels, 0, 0);
    var octx = overlay.getContext('2d');
    octx.clearRect(0, 0, w, h);
    if (current.mask) {
      var alpha = Math.round(parseFloat(opacityInput.value) / 100 * 255), layer = octx.createImageData(w, h), shown = 0;
      for (var p = 0; p < w * h; p++) {
        var s = current.mask[p];
        if (s > 0) { var c = colours[1 + (s - 1) % (colours.length - 1)]; layer.data[p * 4] = c[0]; layer.data[p * 4 + 1] = c[1]; layer.data[p * 4 + 2] = c[2]; layer.data[p * 4 + 3] = alpha; shown++; }
      }
      octx.putImageData(layer, 0, 0);
      document.getElementById('overlay-state').textContent = shown > 0 ? 'segmentation shown' : 'no segment on this slice';
      overlay.setAttribute('data-overlay-pixels', String(shown));
    } else {
      document.getElementById('overlay-state').textContent = 'no segmentation';
      overlay.setAttribute('data-overlay-pixels', '0');
    }
    viewer.setAttribute('data-drawn', String(current.index + 1));
  }

  function load(index) {
    var base = '/api/jobs/' + encodeURIComponent(job) + '/slices/' + index;
    Promise.all([fetch(base, { credentials: 'same-origin' }), fetch(base + '/overlay', { credentials: 'same-origin' })]).then(function (responses) {
      var r = responses[0], o = responses[1];
      return Promise.all([r.arrayBuffer(), o.status === 200 ? o.arrayBuffer() : null]).then(function (buffers) {
        current = {
          index: index, rows: parseInt(r.headers.get('X-Rows'), 10), columns: parseInt(r.headers.get('X-Columns'), 10),
          values: new Float32Array(buffers[0]), mask: buffers[1] ? new Uint8Array(buffers[1]) : null
        };
        if (!windowSet) {
          widthInput.value = r.headers.get('X-Window-Width'); centerInput.value = r.headers.get('X-Window-Center'); windowSet = true;
        }
        document.getElementById('slice-number').textContent = (index + 1) + ' / ' + count;
        draw();
      });
    });
  }

  slider.addEventListener('input', function () { load(parseInt(slider.value, 10) - 1); });
  [widthInput, centerInput, opacityInput].forEach(function (input) { input.addEventListener('input', draw); });
  viewer.addEventListener('wheel', function (e) {
    e.preventDefault();
    var next = Math.max(1, Math.min(count, parseInt(slider.value, 10) + (e.deltaY > 0 ? 1 : -1)));
    if (String(next) !== slider.value) { slider.value = String(next); load(next - 1); }
  }, { passive: false });
  load(0);
})();
