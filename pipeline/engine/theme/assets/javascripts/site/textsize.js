/* The text-size control (适老化, issue 16): three steps, remembered across pages and
   visits in localStorage. Loaded in <head> so the chosen size applies before the page is
   drawn; the buttons are in partials/header.html. */
(function () {
  "use strict";
  var KEY = "site.textsize";
  var STEPS = ["0", "1", "2"];
  var root = document.documentElement;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return STEPS.indexOf(value) >= 0 ? value : "0";
    } catch (e) {
      return "0";
    }
  }

  function apply(step) {
    if (step === "0") {
      root.removeAttribute("data-textsize");
    } else {
      root.setAttribute("data-textsize", step);
    }
    var buttons = document.querySelectorAll("button[data-textsize]");
    for (var i = 0; i < buttons.length; i++) {
      var on = buttons[i].getAttribute("data-textsize") === step;
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
    apply(stored());
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button[data-textsize]");
      if (!button) return;
      var step = button.getAttribute("data-textsize");
      try {
        window.localStorage.setItem(KEY, step);
      } catch (e) {
        /* not remembered, still applied */
      }
      apply(step);
    });
  });
})();
