/* Downline's service worker (served at /sw.js for the whole site): shows the web push
   notifications the site sends and opens a notification's page when it is clicked. The
   payload is {"title", "body", "url", "tag", "lang"} (notifications/webpush/delivery.py). */
"use strict";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("push", function (event) {
  var data = {};
  if (event.data) {
    try {
      data = event.data.json();
    } catch (error) {
      data = {title: event.data.text()};
    }
  }
  event.waitUntil(self.registration.showNotification(data.title || "Downline", {
    body: data.body || "",
    tag: data.tag || undefined,
    lang: data.lang || "",
    icon: "{{ icon }}",
    data: {url: data.url || "/"}
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  var target;
  try {
    target = new URL(url, self.location.origin);
  } catch (error) {
    target = new URL("/", self.location.origin);
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    target = new URL("/", self.location.origin);
  }
  event.waitUntil(self.clients.matchAll({type: "window", includeUncontrolled: true})
    .then(function (windows) {
      for (var i = 0; i < windows.length; i += 1) {
        if (windows[i].url === target.href && "focus" in windows[i]) {
          return windows[i].focus();
        }
      }
      return self.clients.openWindow(target.href);
    }));
});
