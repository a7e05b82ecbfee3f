/* Search suggestions: a text field becomes an ARIA 1.2 combobox with a list of suggestions.

   Markup: an element with data-autocomplete-url around the field (see
   templates/directory/includes/directory_search_box.html). The URL answers ?q=<text> with
   {"suggestions": [{"name", "kind", "commune"}, …]}; data-autocomplete-label names the list, and
   data-autocomplete-none / -one / -many ("{n}" for the number) are read to screen readers as suggestions come.

   Keyboard (WAI-ARIA Authoring Practices, "list autocomplete"): typing shows suggestions after a pause;
   Down and Up move through them (the field keeps the focus; aria-activedescendant points at the option);
   Enter on an option puts its name in the field and submits the search; Enter without one submits what was
   typed; Escape closes the list; Tab leaves. Options can be clicked too.

   Kind to the server: nothing is asked under two letters, a request waits for a pause in the typing, an
   answer no longer needed is cancelled, and answers are remembered for the page's lifetime.
*/
(function () {
  "use strict";

  const MIN_LENGTH = 2;
  const DELAY_MS = 250;
  let instances = 0;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function setUp(wrapper) {
    const input = wrapper.querySelector("input[type=search], input[type=text], input:not([type])");
    if (!input || wrapper.dataset.autocompleteReady) return;
    wrapper.dataset.autocompleteReady = "true";
    instances += 1;
    const url = wrapper.dataset.autocompleteUrl;
    const base = input.id || "autocomplete-" + instances;
    const texts = {
      none: wrapper.dataset.autocompleteNone || "",
      one: wrapper.dataset.autocompleteOne || "",
      many: wrapper.dataset.autocompleteMany || "",
    };

    const list = document.createElement("ul");
    list.id = base + "-suggestions";
    list.className = "autocomplete__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", wrapper.dataset.autocompleteLabel || "");
    list.hidden = true;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    const cache = new Map();
    let suggestions = [];
    let active = -1;
    let timer = null;
    let controller = null;
    let shownFor = null;

    function option(index) {
      return list.children[index] || null;
    }

    function setActive(index) {
      const previous = option(active);
      if (previous) previous.setAttribute("aria-selected", "false");
      active = index;
      const current = option(active);
      if (current) {
        current.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", current.id);
        current.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!suggestions.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      setActive(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function announce(count) {
      const text = count === 0 ? texts.none : count === 1 ? texts.one : texts.many.replace("{n}", count);
      status.textContent = text;
    }

    function render(items, forText) {
      suggestions = items;
      shownFor = forText;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.replaceChildren(
        ...items.map(function (item, index) {
          const li = document.createElement("li");
          li.id = list.id + "-" + index;
          li.className = "autocomplete__option";
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          const name = document.createElement("span");
          name.className = "autocomplete__name";
          name.textContent = item.name;
          li.append(name);
          const details = [item.kind, item.commune].filter(Boolean).join(" · ");
          if (details) {
            const meta = document.createElement("span");
            meta.className = "autocomplete__meta";
            meta.textContent = " — " + details;
            li.append(meta);
          }
          return li;
        })
      );
      if (items.length && document.activeElement === input) open();
      else close();
      announce(items.length);
    }

    function choose(index) {
      const item = suggestions[index];
      if (!item) return;
      clearTimeout(timer);
      if (controller) controller.abort();
      input.value = item.name;
      close();
      shownFor = fold(item.name);
      const form = input.form;
      if (form) {
        if (form.requestSubmit) form.requestSubmit();
        else form.submit();
      }
    }

    function fetchSuggestions(text) {
      const key = fold(text);
      if (key.length < MIN_LENGTH) {
        if (controller) controller.abort();
        suggestions = [];
        close();
        status.textContent = "";
        return;
      }
      if (key === shownFor && suggestions.length) {
        open();
        return;
      }
      if (cache.has(key)) {
        render(cache.get(key), key);
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      const address = new URL(url, location.href);
      address.searchParams.set("q", text.trim());
      fetch(address, { headers: { Accept: "application/json" }, signal: controller.signal })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          const items = data.suggestions || [];
          cache.set(key, items);
          if (fold(input.value) === key) render(items, key);
        })
        .catch(function () {
          /* cancelled, or the network is down: the search box still works without suggestions */
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      const text = input.value;
      timer = setTimeout(function () {
        fetchSuggestions(text);
      }, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.altKey && event.key !== "ArrowDown") return;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (list.hidden) {
            open();
            if (!event.altKey && suggestions.length) setActive(0);
          } else {
            setActive(active + 1 < suggestions.length ? active + 1 : 0);
          }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (list.hidden) {
            open();
            if (suggestions.length) setActive(suggestions.length - 1);
          } else {
            setActive(active > 0 ? active - 1 : suggestions.length - 1);
          }
          break;
        case "Enter":
          if (!list.hidden && active >= 0) {
            event.preventDefault();
            choose(active);
          } else {
            close();
          }
          break;
        case "Escape":
          if (!list.hidden) {
            event.preventDefault();
            close();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
    });

    // The field keeps the focus while an option is clicked.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      const li = event.target.closest("[role=option]");
      if (li) choose(Array.prototype.indexOf.call(list.children, li));
    });
  }

  function setUpAll(root) {
    root.querySelectorAll("[data-autocomplete-url]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUpAll(document);
    });
  } else {
    setUpAll(document);
  }
})();
