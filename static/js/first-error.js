// After a refused save, move keyboard focus to the first field with an error (WCAG 3.3.1).
document.addEventListener("DOMContentLoaded", function () {
  var field = document.querySelector("[aria-invalid=true]");
  if (field) { field.focus(); }
});
