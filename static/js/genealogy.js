// The cabinet's genealogy viewer: the partner's sponsor or placement tree as a collapsible
// outline, read level by level from /api/v1/network/ (one level or one page per request,
// so a team of 100,000 is no heavier than a team of ten). Words come translated from the
// page (#genealogy-i18n); settings from #genealogy-config. No inline styles: classes only.
(function () {
  "use strict";

  var box = document.getElementById("genealogy");
  if (!box || !window.fetch) return;
  var T = JSON.parse(document.getElementById("genealogy-i18n").textContent);
  var C = JSON.parse(document.getElementById("genealogy-config").textContent);

  var treeBox = document.getElementById("genealogy-tree");
  var statusLine = document.getElementById("genealogy-status");
  var crumbs = document.getElementById("genealogy-breadcrumb");
  var searchForm = document.getElementById("genealogy-search");
  var searchInput = document.getElementById("genealogy-q");
  var resultsBox = document.getElementById("genealogy-results-box");
  var resultsList = document.getElementById("genealogy-results");
  var searchStatus = document.getElementById("genealogy-search-status");
  var treeButtons = box.querySelectorAll("[data-tree]");

  // Paths longer than this are not unfolded from the top: the view re-roots a few
  // levels above the partner found, so a 1,000-deep result stays readable on a phone.
  var MAX_UNFOLD = 6;
  var LEVELS_ABOVE_FOUND = 2;

  var state = {
    tree: C.tree === "placement" ? "placement" : "sponsor",
    topId: C.rootId,
    generation: 0,
    entries: {}, // node id -> entry for what is on screen
  };

  // --- small helpers ------------------------------------------------------------

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function number(value) {
    try {
      return Number(value || 0).toLocaleString(C.language);
    } catch (error) {
      return String(value || 0);
    }
  }

  function date(value) {
    if (!value) return "";
    var parsed = new Date(value);
    if (isNaN(parsed.getTime())) return value;
    try {
      return parsed.toLocaleDateString(C.language, {
        year: "numeric", month: "short", day: "numeric",
      });
    } catch (error) {
      return parsed.toISOString().slice(0, 10);
    }
  }

  function initials(name) {
    var words = String(name || "").split(/[\s@._-]+/).filter(Boolean);
    return (words.slice(0, 2).map(function (word) { return word.charAt(0); }).join("") || "?")
      .toUpperCase();
  }

  function api(path, params) {
    var url = new URL(C.api + path, window.location.origin);
    Object.keys(params || {}).forEach(function (key) {
      url.searchParams.set(key, params[key]);
    });
    return url.toString();
  }

  function getJSON(url) {
    return fetch(url, {
      credentials: "same-origin",
      // The page's language, not the browser's: rank names and statuses in the API's
      // answers are in the language the cabinet is shown in.
      headers: { Accept: "application/json", "Accept-Language": C.language },
    }).then(function (response) {
      if (!response.ok) {
        var error = new Error("HTTP " + response.status);
        error.status = response.status;
        throw error;
      }
      return response.json();
    });
  }

  function say(message) {
    statusLine.textContent = message || "";
  }

  // --- node cards -----------------------------------------------------------------

  function card(node, isTop) {
    var article = el("article", "gcard gcard-" + (node.status || "active"));
    article.tabIndex = -1;
    article.id = "gnode-" + node.id;

    var head = el("div", "gcard-head");
    head.appendChild(el("span", "avatar avatar-small", initials(node.name)));
    var title = el("div", "gcard-title");
    var name = el("p", "gcard-name", node.name);
    if (node.id === C.rootId) name.appendChild(el("span", "chip chip-you", T.you));
    if (state.tree === "placement" && node.placement_leg && !isTop) {
      name.appendChild(el("span", "chip", T.legs[node.placement_leg] || node.placement_leg));
    }
    title.appendChild(name);
    var code = el("p", "gcard-code");
    code.appendChild(el("span", "visually-hidden", T.code + ": "));
    code.appendChild(document.createTextNode(node.referral_code));
    title.appendChild(code);
    head.appendChild(title);
    head.appendChild(el("span", "status status-" + node.status, T.statuses[node.status] || node.status));
    article.appendChild(head);

    var facts = el("dl", "gcard-facts");
    function fact(label, value, className) {
      var item = el("div", className || "");
      item.appendChild(el("dt", "", label));
      item.appendChild(el("dd", "", value));
      facts.appendChild(item);
    }
    fact(T.rank, node.rank_name || node.rank || "—");
    fact(T.joined, date(node.joined_at));
    if (state.tree === "placement") {
      fact(T.left, number(node.left_count));
      fact(T.right, number(node.right_count));
    } else {
      fact(T.teamSize, number(node.team_size));
      fact(T.direct, number(node.children_count));
    }
    article.appendChild(facts);
    return article;
  }

  function makeEntry(node, isTop) {
    var item = el("li", "gnode");
    item.dataset.id = node.id;
    var entry = {
      node: node, item: item, card: card(node, isTop), children: null, childIds: {},
      nextUrl: null, loaded: false, loading: false, expanded: false, toggle: null, more: null,
    };
    item.appendChild(entry.card);

    var actions = el("div", "gcard-actions");
    var hasChildren = node.children_count > 0 || state.tree === "placement";
    if (hasChildren) {
      var toggle = el("button", "gtoggle");
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      toggle.setAttribute("aria-controls", "gchildren-" + node.id);
      entry.toggle = toggle;
      setToggleLabel(entry);
      toggle.addEventListener("click", function () {
        if (entry.expanded) collapse(entry); else expand(entry);
      });
      actions.appendChild(toggle);
    }
    if (!isTop && node.children_count > 0) {
      var focus = el("button", "link-button gfocus", T.focus);
      focus.type = "button";
      focus.addEventListener("click", function () { refocus(node.id); });
      actions.appendChild(focus);
    }
    if (actions.childNodes.length) entry.card.appendChild(actions);

    entry.children = el("ul", "gchildren");
    entry.children.id = "gchildren-" + node.id;
    entry.children.hidden = true;
    item.appendChild(entry.children);
    state.entries[node.id] = entry;
    return entry;
  }

  function setToggleLabel(entry) {
    var node = entry.node;
    var label;
    if (entry.expanded) {
      label = T.collapse;
    } else if (state.tree === "placement") {
      label = node.children_count > 0 ? T.expand : T.showPositions;
    } else {
      label = T.expand + " (" + number(node.children_count) + ")";
    }
    entry.toggle.textContent = label;
    entry.toggle.setAttribute("aria-expanded", entry.expanded ? "true" : "false");
  }

  // --- expanding ------------------------------------------------------------------

  function collapse(entry) {
    entry.expanded = false;
    entry.children.hidden = true;
    if (entry.more) entry.more.hidden = true;
    setToggleLabel(entry);
  }

  function expand(entry) {
    entry.expanded = true;
    entry.children.hidden = false;
    if (entry.toggle) setToggleLabel(entry);
    if (entry.loading) return entry.loading.then(function () { return entry; });
    if (entry.loaded) {
      if (entry.more) entry.more.hidden = !entry.nextUrl;
      return Promise.resolve(entry);
    }
    var url = api("nodes/" + entry.node.id + "/children/", { tree: state.tree });
    return loadPage(entry, url).then(function () { return entry; });
  }

  function loadPage(entry, url) {
    var generation = state.generation;
    var waiting = el("li", "gloading muted", T.loading);
    entry.children.appendChild(waiting);
    if (entry.more) entry.more.disabled = true;
    entry.loading = getJSON(url).then(function (page) {
      if (generation !== state.generation) return;
      waiting.remove();
      entry.loading = false;
      entry.loaded = true;
      entry.nextUrl = page.next || null;
      if (state.tree === "placement") {
        renderSlots(entry, page.results || []);
      } else {
        (page.results || []).forEach(function (child) { addChild(entry, child); });
        if (!entry.children.querySelector(".gnode")) {
          entry.children.appendChild(el("li", "gempty muted", T.noChildren));
        }
      }
      updateMore(entry);
    }, function () {
      if (generation !== state.generation) return;
      waiting.remove();
      entry.loading = false;
      var failed = el("li", "gerror");
      failed.appendChild(el("span", "", T.loadError + " "));
      var retry = el("button", "link-button", T.retry);
      retry.type = "button";
      retry.addEventListener("click", function () {
        failed.remove();
        loadPage(entry, url);
      });
      failed.appendChild(retry);
      entry.children.appendChild(failed);
      if (entry.more) entry.more.disabled = false;
    });
    return entry.loading;
  }

  function addChild(entry, child, first) {
    if (entry.childIds[child.id]) return state.entries[child.id];
    entry.childIds[child.id] = true;
    var childEntry = makeEntry(child, false);
    if (first && entry.children.firstChild) {
      childEntry.item.classList.add("gnode-pinned");
      entry.children.insertBefore(childEntry.item, entry.children.firstChild);
    } else {
      entry.children.appendChild(childEntry.item);
    }
    return childEntry;
  }

  function renderSlots(entry, results) {
    var byLeg = {};
    results.forEach(function (child) { byLeg[child.placement_leg] = child; });
    entry.children.textContent = "";
    entry.childIds = {};
    ["L", "R"].forEach(function (leg) {
      if (byLeg[leg]) {
        addChild(entry, byLeg[leg]);
        return;
      }
      var slot = el("li", "gslot");
      slot.appendChild(el("span", "gslot-label", format(T.emptySlot, { leg: T.legs[leg] })));
      if (C.holdingTankCount > 0) {
        var link = el("a", "gslot-link", T.placeHere);
        link.href = C.holdingTankUrl + "?parent=" + encodeURIComponent(entry.node.referral_code)
          + "&leg=" + leg;
        slot.appendChild(link);
      }
      entry.children.appendChild(slot);
    });
  }

  function updateMore(entry) {
    if (!entry.nextUrl) {
      if (entry.more) entry.more.hidden = true;
      return;
    }
    if (!entry.more) {
      entry.more = el("button", "button button-small button-secondary gmore");
      entry.more.type = "button";
      entry.more.addEventListener("click", function () {
        if (entry.nextUrl && !entry.loading) loadPage(entry, entry.nextUrl);
      });
      entry.item.appendChild(entry.more);
    }
    var shown = Object.keys(entry.childIds).length;
    entry.more.textContent = T.showMore + " (" + number(shown) + " / "
      + number(entry.node.children_count) + ")";
    entry.more.disabled = false;
    entry.more.hidden = !entry.expanded;
  }

  // --- the whole view -------------------------------------------------------------

  function render() {
    state.generation += 1;
    state.entries = {};
    treeBox.textContent = "";
    say(T.loading);
    treeButtons.forEach(function (button) {
      button.setAttribute("aria-pressed", button.dataset.tree === state.tree ? "true" : "false");
    });
    if (state.tree === "placement" && !C.placed) {
      crumbs.hidden = true;
      say(T.notPlaced);
      return Promise.resolve(null);
    }
    var generation = state.generation;
    return getJSON(api("nodes/" + state.topId + "/", { tree: state.tree })).then(function (node) {
      if (generation !== state.generation) return null;
      say("");
      var list = el("ul", "gtree");
      var entry = makeEntry(node, true);
      entry.item.classList.add("gnode-top");
      list.appendChild(entry.item);
      treeBox.appendChild(list);
      renderCrumbs(node);
      return expand(entry).then(function () { return entry; });
    }, function () {
      if (generation !== state.generation) return null;
      say(T.loadError);
      return null;
    });
  }

  function renderCrumbs(top) {
    crumbs.textContent = "";
    if (top.id === C.rootId) {
      crumbs.hidden = true;
      return;
    }
    crumbs.hidden = false;
    var back = el("button", "link-button", T.backToMe);
    back.type = "button";
    back.addEventListener("click", function () { refocus(C.rootId); });
    crumbs.appendChild(back);
    var parentId = state.tree === "placement" ? top.placement_parent_id : top.sponsor_id;
    if (top.level > 1 && parentId) {
      crumbs.appendChild(el("span", "crumb-sep", "›"));
      var up = el("button", "link-button", T.up);
      up.type = "button";
      up.addEventListener("click", function () { refocus(parentId); });
      crumbs.appendChild(up);
    }
    crumbs.appendChild(el("span", "crumb-sep", "›"));
    crumbs.appendChild(el("strong", "", top.name));
    if (top.level) {
      crumbs.appendChild(el("span", "muted", "(" + format(T.levelOf, { level: number(top.level) })
        + ")"));
    }
  }

  function refocus(id) {
    state.topId = id;
    return render().then(function (entry) {
      if (entry) entry.card.focus();
      return entry;
    });
  }

  function switchTree(tree) {
    if (tree === state.tree) return;
    state.tree = tree;
    state.topId = C.rootId;
    closeResults();
    var url = new URL(window.location.href);
    url.searchParams.set("tree", tree);
    window.history.replaceState(null, "", url.toString());
    render();
  }

  treeButtons.forEach(function (button) {
    button.addEventListener("click", function () { switchTree(button.dataset.tree); });
  });

  // --- search and jump --------------------------------------------------------------

  var searchTimer = null;
  var searchGeneration = 0;

  function closeResults() {
    resultsBox.hidden = true;
    resultsList.textContent = "";
    searchStatus.textContent = "";
  }

  function search(query) {
    query = query.trim();
    searchGeneration += 1;
    var generation = searchGeneration;
    if (query.length < 2) {
      closeResults();
      return;
    }
    resultsBox.hidden = false;
    searchStatus.textContent = T.loading;
    var url = api("downline/", { tree: state.tree, q: query, depth: 1000, page_size: 10 });
    getJSON(url).then(function (page) {
      if (generation !== searchGeneration) return;
      resultsList.textContent = "";
      var results = page.results || [];
      searchStatus.textContent = results.length ? "" : T.searchEmpty;
      results.forEach(function (node) {
        var item = el("li");
        var button = el("button", "gresult");
        button.type = "button";
        button.appendChild(el("span", "gresult-name", node.name));
        button.appendChild(el("span", "gresult-meta muted",
          node.referral_code + " · " + T.level + " " + number(node.level)));
        button.addEventListener("click", function () {
          closeResults();
          jumpTo(node.id);
        });
        item.appendChild(button);
        resultsList.appendChild(item);
      });
    }, function () {
      if (generation !== searchGeneration) return;
      searchStatus.textContent = T.searchError;
    });
  }

  searchInput.addEventListener("input", function () {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(function () { search(searchInput.value); }, 300);
  });
  searchForm.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(searchTimer);
    search(searchInput.value);
  });
  searchForm.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closeResults();
      searchInput.focus();
    } else if (event.key === "ArrowDown" && !resultsBox.hidden) {
      var buttons = Array.prototype.slice.call(resultsList.querySelectorAll("button"));
      var index = buttons.indexOf(document.activeElement);
      if (buttons.length) {
        event.preventDefault();
        buttons[Math.min(index + 1, buttons.length - 1)].focus();
      }
    } else if (event.key === "ArrowUp" && !resultsBox.hidden) {
      var items = Array.prototype.slice.call(resultsList.querySelectorAll("button"));
      var at = items.indexOf(document.activeElement);
      if (at > 0) {
        event.preventDefault();
        items[at - 1].focus();
      } else if (at === 0) {
        event.preventDefault();
        searchInput.focus();
      }
    }
  });

  function highlight(entry) {
    box.querySelectorAll(".gcard-found").forEach(function (found) {
      found.classList.remove("gcard-found");
    });
    entry.card.classList.add("gcard-found");
    entry.card.scrollIntoView({ block: "center", behavior: "smooth" });
    entry.card.focus({ preventScroll: true });
    say(T.found + ": " + entry.node.name);
  }

  // Unfold the tree along `ids` (top first), one level at a time. A child not on the
  // first page of its parent is fetched by itself and pinned at the top of the list.
  function unfold(ids, index) {
    var entry = state.entries[ids[index]];
    if (!entry) return Promise.reject(new Error("lost"));
    if (index === ids.length - 1) return Promise.resolve(entry);
    var generation = state.generation;
    return expand(entry).then(function () {
      if (generation !== state.generation) throw new Error("stale");
      var childId = ids[index + 1];
      if (state.entries[childId]) return unfold(ids, index + 1);
      return getJSON(api("nodes/" + childId + "/", { tree: state.tree })).then(function (child) {
        if (generation !== state.generation) throw new Error("stale");
        var empty = entry.children.querySelector(".gempty");
        if (empty) empty.remove();
        addChild(entry, child, true);
        updateMore(entry);
        return unfold(ids, index + 1);
      });
    });
  }

  function jumpTo(id) {
    say(T.loading);
    getJSON(api("nodes/" + id + "/", { tree: state.tree })).then(function (node) {
      var path = node.path || [id];
      var from = path.indexOf(state.topId);
      var start;
      if (from !== -1 && path.length - from - 1 <= MAX_UNFOLD) {
        start = Promise.resolve(state.entries[state.topId] ? null : render());
        path = path.slice(from);
      } else {
        var ownAt = Math.max(path.indexOf(C.rootId), 0);
        var topAt = Math.max(ownAt, path.length - 1 - LEVELS_ABOVE_FOUND);
        state.topId = path[topAt];
        path = path.slice(topAt);
        start = render();
      }
      return start.then(function () { return unfold(path, 0); }).then(highlight);
    }).catch(function () {
      say(T.jumpError);
    });
  }

  render();
})();
