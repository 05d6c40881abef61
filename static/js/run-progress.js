// A page whose background work is queued or running (a commission run, a plan analysis):
// polls the work's status (JSON) every two seconds, moves the steps, the progress bar
// (status.done of status.total) and the elapsed time along, and reloads the page once the
// work has finished or failed, so the result is shown.
(function () {
  "use strict";
  var box = document.querySelector("[data-run-progress][data-busy]");
  if (!box) return;
  var url = box.dataset.statusUrl;
  var stageText = box.querySelector("[data-run-stage]");
  var elapsed = box.querySelector("[data-run-elapsed]");
  var bar = box.querySelector("[data-run-bar]");
  var order = ["reading", "calculating", "storing"];

  function clock(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return hours ? hours + ":" + two(minutes) + ":" + two(rest) : minutes + ":" + two(rest);
  }

  function show(status) {
    if (stageText) stageText.textContent = status.stage_label || "—";
    if (elapsed && status.elapsed_seconds !== null) {
      elapsed.textContent = clock(status.elapsed_seconds);
    }
    if (bar && status.total) {
      bar.max = status.total;
      bar.value = status.done;
      bar.textContent = status.percent + " %";
    }
    var current = order.indexOf(status.stage);
    box.querySelectorAll("[data-stage]").forEach(function (step) {
      var index = order.indexOf(step.dataset.stage);
      var position = step.dataset.stage === status.stage ? "current"
        : (index >= 0 && index < current ? "done" : "todo");
      step.className = "network-step network-step--" + position;
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.busy) {
          window.setTimeout(poll, 2000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  window.setTimeout(poll, 2000);
})();
