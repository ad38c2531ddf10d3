(function () {
  // The status line says how many gallery images the browser could show, so a broken link is visible.
  var images = document.querySelectorAll('#gallery img');
  var status = document.getElementById('gallery-status');
  var gallery = document.getElementById('gallery');
  var loaded = 0, broken = 0;
  function update() {
    gallery.setAttribute('data-loaded', loaded);
    gallery.setAttribute('data-broken', broken);
    status.textContent = images.length + ' images: ' + loaded + ' shown' + (broken ? ', ' + broken + ' missing' : '')
      + (loaded + broken < images.length ? ', the rest load as you scroll' : '') + '.';
  }
  images.forEach(function (img) {
    if (img.complete && img.naturalWidth > 0) { loaded++; return; }
    img.addEventListener('load', function () { loaded++; update(); });
    img.addEventListener('error', function () { broken++; img.classList.add('broken'); update(); });
  });
  update();
  document.getElementById('only-failures').addEventListener('change', function (e) {
    document.body.classList.toggle('only-failures', e.target.checked);
  });
})();
