"use strict";
// Keys for long reports: "o" opens every article, "c" closes the ones without differences.
document.addEventListener("keydown", function (event) {
  if (event.key === "o") { document.querySelectorAll("details.article").forEach(function (d) { d.open = true; }); }
  if (event.key === "c") { document.querySelectorAll("details.clean").forEach(function (d) { d.open = false; }); }
});
