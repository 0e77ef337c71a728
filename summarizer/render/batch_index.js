"use strict";
(function () {
  var filter = document.getElementById("filter");
  var show = document.getElementById("show");
  var shown = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#articles tbody tr"));
  var keep = {
    all: function () { return true; },
    warnings: function (row) { return row.hasAttribute("data-warnings"); },
    failures: function (row) { return row.hasAttribute("data-failed"); },
    problems: function (row) { return row.hasAttribute("data-warnings") || row.hasAttribute("data-failed"); }
  };
  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var test = keep[show.value] || keep.all;
    var count = 0;
    rows.forEach(function (row) {
      var text = row.dataset.text;
      var visible = test(row) && words.every(function (word) { return text.indexOf(word) >= 0; });
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = count + " of " + rows.length + " shown";
  }
  filter.addEventListener("input", apply);
  show.addEventListener("change", apply);
  document.getElementById("filters").addEventListener("submit", function (event) { event.preventDefault(); });
  apply(); // a filter the browser restored on reload applies at once
})();
