// The builder's targeting panel (templates/cabinet/includes/landing_targeting.html): the
// partner's ad account IDs are saved as they are typed (checked again on the server,
// cabinet/builder.py), and the UTM links follow the campaign name.
(function () {
  "use strict";
  var panel = document.getElementById("builder-targeting");
  if (!panel) return;
  var csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  var form = document.getElementById("targeting-form");
  var status = document.getElementById("targeting-status");
  var timer = null;

  function save() {
    var body = {};
    form.querySelectorAll("input[name]").forEach(function (input) { body[input.name] = input.value; });
    form.querySelectorAll("[data-errors-for]").forEach(function (slot) { slot.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
    status.textContent = panel.dataset.saving;
    fetch(panel.dataset.url, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        status.textContent = result.data.message;
        return;
      }
      status.textContent = "";
      (result.data.errors || []).forEach(function (error) {
        var slot = form.querySelector('[data-errors-for="' + CSS.escape(error.field) + '"]');
        var input = form.querySelector('input[name="' + CSS.escape(error.field) + '"]');
        if (input) input.setAttribute("aria-invalid", "true");
        if (slot) slot.textContent = (slot.textContent ? slot.textContent + " " : "") + error.message;
        else status.textContent = error.message;
      });
    }, function () { status.textContent = ""; });
  }

  if (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); save(); });
    form.querySelectorAll("input[name]").forEach(function (input) {
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(save, 700);
      });
    });
  }

  var campaign = document.getElementById("utm-campaign");
  campaign.addEventListener("input", function () {
    // Letters of any language, digits, - and _: one word per campaign in the statistics.
    var name = campaign.value.trim().toLowerCase().replace(/[^\p{L}\p{N}_-]+/gu, "-")
      .replace(/^-+|-+$/g, "").slice(0, 100);
    panel.querySelectorAll("[data-utm-source]").forEach(function (input) {
      var url = new URL(input.value);
      if (name) url.searchParams.set("utm_campaign", name); else url.searchParams.delete("utm_campaign");
      input.value = url.toString();
    });
  });
})();
