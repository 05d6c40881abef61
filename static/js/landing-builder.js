// The cabinet's landing builder (templates/cabinet/landing_editor.html).
// It draws a form for each block from the schema the server sends (cabinet/builder.py),
// saves each change as it is typed, and reloads the preview. The server checks every
// change again: the rules of the template, the block library, the sanitizer.
(function () {
  "use strict";
  var root = document.getElementById("builder");
  var configNode = document.getElementById("builder-config");
  if (!root || !configNode) return;
  var config = JSON.parse(configNode.textContent);
  var L = config.labels;
  var csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  var blocksList = document.getElementById("builder-blocks");
  var statusLine = document.getElementById("builder-status");
  var alertBox = document.getElementById("builder-alert");
  var preview = document.getElementById("preview");
  var state = { draft: null, images: {}, timers: {}, inFlight: 0, waiting: [], open: {} };
  var SAVE_DELAY = 700;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }

  function request(url, body, isForm) {
    state.inFlight += 1;
    var options = { method: "POST", credentials: "same-origin",
                    headers: { "X-CSRFToken": csrf, "Accept": "application/json" } };
    if (isForm) options.body = body;
    else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    }, function () {
      return { ok: false, status: 0, data: { errors: [{ field: "", message: L.offline }] } };
    }).then(function (result) {
      state.inFlight -= 1;
      if (!state.inFlight) {
        var waiting = state.waiting;
        state.waiting = [];
        waiting.forEach(function (resolve) { resolve(); });
      }
      return result;
    });
  }

  function idle() {  // resolves when no save is pending or running
    Object.keys(state.timers).forEach(function (key) {
      var timer = state.timers[key];
      clearTimeout(timer.id);
      delete state.timers[key];
      timer.run();
    });
    if (!state.inFlight) return Promise.resolve();
    return new Promise(function (resolve) { state.waiting.push(resolve); });
  }

  function later(key, run) {
    if (state.timers[key]) clearTimeout(state.timers[key].id);
    state.timers[key] = { run: run, id: setTimeout(function () {
      delete state.timers[key];
      run();
    }, SAVE_DELAY) };
  }

  function say(message) { statusLine.textContent = message; }

  function savedNow() {
    var time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    say(format(L.saved_at, { time: time }));
  }

  function showAlert(messages) {
    alertBox.textContent = messages.join(" ");
    alertBox.hidden = !messages.length;
  }

  // --- the preview ------------------------------------------------------------------
  var reloadTimer = null;
  function reloadPreview() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(function () {
      var scroll = 0;
      try { scroll = preview.contentWindow.scrollY; } catch (error) { scroll = 0; }
      preview.addEventListener("load", function restore() {
        preview.removeEventListener("load", restore);
        try { preview.contentWindow.scrollTo(0, scroll); } catch (error) { /* ignore */ }
      });
      preview.src = config.preview + "?t=" + Date.now();
    }, 250);
  }

  // The desktop preview is a 1280-pixel-wide page scaled down to the column, so it
  // shows the desktop layout rather than the phone one a narrow frame would get.
  var DESKTOP_WIDTH = 1280;
  var previewFrame = document.getElementById("preview-frame");
  function fitPreview() {
    var height = Math.round(window.innerHeight * 0.78);
    if (previewFrame.dataset.device !== "desktop") {
      previewFrame.style.height = "";
      preview.style.width = preview.style.height = preview.style.transform = "";
      return;
    }
    var scale = Math.min(1, previewFrame.clientWidth / DESKTOP_WIDTH);
    previewFrame.style.height = height + "px";
    preview.style.width = DESKTOP_WIDTH + "px";
    preview.style.height = Math.round(height / scale) + "px";
    preview.style.transformOrigin = "0 0";
    preview.style.transform = "scale(" + scale + ")";
  }
  window.addEventListener("resize", fitPreview);
  if (window.matchMedia("(max-width: 700px)").matches) previewFrame.dataset.device = "phone";
  document.querySelectorAll("button[data-device]").forEach(function (button) {
    button.setAttribute("aria-pressed", button.dataset.device === previewFrame.dataset.device ? "true" : "false");
  });
  fitPreview();

  document.querySelectorAll("button[data-device]").forEach(function (button) {
    button.addEventListener("click", function () {
      previewFrame.dataset.device = button.dataset.device;
      document.querySelectorAll("button[data-device]").forEach(function (other) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
      fitPreview();
    });
  });

  // --- fields, from the schema --------------------------------------------------------
  function localDateTime(iso) {
    if (!iso) return "";
    var date = new Date(iso);
    if (isNaN(date.getTime())) return "";
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      "T" + pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  var uid = 0;
  function fieldId() { uid += 1; return "bf-" + uid; }

  function errorsSlot(path) { return el("div", { className: "field-errors", "data-error-path": path }); }

  // Each builder returns {node, get}; `changed(immediate)` schedules the block's save.
  function build(schema, value, path, changed) {
    var kind = schema.kind;
    if (kind === "struct") return buildStruct(schema, value || {}, path, changed);
    if (kind === "list") return buildList(schema, value || [], path, changed);
    if (kind === "image") return buildImage(schema, value, path, changed);
    if (kind === "video") return buildVideo(schema, value, path, changed);
    if (kind === "rich_text") return buildRichText(schema, value, path, changed);
    return buildInput(schema, value, path, changed);
  }

  function label(schema, id) {
    return el("label", { "for": id, text: schema.label + (schema.required ? "" : "") });
  }

  function buildInput(schema, value, path, changed) {
    var id = fieldId();
    var input;
    if (schema.kind === "text") {
      input = el("textarea", { id: id, rows: 3, maxlength: schema.max_length });
      input.value = value || "";
    } else if (schema.kind === "boolean") {
      input = el("input", { id: id, type: "checkbox" });
      input.checked = !!value;
    } else if (schema.kind === "choice" || schema.kind === "product") {
      input = el("select", { id: id });
      if (!schema.required) input.appendChild(el("option", { value: "", text: "—" }));
      (schema.choices || []).forEach(function (choice) {
        input.appendChild(el("option", { value: choice[0], text: choice[1] }));
      });
      input.value = value === null || value === undefined ? "" : String(value);
    } else if (schema.kind === "datetime") {
      input = el("input", { id: id, type: "datetime-local" });
      input.value = localDateTime(value);
    } else {
      input = el("input", { id: id, type: schema.kind === "url" ? "url" : "text",
                             maxlength: schema.max_length });
      input.value = value || "";
    }
    input.dataset.path = path;
    var wrap = el("div", { className: "field" + (schema.kind === "boolean" ? " field-check" : "") });
    if (schema.kind === "boolean") {
      wrap.appendChild(el("label", { "for": id }, [input, document.createTextNode(" " + schema.label)]));
    } else {
      wrap.appendChild(label(schema, id));
      wrap.appendChild(input);
    }
    if (schema.help_text) wrap.appendChild(el("p", { className: "help muted small", text: schema.help_text }));
    wrap.appendChild(errorsSlot(path));
    var immediate = schema.kind === "boolean" || schema.kind === "choice" || schema.kind === "product";
    input.addEventListener(immediate ? "change" : "input", function () { changed(immediate); });
    if (schema.kind === "datetime") input.addEventListener("change", function () { changed(true); });
    return { node: wrap, get: function () {
      if (schema.kind === "boolean") return input.checked;
      if (schema.kind === "datetime") {
        if (!input.value) return null;
        var date = new Date(input.value);
        return isNaN(date.getTime()) ? input.value : date.toISOString();
      }
      if ((schema.kind === "choice" || schema.kind === "product") && input.value === "") return null;
      return input.value;
    } };
  }

  function buildRichText(schema, value, path, changed) {
    var id = fieldId();
    var editor = el("div", { id: id, className: "rich-editor", contenteditable: "true",
                             role: "textbox", "aria-multiline": "true", "aria-label": schema.label });
    editor.innerHTML = value || "";  // our own sanitized HTML, from the server
    editor.dataset.path = path;
    var tools = el("div", { className: "rich-tools", role: "toolbar", "aria-controls": id });
    [["bold", L.bold, "B"], ["italic", L.italic, "I"], ["insertUnorderedList", L.bulleted, "•"],
     ["insertOrderedList", L.numbered, "1."], ["createLink", L.link, "🔗"]].forEach(function (tool) {
      var button = el("button", { type: "button", className: "rich-tool", title: tool[1],
                                  "aria-label": tool[1], text: tool[2] });
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        editor.focus();
        var argument = null;
        if (tool[0] === "createLink") {
          argument = window.prompt(L.link_prompt, "https://");
          if (!argument) return;
        }
        document.execCommand(tool[0], false, argument);
        changed(false);
      });
      tools.appendChild(button);
    });
    editor.addEventListener("input", function () { changed(false); });
    var wrap = el("div", { className: "field" }, [
      el("span", { className: "field-label", id: id + "-label", text: schema.label }), tools, editor,
      errorsSlot(path)]);
    return { node: wrap, get: function () { return editor.innerHTML; } };
  }

  function buildImage(schema, value, path, changed) {
    var current = value || null;
    var id = fieldId();
    var thumb = el("div", { className: "image-thumb" });
    var file = el("input", { id: id, type: "file", accept: "image/jpeg,image/png,image/webp",
                             className: "visually-hidden-file" });
    file.dataset.path = path;
    var pick = el("label", { "for": id, className: "button button-small button-secondary", text: L.upload });
    var clear = el("button", { type: "button", className: "button button-small button-secondary", text: L.clear_photo });
    var errors = errorsSlot(path);
    function draw() {
      thumb.textContent = "";
      var url = current && state.images[current];
      if (url) thumb.appendChild(el("img", { src: url, alt: "" }));
      else thumb.appendChild(el("span", { className: "muted small", text: current ? "#" + current : L.no_photo }));
      clear.hidden = !current || schema.required;
    }
    clear.addEventListener("click", function () { current = null; draw(); changed(true); });
    file.addEventListener("change", function () {
      if (!file.files.length) return;
      errors.textContent = "";
      if (file.files[0].size > config.photo_max_bytes) {
        errors.textContent = L.photo_too_large;
        file.value = "";
        return;
      }
      var form = new FormData();
      form.append("photo", file.files[0]);
      say(L.uploading);
      request(config.photos, form, true).then(function (result) {
        file.value = "";
        if (!result.ok) {
          errors.textContent = (result.data.errors || []).map(function (e) { return e.message; }).join(" ");
          say("");
          return;
        }
        state.images[result.data.id] = result.data.url;
        current = result.data.id;
        draw();
        changed(true);
      });
    });
    draw();
    var wrap = el("div", { className: "field field-image" }, [
      el("span", { className: "field-label", text: schema.label }), thumb,
      el("div", { className: "button-row" }, [pick, file, clear]), errors]);
    return { node: wrap, get: function () { return current; } };
  }

  function buildVideo(schema, value, path, changed) {
    var id = fieldId();
    var select = el("select", { id: id });
    select.dataset.path = path;
    function fill(selected) {
      select.textContent = "";
      select.appendChild(el("option", { value: "", text: L.no_video }));
      state.draft.videos.forEach(function (video) {
        var text = video.summary ? video.name + " (" + video.summary + ")" : video.name;
        select.appendChild(el("option", { value: String(video.id), text: text }));
      });
      select.value = selected ? String(selected) : "";
    }
    fill(value);
    select.addEventListener("change", function () { changed(true); });
    var fileId = fieldId();
    var file = el("input", { id: fileId, type: "file", accept: "video/mp4,video/webm,.mp4,.m4v,.webm",
                             className: "visually-hidden-file" });
    var pick = el("label", { "for": fileId, className: "button button-small button-secondary", text: L.upload_video });
    var errors = errorsSlot(path);
    file.addEventListener("change", function () {
      if (!file.files.length) return;
      errors.textContent = "";
      if (file.files[0].size > config.video_max_bytes) {
        errors.textContent = L.video_too_large;
        file.value = "";
        return;
      }
      var form = new FormData();
      form.append("video", file.files[0]);
      say(L.uploading);
      request(config.videos, form, true).then(function (result) {
        file.value = "";
        if (!result.ok) {
          errors.textContent = (result.data.errors || []).map(function (e) { return e.message; }).join(" ");
          say("");
          return;
        }
        state.draft.videos.unshift(result.data);
        fill(result.data.id);
        changed(true);
      });
    });
    var wrap = el("div", { className: "field" }, [label(schema, id), select,
      el("div", { className: "button-row field-upload" }, [pick, file]), errors]);
    return { node: wrap, get: function () { return select.value ? Number(select.value) : null; } };
  }

  function buildStruct(schema, value, path, changed) {
    var parts = schema.fields.map(function (field) {
      return { name: field.name, part: build(field, value[field.name], path ? path + "." + field.name : field.name, changed) };
    });
    var node = el("div", { className: "struct" }, parts.map(function (p) { return p.part.node; }));
    if (path) node.appendChild(errorsSlot(path));
    return { node: node, get: function () {
      var result = {};
      parts.forEach(function (p) { result[p.name] = p.part.get(); });
      return result;
    } };
  }

  function buildList(schema, value, path, changed) {
    var items = [];
    var box = el("ol", { className: "list-items" });
    var add = el("button", { type: "button", className: "button button-small button-secondary", text: "+ " + L.add_item });
    var fieldset = el("fieldset", { className: "field list-field" }, [
      el("legend", { text: schema.label }), box, add, errorsSlot(path)]);
    function refresh() {
      items.forEach(function (item, index) {
        item.title.textContent = format(L.item, { n: index + 1 });
        item.remove.hidden = items.length <= (schema.min_num || 0);
      });
      add.hidden = schema.max_num && items.length >= schema.max_num;
    }
    function addItem(itemValue, itemId) {
      var entry = { id: itemId || null };
      var index = items.length;
      entry.part = build(schema.item, itemValue, path + "." + index, changed);
      entry.title = el("span", { className: "list-item-title" });
      entry.remove = el("button", { type: "button", className: "link-button", text: L.remove_item });
      entry.node = el("li", { className: "list-item" }, [
        el("div", { className: "list-item-head" }, [entry.title, entry.remove]), entry.part.node]);
      entry.remove.addEventListener("click", function () {
        items.splice(items.indexOf(entry), 1);
        box.removeChild(entry.node);
        refresh();
        changed(true);
      });
      items.push(entry);
      box.appendChild(entry.node);
    }
    value.forEach(function (item) {
      if (item && item.type === "item" && "value" in item) addItem(item.value, item.id);
      else addItem(item, null);
    });
    add.addEventListener("click", function () { addItem(schema.item.kind === "struct" ? {} : "", null); refresh(); });
    refresh();
    return { node: fieldset, get: function () {
      return items.map(function (item) {
        var result = { type: "item", value: item.part.get() };
        if (item.id) result.id = item.id;
        return result;
      });
    } };
  }

  // --- errors -------------------------------------------------------------------------
  function clearErrors(scope) {
    scope.querySelectorAll("[data-error-path]").forEach(function (slot) { slot.textContent = ""; });
    scope.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
  }

  function showErrors(scope, errors, fallback) {
    var left = [];
    errors.forEach(function (error) {
      var slot = error.field && scope.querySelector('[data-error-path="' + CSS.escape(error.field) + '"]');
      if (slot) {
        slot.textContent = (slot.textContent ? slot.textContent + " " : "") + error.message;
        var input = scope.querySelector('[data-path="' + CSS.escape(error.field) + '"]');
        if (input) input.setAttribute("aria-invalid", "true");
      } else {
        left.push(error.message);
      }
    });
    if (fallback) fallback.textContent = left.join(" ");
    return left;
  }

  // --- blocks -------------------------------------------------------------------------
  function blockIndex(blockId) {
    for (var i = 0; i < state.draft.blocks.length; i += 1) {
      if (state.draft.blocks[i].id === blockId) return i;
    }
    return -1;
  }

  function freeSlot(from, step) {  // the nearest index a block may move to
    var blocks = state.draft.blocks;
    for (var i = from + step; i >= 0 && i < blocks.length; i += step) {
      if (blocks[i].rule !== "locked") return i;
    }
    return -1;
  }

  function structural(url, body) {
    return idle().then(function () {
      say(L.saving);
      return request(url, body);
    }).then(function (result) {
      if (!result.ok) {
        showAlert((result.data.errors || []).map(function (e) { return e.message; }));
        say("");
        return;
      }
      showAlert([]);
      apply(result.data);
      savedNow();
      reloadPreview();
    });
  }

  function blockSummary(block) {  // a line that tells the block apart when it is closed
    var value = block.value || {};
    if (typeof value === "string") return value.replace(/<[^>]*>/g, " ").slice(0, 140);
    return String(value.headline || value.heading || value.title || "").slice(0, 140);
  }

  function drawBlock(block, index) {
    var card = el("li", { className: "panel block-card rule-" + block.rule, "data-block-id": block.id,
                          "data-block-type": block.type });
    var toggle = el("button", { type: "button", className: "block-toggle", "aria-expanded": "false" }, [
      el("span", { className: "block-title", text: block.schema.label }),
      el("span", { className: "block-summary muted small", text: blockSummary(block) })]);
    var head = el("div", { className: "block-head" }, [
      el("h2", { className: "block-heading" }, [toggle]),
      el("span", { className: "rule-badge", text: L[block.rule] })]);
    var tools = el("div", { className: "block-tools" });
    if (block.rule !== "locked") {
      var up = el("button", { type: "button", className: "icon-button", title: L.move_up, "aria-label": L.move_up, text: "↑" });
      var down = el("button", { type: "button", className: "icon-button", title: L.move_down, "aria-label": L.move_down, text: "↓" });
      up.disabled = freeSlot(index, -1) < 0;
      down.disabled = freeSlot(index, 1) < 0;
      up.addEventListener("click", function () {
        structural(config.blocks + block.id + "/move/", { position: freeSlot(blockIndex(block.id), -1) });
      });
      down.addEventListener("click", function () {
        structural(config.blocks + block.id + "/move/", { position: freeSlot(blockIndex(block.id), 1) });
      });
      tools.appendChild(up);
      tools.appendChild(down);
    }
    if (block.rule === "removable") {
      var remove = el("button", { type: "button", className: "icon-button danger", title: L.remove, "aria-label": L.remove, text: "✕" });
      remove.addEventListener("click", function () {
        if (window.confirm(L.remove_confirm)) structural(config.blocks + block.id + "/remove/", {});
      });
      tools.appendChild(remove);
    }
    head.appendChild(tools);
    card.appendChild(head);
    var blockErrors = el("div", { className: "field-errors block-errors", "data-error-path": block.id });
    if (block.rule === "locked") {
      toggle.disabled = true;
      card.appendChild(blockErrors);
      return card;
    }
    var form = el("form", { className: "block-form", novalidate: true });
    var part;
    var save = function () {
      var value = part.get();
      clearErrors(card);
      blockErrors.textContent = "";
      say(L.saving);
      request(config.blocks + block.id + "/", { value: value }).then(function (result) {
        if (!result.ok) {
          var left = showErrors(card, result.data.errors || [], blockErrors);
          say(format(L.failed, { reason: left.join(" ") || (result.data.errors || [{ message: "" }])[0].message }));
          return;
        }
        block.value = value;
        state.draft.versions = result.data.versions;
        drawVersions();
        savedNow();
        reloadPreview();
      });
    };
    part = build(block.schema, block.value, "", function (immediate) {
      if (immediate) { later(block.id, save); idle(); } else { later(block.id, save); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.appendChild(part.node);
    card.appendChild(form);
    card.appendChild(blockErrors);
    var open = state.open[block.id] !== undefined ? state.open[block.id] : index === 0;
    setOpen(card, toggle, open);
    toggle.addEventListener("click", function () {
      state.open[block.id] = toggle.getAttribute("aria-expanded") !== "true";
      setOpen(card, toggle, state.open[block.id]);
    });
    return card;
  }

  function setOpen(card, toggle, open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    card.classList.toggle("is-open", open);
  }

  function drawReview(review) {
    var box = document.getElementById("builder-review");
    box.textContent = "";
    box.hidden = !review;
    if (!review) return;
    box.className = "notice " + (review.state === "rejected" ? "notice-error" : "notice-info");
    box.appendChild(el("p", { text: review.state === "rejected" ? L.rejected : L.waiting }));
    if (review.comment) box.appendChild(el("p", { className: "review-comment", text: L.reviewer_said + " " + review.comment }));
    if ((review.phrases || []).length) {
      box.appendChild(el("p", { text: L.phrases }));
      box.appendChild(el("ul", {}, review.phrases.map(function (found) {
        return el("li", { text: "“" + found.phrase + "”" + (found.explanation ? ": " + found.explanation : "") });
      })));
    }
    if (review.online) box.appendChild(el("p", { className: "small", text: L.still_online }));
  }

  function drawVersions() {
    var list = document.getElementById("version-list");
    list.textContent = "";
    (state.draft.versions || []).forEach(function (version) {
      var when = new Date(version.saved_at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
      var button = el("button", { type: "button", className: "button button-small button-secondary", text: L.restore });
      button.addEventListener("click", function () {
        if (!window.confirm(L.restore_confirm)) return;
        structural(config.restore, { version: version.id }).then(function () { say(L.restored); });
      });
      list.appendChild(el("li", { "data-version": version.id }, [
        el("span", { text: when + " · " + version.reason_label + " " }), button]));
    });
  }

  function drawAddable() {
    var select = document.getElementById("add-block-type");
    select.textContent = "";
    state.draft.addable.forEach(function (item) {
      select.appendChild(el("option", { value: item.type, text: item.schema.label }));
    });
    document.getElementById("builder-add").hidden = !state.draft.addable.length;
  }

  function apply(data) {
    state.draft = data;
    Object.keys(data.images || {}).forEach(function (key) { state.images[key] = data.images[key]; });
    blocksList.textContent = "";
    data.blocks.forEach(function (block, index) { blocksList.appendChild(drawBlock(block, index)); });
    drawAddable();
    drawVersions();
    drawReview(data.review);
    var badge = document.getElementById("landing-state");
    badge.textContent = data.landing.state_label;
    badge.className = "state-badge state-" + data.landing.state;
    document.getElementById("open-public").hidden = !data.landing.published_at;
  }

  document.getElementById("add-block").addEventListener("click", function () {
    var type = document.getElementById("add-block-type").value;
    if (!type) return;
    structural(config.add, { type: type }).then(function () {
      var last = blocksList.querySelector('[data-block-type="' + CSS.escape(type) + '"]:last-of-type');
      var cards = blocksList.querySelectorAll('[data-block-type="' + CSS.escape(type) + '"]');
      last = cards[cards.length - 1] || last;
      if (last && !last.classList.contains("is-open")) last.querySelector(".block-toggle").click();
      if (last) {
        last.scrollIntoView({ behavior: "smooth", block: "center" });
        var first = last.querySelector("input, textarea, [contenteditable]");
        if (first) first.focus({ preventScroll: true });
      }
    });
  });

  // --- title and address ---------------------------------------------------------------
  var details = document.getElementById("builder-details");
  details.addEventListener("submit", function (event) { event.preventDefault(); });
  details.querySelectorAll("input[name=title], input[name=slug]").forEach(function (input) {
    input.addEventListener("input", function () {
      later("details", function () {
        var body = { title: details.elements.title.value, slug: details.elements.slug.value };
        details.querySelectorAll("[data-errors-for]").forEach(function (slot) { slot.textContent = ""; });
        say(L.saving);
        request(config.details, body).then(function (result) {
          if (!result.ok) {
            (result.data.errors || []).forEach(function (error) {
              var slot = details.querySelector('[data-errors-for="' + (error.field || "title") + '"]') ||
                details.querySelector('[data-errors-for="title"]');
              slot.textContent = (slot.textContent ? slot.textContent + " " : "") + error.message;
            });
            say("");
            return;
          }
          state.draft.landing = result.data.landing;
          document.getElementById("open-public").href = result.data.landing.url;
          say(L.details_saved);
          reloadPreview();
        });
      });
    });
  });

  // --- publishing -----------------------------------------------------------------------
  var publishButton = document.getElementById("publish");
  var publishResult = document.getElementById("publish-result");
  publishButton.addEventListener("click", function () {
    publishButton.disabled = true;
    publishResult.textContent = "";
    idle().then(function () { return request(config.publish, {}); }).then(function (result) {
      publishButton.disabled = false;
      if (!result.ok) {
        var errors = result.data.errors || [];
        clearErrors(blocksList);
        errors.forEach(function (error) {  // "<block id>.<field path>"
          var dot = error.field.indexOf(".");
          var blockId = dot < 0 ? error.field : error.field.slice(0, dot);
          var card = blocksList.querySelector('[data-block-id="' + CSS.escape(blockId) + '"]');
          if (card && !card.classList.contains("is-open")) card.querySelector(".block-toggle").click();
          if (card) showErrors(card, [{ field: dot < 0 ? blockId : error.field.slice(dot + 1), message: error.message }],
                               card.querySelector(".block-errors"));
        });
        publishResult.appendChild(el("p", { className: "notice notice-error", text: L.fix_errors }));
        var first = blocksList.querySelector("[aria-invalid], .block-errors:not(:empty)");
        if (first) first.scrollIntoView({ behavior: "smooth", block: "center" });
        return;
      }
      apply(result.data);
      var notice = el("div", { className: "notice " + (result.data.published ? "notice-success" : "notice-info") }, [
        el("p", { text: result.data.message || (result.data.published ? L.published : L.in_review) })]);
      if (result.data.published && result.data.public_url) {  // the address visitors open
        notice.appendChild(el("p", {}, [el("a", { href: result.data.public_url, target: "_blank",
          rel: "noopener", className: "publish-address", text: result.data.public_url })]));
      }
      publishResult.appendChild(notice);
      reloadPreview();
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (Object.keys(state.timers).length || state.inFlight) {
      idle();
      event.preventDefault();
      event.returnValue = "";
    }
  });

  fetch(config.draft, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) { apply(data); root.dataset.ready = "true"; });
})();
