/* The cabinet's bell without a reload: every few seconds (while the page is visible) ask
   the unread count; when it grows, fetch the newest unread notifications, show the new
   ones as a toast and, on the notifications page, at the top of the list. */
(function () {
  "use strict";
  var bell = document.querySelector("[data-notification-bell]");
  if (!bell || !window.fetch) { return; }
  var badge = bell.querySelector("[data-unread-badge]");
  var label = bell.querySelector("[data-bell-label]");
  var toasts = document.querySelector("[data-notification-toasts]");
  var list = document.getElementById("notification-list");
  var unread = Number(bell.dataset.unread || 0);
  var since = Date.parse(bell.dataset.since) || Date.now();
  var every = Math.max(2, Number(bell.dataset.poll || 20)) * 1000;

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      });
  }

  function showCount(count) {
    badge.textContent = count > 99 ? "99+" : String(count);
    badge.hidden = count === 0;
    label.textContent = count ? bell.dataset.labelSome + " " + count : bell.dataset.labelNone;
  }

  function link(notification, className) {
    var anchor = document.createElement("a");
    anchor.href = notification.url;
    anchor.className = className;
    var title = document.createElement("span");
    title.className = "notification-title";
    title.textContent = notification.title;
    anchor.appendChild(title);
    if (notification.body) {
      var body = document.createElement("span");
      body.className = "notification-body";
      body.textContent = notification.body;
      anchor.appendChild(body);
    }
    return anchor;
  }

  function toast(notification) {
    if (!toasts) { return; }
    var item = document.createElement("div");
    item.className = "notification-toast";
    item.appendChild(link(notification, "notification-link"));
    toasts.appendChild(item);
    setTimeout(function () { item.remove(); }, 8000);
  }

  function prepend(notification) {
    if (!list || list.dataset.live !== "1") { return; }
    if (list.querySelector('[data-notification="' + notification.id + '"]')) { return; }
    var empty = document.getElementById("notification-empty");
    if (empty) { empty.remove(); }
    var item = document.createElement("li");
    item.className = "notification notification-unread";
    item.dataset.notification = String(notification.id);
    item.appendChild(link(notification, "notification-link"));
    list.insertBefore(item, list.firstChild);
  }

  function fetchNew() {
    return getJSON(bell.dataset.latestUrl).then(function (page) {
      var fresh = (page.results || []).filter(function (notification) {
        return Date.parse(notification.created_at) > since;
      });
      fresh.reverse().forEach(function (notification) {
        since = Math.max(since, Date.parse(notification.created_at));
        toast(notification);
        prepend(notification);
      });
    });
  }

  function poll() {
    if (document.hidden) { return; }
    getJSON(bell.dataset.countUrl).then(function (data) {
      var grew = data.unread > unread;
      unread = data.unread;
      showCount(unread);
      if (grew) { return fetchNew(); }
      return null;
    }).catch(function () { /* offline or signed out: try again next time */ });
  }

  setInterval(poll, every);
  document.addEventListener("visibilitychange", poll);
}());
