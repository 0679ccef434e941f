/* The copy-link button of an item page (theme/partials/share.html): copies the page's
   address shown in the read-only field and says so. No request leaves the page. */
(function () {
  "use strict";

  function say(button, text) {
    var status = button.parentNode.querySelector(".pipeline-share__done");
    if (status) {
      status.textContent = text;
    }
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-pipeline-copy"));
    if (!field) {
      return;
    }
    var text = field.value;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { say(button, "已复制"); },
        function () { fallback(button, field); }
      );
    } else {
      fallback(button, field);
    }
  }

  function fallback(button, field) {
    field.focus();
    field.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    say(button, done ? "已复制" : "请按 Ctrl+C 复制");
  }

  var buttons = document.querySelectorAll("[data-pipeline-copy]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function (event) {
      copy(event.currentTarget);
    });
  }
})();
