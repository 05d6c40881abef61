// Sign-up page: fills the hidden "device" field with a hash of a few browser traits,
// so the server can notice many sign-ups from one device. Nothing leaves the page
// except the hash, sent with the form. Sign-up works without it.
(function () {
  "use strict";
  var field = document.querySelector("input[data-device]");
  if (!field) return;

  var traits = [
    navigator.userAgent || "",
    navigator.language || "",
    (navigator.languages || []).join(","),
    window.screen ? screen.width + "x" + screen.height + "x" + screen.colorDepth : "",
    (window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone) || "",
    String(new Date().getTimezoneOffset()),
    String(navigator.hardwareConcurrency || ""),
    navigator.platform || ""
  ].join("|");

  // FNV-1a, twice with different seeds: where SubtleCrypto is unavailable (plain http).
  function fnv(text, seed) {
    var hash = seed >>> 0;
    for (var i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 16777619) >>> 0;
    }
    return ("0000000" + hash.toString(16)).slice(-8);
  }

  function fallback() {
    field.value = fnv(traits, 2166136261) + fnv(traits, 3735928559);
  }

  if (window.crypto && crypto.subtle && window.TextEncoder) {
    crypto.subtle.digest("SHA-256", new TextEncoder().encode(traits)).then(function (digest) {
      field.value = Array.prototype.map.call(new Uint8Array(digest), function (byte) {
        return ("0" + byte.toString(16)).slice(-2);
      }).join("");
    }, fallback);
  } else {
    fallback();
  }
})();
