/* Essaim — a WebSocket that keeps itself connected (shared by room.js and notifications.js).
 *
 * Reconnects after drops and server restarts with exponential backoff and jitter (so a restarted server is
 * not hit by every client at the same instant), waits for the browser to be back online before trying, and
 * reports a simple state for the page to show: "connecting", "online", "reconnecting", "offline", "closed".
 * Close codes 4401 (not logged in), 4403 (access lost) and 4404 (no such room) are final: retrying cannot
 * help, so the socket stops and tells the page why.
 *
 * Plain script (no module, no build step): it defines window.EssaimLiveSocket.
 */
(function () {
  "use strict";

  var FINAL_CODES = [4401, 4403, 4404];

  function LiveSocket(path, options) {
    this.path = path;
    this.options = options || {};
    this.minDelay = this.options.minDelay || 1000;
    this.maxDelay = this.options.maxDelay || 30000;
    this.pingEvery = this.options.pingEvery || 0;
    this.attempt = 0;
    this.ws = null;
    this.timer = null;
    this.pinger = null;
    this.stopped = false;
    this.everOnline = false; // the page only relies on the socket once it has worked
    this.state = "";
  }

  /* ``path`` may be a function: it is called at each connection (e.g. to say where to resume from). */
  LiveSocket.prototype.url = function () {
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    var path = typeof this.path === "function" ? this.path() : this.path;
    return scheme + "//" + window.location.host + path;
  };

  LiveSocket.prototype.start = function () {
    var self = this;
    window.addEventListener("online", function () {
      if (!self.stopped && !self.ws) {
        self.attempt = 0;
        self.connect();
      }
    });
    window.addEventListener("offline", function () {
      if (!self.stopped) self.setState("offline");
    });
    // A page restored from the back/forward cache has lost its socket.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && !self.stopped && !self.ws) self.connect();
    });
    this.connect();
  };

  LiveSocket.prototype.setState = function (state) {
    if (state === this.state) return;
    this.state = state;
    if (this.options.onState) this.options.onState(state);
  };

  LiveSocket.prototype.connect = function () {
    var self = this;
    window.clearTimeout(this.timer);
    if (this.stopped || this.ws) return;
    if (navigator.onLine === false) {
      this.setState("offline");
      return;
    }
    this.setState(this.attempt === 0 && !this.everOnline ? "connecting" : "reconnecting");
    var ws;
    try {
      ws = new WebSocket(this.url());
    } catch (error) {
      this.schedule();
      return;
    }
    this.ws = ws;
    ws.onopen = function () {
      if (self.options.onOpen) self.options.onOpen();
      self.startPing();
    };
    ws.onmessage = function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return; // the server only sends JSON; anything else is noise
      }
      if (frame && typeof frame === "object" && self.options.onFrame) self.options.onFrame(frame);
    };
    ws.onclose = function (event) {
      self.ws = null;
      self.stopPing();
      if (FINAL_CODES.indexOf(event.code) !== -1) {
        self.stopped = true;
        self.setState("closed");
        if (self.options.onFinal) self.options.onFinal(event.code);
        return;
      }
      if (self.options.onDrop) self.options.onDrop();
      self.schedule();
    };
  };

  /* The page calls this once the protocol says the connection is usable (e.g. after a resume). */
  LiveSocket.prototype.markOnline = function () {
    this.attempt = 0;
    this.everOnline = true;
    this.setState("online");
  };

  LiveSocket.prototype.schedule = function () {
    if (this.stopped) return;
    if (navigator.onLine === false) {
      this.setState("offline");
      return; // the "online" event reconnects
    }
    // "Equal jitter": half the exponential delay, plus a random share of the other half.
    var ceiling = Math.min(this.maxDelay, this.minDelay * Math.pow(2, this.attempt));
    var delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempt += 1;
    this.setState("reconnecting");
    this.timer = window.setTimeout(this.connect.bind(this), delay);
  };

  LiveSocket.prototype.send = function (frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(frame));
      return true;
    }
    return false;
  };

  LiveSocket.prototype.startPing = function () {
    var self = this;
    this.stopPing();
    if (!this.pingEvery || !this.options.ping) return;
    this.pinger = window.setInterval(function () {
      self.send(self.options.ping);
    }, this.pingEvery);
  };

  LiveSocket.prototype.stopPing = function () {
    window.clearInterval(this.pinger);
    this.pinger = null;
  };

  LiveSocket.prototype.stop = function () {
    this.stopped = true;
    window.clearTimeout(this.timer);
    this.stopPing();
    if (this.ws) this.ws.close(1000);
  };

  window.EssaimLiveSocket = LiveSocket;
})();
