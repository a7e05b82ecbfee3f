/* Essaim — how the live room draws itself (used by room.js; load this file first).
 *
 * Messages are clones of the <template data-room-message-template> the server renders from the same partial
 * as the page's own messages (spaces/includes/message.html), filled through their data-slot elements: labels
 * and links stay those of the HTML version. Text from people is only ever set with textContent; the one
 * innerHTML is the message's "html", escaped and linkified by the server (spaces.text.render_message).
 * Also here: day titles, the "new messages" marker, polite announcements, who is online and who is typing.
 */
(function () {
  "use strict";

  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, key) { return key in values ? String(values[key]) : match; });
  };
  var TYPING_SHOWN = 6000; // ms a "typing" frame we receive stays shown

  function number(value) { var n = parseInt(value, 10); return isNaN(n) ? 0 : n; }

  /* Adds the drawing methods to room.js's Room. */
  function install(Room) {
    /* --- rendering ---------------------------------------------------------------------------------------- */

    Room.prototype.authorName = function (message) {
      return message.author ? message.author.name : gettext("Former member");
    };

    Room.prototype.dayKey = function (iso) {
      var parts = new Intl.DateTimeFormat("en-CA", { timeZone: this.timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
        .formatToParts(new Date(iso));
      var get = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
      return get("year") + "-" + get("month") + "-" + get("day");
    };

    Room.prototype.clone = function () {
      return this.template.content.firstElementChild.cloneNode(true);
    };

    function slot(li, name) { return li.querySelector('[data-slot="' + name + '"]'); }

    Room.prototype.build = function (message, version) {
      var li = this.clone();
      this.fill(li, message, version);
      return li;
    };

    Room.prototype.fill = function (li, m, version) {
      var own = Boolean(m.author && m.author.id === this.userId);
      var name = this.authorName(m);
      var created = new Date(m.created_at);
      li.id = "message-" + m.id;
      li.dataset.id = m.id;
      li.dataset.seq = m.seq;
      li.dataset.version = version;
      li.dataset.day = this.dayKey(m.created_at);
      li.dataset.authorName = name;
      li.dataset.text = m.deleted ? "" : m.text;
      li.classList.toggle("room-message--own", own);
      li.classList.toggle("room-message--deleted", Boolean(m.deleted));
      var meta = slot(li, "meta");
      meta.id = "message-" + m.id + "-meta";
      slot(li, "author").textContent = name;
      slot(li, "permalink").href = m.permalink;
      var time = slot(li, "time");
      time.dateTime = m.created_at;
      time.textContent = new Intl.DateTimeFormat(this.lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: this.timeZone }).format(created);
      slot(li, "edited").hidden = !m.edited_at || Boolean(m.deleted);
      var quote = slot(li, "quote");
      if (quote) quote.hidden = !m.reply_to || Boolean(m.deleted);
      if (quote && m.reply_to) {
        var quoted = m.reply_to.author;
        var quoteAuthor = slot(li, "quote-author");
        quoteAuthor.textContent = quoted && typeof quoted === "object" ? quoted.name : (quoted || gettext("Former member"));
        quoteAuthor.href = this.messages.has(m.reply_to.id) ? "#message-" + m.reply_to.id : m.permalink.replace(/\/\d+\/$/, "/" + m.reply_to.id + "/");
        slot(li, "quote-text").textContent = m.reply_to.excerpt || "";
      }
      var text = slot(li, "text");
      if (m.deleted) text.textContent = gettext("This message was deleted.");
      else text.innerHTML = m.html; // rendered and sanitised by the server (spaces.text.render_message)
      var attachment = slot(li, "attachment");
      if (attachment) attachment.hidden = !m.attachment || Boolean(m.deleted);
      if (attachment && m.attachment && !m.deleted) {
        attachment.querySelector("a").href = m.attachment;
        var image = attachment.querySelector("img");
        image.src = m.attachment;
        image.alt = interpolate(gettext("Image shared by %(author)s"), { author: name }, true);
      }
      this.fillActions(li, m, own);
      var status = slot(li, "status");
      if (status) status.hidden = true;
    };

    Room.prototype.fillActions = function (li, m, own) {
      var rules = {
        reply: this.canPost && !m.deleted,
        edit: this.canPost && own && !m.deleted,
        "delete": (own || this.canModerate) && !m.deleted,
      };
      var urls = { reply: this.urls.reply, edit: this.urls.edit, "delete": this.urls.remove };
      var actions = slot(li, "actions");
      var any = false;
      Object.keys(rules).forEach(function (action) {
        var link = actions.querySelector('[data-action="' + action + '"]');
        if (!link) return;
        link.closest("li").hidden = !rules[action];
        any = any || rules[action];
        if (urls[action]) link.href = urls[action].replace("__id__", String(m.id));
        link.setAttribute("aria-describedby", "message-" + m.id + "-meta");
      });
      actions.hidden = !any;
    };

    Room.prototype.renderPending = function (entry) {
      var li = this.clone();
      li.removeAttribute("id");
      li.removeAttribute("data-id");
      li.dataset.clientId = entry.client_id;
      li.classList.add("room-message--own", "room-message--pending");
      slot(li, "author").textContent = this.root.dataset.userName || "";
      slot(li, "permalink").removeAttribute("href");
      slot(li, "time").textContent = "";
      slot(li, "edited").hidden = true;
      slot(li, "meta").removeAttribute("id");
      ["quote", "attachment", "actions"].forEach(function (name) { var part = slot(li, name); if (part) part.hidden = true; });
      slot(li, "text").textContent = entry.text;
      var status = slot(li, "status");
      if (status) { status.textContent = gettext("Sending…"); status.hidden = false; }
      this.list.appendChild(li);
      if (this.empty) this.empty.hidden = true;
    };

    Room.prototype.insert = function (li, message) {
      var items = this.list.querySelectorAll("li[data-seq]");
      var previous = null;
      for (var i = items.length - 1; i >= 0; i -= 1) {
        if (number(items[i].dataset.seq) < message.seq) { previous = items[i]; break; }
      }
      // Before the next message or pending send, past the markers and day titles that follow ``previous``.
      var anchor = previous ? previous.nextElementSibling : this.list.firstElementChild;
      while (anchor && !anchor.hasAttribute("data-seq") && !anchor.hasAttribute("data-client-id")) {
        anchor = anchor.nextElementSibling;
      }
      if (!previous || previous.dataset.day !== li.dataset.day) {
        this.list.insertBefore(this.dayTitle(li.dataset.day, message.created_at), anchor);
      }
      this.list.insertBefore(li, anchor);
    };

    Room.prototype.dayTitle = function (day, iso) {
      var item = document.createElement("li");
      item.className = "room__day";
      item.dataset.dayTitle = day;
      var heading = document.createElement("h3");
      heading.className = "room__day-title";
      heading.textContent = new Intl.DateTimeFormat(this.lang, {
        weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: this.timeZone,
      }).format(new Date(iso));
      item.appendChild(heading);
      return item;
    };

    Room.prototype.placeMarker = function (before) {
      var marker = this.list.querySelector("[data-room-marker]");
      if (marker && !this.markerStale) return;
      if (marker) marker.remove();
      marker = document.createElement("li");
      marker.className = "room__marker";
      marker.id = "nouveaux-messages";
      marker.dataset.roomMarker = "";
      marker.textContent = gettext("New messages");
      this.list.insertBefore(marker, before);
      this.markerStale = false;
    };

    Room.prototype.removeMarker = function () {
      var marker = this.list.querySelector("[data-room-marker]");
      if (marker) marker.remove();
    };

    Room.prototype.keepComposerInView = function () {
      var target = this.form || this.end;
      if (target && typeof target.scrollIntoView === "function") target.scrollIntoView({ block: "nearest" });
    };

    Room.prototype.announce = function (text) {
      if (!this.announcer) return;
      var announcer = this.announcer;
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = text; }, 50); // a change screen readers notice
    };

    /* --- presence and typing ------------------------------------------------------------------------------ */

    /* Presence: the ready frame lists who is online ({online}); then deltas ({joined, left: [ids]}), the
       full list again ({online}) or, in a crowded room, only a count ({count}: names are not listed). */
    Room.prototype.onPresence = function (frame) {
      var self = this;
      if (frame.online || typeof frame.count === "number" || !this.online) this.online = new Map();
      (frame.online || []).concat(frame.joined || []).forEach(function (person) { self.online.set(person.id, person); });
      (frame.left || []).forEach(function (id) { self.online.delete(id); });
      if (typeof frame.count === "number") {
        this.renderPresence([], frame.count);
        return;
      }
      var people = Array.from(this.online.values()).sort(function (a, b) {
        return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;
      });
      this.renderPresence(people, people.length);
    };

    Room.prototype.renderPresence = function (online, count) {
      if (!this.presenceList) return;
      var self = this;
      this.presenceList.textContent = "";
      online.forEach(function (person) {
        var item = document.createElement("li");
        item.textContent = person.id === self.userId ? interpolate(gettext("%(name)s (you)"), { name: person.name }, true) : person.name;
        self.presenceList.appendChild(item);
      });
      if (this.presenceCount) this.presenceCount.textContent = String(count);
    };

    Room.prototype.onTyping = function (user) {
      if (!user || user.id === this.userId) return;
      var self = this;
      var known = this.typers.get(user.id);
      if (known) window.clearTimeout(known.timer);
      this.typers.set(user.id, {
        name: user.name,
        timer: window.setTimeout(function () { self.dropTyper(user.id); }, TYPING_SHOWN),
      });
      this.renderTyping();
    };

    Room.prototype.dropTyper = function (userId) {
      var known = this.typers.get(userId);
      if (!known) return;
      window.clearTimeout(known.timer);
      this.typers.delete(userId);
      this.renderTyping();
    };

    Room.prototype.renderTyping = function () {
      if (!this.typingBox) return;
      var names = [];
      this.typers.forEach(function (typer) { names.push(typer.name); });
      var text = "";
      if (names.length === 1) text = interpolate(gettext("%(name)s is typing…"), { name: names[0] }, true);
      else if (names.length === 2) text = interpolate(gettext("%(first)s and %(second)s are typing…"), { first: names[0], second: names[1] }, true);
      else if (names.length > 2) text = gettext("Several people are typing…");
      this.typingBox.textContent = text;
    };

  }

  window.EssaimRoomView = { install: install };
})();
