// Small progressive enhancements on top of htmx; every page works without this file.
(function () {
  "use strict";

  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRFToken"] = meta.content;
    }
  });

  // The element whose request an htmx event is about, if it matches `selector`. htmx names
  // it `elt` in request events but the swap target in htmx:beforeSwap, where the element
  // that asked is `requestConfig.elt`.
  function requester(event, selector) {
    var detail = event.detail || {};
    var found = [detail.elt, detail.requestConfig && detail.requestConfig.elt];
    for (var i = 0; i < found.length; i++) {
      var element = found[i];
      if (element && element.matches && element.matches(selector)) return element;
    }
    return null;
  }

  // The words of a refusal: the server's error page, else its whole answer.
  function refusal(xhr) {
    var text = new DOMParser().parseFromString(xhr.responseText, "text/html");
    return (text.querySelector(".error-message") || text.body).textContent.trim();
  }

  // Show `message` in an error slot, else the words the server wrote on it (data-*).
  function say(box, message, otherwise) {
    if (!box) return;
    box.textContent = message || box.dataset[otherwise];
    box.hidden = false;
  }

  // Optimistic votes: the count and the button change at once; the server's answer (the
  // row) then replaces the row, or, if the server refuses, the row goes back as it was.
  function voteForm(event) {
    return requester(event, ".vote-form");
  }

  // The server writes, beside the row's count and button, their state after a click
  // (data-other-text, data-other-label): switch to it, and switching again switches back.
  function toggle(row) {
    row.toggled = !row.toggled;
    row.querySelectorAll("[data-other-text]").forEach(function (element) {
      var text = element.textContent;
      var label = element.getAttribute("aria-label");
      element.textContent = element.dataset.otherText;
      element.setAttribute("aria-label", element.dataset.otherLabel);
      element.dataset.otherText = text;
      element.dataset.otherLabel = label;
    });
    var button = row.querySelector(".vote-button");
    button.setAttribute("aria-pressed", String(button.getAttribute("aria-pressed") !== "true"));
    row.dataset.votes = row.querySelector(".song-votes").textContent;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = voteForm(event);
    if (form) toggle(form.closest(".song"));
  });

  // Put the row back and say why: in the server's answer, else in the words the server
  // wrote on the error slot (data-refused, data-offline).
  function revert(row, message, otherwise) {
    if (row && row.toggled) toggle(row);
    say(document.getElementById("vote-error"), message, otherwise);
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = voteForm(event);
    if (!form || event.detail.xhr.status < 400) return;
    event.detail.shouldSwap = false;
    revert(form.closest(".song"), refusal(event.detail.xhr), "refused");
  });

  document.addEventListener("htmx:sendError", function (event) {
    var form = voteForm(event);
    if (form) revert(form.closest(".song"), "", "offline");
  });

  // Live updates bring rows: one row swapped by its id, or rows for the list (#songs): songs
  // just added for its end, or every row at once. A row whose vote is on its way keeps its
  // optimistic state (and the vote's answer somewhere to go): the answer brings the newer count. A row that changed on
  // another screen (it came over the socket, new or with another count) is marked for a
  // moment; the stylesheet says how, and does not animate for those who prefer less motion.
  var CHANGED = "song-changed";
  var CHANGED_MS = 2000;
  var fromSocket = false;

  function voteOnItsWay(row) {
    return row.querySelector(".vote-form.htmx-request");
  }

  function markIfChanged(row, shown) {
    if (!fromSocket || (shown && shown.dataset.votes === row.dataset.votes)) return;
    row.classList.add(CHANGED);
    setTimeout(function () { row.classList.remove(CHANGED); }, CHANGED_MS);
  }

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    var fragment = event.detail.fragment;
    if (target.id === "songs") {
      // One row per song: the newer row replaces the one shown (a song just added may be
      // shown already: the fan's own add, answered before the socket told it).
      fragment.querySelectorAll("li.song").forEach(function (row) {
        var shown = document.getElementById(row.id);
        if (shown && voteOnItsWay(shown)) {
          row.replaceWith(shown);
          return;
        }
        markIfChanged(row, shown);
        if (shown) shown.remove();
      });
    } else if (target.classList && target.classList.contains("song")) {
      if (voteOnItsWay(target)) {
        event.detail.shouldSwap = false;
        return;
      }
      var row = fragment.querySelector("li.song");
      if (row) markIfChanged(row, target);
    }
  });

  document.addEventListener("htmx:wsBeforeMessage", function () {
    fromSocket = true;
  });

  // Rows arrive in any order of counts: keep the list in the server's order, most votes first
  // and equal votes by the place the server wrote on each row (data-added-order).
  function sortSongs() {
    var list = document.getElementById("songs");
    if (!list) return;
    var rows = Array.prototype.slice.call(list.children);
    rows.sort(function (a, b) {
      return (parseInt(b.dataset.votes, 10) - parseInt(a.dataset.votes, 10)) ||
        (parseInt(a.dataset.addedOrder, 10) - parseInt(b.dataset.addedOrder, 10));
    });
    rows.forEach(function (row) { list.appendChild(row); });
  }

  document.addEventListener("htmx:wsAfterMessage", function () {
    fromSocket = false;
    sortSongs();
  });

  // The header's search box replaces the address as one types (hx-replace-url), so Back is
  // not one step per pause. One entry is added when the results leave another page, and
  // when a submit (Enter, the button) asks for a query other than the one on show.
  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    var config = event.detail.requestConfig;
    if (!config || !config.elt.matches("form.header-search")) return;
    var next = new URL(event.detail.history.path, location.href);
    var submitted = config.triggeringEvent && config.triggeringEvent.type === "submit";
    var leaving = next.pathname !== location.pathname;
    var newQuery = next.href !== location.href;
    event.detail.history.type = leaving || (submitted && newQuery) ? "push" : "replace";
  });

  // A page taken back from history shows the query of its own address in the box, not the
  // one typed last (the box is outside what the results replace).
  document.addEventListener("htmx:historyRestore", function () {
    var box = document.getElementById("q");
    if (box) box.value = new URLSearchParams(location.search).get("q") || "";
  });

  // The add-song picker: a combobox (ARIA 1.2, list autocomplete) whose options htmx asks
  // the server for as the fan types. This keeps the popup's state in step: open or closed
  // (aria-expanded), which option is active (aria-activedescendant, aria-selected), and
  // picks the active option on Enter, whose click htmx turns into the add.
  var OPTION = '[role="option"]';

  function picker() {
    var input = document.getElementById("song-picker-input");
    var list = document.getElementById("song-picker-options");
    return input && list ? { input: input, list: list } : null;
  }

  function options(p) {
    return Array.prototype.slice.call(p.list.querySelectorAll(OPTION));
  }

  function activeOption(p) {
    var id = p.input.getAttribute("aria-activedescendant");
    var option = id && document.getElementById(id);
    return option && p.list.contains(option) ? option : null;
  }

  function activate(p, option) {
    options(p).forEach(function (each) {
      each.setAttribute("aria-selected", String(each === option));
    });
    if (option) {
      p.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      p.input.removeAttribute("aria-activedescendant");
    }
  }

  function expand(p, open) {
    open = open && options(p).length > 0;
    p.list.hidden = !open;
    p.input.setAttribute("aria-expanded", String(open));
    if (!open) activate(p, null);
  }

  function isOpen(p) {
    return p.input.getAttribute("aria-expanded") === "true";
  }

  function step(p, by) {
    var all = options(p);
    var at = all.indexOf(activeOption(p));
    var next = at < 0 ? (by > 0 ? 0 : all.length - 1) : (at + by + all.length) % all.length;
    expand(p, true);
    activate(p, all[next]);
  }

  document.addEventListener("keydown", function (event) {
    var p = picker();
    if (!p || event.target !== p.input || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (options(p).length) step(p, event.key === "ArrowDown" ? 1 : -1);
      else htmx.trigger(p.input.form, "refresh");
    } else if (event.key === "Enter" && isOpen(p) && activeOption(p)) {
      event.preventDefault();
      activeOption(p).click();
    } else if (event.key === "Escape" && isOpen(p)) {
      event.preventDefault();
      expand(p, false);
    }
  });

  // Typing starts a new search: no option is active until the fan moves to one.
  document.addEventListener("input", function (event) {
    var p = picker();
    if (!p || event.target !== p.input) return;
    activate(p, null);
    document.getElementById("song-picker-error").hidden = true;
  });

  // A click on an option must not take the focus from the input, which stays the control.
  document.addEventListener("mousedown", function (event) {
    var p = picker();
    if (p && p.list.contains(event.target)) event.preventDefault();
  });

  document.addEventListener("focusout", function (event) {
    var p = picker();
    if (p && event.target === p.input) expand(p, false);
  });

  // New options arrived: open them while the fan is in the picker, keeping the active one
  // when it is still offered (a live refresh), else none.
  document.addEventListener("htmx:load", function (event) {
    var p = picker();
    if (!p || event.target !== p.list) return;
    var kept = activeOption(p);
    expand(p, p.input.form.contains(document.activeElement));
    if (isOpen(p)) activate(p, kept);
  });

  // Another fan added songs (the live push's #setlist-added): an open picker asks again,
  // unless its own add is on its way (its answer brings a new picker).
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var p = picker();
    if (p && event.detail.target.id === "setlist-added" && isOpen(p) &&
        !p.list.querySelector(".htmx-request")) {
      htmx.trigger(p.input.form, "refresh");
    }
  });

  // What adds a song: an option of the picker (a catalog song, or the typed name to suggest)
  // and the form that suggests a song by name.
  var ADDS = "#song-picker-options " + OPTION + ", .picker-suggest";

  // A song was added or suggested: its row went into the list, not a new setlist, so the
  // input keeps the focus (a click on an option never takes it); the picker is emptied and
  // closed at once for the next song (a live signal must not find it open and search again).
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful || !requester(event, ADDS)) return;
    sortSongs();
    var form = event.detail.elt.closest(".picker-suggest");
    if (form) form.reset();
    var p = picker();
    if (p) {
      p.input.value = "";
      expand(p, false);
    }
  });

  // The server refused it (or could not be reached): say why in the picker.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!requester(event, ADDS) || event.detail.xhr.status < 400) {
      return;
    }
    event.detail.shouldSwap = false;
    say(document.getElementById("song-picker-error"), refusal(event.detail.xhr), "offline");
  });

  document.addEventListener("htmx:sendError", function (event) {
    if (requester(event, ADDS)) {
      say(document.getElementById("song-picker-error"), "", "offline");
    }
  });

  // The show page's Share link (without this, a link to the share page): the device's
  // share sheet where there is one (Web Share API), else the link copied to the clipboard
  // and the words the server wrote on the status (data-copied) said; if copying fails, the
  // share page after all.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".share-link");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey ||
        event.altKey) return;
    var data = { title: link.dataset.title, text: link.dataset.text, url: link.dataset.url };
    if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
      event.preventDefault();
      navigator.share(data).catch(function () {}); // cancelled: the fan knows
    } else if (navigator.clipboard && navigator.clipboard.writeText) {
      event.preventDefault();
      var status = document.getElementById("share-status");
      status.textContent = "";
      navigator.clipboard.writeText(data.url).then(function () {
        status.textContent = status.dataset.copied;
      }, function () {
        location.href = link.href;
      });
    }
  });
})();
