// Small progressive enhancements on top of htmx; every page works without this file.
(function () {
  "use strict";

  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRFToken"] = meta.content;
    }
  });

  // Optimistic votes: the count and the button change at once; the server's answer (the
  // row) then replaces the row, or, if the server refuses, the row goes back as it was.
  // htmx names the form `elt` in request events but the swap target (the row) in
  // htmx:beforeSwap, where the form is `requestConfig.elt`.
  function voteForm(event) {
    var detail = event.detail || {};
    var found = [detail.elt, detail.requestConfig && detail.requestConfig.elt];
    for (var i = 0; i < found.length; i++) {
      var form = found[i];
      if (form && form.classList && form.classList.contains("vote-form")) return form;
    }
    return null;
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
    var box = document.getElementById("vote-error");
    if (box) {
      box.textContent = message || box.dataset[otherwise];
      box.hidden = false;
    }
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = voteForm(event);
    if (!form || event.detail.xhr.status < 400) return;
    event.detail.shouldSwap = false;
    var text = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
    var message = (text.querySelector(".error-message") || text.body).textContent.trim();
    revert(form.closest(".song"), message, "refused");
  });

  document.addEventListener("htmx:sendError", function (event) {
    var form = voteForm(event);
    if (form) revert(form.closest(".song"), "", "offline");
  });

  // A live update for a row whose vote is on its way would undo the optimistic change (and
  // leave the vote's answer nowhere to go): skip it, the answer brings the newer count.
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var row = event.detail.target;
    if (row && row.classList && row.classList.contains("song") &&
        row.querySelector(".vote-form.htmx-request")) {
      event.detail.shouldSwap = false;
    }
  });

  // A live update for a song this page does not show yet (another fan added it): htmx finds
  // no row to swap, so add it to the list; the sorting below puts it in its place.
  document.addEventListener("htmx:oobErrorNoTarget", function (event) {
    var row = event.detail.content;
    var list = document.getElementById("songs");
    if (!list || !row || !row.matches || !row.matches("li.song[id^='setlist-song-']")) return;
    row.removeAttribute("hx-swap-oob");
    list.appendChild(row);
    htmx.process(row);
  });

  // Live updates arrive in any order of counts: keep the list in the server's order, most
  // votes first and equal votes by the place the server wrote on each row (data-added-order).
  document.addEventListener("htmx:wsAfterMessage", function () {
    var list = document.getElementById("songs");
    if (!list) return;
    var rows = Array.prototype.slice.call(list.children);
    rows.sort(function (a, b) {
      return (parseInt(b.dataset.votes, 10) - parseInt(a.dataset.votes, 10)) ||
        (parseInt(a.dataset.addedOrder, 10) - parseInt(b.dataset.addedOrder, 10));
    });
    rows.forEach(function (row) { list.appendChild(row); });
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
})();
