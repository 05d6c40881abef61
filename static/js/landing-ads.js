// A partner's own ad pixels on their landing (landing/targeting.py), loaded only after the
// visitor allows them. Until then nothing is requested from any ad platform: no script
// tag, no image, no call. The visitor's choice is kept in this browser per landing (and
// asked again when the landing's platforms change), so the cached page is the same for
// everyone. A conversion the page reports (a lead just sent) goes to each pixel as its
// platform's standard event, with consent only. The queue functions below are what each
// platform's own snippet defines inline; here they live in this file, as the page's
// Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var configNode = document.getElementById("landing-ads");
  var banner = document.getElementById("ad-consent");  // none on the sign-up's conversion page
  if (!configNode) return;
  var config = JSON.parse(configNode.textContent);
  var pixels = config.pixels || [];
  if (!pixels.length) return;
  var reopen = document.getElementById("ad-consent-open");
  var storageKey = "downline:ad-consent:" + config.landing;
  var platforms = pixels.map(function (pixel) { return pixel.platform + ":" + pixel.id; }).join(",");
  var loaded = false;

  function stored() {
    try {
      var choice = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      return choice && choice.platforms === platforms ? choice.choice : null;
    } catch (error) {
      return null;
    }
  }

  function remember(choice) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({ choice: choice, platforms: platforms }));
    } catch (error) { /* private mode: asked again next time */ }
  }

  function addScript(src) {
    var script = document.createElement("script");
    script.async = true;
    script.src = src;
    document.head.appendChild(script);
  }

  var loaders = {
    meta: function (pixel) {
      if (!window.fbq) {
        var fbq = window.fbq = function () {
          if (fbq.callMethod) fbq.callMethod.apply(fbq, arguments); else fbq.queue.push(arguments);
        };
        if (!window._fbq) window._fbq = fbq;
        fbq.push = fbq; fbq.loaded = true; fbq.version = "2.0"; fbq.queue = [];
        addScript("https://connect.facebook.net/en_US/fbevents.js");
      }
      window.fbq("init", pixel.id);
      window.fbq("track", "PageView");
      return function (event) { window.fbq("track", event); };
    },
    google: function (pixel) {
      window.dataLayer = window.dataLayer || [];
      if (!window.gtag) {
        window.gtag = function () { window.dataLayer.push(arguments); };
        window.gtag("js", new Date());
      }
      addScript("https://www.googletagmanager.com/gtag/js?id=" + encodeURIComponent(pixel.id));
      window.gtag("config", pixel.id);
      return function (event) { window.gtag("event", event, { send_to: pixel.id }); };
    },
    tiktok: function (pixel) {
      var name = "ttq";
      window.TiktokAnalyticsObject = name;
      var ttq = window[name] = window[name] || [];
      ttq.methods = ["page", "track", "identify", "instances", "debug", "on", "off", "once",
        "ready", "alias", "group", "enableCookie", "disableCookie", "holdConsent",
        "revokeConsent", "grantConsent"];
      ttq.setAndDefer = function (target, method) {
        target[method] = function () {
          target.push([method].concat(Array.prototype.slice.call(arguments, 0)));
        };
      };
      ttq.methods.forEach(function (method) { ttq.setAndDefer(ttq, method); });
      ttq.instance = function (id) {
        var instance = ttq._i[id] || [];
        ttq.methods.forEach(function (method) { ttq.setAndDefer(instance, method); });
        return instance;
      };
      var source = "https://analytics.tiktok.com/i18n/pixel/events.js";
      ttq._i = ttq._i || {}; ttq._i[pixel.id] = []; ttq._i[pixel.id]._u = source;
      ttq._t = ttq._t || {}; ttq._t[pixel.id] = +new Date();
      ttq._o = ttq._o || {}; ttq._o[pixel.id] = {};
      addScript(source + "?sdkid=" + encodeURIComponent(pixel.id) + "&lib=" + name);
      ttq.page();
      return function (event) { ttq.track(event); };
    },
    yandex: function (pixel) {
      if (!window.ym) {
        window.ym = function () { (window.ym.a = window.ym.a || []).push(arguments); };
        window.ym.l = +new Date();
        addScript("https://mc.yandex.ru/metrika/tag.js");
      }
      var counter = Number(pixel.id);
      window.ym(counter, "init", { clickmap: true, trackLinks: true, accurateTrackBounce: true });
      return function (goal) { window.ym(counter, "reachGoal", goal); };
    }
  };

  function load() {
    if (loaded) return;
    loaded = true;
    pixels.forEach(function (pixel) {
      var loader = loaders[pixel.platform];
      if (!loader) return;
      var report = loader(pixel);
      var event = config.conversion && pixel.events[config.conversion];
      if (event) report(event);
    });
  }

  function show() {
    banner.hidden = false;
    if (reopen) reopen.hidden = true;
  }

  function decide(choice) {
    remember(choice);
    banner.hidden = true;
    if (reopen) reopen.hidden = false;
    if (choice === "granted") load();
    else if (loaded) window.location.reload();  // withdrawn: the loaded scripts go with the page
  }

  var choice = stored();
  if (!banner) {  // the sign-up's conversion page (landing/conversions.py): never asks
    if (choice === "granted") load();
    return;
  }
  banner.querySelectorAll("[data-ad-consent]").forEach(function (button) {
    button.addEventListener("click", function () { decide(button.getAttribute("data-ad-consent")); });
  });
  if (reopen) reopen.addEventListener("click", show);
  if (choice === "granted") {
    if (reopen) reopen.hidden = false;
    load();
  } else if (choice === "denied") {
    if (reopen) reopen.hidden = false;
  } else {
    show();
  }
})();
