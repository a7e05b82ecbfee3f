/* Essaim — the live room: enhances the server-rendered room page (spaces/room_detail.html).
 *
 * Without this script the page already works: messages are listed, the composer posts a plain form, edit
 * and delete are links to their own pages. With it, on the latest page of a room:
 * - a WebSocket to /ws/rooms/<id>/?after=<version> resumes from the last version the page saw, so nothing is
 *   missed or shown twice (messages are upserted by id; an older version never replaces a newer one);
 * - the composer sends over the socket with a client_id; unacknowledged sends are kept (also in
 *   sessionStorage) and sent again after a reconnect, the server de-duplicating them by client_id;
 * - edit, delete and reply happen in place; who is typing and who is online are shown;
 * - messages are marked as read when the end of the list is on screen and the tab is visible;
 * - the connection state is shown discreetly in a polite live region, new messages are announced politely.
 * Drawing (messages, day titles, marker, presence, typing) lives in room-view.js, the composer (send, reply,
 * edit, delete, the outbox) in room-composer.js; both are loaded before this file.
 * Strings come from Django's JavaScript catalog (jsi18n); English is the fallback.
 */
(function () {
  "use strict";

  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (singular, plural, count) { return count === 1 ? singular : plural; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, key) { return key in values ? String(values[key]) : match; });
  };
  var STATE_TEXT = {
    connecting: gettext("Connecting…"),
    online: gettext("Connected"),
    reconnecting: gettext("Reconnecting…"),
    offline: gettext("Offline"),
  };
  var PING_EVERY = 30000; // keeps presence fresh (the server forgets silent connections)

  function number(value) { var n = parseInt(value, 10); return isNaN(n) ? 0 : n; }

  function excerpt(text, length) {
    var flat = (text || "").replace(/\s+/g, " ").trim();
    return flat.length > length ? flat.slice(0, length - 1) + "…" : flat;
  }

  function Room(root) {
    var self = this;
    this.root = root;
    this.id = number(root.dataset.room);
    this.userId = number(root.dataset.user);
    this.canModerate = root.dataset.canModerate === "true";
    this.canPost = root.dataset.canPost === "true";
    this.hasOlder = root.dataset.hasOlder === "true";
    this.timeZone = root.dataset.timeZone || undefined;
    this.lang = document.documentElement.lang || "fr";
    this.urls = { edit: root.dataset.editUrl, remove: root.dataset.deleteUrl, reply: root.dataset.replyUrl };
    this.list = root.querySelector("[data-room-messages]");
    this.end = root.querySelector("[data-room-end]");
    this.status = root.querySelector("[data-room-status]");
    this.announcer = root.querySelector("[data-room-announcer]");
    this.typingBox = root.querySelector("[data-room-typing]");
    this.presenceList = root.querySelector("[data-room-presence]");
    this.presenceCount = root.querySelector("[data-room-presence-count]");
    this.empty = root.querySelector("[data-room-empty]");
    this.template = root.querySelector("template[data-room-message-template]");
    this.form = root.querySelector("form[data-room-composer]");
    this.messages = new Map();
    this.pendingByMessage = new Map();
    this.typers = new Map();
    this.lastVersion = number(root.dataset.lastVersion);
    this.ticket = root.dataset.ticket || "";
    this.maxSeq = 0;
    this.firstSeq = null;
    Array.prototype.forEach.call(this.list.querySelectorAll("li[data-id]"), function (li) {
      var seq = number(li.dataset.seq);
      self.messages.set(number(li.dataset.id), li);
      self.maxSeq = Math.max(self.maxSeq, seq);
      self.firstSeq = self.firstSeq === null ? seq : Math.min(self.firstSeq, seq);
    });
    this.lastReadSent = Math.max(number(root.dataset.lastRead), this.maxSeq); // the page view marked these
    this.markerStale = false;
    this.endVisible = true;
    this.ready = false;
    this.resuming = false;
    this.missed = 0;
    this.editing = null;
    this.lastTypingSent = 0;
    this.storageKey = "essaim.room." + this.id + ".outbox";
    this.outbox = this.loadOutbox();
  }

  /* --- set-up ------------------------------------------------------------------------------------------ */

  Room.prototype.start = function () {
    var self = this;
    this.bindComposer();
    this.list.addEventListener("click", this.onListClick.bind(this));
    if ("IntersectionObserver" in window && this.end) {
      new IntersectionObserver(function (entries) {
        self.endVisible = entries[entries.length - 1].isIntersecting;
        self.onMaybeSeen();
      }).observe(this.end);
    }
    document.addEventListener("visibilitychange", this.onMaybeSeen.bind(this));
    this.outbox.forEach(this.renderPending.bind(this));
    if (!window.EssaimLiveSocket || !window.WebSocket) return;
    // The URL says where to resume from, so what was missed arrives right after "ready", before anything live,
    // and the page's language, for the server's error messages. The first connection also carries the page's
    // ticket (its access decision, valid a few seconds): a reconnection is checked afresh.
    this.socket = new window.EssaimLiveSocket(function () {
      var url = "/ws/rooms/" + self.id + "/?after=" + self.lastVersion + "&lang=" + encodeURIComponent(self.lang);
      if (self.ticket) url += "&ticket=" + encodeURIComponent(self.ticket);
      self.ticket = "";
      return url;
    }, {
      onFrame: this.onFrame.bind(this),
      onState: this.onState.bind(this),
      onFinal: this.onFinal.bind(this),
      onDrop: function () { self.ready = false; self.typers.clear(); self.renderTyping(); },
      ping: { action: "ping" },
      pingEvery: PING_EVERY,
    });
    this.socket.start();
  };

  /* The socket only takes over the composer once it has worked: until then the plain form posts. */
  Room.prototype.live = function () {
    return Boolean(this.socket && this.socket.everOnline && !this.socket.stopped);
  };

  /* --- frames from the server -------------------------------------------------------------------------- */

  Room.prototype.onFrame = function (frame) {
    switch (frame.type) {
      case "ready": // the missed changes follow (the URL named the last version seen), then "resumed"
        // A crowded room's ready frame has a count, not names (as its presence frames do).
        this.onPresence(typeof frame.count === "number" ? { count: frame.count } : { online: frame.online || [] });
        this.resuming = true;
        this.missed = 0;
        break;
      case "message":
        this.receive(number(frame.version), frame.message);
        break;
      case "resumed":
        this.resuming = false;
        this.ready = true;
        this.socket.markOnline();
        if (this.missed) {
          this.announce(interpolate(ngettext("%(count)s new message", "%(count)s new messages", this.missed),
            { count: this.missed }, true));
        }
        this.outbox.forEach(this.transmit.bind(this));
        this.onMaybeSeen();
        break;
      case "ack":
        this.onAck(frame);
        break;
      case "presence":
        this.onPresence(frame);
        break;
      case "typing":
        this.onTyping(frame.user);
        break;
      case "unread":
        document.dispatchEvent(new CustomEvent("essaim:unread", { detail: frame }));
        break;
      case "error":
        this.onError(frame);
        break;
      case "pong": // carries the room's last version: a newer one than this page shows was missed
        if (this.ready && number(frame.last_seq) > this.lastVersion) {
          this.socket.send({ action: "resume", after: this.lastVersion });
        }
        break;
      default:
        break; // frames this version does not know
    }
  };

  Room.prototype.receive = function (version, message) {
    if (!message || !message.id) return;
    this.lastVersion = Math.max(this.lastVersion, version);
    var li = this.messages.get(message.id);
    if (li) {
      if (number(li.dataset.version) >= version) return; // already shown, or a newer state is
      this.fill(li, message, version);
      if (this.editing && this.editing.id === message.id && this.editing.sent) this.resetComposer(true);
      return;
    }
    if (this.hasOlder && this.firstSeq !== null && message.seq < this.firstSeq) return; // an older page's
    var atBottom = this.endVisible;
    li = this.build(message, version);
    this.insert(li, message);
    this.messages.set(message.id, li);
    var pending = this.pendingByMessage.get(message.id);
    if (pending) { pending.remove(); this.pendingByMessage.delete(message.id); }
    this.maxSeq = Math.max(this.maxSeq, message.seq);
    if (this.firstSeq === null) this.firstSeq = message.seq;
    if (this.empty) this.empty.hidden = true;
    var mine = message.author && message.author.id === this.userId;
    if (!mine && message.author) { this.dropTyper(message.author.id); }
    if (!mine && !message.deleted) {
      if (!this.seen()) this.placeMarker(li);
      if (this.resuming) this.missed += 1;
      else {
        this.announce(interpolate(gettext("New message from %(author)s: %(text)s"),
          { author: this.authorName(message), text: excerpt(message.text, 140) }, true));
      }
    }
    if (atBottom || mine) this.keepComposerInView();
    this.onMaybeSeen();
  };

  Room.prototype.onAck = function (frame) {
    var entry = this.takeFromOutbox(frame.client_id);
    if (!entry) return;
    var pending = this.list.querySelector('[data-client-id="' + CSS.escape(entry.client_id) + '"]');
    if (!pending) return;
    if (this.messages.has(frame.id)) pending.remove();
    else this.pendingByMessage.set(frame.id, pending); // the message frame follows
  };

  Room.prototype.onError = function (frame) {
    var text = frame.message || gettext("Something went wrong. Please try again.");
    if (frame.client_id) {
      var entry = this.takeFromOutbox(frame.client_id);
      if (entry) {
        var pending = this.list.querySelector('[data-client-id="' + CSS.escape(entry.client_id) + '"]');
        if (pending) pending.remove();
        // Nothing typed is lost: the text comes back to the composer unless something new is there.
        if (this.textarea && !this.textarea.value.trim()) this.textarea.value = entry.text;
      }
    } else if (this.editing) {
      this.editing.sent = false;
    }
    this.showError(text);
  };

  Room.prototype.onState = function (state) {
    this.root.dataset.connection = state;
    if (this.status && STATE_TEXT[state]) this.status.textContent = STATE_TEXT[state];
    if (state !== "online") this.ready = false;
  };

  Room.prototype.onFinal = function (code) {
    this.ready = false;
    if (!this.status) return;
    this.status.textContent = code === 4401
      ? gettext("You are logged out: reload the page to log in again.")
      : gettext("You no longer have access to this room.");
    if (code !== 4401 && this.form) {
      this.textarea.disabled = true;
      if (this.submit) this.submit.disabled = true;
    }
  };

  /* --- read state ---------------------------------------------------------------------------------------- */

  Room.prototype.seen = function () {
    return document.visibilityState === "visible" && this.endVisible;
  };

  Room.prototype.onMaybeSeen = function () {
    if (!this.seen()) return;
    this.markerStale = true; // the person has now seen what the marker pointed at
    if (this.ready && this.maxSeq > this.lastReadSent) {
      this.lastReadSent = this.maxSeq;
      this.socket.send({ action: "read", seq: this.maxSeq });
    }
  };

  function boot() {
    var root = document.querySelector("[data-room]");
    if (!root || root.dataset.live !== "true" || !window.EssaimRoomView || !window.EssaimRoomComposer) return;
    window.EssaimRoomView.install(Room);
    window.EssaimRoomComposer.install(Room);
    var room = new Room(root);
    room.start();
    window.essaimRoom = room; // notifications.js asks it whether the room is being read; handy in the console
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
