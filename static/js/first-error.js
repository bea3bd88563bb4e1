// After a refused save, move keyboard focus to the first field with an error (WCAG 3.3.1).
// Again on "load": a form posted from a page reached by the skip link ("#main") comes back
// with that fragment, and the browser then focuses <main>, taking focus from the field.
(function () {
  function focusFirstError() {
    var field = document.querySelector("[aria-invalid=true]");
    if (field) { field.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusFirstError);
  window.addEventListener("load", function () {
    var active = document.activeElement;
    if (!active || active === document.body || active.id === "main") { focusFirstError(); }
  });
})();
