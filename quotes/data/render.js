// Script of the page `quotes render` writes (quotes/render.py); inlined, no network.
(function () {
  "use strict";
  var marks = document.querySelectorAll("mark.q[data-q]");
  var quotes = new Set();
  marks.forEach(function (mark) { quotes.add(mark.getAttribute("data-q")); });
  // Pieces of one quote share data-q; the count of distinct values is the number of quotes shown.
  document.body.setAttribute("data-shown-quotes", String(quotes.size));
  document.title = document.title + " (" + quotes.size + " quotes)";

  var buttons = document.querySelectorAll("button.who[data-speaker]");
  function focus(id) {
    document.body.classList.toggle("focusing", id !== null);
    document.querySelectorAll("[data-speaker]").forEach(function (el) {
      if (el.tagName !== "BUTTON") { el.classList.toggle("focus", id !== null && el.getAttribute("data-speaker") === id); }
    });
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-speaker") === id)); });
  }
  buttons.forEach(function (button) {
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      var id = button.getAttribute("data-speaker");
      focus(button.getAttribute("aria-pressed") === "true" ? null : id);
    });
  });
})();
