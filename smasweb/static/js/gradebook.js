// The gradebook grid like a spreadsheet: Enter and the arrow keys move between
// cells, a column pasted from Excel fills down from the cell it is pasted into
// (tabs fill to the right). The form works the same without this file.
(function () {
  function cell(input, down, right) {
    var td = input.closest("td");
    var tr = td.parentElement;
    var col = td.cellIndex + right;
    var rows = tr.parentElement.rows;
    var target = rows[tr.sectionRowIndex + down];
    var next = target && target.cells[col];
    return next ? next.querySelector("input:not([disabled])") : null;
  }
  function go(input, down, right) {
    var next = cell(input, down, right);
    if (next) {
      next.focus();
      next.select();
    }
    return !!next;
  }
  var MOVES = {
    Enter: [1, 0],
    ArrowDown: [1, 0],
    ArrowUp: [-1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
  };
  document.addEventListener("keydown", function (evt) {
    var input = evt.target;
    if (!input.matches || !input.matches("form.gradebook td input")) return;
    var move = MOVES[evt.key];
    if (!move || evt.altKey || evt.ctrlKey || evt.metaKey) return;
    var down = evt.key === "Enter" && evt.shiftKey ? -1 : move[0];
    if (move[1]) {
      // left and right move only from the text's edge, so they still edit
      var edge = move[1] < 0 ? 0 : input.value.length;
      var whole = input.selectionStart === 0 && input.selectionEnd === input.value.length;
      if (!whole && (input.selectionStart !== edge || input.selectionEnd !== edge)) return;
    }
    evt.preventDefault(); // Enter must not submit the whole grid
    go(input, down, move[1]);
  });
  document.addEventListener("paste", function (evt) {
    var input = evt.target;
    if (!input.matches || !input.matches("form.gradebook td input")) return;
    var text = (evt.clipboardData || window.clipboardData).getData("text");
    var lines = text.replace(/\r/g, "").replace(/\n+$/, "").split("\n");
    if (lines.length < 2 && lines[0].indexOf("\t") < 0) return; // one value: as typed
    evt.preventDefault();
    lines.forEach(function (line, down) {
      line.split("\t").forEach(function (value, right) {
        var target = down || right ? cell(input, down, right) : input;
        if (target) target.value = value.trim();
      });
    });
  });
})();
