// Small maps: <div class="map" data-lat data-lon data-label> or data-points='[{"lat":..,"lon":..,"label":..,"url":..}]'
// (an optional "radius" per point sizes its circle: the insights map of reach per municipality).
// The tile server comes from settings.MAP_TILE_URL (a <meta name="innovet-map-tiles"> in base.html). When no tile
// loads (no internet, server down, no URL configured) a short text says so; the places are in the page's text.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  var meta = document.querySelector('meta[name="innovet-map-tiles"]');
  var tileUrl = meta ? meta.getAttribute("content") : "";
  var attribution = meta ? meta.dataset.attribution || "" : "";
  var maxZoom = meta ? parseInt(meta.dataset.maxZoom, 10) || 18 : 18;
  var fallbackText = meta ? meta.dataset.fallback || "" : "";
  var WAIT_MS = 8000;

  function showFallback(el) {
    if (el.dataset.fallbackShown) { return; }
    el.dataset.fallbackShown = "1";
    el.classList.add("map-no-tiles");
    var note = document.createElement("p");
    note.className = "map-fallback alert alert-warning small mt-2 mb-0";
    note.setAttribute("role", "status");
    note.textContent = fallbackText;
    el.insertAdjacentElement("afterend", note);
  }

  document.querySelectorAll(".map").forEach(function (el) {
    var points = el.dataset.points ? JSON.parse(el.dataset.points) :
      [{ lat: parseFloat(el.dataset.lat), lon: parseFloat(el.dataset.lon), label: el.dataset.label }];
    points = points.filter(function (p) { return !isNaN(p.lat) && !isNaN(p.lon); });
    if (!points.length) { return; }
    var map = L.map(el, { scrollWheelZoom: false, keyboard: true });
    if (tileUrl) {
      var loaded = 0;
      var layer = L.tileLayer(tileUrl, { maxZoom: maxZoom, attribution: attribution });
      layer.on("tileload", function () { loaded += 1; });
      layer.on("tileerror", function () { if (!loaded) { showFallback(el); } });
      layer.addTo(map);
      window.setTimeout(function () { if (!loaded) { showFallback(el); } }, WAIT_MS);
    } else {
      showFallback(el);
    }
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], { radius: p.radius || 8, color: "#0b5c55", fillOpacity: 0.8 }).addTo(map);
      if (p.label) {
        var text = document.createElement("span");
        if (p.url) { var a = document.createElement("a"); a.href = p.url; a.textContent = p.label; text.appendChild(a); }
        else { text.textContent = p.label; }
        marker.bindPopup(text);
      }
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 12); } else { map.fitBounds(bounds, { padding: [20, 20] }); }
  });
})();
