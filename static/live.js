// Live lists: kills stored after the page was rendered appear in it, over `ws`'s /ws/v1. Progressive enhancement
// only: without this file, or while no socket is open, the list is the server-rendered page it always was.
// Rows are the server's own HTML (escaped there), fetched one by one: no game-provided text is parsed as markup here.
(function () {
  var list = document.querySelector("[data-live-filter]");
  var body = list && list.querySelector("tbody");
  if (!body || !window.WebSocket || !window.fetch || !window.URL) return;
  var filter;
  try { filter = JSON.parse(list.getAttribute("data-live-filter")); } catch (error) { return; }
  var after = Number(list.getAttribute("data-live-after")) || 0;
  var refresh = document.querySelector("[data-live-refresh]");
  var liveNote = document.querySelector("[data-live-on]");
  // Backoff doubles from 1 s to 30 s, so a restarted `ws` is not met by every open page at once.
  var FIRST_DELAY_MS = 1000, MAX_DELAY_MS = 30000;
  var delayMs = FIRST_DELAY_MS;
  var shown = {};
  var unseen = 0;
  var notice = null;
  var rowsDone = Promise.resolve();

  Array.prototype.forEach.call(body.querySelectorAll("tr[data-killmail-id]"), function (row) {
    shown[row.getAttribute("data-killmail-id")] = true;
  });

  function socketUrl() {
    var configured = list.getAttribute("data-live-url");
    var base = configured || (location.protocol === "https:" ? "wss://" : "ws://") + location.hostname + ":" + list.getAttribute("data-live-port") + "/ws/v1";
    var url = new URL(base, location.href);
    url.searchParams.set("after", String(after));
    return url.toString();
  }

  function setState(state) {
    list.setAttribute("data-live-state", state);
    // The Refresh link is the no-JS way to see new kills; while live the list does it, so the link gives way.
    if (refresh) refresh.hidden = state === "live";
    if (liveNote) liveNote.hidden = state !== "live";
  }

  function rowUrl(id) {
    var loss = list.getAttribute("data-live-loss");
    return list.getAttribute("data-live-rows") + encodeURIComponent(id) + "/" + (loss ? "?loss=" + encodeURIComponent(loss) : "");
  }

  function sortKey(row) {
    var time = row.querySelector("time");
    return [time ? Date.parse(time.getAttribute("datetime")) : 0, Number(row.getAttribute("data-killmail-id"))];
  }

  function isNewer(a, b) {
    return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
  }

  // Lists are ordered by killmail time: a late-arriving old kill goes where it belongs, or onto a later page.
  function place(row) {
    var key = sortKey(row);
    var rows = body.querySelectorAll("tr[data-killmail-id]");
    for (var i = 0; i < rows.length; i++) {
      if (isNewer(key, sortKey(rows[i]))) return body.insertBefore(row, rows[i]);
    }
    if (list.querySelector("a[rel=next]")) return null;
    return body.appendChild(row);
  }

  function showNotice() {
    if (!notice) {
      notice = document.createElement("button");
      notice.type = "button";
      notice.className = "live-notice";
      notice.addEventListener("click", function () {
        // A little above the list, so its heading shows too.
        window.scrollTo({ top: Math.max(0, list.getBoundingClientRect().top + window.scrollY - 60), behavior: "smooth" });
        hideNotice();
      });
      document.body.appendChild(notice);
    }
    notice.textContent = unseen + (unseen === 1 ? " new kill" : " new kills") + " ↑";
    notice.hidden = false;
  }

  function hideNotice() {
    unseen = 0;
    if (notice) notice.hidden = true;
  }

  function insertRow(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim(); // server-rendered and escaped by the partial route, never client text
    var row = template.content.querySelector("tr[data-killmail-id]");
    if (!row || shown[row.getAttribute("data-killmail-id")]) return;
    shown[row.getAttribute("data-killmail-id")] = true;
    if (!place(row)) return;
    var empty = body.querySelector("tr[data-live-empty]");
    if (empty) empty.remove();
    row.classList.add("live-new");
    if (row.getBoundingClientRect().top < 0) {
      unseen++;
      showNotice();
    }
  }

  function addKillmail(id) {
    if (shown[id]) return;
    rowsDone = rowsDone.then(function () {
      if (shown[id]) return;
      return fetch(rowUrl(id), { headers: { Accept: "text/html" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html) insertRow(html); })
        .catch(function () {});
    });
  }

  function onMessage(event) {
    var message;
    try { message = JSON.parse(event.data); } catch (error) { return; }
    if (message.type === "killmail" && message.data) {
      if (message.sequence > after) after = message.sequence;
      addKillmail(String(message.data.killmail_id));
    } else if (message.type === "gap") {
      // Kills older than the feed keeps were missed: only a reload lists them.
      if (message.through > after) after = message.through;
      setState("stale");
    }
  }

  function connect() {
    var socket = new WebSocket(socketUrl());
    socket.onopen = function () {
      delayMs = FIRST_DELAY_MS;
      socket.send(JSON.stringify({ action: "subscribe", filter: filter }));
      if (list.getAttribute("data-live-state") !== "stale") setState("live");
    };
    socket.onmessage = onMessage;
    socket.onclose = function () {
      if (list.getAttribute("data-live-state") !== "stale") setState("offline");
      setTimeout(connect, delayMs * (1 + Math.random() / 2));
      delayMs = Math.min(delayMs * 2, MAX_DELAY_MS);
    };
  }

  window.addEventListener("scroll", function () { if (unseen && list.getBoundingClientRect().top >= 0) hideNotice(); }, { passive: true });
  setState("offline");
  connect();
})();
