// Small enhancements only; every page works without this file.
// After a 422 swap, focus the first invalid field so keyboard users land on the error.
document.addEventListener("htmx:afterSwap", function (evt) {
  var bad = evt.detail.target.querySelector('[aria-invalid="true"]');
  if (bad) { bad.focus(); }
});
// A file over the upload limit (data-max-bytes) is refused next to its input before
// it is sent; the server answers 413 to the rest.
document.addEventListener("change", function (evt) {
  var input = evt.target;
  if (input.type !== "file" || !input.dataset.maxBytes) { return; }
  var file = input.files && input.files[0];
  var big = file && file.size > Number(input.dataset.maxBytes);
  input.setCustomValidity(big ? input.dataset.tooLarge : "");
  if (big) { input.reportValidity(); }
});
