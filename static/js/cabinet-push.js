// Browser notifications on the cabinet's Channels page: registers the site's service worker
// (/sw.js), subscribes this browser with the site's VAPID key and saves the subscription
// through the API, or unsubscribes it. Everything it needs is in the data attributes of
// <section data-push> (cabinet/templates/cabinet/channels.html); no inline script.
(function () {
  "use strict";
  var panel = document.querySelector("[data-push]");
  if (!panel) return;
  var status = panel.querySelector("[data-push-status]");
  var enable = panel.querySelector("[data-push-enable]");
  var disable = panel.querySelector("[data-push-disable]");
  var csrf = panel.querySelector("input[name=csrfmiddlewaretoken]");

  function say(name) {
    status.textContent = panel.dataset["label" + name] || "";
  }

  function show(on) {
    enable.hidden = on;
    disable.hidden = !on;
    say(on ? "On" : (Notification.permission === "denied" ? "Denied" : "Off"));
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : ""},
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response;
    });
  }

  function registration() {
    return navigator.serviceWorker.register(panel.dataset.workerUrl, {scope: "/"})
      .then(function () { return navigator.serviceWorker.ready; });
  }

  function turnOn() {
    enable.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        say("Denied");
        return null;
      }
      return registration().then(function (worker) {
        return worker.pushManager.getSubscription().then(function (found) {
          return found || worker.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(panel.dataset.publicKey)
          });
        });
      }).then(function (subscription) {
        return post(panel.dataset.subscribeUrl, subscription.toJSON());
      }).then(function () { show(true); });
    }).catch(function () { say("Failed"); }).then(function () { enable.disabled = false; });
  }

  function turnOff() {
    disable.disabled = true;
    navigator.serviceWorker.getRegistration("/").then(function (worker) {
      return worker ? worker.pushManager.getSubscription() : null;
    }).then(function (subscription) {
      if (!subscription) return null;
      return post(panel.dataset.unsubscribeUrl, {endpoint: subscription.endpoint})
        .then(function () { return subscription.unsubscribe(); });
    }).then(function () { show(false); })
      .catch(function () { say("Failed"); })
      .then(function () { disable.disabled = false; });
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) ||
      !("Notification" in window)) {
    enable.disabled = true;
    say("Unsupported");
    return;
  }
  navigator.serviceWorker.getRegistration("/").then(function (worker) {
    return worker ? worker.pushManager.getSubscription() : null;
  }).then(function (subscription) { show(Boolean(subscription)); })
    .catch(function () { show(false); });
  enable.addEventListener("click", turnOn);
  disable.addEventListener("click", turnOff);
})();
