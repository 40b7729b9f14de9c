// Small maps: <div class="map" data-lat data-lon data-label> or data-points='[{"lat":..,"lon":..,"label":..,"url":..}]'.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  document.querySelectorAll(".map").forEach(function (el) {
    var points = el.dataset.points ? JSON.parse(el.dataset.points) :
      [{ lat: parseFloat(el.dataset.lat), lon: parseFloat(el.dataset.lon), label: el.dataset.label }];
    points = points.filter(function (p) { return !isNaN(p.lat) && !isNaN(p.lon); });
    if (!points.length) { return; }
    var map = L.map(el, { scrollWheelZoom: false, keyboard: true });
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18, attribution: "&copy; OpenStreetMap-bijdragers"
    }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], { radius: 8, color: "#0b5c55", fillOpacity: 0.8 }).addTo(map);
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
