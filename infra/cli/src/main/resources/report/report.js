(function () {
  // The status line says how many gallery images the browser could show, so a broken link is visible.
  var images = document.querySelectorAll('#gallery img[data-src]');
  var status = document.getElementById('gallery-status');
  var gallery = document.getElementById('gallery');
  var loaded = 0, broken = 0;
  function update() {
    gallery.setAttribute('data-loaded', loaded);
    gallery.setAttribute('data-broken', broken);
    status.textContent = images.length + ' images: ' + loaded + ' shown' + (broken ? ', ' + broken + ' missing' : '')
      + (loaded + broken < images.length ? ', the rest load as you scroll' : '') + '.';
  }
  function show(img) {
    if (img.getAttribute('src')) { return; }
    img.addEventListener('load', function () { loaded++; update(); });
    img.addEventListener('error', function () { broken++; img.classList.add('broken'); update(); });
    img.src = img.getAttribute('data-src');
  }
  if ('IntersectionObserver' in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { observer.unobserve(e.target); show(e.target); }
      });
    }, { rootMargin: '600px 0px' });
    images.forEach(function (img) { observer.observe(img); });
  } else {
    images.forEach(show);
  }
  update();
  document.getElementById('only-failures').addEventListener('change', function (e) {
    document.body.classList.toggle('only-failures', e.target.checked);
  });
})();
