/* Keyboard-reachable buttons for Material's own toggles (issue 16): the header's menu and
   search buttons open the drawer and the search dialog (Material's <label>s cannot be
   focused), and the 404 page's search box hands its words to the site's search. */
(function () {
  "use strict";

  function toggle(id, open) {
    var box = document.getElementById(id);
    if (box && box.checked !== open) box.click();
    return box;
  }

  function search(words) {
    toggle("__search", true);
    var input = document.querySelector(".md-search__input");
    if (!input) return;
    input.value = words;
    input.focus();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-site-toggle], [data-site-search-submit]");
    if (!target) return;
    var id = target.getAttribute("data-site-toggle");
    if (id) {
      toggle(id, true);
      if (id === "__search") {
        var input = document.querySelector(".md-search__input");
        if (input) input.focus();
      }
      return;
    }
    var field = document.getElementById(target.getAttribute("data-site-search-submit"));
    if (field) search(field.value);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var field = event.target.closest && event.target.closest("[data-site-search-input]");
    if (field) {
      event.preventDefault();
      search(field.value);
    }
  });
})();
