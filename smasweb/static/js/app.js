// Small enhancements only; every page works without this file.
// htmx's settings, here rather than in a <meta name="htmx-config"> that every page
// would carry (0.2 kB each on a slow line). htmx runs just before this file (both
// deferred, in order) and reads htmx.config when it handles a request or a swap.
if (window.htmx) {
  Object.assign(htmx.config, {
    historyRestoreAsHxRequest: false,
    includeIndicatorStyles: false,
    allowEval: false,
    allowScriptTags: false,
    responseHandling: [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "4(13|22|29)", swap: true },
      { code: "503", swap: true },
      { code: "40[349]", swap: true },
      { code: "423", swap: true },
      { code: "[45]..", swap: false, error: true },
    ],
  });
}
// The CSRF token rides on every htmx request from the page's one copy (the sign-out
// form's), not from a second copy in an hx-headers attribute (0.1 kB a page).
document.addEventListener("htmx:configRequest", function (evt) {
  var token = document.querySelector('input[name="csrf_token"]');
  if (token) evt.detail.headers["X-CSRFToken"] = token.value;
});
function focusInView(el) {
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: "start" });
}
document.addEventListener("htmx:afterSwap", function (evt) {
  var detail = evt.detail;
  // A refused save (409, 423, ...) lands in #alerts: take the reader there.
  if (detail.target.id === "alerts") {
    var alert = detail.target.querySelector('[role="alert"]');
    if (alert) { focusInView(alert); }
    return;
  }
  // A form sent back with errors (422) starts with its error summary: focus it, so
  // the clerk at "Lưu" at the bottom of a long form sees what to fix.
  var summary = document.getElementById("error-summary");
  if (detail.elt.tagName === "FORM" && summary) { focusInView(summary); return; }
  // An inline check: back to the field it flagged.
  var bad = detail.target.querySelector && detail.target.querySelector('[aria-invalid="true"]');
  if (bad) { bad.focus(); }
});
// A link of the error summary puts the cursor in its field.
document.addEventListener("click", function (evt) {
  var link = evt.target.closest && evt.target.closest(".error-summary a[href^='#']");
  var field = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!field) { return; }
  evt.preventDefault();
  field.scrollIntoView({ block: "center" });
  field.focus({ preventScroll: true });
});
// A save that never reached the server (network down, timeout) swaps nothing, so
// every typed value stays; say so and offer to send the same form again.
function networkFailed(evt) {
  var alerts = document.getElementById("alerts");
  var form = evt.detail.elt.closest && evt.detail.elt.closest("form");
  if (!alerts) { return; }
  var box = document.createElement("p");
  box.id = "network-error";
  box.className = "flash error";
  box.setAttribute("role", "alert");
  box.tabIndex = -1;
  box.textContent = form
    ? "Không gửi được: mất kết nối mạng. Dữ liệu bạn nhập vẫn còn; hãy thử lại. "
    : "Không tải được trang: mất kết nối mạng. Hãy thử lại.";
  if (form) {
    var retry = document.createElement("button");
    retry.type = "button";
    retry.textContent = "Thử lại";
    retry.addEventListener("click", function () { form.requestSubmit(); });
    box.appendChild(retry);
  }
  alerts.replaceChildren(box);
  focusInView(box);
}
document.addEventListener("htmx:sendError", networkFailed);
document.addEventListener("htmx:timeout", networkFailed);
document.addEventListener("htmx:beforeSend", function () {
  var old = document.getElementById("network-error");
  if (old) { old.remove(); }
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
// Controls that only work with JavaScript ([data-js-only], hidden in the markup:
// a search that narrows a select, a print button) appear, in new content too.
function showJsOnly(root) {
  var all = root.querySelectorAll ? root.querySelectorAll("[data-js-only]") : [];
  for (var i = 0; i < all.length; i++) { all[i].hidden = false; }
  if (root.hasAttribute && root.hasAttribute("data-js-only")) { root.hidden = false; }
}
if (window.htmx) { htmx.onLoad(showJsOnly); }
document.addEventListener("DOMContentLoaded", function () { showJsOnly(document); });
// "Sao chép": copy the text of the element a [data-copy] button names.
document.addEventListener("click", function (evt) {
  var button = evt.target.closest && evt.target.closest("[data-copy]");
  var source = button && document.querySelector(button.dataset.copy);
  if (!source || !navigator.clipboard) { return; }
  navigator.clipboard.writeText(source.textContent.trim()).then(function () {
    button.textContent = "Đã sao chép";
  });
});
// "In báo cáo": the browser's print dialog (the print stylesheet hides the menus).
document.addEventListener("click", function (evt) {
  if (evt.target.closest && evt.target.closest("[data-print]")) { window.print(); }
});
