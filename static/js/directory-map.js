/* A map of the current search, clustered, each point with a popup linking its page: the directory's
   structures, the showcase's ready projects, their replications and the territorial needs.

   Markup: templates/includes/map_area.html (in directory/directory_map.html and cms/showcase_page.html).
   The data comes from the URL in [data-map-geojson] (ecosystem/geojson.py: the GeoJSON of the same search,
   every page); each point's "kind" names its marker's class (map-marker--<kind>, a shape as well as a
   colour) and "marker_label", when given, its accessible name. After each live update of the filters (directory.js sends
   "live:updated") the new URL is read and the markers redrawn. The map area is kept across updates
   (hx-preserve), so the map is built once.

   Useful without its background: markers never depend on the tiles, and when tiles cannot load a message
   says so (the list, linked from the summary above the map, is the accessible equivalent). Markers and
   clusters are buttons reachable with the keyboard; Enter opens a popup and moves the focus to its link;
   Escape closes it and the focus returns to the marker.
*/
(function () {
  "use strict";

  const L = window.L;
  const canvas = document.querySelector("[data-map]");
  if (!L || !L.markerClusterGroup || !canvas) return; // the notice and the list stay

  const FRANCE = { center: [46.6, 2.4], zoom: 5 };
  const MAX_FIT_ZOOM = 13;
  const labels = canvas.dataset;
  const area = canvas.closest(".map-area") || canvas.parentElement;
  const section = canvas.closest("[data-live-section]") || document.body;
  const tilesMessage = area.querySelector("[data-map-tiles-message]");
  const still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  section.classList.add("map-ready");

  const map = L.map(canvas, {
    center: FRANCE.center,
    zoom: FRANCE.zoom,
    maxZoom: 19, // the clusters need it before the tiles (which would give it) are added
    zoomControl: false,
    attributionControl: false,
    zoomAnimation: !still,
    fadeAnimation: !still,
    markerZoomAnimation: !still,
  });
  L.control.zoom({ zoomInTitle: labels.labelZoomIn, zoomOutTitle: labels.labelZoomOut }).addTo(map);
  L.control.attribution({ prefix: '<a href="https://leafletjs.com/">Leaflet</a>' }).addTo(map);

  // --- Background tiles: optional -------------------------------------------------------------------
  const tiles = L.tileLayer(labels.tileUrl, {
    attribution: labels.tileAttribution,
    maxZoom: 19,
    // Tile servers (OpenStreetMap's among them) ask to know the site: send the origin, not the page's URL.
    referrerPolicy: "strict-origin-when-cross-origin",
  });
  let tilesLoaded = 0;
  tiles.on("tileload", function () {
    tilesLoaded += 1;
    if (tilesMessage) tilesMessage.textContent = "";
  });
  tiles.on("tileerror", function () {
    if (tilesMessage && !tilesLoaded && !tilesMessage.textContent) tilesMessage.textContent = tilesMessage.dataset.text;
  });
  // Added once the page has loaded: images added before would hold the page's load event until every tile
  // answered or failed (a slow or unreachable tile server would keep the page "loading").
  if (document.readyState === "complete") tiles.addTo(map);
  else window.addEventListener("load", function () { tiles.addTo(map); }, { once: true });

  // --- Markers --------------------------------------------------------------------------------------
  function hidden(text) {
    const span = document.createElement("span");
    span.className = "visually-hidden";
    span.textContent = text;
    return span;
  }

  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    chunkedLoading: true,
    animate: !still,
    iconCreateFunction: function (cluster) {
      const count = cluster.getChildCount();
      const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      const html = document.createElement("span");
      const number = document.createElement("span");
      number.setAttribute("aria-hidden", "true");
      number.textContent = count;
      html.append(number, hidden((labels.labelCluster || "{n}").replace("{n}", count)));
      return L.divIcon({ html, className: "map-cluster map-cluster--" + size, iconSize: L.point(40, 40) });
    },
  });
  map.addLayer(clusters);

  function popupContent(properties) {
    const box = document.createElement("div");
    box.className = "map-popup";
    const title = document.createElement("p");
    title.className = "map-popup__name";
    const link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    title.append(link);
    const details = document.createElement("p");
    details.textContent = [properties.kind_label, properties.place || properties.commune].filter(Boolean).join(" · ");
    box.append(title, details);
    return box;
  }

  function markerFor(feature) {
    const [longitude, latitude] = feature.geometry.coordinates;
    const properties = feature.properties;
    const icon = L.divIcon({
      html: hidden(properties.marker_label || properties.name),
      className: "map-marker map-marker--" + properties.kind,
      iconSize: [20, 20],
      iconAnchor: [10, 10],
      popupAnchor: [0, -10],
    });
    const marker = L.marker([latitude, longitude], { icon, title: properties.name, riseOnHover: true });
    marker.bindPopup(function () {
      return popupContent(properties);
    });
    return marker;
  }

  map.on("popupopen", function (event) {
    const element = event.popup.getElement();
    if (!element) return;
    const close = element.querySelector(".leaflet-popup-close-button");
    if (close && labels.labelClose) {
      close.setAttribute("aria-label", labels.labelClose);
      close.title = labels.labelClose;
    }
    const source = event.popup._source;
    const markerElement = source && source.getElement && source.getElement();
    if (markerElement && markerElement === document.activeElement) {
      const link = element.querySelector("a[href]:not(.leaflet-popup-close-button)");
      if (link) link.focus();
    }
  });

  map.on("popupclose", function (event) {
    const element = event.popup.getElement();
    const source = event.popup._source;
    if (element && element.contains(document.activeElement) && source && source.getElement) {
      const markerElement = source.getElement();
      if (markerElement) markerElement.focus();
    }
  });

  // --- Data: the GeoJSON of the current search ------------------------------------------------------
  let loadedUrl = null;
  let summaryText = null;
  let controller = null;

  function summary() {
    return document.querySelector("[data-map-geojson]");
  }

  function showSummary(text) {
    const status = document.querySelector("[data-map-status]");
    if (status && text) status.textContent = text;
  }

  function draw(data) {
    clusters.clearLayers();
    clusters.addLayers((data.features || []).map(markerFor));
    if (data.features && data.features.length) {
      map.fitBounds(clusters.getBounds(), { maxZoom: MAX_FIT_ZOOM, padding: [24, 24], animate: false });
    } else {
      map.setView(FRANCE.center, FRANCE.zoom, { animate: false });
    }
  }

  function load() {
    const element = summary();
    if (!element) return;
    const url = element.dataset.mapGeojson;
    if (url === loadedUrl) {
      showSummary(summaryText);
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    canvas.setAttribute("aria-busy", "true");
    fetch(url, { headers: { Accept: "application/geo+json" }, signal: controller.signal })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        loadedUrl = url;
        summaryText = data.summary;
        draw(data);
        showSummary(summaryText);
        canvas.dataset.mapCount = String(data.count);
        canvas.removeAttribute("aria-busy");
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;
        canvas.removeAttribute("aria-busy");
        showSummary(labels.labelError);
      });
  }

  document.addEventListener("live:updated", function () {
    map.invalidateSize();
    load();
  });
  load();
})();
