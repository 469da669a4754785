// The vote widget on another site: for a fan not signed in, live rows keep their vote button
// a link to the show page (sign-in happens there), as the server renders it.
(function () {
  "use strict";

  function guestLinks(html, widget) {
    var url = widget && widget.getAttribute("data-vote-url");
    if (!url || html.indexOf("vote-form") === -1) return html;
    var holder = document.createElement("template");
    holder.innerHTML = html;
    holder.content.querySelectorAll("form.vote-form").forEach(function (form) {
      var button = form.querySelector(".vote-button");
      var link = document.createElement("a");
      link.className = "vote-button";
      link.href = url;
      link.target = "_top";
      link.textContent = "▲ Vote";
      link.setAttribute("aria-label", (button.getAttribute("aria-label") || "Vote").replace(/^Voted for /, "Vote for "));
      form.replaceWith(link);
    });
    return holder.innerHTML;
  }

  htmx.defineExtension("theset-embed", {
    transformResponse: function (text, xhr, elt) {
      return guestLinks(text, elt && elt.closest && elt.closest("[data-vote-url]"));
    },
  });
})();
