// Landing pages: videos load from their provider only after the visitor presses play,
// countdowns tick, and a lead's thank-you stays in view. No inline scripts: the page's Content-Security-Policy forbids them.
(function () {
  "use strict";

  var EMBED_HOSTS = ["https://www.youtube-nocookie.com/", "https://player.vimeo.com/"];

  document.querySelectorAll(".landing-video-frame[data-embed-src]").forEach(function (frame) {
    var button = frame.querySelector(".landing-video-play");
    if (!button) return;
    button.addEventListener("click", function () {
      var src = frame.getAttribute("data-embed-src");
      var allowed = EMBED_HOSTS.some(function (host) { return src.indexOf(host) === 0; });
      if (!allowed) return;
      var iframe = document.createElement("iframe");
      iframe.src = src;
      iframe.title = frame.getAttribute("data-embed-title") || "";
      iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      iframe.allowFullscreen = true;
      iframe.referrerPolicy = "strict-origin-when-cross-origin";
      frame.replaceChildren(iframe);
    });
  });

  document.querySelectorAll(".landing-countdown[data-countdown]").forEach(function (box) {
    var target = Date.parse(box.getAttribute("data-countdown"));
    var left = box.querySelector(".landing-countdown-left");
    if (isNaN(target) || !left) return;
    function tick() {
      var seconds = Math.floor((target - Date.now()) / 1000);
      if (seconds <= 0) {
        left.textContent = box.getAttribute("data-ended") || "";
        return;
      }
      var days = Math.floor(seconds / 86400);
      var hours = Math.floor((seconds % 86400) / 3600);
      var minutes = Math.floor((seconds % 3600) / 60);
      left.textContent = days + " " + left.getAttribute("data-days") + " " +
        hours + " " + left.getAttribute("data-hours") + " " +
        minutes + " " + left.getAttribute("data-minutes");
      window.setTimeout(tick, 30000);
    }
    tick();
  });

  // The thank-you for a lead is where the form was: the address's #lead-form brings it
  // into view, but pictures above it that finish loading later push it down again, and
  // the visitor would send twice. Bring it back once the page has loaded, and give it the
  // focus so a screen reader says it.
  var leadResult = document.getElementById("lead-result");
  if (leadResult) {
    var showResult = function () {
      leadResult.scrollIntoView({ block: "center" });
      leadResult.focus({ preventScroll: true });
    };
    if (document.readyState === "complete") showResult();
    else window.addEventListener("load", showResult);
  }
})();
