// Small behaviour shared by every page; no build step.
// A refusal or error answered to an htmx request names its own target (HX-Retarget, the page's message
// area): swap it there instead of dropping it, so the person sees why nothing happened.
document.addEventListener("htmx:beforeSwap", function (event) {
  var xhr = event.detail.xhr;
  if (xhr.status >= 400 && xhr.getResponseHeader("HX-Retarget")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Behaviour that templates ask for with data- attributes instead of inline on…= handlers, which the
// Content-Security-Policy refuses to run.
// data-confirm="question" on a submit button: ask before the form is sent.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
// data-select-on-click on an input: select its whole value (a secret to copy).
document.addEventListener("click", function (event) {
  var input = event.target.closest("[data-select-on-click]");
  if (input && typeof input.select === "function") {
    input.select();
  }
});
// data-autosubmit on a field: send its form as soon as the value changes.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  }
});
