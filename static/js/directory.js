/* Live filters for search pages: a GET form's results update in place as its filters change (htmx).

   Markup (see templates/directory/directory_search.html):
     <form id="…" method="get" action="/path/"
           data-live-filters
           data-live-target="#results"                       the region replaced by each answer
           data-live-sync="#facets, #count:innerHTML"        other regions taken from the same answer
           data-live-focus="#results-title">                 where focus goes when its element is gone
   The server answers the same full page as without JavaScript; htmx picks the regions out of it.

   - Any change in the form (a checkbox, a select, a text field left or submitted) fetches the page for the
     form's values, replaces the target and the synced regions, and puts the URL in the address bar (so it
     stays bookmarkable and shareable). A newer request cancels an older one.
   - Links inside the target that lead to the same page (pagination, "remove this filter", "clear all")
     are fetched the same way, except those marked data-live-ignore (a full page load).
   - Focus: a control that is replaced comes back focused when the new one has the same id (htmx does it);
     when the focused element is gone (a link that was followed), the data-live-focus element gets focus.
   - The count region should be a live region (role="status") synced with ":innerHTML": the element stays,
     only its text changes, so screen readers announce the new count.
   - An error page from the server is shown like any answer; if the server cannot be reached, the browser
     loads the URL itself (a plain page load shows what went wrong).
   - Back and forward reload the page from the server (no stale snapshot).
*/
(function () {
  "use strict";

  const htmx = window.htmx;
  if (!htmx) return; // htmx could not load: the form keeps working as a plain GET form

  htmx.config.historyCacheSize = 0;
  htmx.config.refreshOnHistoryMiss = true;
  // The Content-Security-Policy allows no inline style or eval: htmx's indicator rules live in essaim.css
  // instead of the <style> element htmx would insert, and htmx never evaluates code found in attributes.
  htmx.config.includeIndicatorStyles = false;
  htmx.config.allowEval = false;

  function liveForm(elt) {
    if (!elt || !elt.getAttribute) return null;
    const id = elt.getAttribute("data-live-form");
    return id ? document.getElementById(id) : elt.closest("form[data-live-filters]");
  }

  /* The live form behind an htmx event: the element that made the request (a form or one of its links). */
  function formOf(event) {
    const detail = event.detail;
    return liveForm((detail.requestConfig && detail.requestConfig.elt) || detail.elt);
  }

  function setAttributes(elt, attributes) {
    for (const [name, value] of Object.entries(attributes)) elt.setAttribute(name, value);
  }

  function swapAttributes(form) {
    return {
      "hx-target": form.dataset.liveTarget,
      "hx-select": form.dataset.liveTarget,
      "hx-swap": "outerHTML show:none",
      "hx-select-oob": form.dataset.liveSync || "",
      "hx-push-url": "true",
      "hx-sync": "#" + form.id + ":replace",
    };
  }

  function samePage(link, form) {
    const url = new URL(link.href, location.href);
    const action = new URL(form.getAttribute("action") || location.href, location.href);
    return url.origin === action.origin && url.pathname === action.pathname;
  }

  /* Links of the target region that show another state of the same search. */
  function enhanceLinks(form) {
    const target = document.querySelector(form.dataset.liveTarget);
    if (!target) return;
    for (const link of target.querySelectorAll("a[href]")) {
      if (link.hasAttribute("hx-get") || link.hasAttribute("data-live-ignore") || !samePage(link, form)) continue;
      setAttributes(link, { "hx-get": link.href, "data-live-form": form.id, ...swapAttributes(form) });
      htmx.process(link);
    }
  }

  function setUp(form) {
    if (!form.id || !form.dataset.liveTarget || form.hasAttribute("hx-get")) return;
    setAttributes(form, {
      "hx-get": form.getAttribute("action") || location.pathname,
      "hx-trigger": "submit, change",
      ...swapAttributes(form),
    });
    htmx.process(form);
  }

  htmx.onLoad(function (elt) {
    const forms = elt.matches("form[data-live-filters]")
      ? [elt]
      : Array.from(elt.querySelectorAll("form[data-live-filters]"));
    forms.forEach(setUp);
    // New content (a swapped target) or the first load: its links may be followed live.
    document.querySelectorAll("form[data-live-filters][hx-get]").forEach(enhanceLinks);
  });

  function sortedPairs(entries) {
    return JSON.stringify(Array.from(entries, ([name, value]) => [name, String(value)]).sort());
  }

  document.addEventListener("htmx:configRequest", function (event) {
    const form = formOf(event);
    if (!form) return;
    // Short URLs: empty fields add nothing to the search, so they stay out of the address bar.
    const data = event.detail.formData;
    for (const [name, value] of Array.from(data.entries())) {
      if (value === "") data.delete(name);
    }
    // A text field left after its search was already made (Enter, a chosen suggestion) changes nothing.
    if (event.detail.elt === form && event.detail.triggeringEvent && event.detail.triggeringEvent.type === "change") {
      const current = new URL(location.href);
      if (current.pathname === new URL(event.detail.path, location.href).pathname &&
          sortedPairs(current.searchParams.entries()) === sortedPairs(data.entries())) {
        event.preventDefault();
      }
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    const form = formOf(event);
    const target = form && document.querySelector(form.dataset.liveTarget);
    if (target) target.setAttribute("aria-busy", "true");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    const form = formOf(event);
    const target = form && document.querySelector(form.dataset.liveTarget);
    if (target) target.removeAttribute("aria-busy");
  });

  // The server renders its error pages (e.g. 503, search unavailable) as the same page with a message.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const form = formOf(event);
    const id = form && form.dataset.liveTarget.replace(/^#/, "");
    if (form && event.detail.isError && event.detail.serverResponse.includes('id="' + id + '"')) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function loadItself(event) {
    if (!formOf(event)) return;
    const path = event.detail.pathInfo && event.detail.pathInfo.finalRequestPath;
    if (path) window.location.assign(path);
  }
  document.addEventListener("htmx:sendError", loadItself);
  document.addEventListener("htmx:timeout", loadItself);
  // An error answer without the regions (a proxy's error page, say): let the browser show it.
  document.addEventListener("htmx:responseError", loadItself);

  document.addEventListener("htmx:afterSettle", function (event) {
    const form = formOf(event);
    // Once per answer: htmx settles the target and each synced region separately.
    if (!form || !event.target.matches || !event.target.matches(form.dataset.liveTarget)) return;
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) {
      const heading = document.querySelector(form.dataset.liveFocus || form.dataset.liveTarget);
      if (heading) heading.focus();
    }
    form.dispatchEvent(new CustomEvent("live:updated", { bubbles: true }));
  });
})();
