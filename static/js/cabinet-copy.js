// Copy buttons of the cabinet: <button data-copy-target="input-id" data-copied-label="…">.
(function () {
  "use strict";
  function status(button, message) {
    var field = button.closest(".copy-field");
    var line = field && field.querySelector(".copy-status");
    if (line) line.textContent = message;
  }
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.dataset.copyTarget);
      if (!input) return;
      var text = input.value;
      var copied = function () { status(button, button.dataset.copiedLabel || ""); };
      var failed = function () {
        input.focus();
        input.select();
        status(button, button.dataset.failedLabel || "");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(copied, failed);
        return;
      }
      input.focus();
      input.select();
      try {
        if (document.execCommand("copy")) copied(); else failed();
      } catch (error) {
        failed();
      }
    });
  });
})();
