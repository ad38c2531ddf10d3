(function () {
  // The status line says how many of the page's images the browser could show, so a broken link is visible.
  var gallery = document.getElementById('gallery');
  var grid = gallery.querySelector('.grid');
  var status = document.getElementById('gallery-status');
  var pageStatus = document.getElementById('page-status');
  var dataBlock = document.getElementById('gallery-data');
  var items = dataBlock ? JSON.parse(dataBlock.textContent).items : [];
  var pageSize = +gallery.getAttribute('data-page-size') || items.length || 1;
  var shown = items, page = 0, loaded = 0, broken = 0, images = [], observer = null;

  function update() {
    gallery.setAttribute('data-loaded', loaded);
    gallery.setAttribute('data-broken', broken);
    gallery.setAttribute('data-page', page + 1);
    status.textContent = shown.length + (shown === items ? ' ids' : ' failed ids') + '; ' + images.length
      + ' images on this page: ' + loaded + ' shown' + (broken ? ', ' + broken + ' missing' : '')
      + (loaded + broken < images.length ? ', the rest load as you scroll' : '') + '.';
    if (pageStatus) {
      pageStatus.textContent = 'page ' + (page + 1) + ' of ' + pages();
    }
  }
  function pages() {
    return Math.max(1, Math.ceil(shown.length / pageSize));
  }
  function show(img) {
    if (img.getAttribute('src')) { return; }
    img.addEventListener('load', function () { loaded++; update(); });
    img.addEventListener('error', function () { broken++; img.classList.add('broken'); update(); });
    img.src = img.getAttribute('data-src');
  }
  function watch() {
    images = Array.prototype.slice.call(grid.querySelectorAll('img[data-src]'));
    loaded = 0;
    broken = 0;
    if (observer) { observer.disconnect(); }
    if ('IntersectionObserver' in window) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          if (e.isIntersecting) { observer.unobserve(e.target); show(e.target); }
        });
      }, { rootMargin: '600px 0px' });
      images.forEach(function (img) { observer.observe(img); });
    } else {
      images.forEach(show);
    }
    update();
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }
  function picture(href, alt) {
    if (!href) { return el('div', 'missing', '\u2014'); }
    var img = el('img');
    img.decoding = 'async';
    img.width = 120;
    img.height = 120;
    img.setAttribute('data-src', href);
    img.alt = alt;
    return img;
  }
  // Item: [id, original, processed] and, for a failure, [stage, error, cause].
  function figure(item) {
    var f = el('figure', 'item ' + (item.length > 3 ? 'failed' : 'ok'));
    f.setAttribute('data-id', item[0]);
    var pair = el('div', 'pair');
    pair.appendChild(picture(item[1], 'original ' + item[0]));
    pair.appendChild(picture(item[2], 'processed ' + item[0]));
    f.appendChild(pair);
    var caption = el('figcaption', null, '#' + item[0]);
    if (item.length > 3) {
      caption.appendChild(document.createTextNode(' '));
      caption.appendChild(el('b', null, item[3] + ' failed'));
      caption.appendChild(document.createTextNode(': ' + item[4]));
      caption.appendChild(el('br'));
      caption.appendChild(el('span', 'cause', item[5]));
    }
    f.appendChild(caption);
    return f;
  }
  function render() {
    var fragment = document.createDocumentFragment();
    shown.slice(page * pageSize, (page + 1) * pageSize).forEach(function (item) { fragment.appendChild(figure(item)); });
    grid.textContent = '';
    grid.appendChild(fragment);
    watch();
  }
  function turn(by) {
    var next = Math.min(pages() - 1, Math.max(0, page + by));
    if (next !== page) { page = next; render(); }
  }
  var prev = document.getElementById('page-prev');
  var next = document.getElementById('page-next');
  if (prev) { prev.addEventListener('click', function () { turn(-1); }); }
  if (next) { next.addEventListener('click', function () { turn(1); }); }
  document.getElementById('only-failures').addEventListener('change', function (e) {
    shown = e.target.checked ? items.filter(function (item) { return item.length > 3; }) : items;
    page = 0;
    render();
  });
  // The first page is in the page already; it is drawn again only when the page or the filter changes.
  watch();
})();
