/* The one combobox of the site: a text field (or a one-entry-per-line textarea) becomes an ARIA 1.2 combobox
   listing suggestions from a JSON endpoint. Used by the directory's search box and by every place and
   structure input of the forms (templates/components/forms/combobox_input.html).

   Markup: an element with data-combobox-url around the field. The URL (it may carry its own parameters)
   answers ?q=<text> with {"suggestions": [{"value", "name", "detail"}, …]} (or, for the directory's search
   box, {"name", "kind", "commune"}); data-combobox-label names the list, and data-combobox-none / -one / -many
   ("{n}" for the number) are read to screen readers as suggestions come. data-combobox-submit: choosing a
   suggestion submits the form (a search box); otherwise it fills the field. data-combobox-lines (a textarea):
   suggestions complete the line being typed, and choosing one replaces that line.

   Keyboard (WAI-ARIA Authoring Practices, "list autocomplete"): typing shows suggestions after a pause;
   Down and Up move through them (the field keeps the focus; aria-activedescendant points at the option);
   Enter on an option takes it; Enter without one does what Enter does in the field; Escape closes the
   list; Tab leaves. Options can be clicked too. Without JavaScript the field is a plain field.

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
    const input = wrapper.querySelector("input[type=search], input[type=text], input:not([type]), textarea");
    if (!input || wrapper.dataset.comboboxReady) return;
    wrapper.dataset.comboboxReady = "true";
    const lines = "comboboxLines" in wrapper.dataset;
    const submits = "comboboxSubmit" in wrapper.dataset;
    instances += 1;
    const url = wrapper.dataset.comboboxUrl;
    const base = input.id || "combobox-" + instances;
    const texts = {
      none: wrapper.dataset.comboboxNone || "",
      one: wrapper.dataset.comboboxOne || "",
      many: wrapper.dataset.comboboxMany || "",
    };

    const list = document.createElement("ul");
    list.id = base + "-suggestions";
    list.className = "autocomplete__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", wrapper.dataset.comboboxLabel || "");
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
          const details = item.detail || [item.kind, item.commune].filter(Boolean).join(" · ");
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

    // What is being completed: the whole field, or in a list the line holding the caret.
    function currentLine() {
      const before = input.value.slice(0, input.selectionStart);
      const start = before.lastIndexOf("\n") + 1;
      let end = input.value.indexOf("\n", start);
      if (end < 0) end = input.value.length;
      return { start: start, end: end, text: input.value.slice(start, end) };
    }

    function typed() {
      return lines ? currentLine().text : input.value;
    }

    function choose(index) {
      const item = suggestions[index];
      if (!item) return;
      clearTimeout(timer);
      if (controller) controller.abort();
      const value = item.value || item.name;
      if (lines) {
        const line = currentLine();
        input.value = input.value.slice(0, line.start) + value + input.value.slice(line.end);
        const caret = line.start + value.length;
        input.setSelectionRange(caret, caret);
      } else {
        input.value = value;
      }
      close();
      shownFor = fold(value);
      const form = input.form;
      if (submits && form) {
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
          if (fold(typed()) === key) render(items, key);
        })
        .catch(function () {
          /* cancelled, or the network is down: the search box still works without suggestions */
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      const text = typed();
      timer = setTimeout(function () {
        fetchSuggestions(text);
      }, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.altKey && event.key !== "ArrowDown") return;
      // In a list, the arrows move between lines until suggestions are shown.
      if (lines && list.hidden && (event.key === "ArrowDown" || event.key === "ArrowUp")) return;
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
    root.querySelectorAll("[data-combobox-url]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUpAll(document);
    });
  } else {
    setUpAll(document);
  }
})();
