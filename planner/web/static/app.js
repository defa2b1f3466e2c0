// planner's pages work without JavaScript; this adds copy buttons and the "Go back" link.
// Loaded from this server only (the Content-Security-Policy allows no inline or outside scripts).
(function () {
  "use strict";
  function copyFrom(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    var status = button.parentNode.querySelector(".copied");
    var done = function () { if (status) { status.textContent = "Copied"; } };
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        if (status) { status.textContent = "Select the address and copy it (Ctrl+C or Cmd+C)"; }
      });
    } else if (document.execCommand && document.execCommand("copy")) {
      done();
    } else if (status) {
      status.textContent = "Select the address and copy it (Ctrl+C or Cmd+C)";
    }
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var button = target.closest("[data-copy]");
    if (button) { event.preventDefault(); copyFrom(button); return; }
    var back = target.closest("[data-back]");
    if (back && window.history.length > 1) { event.preventDefault(); window.history.back(); }
  });
}());
