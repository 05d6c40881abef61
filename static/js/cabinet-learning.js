// The cabinet's lesson page: the quiz is checked on the server without leaving the page
// (the form still works without this script), and an uploaded video resumes where the
// partner stopped, its position saved every 10 seconds and on pause. No inline scripts:
// the Content-Security-Policy forbids them.
(function () {
  "use strict";

  var tokenField = document.querySelector("[name=csrfmiddlewaretoken]");
  var csrf = tokenField ? tokenField.value : "";

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    });
  }

  // --- the quiz ---------------------------------------------------------------------------
  function bindQuiz(section) {
    var form = section.querySelector("[data-quiz-form]");
    if (!form) return;
    var status = form.querySelector("[data-quiz-status]");
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answers = {};
      form.querySelectorAll("input[name^='q-']").forEach(function (input) {
        var id = input.name.slice(2);
        if (!answers[id]) answers[id] = [];
        if (input.checked) answers[id].push(input.value);
      });
      var body = {
        answers: answers,
        attempt: parseInt(form.elements.attempt.value, 10),
        submission: form.elements.submission.value
      };
      button.disabled = true;
      status.textContent = "";
      post(form.action, body).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (answer) {
        if (!answer.ok || !answer.data.html) {
          status.textContent = answer.data.detail || "";
          button.disabled = false;
          return;
        }
        var holder = document.createElement("div");
        holder.innerHTML = answer.data.html;
        var fresh = holder.firstElementChild;
        section.replaceWith(fresh);
        bindQuiz(fresh);
        var outcome = fresh.querySelector("[data-quiz-outcome]");
        if (outcome) {
          outcome.scrollIntoView({ block: "start", behavior: "smooth" });
          outcome.focus({ preventScroll: true });
        }
      }).catch(function () {
        // A network failure: the same submission key makes a second press count once.
        status.textContent = form.getAttribute("data-offline") || "…";
        button.disabled = false;
      });
    });
  }
  document.querySelectorAll("[data-quiz]").forEach(bindQuiz);

  // --- the video position -----------------------------------------------------------------
  document.querySelectorAll("video[data-position-url]").forEach(function (video) {
    var url = video.getAttribute("data-position-url");
    var resume = parseFloat(video.getAttribute("data-resume")) || 0;
    var saved = resume;
    var timer = null;

    video.addEventListener("loadedmetadata", function () {
      if (resume > 0 && (!video.duration || resume < video.duration - 3)) {
        video.currentTime = resume;
      }
    });

    function save() {
      var seconds = Math.floor(video.currentTime || 0);
      if (seconds === saved) return;
      saved = seconds;
      post(url, { seconds: seconds }).catch(function () { saved = -1; });
    }

    video.addEventListener("play", function () {
      if (timer === null) timer = window.setInterval(save, 10000);
    });
    ["pause", "ended"].forEach(function (name) {
      video.addEventListener(name, function () {
        if (timer !== null) { window.clearInterval(timer); timer = null; }
        save();
      });
    });
    window.addEventListener("pagehide", save);
  });
})();
