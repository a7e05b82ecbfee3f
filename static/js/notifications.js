/* Essaim — the header's live counts, on every page for logged-in people.
 *
 * Listens on the person's own socket (/ws/notifications/) and keeps two counts in the header up to date: the
 * notifications bell and the total of unread room messages (plus, on pages that list rooms, each room's
 * count). Frames that carry the new totals are applied as they are; "room.activity" (someone else posted in
 * one of my rooms) adds one; every reconnection (which may have missed events) and unknown events re-read the
 * counts from the server's small JSON view, so the header never drifts for long. The room page forwards its own "unread" frames as an
 * "essaim:unread" DOM event. The counts are server-rendered: without JavaScript they are right at each load.
 */
(function () {
  "use strict";

  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, key) { return key in values ? String(values[key]) : match; });
  };
  var REFRESH_DELAY = 400; // ms: a burst of events costs one request

  function number(value) { var n = parseInt(value, 10); return isNaN(n) ? 0 : n; }

  function Header(root) {
    this.root = root;
    this.countsUrl = root.dataset.countsUrl;
    this.announcer = document.querySelector("[data-header-announcer]");
    this.refreshTimer = null;
    this.hellos = 0;
  }

  Header.prototype.start = function () {
    var self = this;
    document.addEventListener("essaim:unread", function (event) { self.applyUnread(event.detail || {}); });
    if (!window.EssaimLiveSocket || !window.WebSocket) return;
    this.socket = new window.EssaimLiveSocket("/ws/notifications/", {
      onFrame: this.onFrame.bind(this),
      onState: function (state) { self.root.dataset.connection = state; },
    });
    this.socket.start();
  };

  Header.prototype.onFrame = function (frame) {
    switch (frame.type) {
      case "hello":
        this.socket.markOnline();
        this.hellos += 1;
        if (this.hellos > 1) this.scheduleRefresh(); // events may have been missed while disconnected
        break;
      case "notification":
        // The frame carries the person's unread notifications count ("unread"), see ecosystem.actions.notifications.
        if (frame.unread !== undefined) this.setCount("notifications", number(frame.unread));
        else this.setCount("notifications", this.count("notifications") + 1);
        this.announce(frame.title || frame.text || gettext("New notification"));
        break;
      case "unread":
      case "unread.changed":
        this.applyUnread(frame);
        break;
      case "room.activity":
        this.onActivity(frame);
        break;
      case "error":
        break;
      default:
        this.scheduleRefresh(); // a kind of event this version does not know: the counts may have moved
        break;
    }
  };

  /* Someone else posted in one of my rooms: one more unread, unless I am reading that room right now (the
     room page then marks it read, and the "unread" frame that follows has the exact counts). */
  Header.prototype.onActivity = function (frame) {
    var room = window.essaimRoom;
    if (room && room.id === number(frame.room) && room.seen()) return;
    this.setCount("rooms", this.count("rooms") + 1);
    var badge = document.querySelector('[data-room-unread="' + frame.room + '"] [data-room-unread-count]');
    if (badge) this.setRoomCount(frame.room, number(badge.textContent) + 1);
  };

  Header.prototype.applyUnread = function (frame) {
    if (frame.total === undefined) { this.scheduleRefresh(); return; }
    this.setCount("rooms", number(frame.total));
    if (frame.room !== undefined && frame.unread !== undefined) this.setRoomCount(frame.room, number(frame.unread));
  };

  Header.prototype.applyCounts = function (counts) {
    var self = this;
    if (counts.total !== undefined) this.setCount("rooms", number(counts.total));
    if (counts.notifications !== undefined) this.setCount("notifications", number(counts.notifications));
    if (counts.rooms) {
      Object.keys(counts.rooms).forEach(function (room) { self.setRoomCount(room, number(counts.rooms[room])); });
      // Rooms that are now read are absent from the answer.
      Array.prototype.forEach.call(document.querySelectorAll("[data-room-unread]"), function (badge) {
        if (!(badge.dataset.roomUnread in counts.rooms)) self.setRoomCount(badge.dataset.roomUnread, 0);
      });
    }
  };

  Header.prototype.scheduleRefresh = function () {
    if (!this.countsUrl || !window.fetch) return;
    var self = this;
    window.clearTimeout(this.refreshTimer);
    this.refreshTimer = window.setTimeout(function () {
      window.fetch(self.countsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (counts) { if (counts) self.applyCounts(counts); })
        .catch(function () { /* offline: the next event or reconnection tries again */ });
    }, REFRESH_DELAY);
  };

  /* ``kind`` is "rooms" or "notifications": each header counter is a [data-count="kind"] element inside a
     wrapper [data-count-wrap="kind"] that is hidden at zero (its visually hidden words say what it counts). */
  Header.prototype.count = function (kind) {
    var element = document.querySelector('[data-count="' + kind + '"]');
    return element ? number(element.textContent) : 0;
  };

  Header.prototype.setCount = function (kind, value) {
    var element = document.querySelector('[data-count="' + kind + '"]');
    var wrap = document.querySelector('[data-count-wrap="' + kind + '"]');
    if (!element) return;
    element.textContent = String(value);
    if (wrap) wrap.hidden = value <= 0;
  };

  Header.prototype.setRoomCount = function (room, value) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-room-unread="' + room + '"]'), function (badge) {
      var count = badge.querySelector("[data-room-unread-count]") || badge;
      count.textContent = String(value);
      badge.hidden = value <= 0;
    });
  };

  Header.prototype.announce = function (text) {
    if (!this.announcer) return;
    var announcer = this.announcer;
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = interpolate(gettext("Notification: %(text)s"), { text: text }, true);
    }, 50);
  };

  function boot() {
    var root = document.querySelector("[data-live-header]");
    if (!root) return;
    new Header(root).start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
