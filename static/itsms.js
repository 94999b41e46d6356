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
