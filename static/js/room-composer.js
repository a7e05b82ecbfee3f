/* Essaim — the live room's composer (used by room.js; load this file before it).
 *
 * Sending, replying, editing and deleting in place, with the plain form as the fallback: the composer only
 * takes over once the socket has worked (Room.live). Sends wait in an outbox, also kept in sessionStorage,
 * until the server acknowledges them by client_id, so a reload or a reconnect sends them again without
 * duplicates. Errors are shown beside the textarea and what was typed is never lost.
 */
(function () {
  "use strict";

  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, key) { return key in values ? String(values[key]) : match; });
  };
  var TYPING_EVERY = 3000; // ms between two "typing" frames we send

  function number(value) { var n = parseInt(value, 10); return isNaN(n) ? 0 : n; }

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  /* Adds the composer's methods to room.js's Room. */
  function install(Room) {
    Room.prototype.bindComposer = function () {
      if (!this.form) return;
      var self = this;
      this.textarea = this.form.querySelector("textarea[name=text]");
      this.replyInput = this.form.querySelector("input[name=reply_to]");
      this.clientIdInput = this.form.querySelector("input[name=client_id]");
      this.fileInput = this.form.querySelector("input[type=file]");
      this.error = this.form.querySelector("[data-composer-error]");
      this.context = this.form.querySelector("[data-composer-context]");
      this.contextText = this.form.querySelector("[data-composer-context-text]");
      this.submit = this.form.querySelector("[data-composer-submit]");
      this.submitLabel = this.submit ? this.submit.textContent : "";
      // Even the plain form carries a client_id, so a double submission saves one message.
      if (this.clientIdInput && !this.clientIdInput.value) this.clientIdInput.value = newClientId();
      this.form.addEventListener("submit", this.onSubmit.bind(this));
      this.textarea.addEventListener("input", this.onInput.bind(this));
      this.textarea.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          if (typeof self.form.requestSubmit === "function") self.form.requestSubmit();
          else self.form.dispatchEvent(new Event("submit", { cancelable: true }));
        }
      });
      this.form.addEventListener("click", function (event) {
        if (event.target.closest("[data-composer-cancel]")) {
          event.preventDefault();
          self.resetComposer(true);
        }
      });
    };

    /* --- composer ---------------------------------------------------------------------------------------- */

    Room.prototype.onSubmit = function (event) {
      if (!this.live()) return; // the plain form posts: nothing to enhance yet
      if (this.fileInput && this.fileInput.files && this.fileInput.files.length) return; // images go over HTTP
      event.preventDefault();
      var text = this.textarea.value;
      if (!text.trim()) {
        this.showError(gettext("Write a message before sending it."));
        this.textarea.focus();
        return;
      }
      this.clearError();
      if (this.editing) {
        this.editing.sent = true;
        this.socket.send({ action: "edit", id: this.editing.id, text: text });
        this.textarea.focus();
        return;
      }
      var entry = { client_id: newClientId(), text: text, reply_to: number(this.replyInput && this.replyInput.value) || null };
      this.outbox.push(entry);
      this.saveOutbox();
      this.renderPending(entry);
      this.textarea.value = "";
      this.resetComposer(false);
      this.removeMarker();
      this.textarea.focus(); // the composer keeps focus: the next message can be typed at once
      this.keepComposerInView();
      if (this.ready) this.transmit(entry);
    };

    Room.prototype.transmit = function (entry) {
      this.socket.send({ action: "send", text: entry.text, reply_to: entry.reply_to, client_id: entry.client_id });
    };

    Room.prototype.onInput = function () {
      var now = Date.now();
      if (this.ready && !this.editing && this.textarea.value.trim() && now - this.lastTypingSent > TYPING_EVERY) {
        this.lastTypingSent = now;
        this.socket.send({ action: "typing" });
      }
    };

    Room.prototype.onListClick = function (event) {
      var link = event.target.closest("[data-action]");
      if (!link || !this.form) return;
      var li = link.closest("li[data-id]");
      if (!li) return;
      var id = number(li.dataset.id);
      var action = link.dataset.action;
      if (action === "reply") {
        event.preventDefault();
        this.resetComposer(true);
        this.replyInput.value = String(id);
        this.setContext(interpolate(gettext("Replying to %(author)s"), { author: li.dataset.authorName || "" }, true));
        this.textarea.focus();
      } else if (action === "edit" && this.live()) {
        event.preventDefault();
        this.resetComposer(true);
        this.editing = { id: id, sent: false, draft: this.textarea.value };
        this.textarea.value = li.dataset.text || "";
        this.setContext(gettext("Editing your message"));
        if (this.submit) this.submit.textContent = gettext("Save");
        this.textarea.focus();
      } else if (action === "delete" && this.live()) {
        event.preventDefault();
        if (window.confirm(gettext("Delete this message? This cannot be undone."))) {
          this.socket.send({ action: "delete", id: id });
        }
      }
    };

    Room.prototype.setContext = function (text) {
      if (!this.context) return;
      this.contextText.textContent = text;
      this.context.hidden = false;
    };

    /* Leaves reply or edit mode; ``restoreDraft`` puts back what was being typed before editing. */
    Room.prototype.resetComposer = function (restoreDraft) {
      if (this.editing) {
        if (restoreDraft) this.textarea.value = this.editing.draft || "";
        this.editing = null;
      }
      if (this.replyInput) this.replyInput.value = "";
      if (this.context) this.context.hidden = true;
      if (this.submit) this.submit.textContent = this.submitLabel;
      if (restoreDraft) this.textarea.focus();
    };

    Room.prototype.showError = function (text) {
      if (!this.error) return;
      this.error.textContent = text;
      this.error.hidden = false;
      this.textarea.setAttribute("aria-invalid", "true");
      var described = (this.textarea.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (described.indexOf(this.error.id) === -1) described.push(this.error.id);
      this.textarea.setAttribute("aria-describedby", described.join(" "));
    };

    Room.prototype.clearError = function () {
      if (!this.error) return;
      this.error.textContent = "";
      this.error.hidden = true;
      this.textarea.removeAttribute("aria-invalid");
    };

    /* --- outbox: sends not yet acknowledged --------------------------------------------------------------- */

    Room.prototype.loadOutbox = function () {
      try {
        var saved = JSON.parse(window.sessionStorage.getItem(this.storageKey) || "[]");
        return Array.isArray(saved) ? saved.filter(function (e) { return e && e.client_id && e.text; }) : [];
      } catch (error) {
        return [];
      }
    };

    Room.prototype.saveOutbox = function () {
      try {
        if (this.outbox.length) window.sessionStorage.setItem(this.storageKey, JSON.stringify(this.outbox));
        else window.sessionStorage.removeItem(this.storageKey);
      } catch (error) { /* private browsing: the outbox lives in memory only */ }
    };

    Room.prototype.takeFromOutbox = function (clientId) {
      for (var i = 0; i < this.outbox.length; i += 1) {
        if (this.outbox[i].client_id === clientId) {
          var entry = this.outbox.splice(i, 1)[0];
          this.saveOutbox();
          return entry;
        }
      }
      return null;
    };
  }

  window.EssaimRoomComposer = { install: install };
})();
