// Small enhancements only; every page works without this file.
// After a 422 swap, focus the first invalid field so keyboard users land on the error.
document.addEventListener("htmx:afterSwap", function (evt) {
  var bad = evt.detail.target.querySelector('[aria-invalid="true"]');
  if (bad) { bad.focus(); }
});
